import { linkedSignal } from './abort.js';
import type { UcwaHttp } from './auth.js';
import { initialPollHistory, nextPoll, type PollHistory, type PollOutcome } from './backoff-policy.js';
import type { Clock } from './clock.js';
import { UcwaError, UcwaHttpError } from './errors.js';
import { parseEventBatch, type UcwaEvent } from './events.js';
import { type Logger, ResponseTooLargeError } from './transport.js';
import { resolveHref, withQuery } from './urls.js';

export type ChannelState = 'idle' | 'pending' | 'reconnecting' | 'stopped';

/** Why the channel stopped by itself: the session decides what to do about it. */
export type ChannelStop =
  | { reason: 'application-gone'; error: UcwaError }
  | { reason: 'replaced' } // 409 PGetReplaced that we did not cause: another client uses this application
  | { reason: 'fatal'; error: UcwaError };

export interface ChannelHandlers {
  /** One batch, in order; the next batch waits until this resolves. */
  onEvents(events: readonly UcwaEvent[]): void | Promise<void>;
  /** `resume` or `resync`: transient state (conversations) must be dropped and re-read. */
  onReset(kind: 'resume' | 'resync'): void;
  onStateChange(state: ChannelState): void;
  onStop(stop: ChannelStop): void;
}

/** Documented range of `timeout` is 180–1800 s (EventChannelDetails.md); we stay at the short end. */
export const eventTimeoutSec = 180;
/**
 * Event batches may be larger than other resources (a resync re-sends a whole meeting's roster), so
 * the channel reads up to 4 MiB where other requests stop at 1 MiB.
 */
export const maxEventBatchBytes = 4 * 1024 * 1024;
/**
 * A batch over the cap comes back on every retry (the server replays the same `ack`), so after this
 * many in a row the channel stops instead of "reconnecting" forever (protocol audit C15).
 */
export const oversizeRepliesBeforeStop = 3;
/** The client waits longer than the server holds a P-GET, so the server always answers first. */
export const eventRequestTimeoutMs = (eventTimeoutSec + 30) * 1000;
/**
 * The P-GET loop: exactly one pending GET, `next`/`resume`/`resync` followed verbatim, the next GET
 * issued before a batch is processed, batches processed strictly in order, and every wait decided by
 * the one poll policy (backoff-policy.ts): capped Retry-After, a budget for immediate answers, and
 * exponential backoff with jitter while the network is gone.
 *
 * The state says what is known, never what is hoped: after a failure it stays `reconnecting` until a
 * P-GET is answered. Operations do not wait for that (the server may hold a good P-GET for minutes):
 * they go once a P-GET is on its way again, and fail on their own if the server is still gone.
 */
export class EventChannel {
  private stateValue: ChannelState = 'idle';
  private controller: AbortController | undefined;
  private processing: Promise<void> = Promise.resolve();
  private pendingWaiters: Array<(error?: UcwaError) => void> = [];
  /** Why the channel stopped for good (replaced or fatal): operations fail at once instead of waiting. */
  private lastStop: UcwaError | undefined;
  private generation = 0;
  /** A P-GET is on its way and no failure has been seen since it left. */
  private polling = false;
  private history: PollHistory;
  /** Waiting out the poll budget after an answer (not a failure's backoff). */
  private pausingForBudget = false;
  /** Consecutive answers to the same P-GET that were over `maxEventBatchBytes`. */
  private oversizeInARow = 0;
  public failures = 0;
  public batches = 0;

  public constructor(
    private readonly http: UcwaHttp,
    private readonly clock: Clock,
    private readonly random: () => number,
    private readonly handlers: ChannelHandlers,
    private readonly logger: Logger,
  ) {
    this.history = initialPollHistory(clock.now());
  }

  public get state(): ChannelState {
    return this.stateValue;
  }

  /** Starts the loop at the application's `events` link. */
  public start(eventsUrl: URL): void {
    this.stop();
    this.lastStop = undefined;
    this.generation += 1;
    this.controller = new AbortController();
    void this.run(eventsUrl, this.generation, this.controller.signal);
  }

  public stop(): void {
    this.controller?.abort(new UcwaError('aborted', 'Event channel stopped.'));
    this.controller = undefined;
    if (this.stateValue !== 'idle') this.setState('stopped');
  }

  /**
   * Resolves once a P-GET is on its way to the server (operations need the callback channel). Not
   * while the poll policy pauses between an answer and the next P-GET: the server holds nothing then
   * and may answer an operation with 500 CallbackChannelError.
   */
  public whenPending(signal?: AbortSignal): Promise<void> {
    if (this.polling) return Promise.resolve();
    // The budget pause guards against a runaway loop, not against the user: an operation ends it.
    if (this.pausingForBudget) this.retryNow();
    if (this.lastStop) return Promise.reject(this.lastStop);
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(new UcwaError('aborted', 'Cancelled.'));
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pendingWaiters.push((error) => {
        signal?.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else resolve();
      });
    });
  }

  /** Skips the current backoff wait (network came back, laptop woke up). */
  public retryNow(): void {
    this.wakeBackoff?.();
  }

  private wakeBackoff: (() => void) | undefined;

  private setState(state: ChannelState): void {
    if (state === this.stateValue) return;
    this.stateValue = state;
    this.handlers.onStateChange(state);
  }

  private releaseWaiters(): void {
    const waiters = this.pendingWaiters;
    this.pendingWaiters = [];
    for (const waiter of waiters) waiter();
  }

  private async run(first: URL, generation: number, signal: AbortSignal): Promise<void> {
    let href = first;
    let sendParameters = true;
    while (!signal.aborted && generation === this.generation) {
      // The server remembers parameters; they are re-sent after a resume, when it has forgotten them.
      const url = sendParameters ? withQuery(href, { timeout: eventTimeoutSec }) : href;
      let body: unknown;
      try {
        const request = this.http.request('GET', url, {
          timeoutMs: eventRequestTimeoutMs,
          maxBytes: maxEventBatchBytes,
          signal,
        });
        this.polling = true;
        if (this.failures === 0) this.setState('pending');
        this.releaseWaiters();
        body = (await request).json;
        this.polling = false; // answered: nothing is held until the next P-GET goes
      } catch (error) {
        this.polling = false;
        if (signal.aborted) return;
        const outcome = await this.onFailure(error, signal);
        if (outcome === 'stop') return;
        continue;
      }
      if (body === undefined) {
        // A 200 that is not UCWA (a proxy's or WAF's page, ErrorsAndInformationalMessages.md:
        // "determine whether the response comes from UCWA 2.0 by analyzing the Content-Type"):
        // retried like a non-UCWA 5xx, never the end of the session (protocol audit C5).
        const outcome = await this.onFailure(
          new UcwaError('protocol', 'The event channel was answered by a page that is not UCWA.'),
          signal,
        );
        if (outcome === 'stop') return;
        continue;
      }
      // Answered: the connection is back, whatever happened before.
      this.failures = 0;
      this.oversizeInARow = 0;
      this.setState('pending');
      const { links, events, skipped } = parseEventBatch(body);
      if (skipped > 0) this.logger.warn(`event channel: skipped ${skipped} unreadable event(s)`);
      const nextHref = links.next ?? links.resume ?? links.resync;
      if (!nextHref) {
        this.finish({
          reason: 'fatal',
          error: new UcwaError('protocol', 'The event channel answered without a next link.'),
        });
        return;
      }
      href = resolveHref(nextHref, url.href);
      sendParameters = links.resume !== undefined;
      const pause = this.plan({ kind: 'answered' });
      this.batches += 1;
      if (links.resume) this.handlers.onReset('resume');
      if (links.resync) this.handlers.onReset('resync');
      if (events.length > 0) {
        // Chain processing so batches stay in order while the next GET is already on its way.
        this.processing = this.processing
          .then(() => this.handlers.onEvents(events))
          .catch((error: unknown) => {
            this.logger.warn(`event handler failed: ${(error as Error).message}`);
          });
      }
      // A server that answers every P-GET at once gets a budget, not a busy loop.
      if (pause > 0) {
        this.pausingForBudget = true;
        const next = await this.wait(pause, signal);
        this.pausingForBudget = false;
        if (next === 'stop') return;
      }
    }
  }

  /** The one poll policy decides every wait; this only keeps its history. */
  private plan(outcome: PollOutcome): number {
    const next = nextPoll(this.history, outcome, this.clock.now(), this.random());
    this.history = next.history;
    return next.delayMs;
  }

  /** Sleeps before the next P-GET; `retryNow` cuts it short, `stop` ends the loop. */
  private async wait(delayMs: number, signal: AbortSignal): Promise<'retry' | 'stop'> {
    const woken = new AbortController();
    this.wakeBackoff = () => woken.abort();
    const both = linkedSignal(signal, woken.signal);
    try {
      await this.clock.sleep(delayMs, both.signal);
    } catch {
      if (signal.aborted) return 'stop';
    } finally {
      both.dispose();
      this.wakeBackoff = undefined;
    }
    return 'retry';
  }

  private async onFailure(error: unknown, signal: AbortSignal): Promise<'retry' | 'stop'> {
    if (error instanceof UcwaHttpError) {
      if (error.kind === 'application-gone') {
        this.finish({ reason: 'application-gone', error });
        return 'stop';
      }
      if (error.status === 409 && error.subcode === 'PGetReplaced') {
        // We never send a second P-GET, so someone else holds this application.
        this.finish({ reason: 'replaced' });
        return 'stop';
      }
    }
    if (error instanceof ResponseTooLargeError) {
      this.oversizeInARow += 1;
      if (this.oversizeInARow >= oversizeRepliesBeforeStop) {
        this.finish({
          reason: 'fatal',
          error: new UcwaError(
            'protocol',
            `The server keeps sending an event batch larger than ${maxEventBatchBytes / 1048576} MiB, which this app cannot read. Sign in again.`,
          ),
        });
        return 'stop';
      }
    } else this.oversizeInARow = 0;
    const retryable =
      UcwaError.is(error, 'network') ||
      UcwaError.is(error, 'timeout') ||
      UcwaError.is(error, 'server-busy') ||
      UcwaError.is(error, 'protocol') ||
      (error instanceof UcwaHttpError && error.status >= 500);
    if (!retryable) {
      this.finish({
        reason: 'fatal',
        error: UcwaError.is(error) ? error : new UcwaError('protocol', String(error)),
      });
      return 'stop';
    }
    this.failures += 1;
    this.setState('reconnecting');
    const retryAfterMs = error instanceof UcwaHttpError ? error.retryAfterMs : undefined;
    const delay = this.plan({ kind: 'failed', ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
    this.logger.warn(`event channel: ${(error as Error).message}; retrying in ${delay} ms`);
    return this.wait(delay, signal);
  }

  private finish(stop: ChannelStop): void {
    this.controller = undefined;
    this.setState('stopped');
    if (stop.reason !== 'application-gone') {
      // The application will not come back by itself: nobody should wait for the channel.
      this.lastStop =
        stop.reason === 'replaced'
          ? new UcwaError('protocol', 'Another program took over this sign-in; sign in again.')
          : stop.error;
      const waiters = this.pendingWaiters;
      this.pendingWaiters = [];
      for (const waiter of waiters) waiter(this.lastStop);
    }
    this.handlers.onStop(stop);
  }

  /** Resolves when every batch received so far has been processed (tests, orderly shutdown). */
  public drained(): Promise<void> {
    return this.processing;
  }
}
