import { linkedSignal } from './abort.js';
import type { Clock } from './clock.js';
import type { UcwaEvent } from './events.js';
import type { MeetingRequests } from './meeting-requests.js';
import { stringProp } from './resource.js';

export type InvitationOutcome =
  | { to: string; ok: true }
  | { to: string; ok: false; code?: string; subcode?: string; message: string };

export interface InviteOptions {
  /** How long to wait for the server's outcome before reporting "no answer". */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Called once the server has accepted the invitation request (before its outcome). */
  onSent?(): void;
}

interface PendingInvitation {
  to: string;
  resolve: (outcome: InvitationOutcome) => void;
}

/** What inviting needs of its meeting: requests are the meeting's (and counted there). */
export interface InvitationsDeps {
  requests: Pick<MeetingRequests, 'post'>;
  clock: Clock;
  newOperationId(): string;
  /** A link of the conversation, read again from the server when the cached one lacks it. */
  conversationLink(rel: string): Promise<URL>;
  /** Called with each outcome the server reported (not with timeouts or cancellations). */
  onOutcome(outcome: InvitationOutcome): void;
}

/**
 * The invitations of one meeting (addParticipant): each waits for its participantInvitation's
 * outcome, correlated by operationId, or for its timeout, whichever comes first.
 */
export class MeetingInvitations {
  private readonly pending = new Map<string, PendingInvitation>();
  /** Set by failAll: the meeting is over, and an invitation still on its way must not go out. */
  private endedWith: string | undefined;

  public constructor(private readonly deps: InvitationsDeps) {}

  /** Is this operation one of our invitations still waiting for its outcome? */
  public has(operationId: string): boolean {
    return this.pending.has(operationId);
  }

  /** Invites someone by SIP URI; resolves with the participantInvitation's outcome. */
  public async send(to: string, options: InviteOptions): Promise<InvitationOutcome> {
    const target = to.startsWith('sip:') ? to : `sip:${to}`;
    const addParticipant = await this.deps.conversationLink('addParticipant');
    // The meeting ended while its link was read: nothing is sent, and no 90 s timer is armed for
    // an answer that can no longer come (found by the soak: one such timer left at its end).
    if (this.endedWith !== undefined) return { to: target, ok: false, message: this.endedWith };
    const operationId = this.deps.newOperationId();
    const outcome = new Promise<InvitationOutcome>((resolve) =>
      this.pending.set(operationId, { to: target, resolve }),
    );
    try {
      await this.deps.requests.post(addParticipant, {
        json: { to: target, operationId },
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      this.pending.delete(operationId);
      throw error;
    }
    options.onSent?.();
    const timeoutMs = options.timeoutMs ?? 90_000;
    // The timer is cancelled as soon as the outcome is known, so nothing outlives the invitation.
    const stopTimer = new AbortController();
    const linked = linkedSignal(options.signal, stopTimer.signal);
    const timerSignal = linked.signal;
    const timeout = this.deps.clock.sleep(timeoutMs, timerSignal).then(
      (): InvitationOutcome => ({
        to: target,
        ok: false,
        subcode: 'Timeout',
        message: 'No answer from the server about this invitation.',
      }),
      (): InvitationOutcome => ({ to: target, ok: false, message: 'Cancelled.' }),
    );
    const result = await Promise.race([outcome, timeout]);
    stopTimer.abort();
    linked.dispose();
    this.pending.delete(operationId);
    return result;
  }

  /** A participantInvitation event: a completed one settles its invitation. */
  public onEvent(event: UcwaEvent): void {
    if (event.type !== 'completed') return;
    const operationId = stringProp(event.embedded, 'operationId');
    const pending = operationId ? this.pending.get(operationId) : undefined;
    if (!pending || !operationId) return;
    this.pending.delete(operationId);
    const outcome: InvitationOutcome =
      event.status === 'Success'
        ? { to: pending.to, ok: true }
        : {
            to: pending.to,
            ok: false,
            ...(event.reason?.code ? { code: event.reason.code } : {}),
            ...(event.reason?.subcode ? { subcode: event.reason.subcode } : {}),
            // The server's own reason; the error catalog words the outcome (describeInvitation).
            message:
              event.reason?.message ??
              describeInvitationFailure(event.reason, stringProp(event.embedded, 'state')),
          };
    pending.resolve(outcome);
    this.deps.onOutcome(outcome);
  }

  /** The meeting is over for us: every pending invitation ends now, with this message. */
  public failAll(message: string): void {
    this.endedWith ??= message;
    for (const [operationId, pending] of this.pending) {
      this.pending.delete(operationId);
      pending.resolve({ to: pending.to, ok: false, message });
    }
  }
}

/** Words for a failed invitation operation (the meeting's own start, or a participant's). */
export function describeInvitationFailure(reason: UcwaEvent['reason'], state: string | undefined): string {
  const subcode = reason?.subcode;
  const known: Record<string, string> = {
    Declined: 'declined the invitation',
    Timeout: 'did not answer',
    Busy: 'is busy',
    DoNotDisturb: 'does not want to be disturbed',
    Unreachable: 'could not be reached',
    DestinationNotFound: 'was not found',
    Denied: 'was not admitted',
    Canceled: 'cancelled',
    Unavailable: 'no conferencing server is available',
    TemporarilyUnavailable: 'the conferencing server is shutting down',
    TooManyConversations: 'too many conversations',
  };
  if (subcode && known[subcode]) return known[subcode];
  return reason?.message ?? `failed${state ? ` (${state})` : ''}`;
}
