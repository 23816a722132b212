import { type HttpFailure, ucwaError } from './wire.js';

/** Event priorities from the `*_ref.md` pages; High releases a pending GET at once (A8). */
export type Priority = 'high' | 'medium' | 'low';

export interface UcwaLink {
  rel: string;
  href: string;
  title?: string;
}

/** One event as it appears inside `sender[].events[]` (events_ref.md). */
export interface SimEvent {
  link: UcwaLink;
  type: 'added' | 'updated' | 'deleted' | 'started' | 'completed';
  in?: UcwaLink;
  status?: string;
  reason?: { code: string; subcode?: string; message?: string };
  _embedded?: Record<string, unknown>;
}

interface QueuedEvent {
  priority: Priority;
  sender: { rel: string; href: string };
  event: SimEvent;
}

export interface EventBatch {
  ack: number;
  body: Record<string, unknown>;
}

/** The parameters a client may set on a P-GET and the server remembers (EventChannelDetails.md). */
export interface ChannelParameters {
  timeoutSec: number;
  mediumSec: number;
  lowSec: number;
  priority: number;
}

export interface EventChannelTiming {
  /** Overrides the effective hold time of an empty P-GET (tests); the clamped value is still remembered. */
  eventTimeoutMs?: number;
  /** Overrides the medium/low hold times (tests). */
  holdScale?: number;
  /** How long a server keeps an application with no P-GET before terminating it. */
  idleExpiryMs: number;
  /** A gap with no P-GET longer than this makes the next response carry `resume` (conversations dropped). */
  resumeAfterMs: number;
}

type Outcome = { kind: 'batch'; batch: EventBatch } | { kind: 'error'; failure: HttpFailure };

interface Parked {
  ack: number;
  priority: number;
  selfHref: string;
  settle: (outcome: Outcome) => void;
  timer?: NodeJS.Timeout;
  holdTimer?: NodeJS.Timeout;
  releaseScheduled?: boolean;
}

const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));

/**
 * One application's event channel: opaque increasing acks, exactly-once in-order batches,
 * replay of the unacknowledged batch, `resync` outside the window, one parked P-GET with
 * `409 PGetReplaced` for the loser, hold timers per priority, and idle accounting.
 */
export class EventChannel {
  private nextAck = 1;
  private readonly retained = new Map<number, EventBatch>();
  private queue: QueuedEvent[] = [];
  private parked: Parked | undefined;
  private idleSince: number;
  private idleTimer: NodeJS.Timeout | undefined;
  private resumePending = false;
  private forceResyncOnce = false;
  private lastRequestAt: number | undefined;
  public everPolled = false;
  public lastReleaseAt: number | undefined;
  public params: ChannelParameters = { timeoutSec: 180, mediumSec: 5, lowSec: 15, priority: 0 };
  public releasedBatches = 0;

  public constructor(
    private readonly eventsPath: string,
    private readonly timing: EventChannelTiming,
    private readonly onIdleExpired: () => void,
    private readonly onResume: () => void,
  ) {
    this.idleSince = Date.now();
    this.armIdleTimer();
  }

  /** The `events` link of the application: the first P-GET URL. */
  public get firstHref(): string {
    return `${this.eventsPath}?ack=1`;
  }

  public get hasParkedGet(): boolean {
    return this.parked !== undefined;
  }

  public enqueue(priority: Priority, sender: { rel: string; href: string }, event: SimEvent): void {
    this.queue.push({ priority, sender, event });
    this.considerRelease();
  }

  /** Makes the next released batch a `resync` (fault injection). */
  public injectResync(): void {
    this.forceResyncOnce = true;
  }

  /**
   * Makes the next released batch carry `resume` instead of `next` (fault injection). By default
   * the server has also dropped conversations, as after a real gap; with `conversationsSurvive`
   * the same batch still carries the events of whatever is in flight (EventChannelDetails.md:
   * `resume` is used like `next`, with the parameters sent again).
   */
  public injectResume(options: { conversationsSurvive?: boolean } = {}): void {
    this.resumePending = true;
    if (!options.conversationsSurvive) this.onResume();
  }

  /**
   * Handles `GET events?ack=N…`. Resolves with the batch (or an error) once the server decides
   * to release it; `onClose` must be called if the client goes away first.
   */
  public poll(query: URLSearchParams, selfHref: string): { result: Promise<Outcome>; cancel: () => void } {
    const now = Date.now();
    this.everPolled = true;
    const remembered = { ...this.params };
    this.rememberParameters(query);
    if (
      this.lastReleaseAt !== undefined &&
      !this.parked &&
      now - this.lastReleaseAt > this.timing.resumeAfterMs
    ) {
      this.resumePending = true;
      this.onResume();
    }
    this.lastRequestAt = now;
    this.disarmIdleTimer();

    const ackText = query.get('ack');
    const ack = ackText !== null && /^\d+$/.test(ackText) ? Number(ackText) : Number.NaN;
    const oldestRetained = Math.min(...this.retained.keys(), this.nextAck);
    if (this.forceResyncOnce || !Number.isInteger(ack) || ack < oldestRetained || ack > this.nextAck) {
      this.forceResyncOnce = false;
      const target = oldestRetained;
      this.afterRelease();
      return {
        result: Promise.resolve({
          kind: 'batch',
          batch: {
            ack: target,
            body: {
              _links: { self: { href: selfHref }, resync: { href: `${this.eventsPath}?ack=${target}` } },
            },
          },
        }),
        cancel: () => {},
      };
    }
    // Requesting ack N acknowledges every batch before N.
    for (const key of [...this.retained.keys()]) if (key < ack) this.retained.delete(key);
    const replay = this.retained.get(ack);
    if (replay) {
      this.afterRelease();
      return { result: Promise.resolve({ kind: 'batch', batch: replay }), cancel: () => {} };
    }

    const priority = this.params.priority;
    if (this.parked) {
      if (priority < this.parked.priority) {
        // A15: a lower-priority newcomer loses; the parked request stays, and so do the
        // parameters it was accepted with (a refused request changes nothing, audit S7).
        this.params = remembered;
        return {
          result: Promise.resolve({ kind: 'error', failure: ucwaError(409, 'Conflict', 'PGetReplaced') }),
          cancel: () => {},
        };
      }
      this.settleParked({ kind: 'error', failure: ucwaError(409, 'Conflict', 'PGetReplaced') });
    }

    let settle!: (outcome: Outcome) => void;
    const result = new Promise<Outcome>((resolve) => {
      settle = resolve;
    });
    const parked: Parked = { ack, priority, selfHref, settle };
    this.parked = parked;
    const holdMs = this.timing.eventTimeoutMs ?? this.params.timeoutSec * 1000;
    parked.timer = setTimeout(() => this.release(), holdMs);
    this.considerRelease();
    return {
      result,
      cancel: () => {
        if (this.parked === parked) {
          this.clearParkedTimers(parked);
          this.parked = undefined;
          this.afterRelease();
        }
      },
    };
  }

  /** Ends the channel: a parked GET gets the given error and no timer survives. */
  public close(failure: HttpFailure): void {
    this.settleParked({ kind: 'error', failure });
    this.disarmIdleTimer();
    this.queue = [];
  }

  private rememberParameters(query: URLSearchParams): void {
    const read = (name: string): number | undefined => {
      const raw = query.get(name);
      return raw !== null && /^-?\d+$/.test(raw) ? Number(raw) : undefined;
    };
    const timeout = read('timeout');
    const medium = read('medium');
    const low = read('low');
    const priority = read('priority');
    if (timeout !== undefined) this.params.timeoutSec = clamp(timeout, 180, 1800);
    if (medium !== undefined) this.params.mediumSec = clamp(medium, 5, 1800);
    if (low !== undefined) this.params.lowSec = clamp(low, 5, 1800);
    if (priority !== undefined) this.params.priority = priority;
  }

  private considerRelease(): void {
    const parked = this.parked;
    if (!parked || this.queue.length === 0) return;
    if (this.queue.some((item) => item.priority === 'high')) {
      // Released on the next turn, so events raised together (one state change) go out together.
      if (!parked.releaseScheduled) {
        parked.releaseScheduled = true;
        setImmediate(() => {
          if (this.parked === parked) this.release();
        });
      }
      return;
    }
    if (parked.holdTimer) return;
    const scale = this.timing.holdScale ?? 1;
    const holdSec = this.queue.some((item) => item.priority === 'medium')
      ? this.params.mediumSec
      : this.params.lowSec;
    parked.holdTimer = setTimeout(() => this.release(), holdSec * 1000 * scale);
  }

  private release(): void {
    const parked = this.parked;
    if (!parked) return;
    const ack = parked.ack;
    const nextHref = `${this.eventsPath}?ack=${ack + 1}`;
    const links: Record<string, { href: string }> = { self: { href: parked.selfHref } };
    if (this.resumePending) {
      links.resume = { href: nextHref };
      this.resumePending = false;
    } else {
      links.next = { href: nextHref };
    }
    const body: Record<string, unknown> = { _links: links };
    const senders = groupBySender(this.queue);
    this.queue = [];
    // A16: an empty release omits `sender` and still advances the ack.
    if (senders.length > 0) body.sender = senders;
    const batch: EventBatch = { ack, body };
    this.retained.set(ack, batch);
    this.nextAck = ack + 1;
    this.releasedBatches += 1;
    this.settleParked({ kind: 'batch', batch });
  }

  private settleParked(outcome: Outcome): void {
    const parked = this.parked;
    if (!parked) return;
    this.clearParkedTimers(parked);
    this.parked = undefined;
    this.afterRelease();
    parked.settle(outcome);
  }

  private clearParkedTimers(parked: Parked): void {
    if (parked.timer) clearTimeout(parked.timer);
    if (parked.holdTimer) clearTimeout(parked.holdTimer);
  }

  private afterRelease(): void {
    this.lastReleaseAt = Date.now();
    this.idleSince = this.lastReleaseAt;
    if (!this.parked) this.armIdleTimer();
  }

  private armIdleTimer(): void {
    this.disarmIdleTimer();
    const remaining = this.timing.idleExpiryMs - (Date.now() - this.idleSince);
    this.idleTimer = setTimeout(
      () => {
        this.idleTimer = undefined;
        if (!this.parked) this.onIdleExpired();
      },
      Math.max(0, remaining),
    );
    this.idleTimer.unref?.();
  }

  private disarmIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  /** For tests and the CLI status: when the last P-GET arrived. */
  public get lastPollAt(): number | undefined {
    return this.lastRequestAt;
  }
}

/** Groups consecutive events of one sender; a sender repeats when order demands it (§2.2). */
function groupBySender(
  queue: readonly QueuedEvent[],
): Array<{ rel: string; href: string; events: SimEvent[] }> {
  const groups: Array<{ rel: string; href: string; events: SimEvent[] }> = [];
  for (const item of queue) {
    const last = groups.at(-1);
    if (last && last.href === item.sender.href && last.rel === item.sender.rel) last.events.push(item.event);
    else groups.push({ rel: item.sender.rel, href: item.sender.href, events: [item.event] });
  }
  return groups;
}
