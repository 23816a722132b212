import type { UcwaHttp } from './auth.js';
import type { Clock } from './clock.js';
import {
  ApplicationReplacedError,
  abortError,
  OperationFailedError,
  UcwaError,
  UcwaHttpError,
} from './errors.js';
import type { UcwaEvent } from './events.js';
import {
  describeInvitationFailure,
  type InvitationOutcome,
  type InviteOptions,
  MeetingInvitations,
} from './meeting-invitations.js';
import { MeetingRequests } from './meeting-requests.js';
import { MeetingRoster, type Participant } from './meeting-roster.js';
import { OperationAcknowledgement } from './operation-acknowledgement.js';
import { link, type Resource, requireResource, stringProp } from './resource.js';
import { resolveHref } from './urls.js';

export type { InvitationOutcome, InviteOptions } from './meeting-invitations.js';
export { type Participant, participantsFrom } from './meeting-roster.js';

export type MeetingState = 'starting' | 'live' | 'ending' | 'ended' | 'failed';

/** Who ended a meeting that was live: we left, the server closed it, or the connection lost it. */
export type MeetingEndCause = 'left' | 'server' | 'lost';

/** What the user needs of a meeting: everything here came from the server and is display text. */
export interface MeetingInfo {
  joinUrl: string;
  onlineMeetingUri: string;
  conferenceId: string | undefined;
  subject: string;
  organizerUri: string | undefined;
}

export interface MeetingListener {
  onStateChange?(state: MeetingState, reason?: string): void;
  onRosterChange?(participants: readonly Participant[]): void;
  onInvitation?(outcome: InvitationOutcome): void;
}

/**
 * One ad-hoc meeting from the POST of startOnlineMeeting to its end: correlates operation events
 * by operationId (they can beat the 201), learns the conversation and onlineMeeting hrefs from
 * events, GETs only what the events did not embed, and keeps roster and lobby as live state.
 */
export class Meeting {
  public state: MeetingState = 'starting';
  /** Set once the meeting has ended after being live; a lost meeting is not a normal leave. */
  public endCause: MeetingEndCause | undefined;
  public info: MeetingInfo | undefined;
  public invitationUrl: URL | undefined;
  public conversationUrl: URL | undefined;
  private onlineMeetingUrl: URL | undefined;
  private conversation: Resource | undefined;
  private cancelUrl: URL | undefined;
  private succeeded = false;
  private onlineMeetingUri: string | undefined;
  private readonly requester: MeetingRequests;
  private readonly participants: MeetingRoster;
  private readonly invitations: MeetingInvitations;
  private readonly listeners = new Set<MeetingListener>();
  private settleStart: { resolve: (info: MeetingInfo) => void; reject: (error: Error) => void } | undefined;
  public readonly ready: Promise<MeetingInfo>;
  private fetchingJoinUrl = false;
  /** Set once any event of our operation came: the server has the meeting. */
  private readonly acknowledgement: OperationAcknowledgement;

  public constructor(
    private readonly http: UcwaHttp,
    clock: Clock,
    public readonly operationId: string,
    public readonly subject: string,
    private readonly base: () => string,
    newOperationId: () => string,
    localUri: string | undefined,
  ) {
    this.ready = new Promise((resolve, reject) => {
      this.settleStart = { resolve, reject };
    });
    this.ready.catch(() => {}); // observed by whoever awaits it; never an unhandled rejection
    this.acknowledgement = new OperationAcknowledgement(clock);
    this.requester = new MeetingRequests(http, clock);
    this.participants = new MeetingRoster({
      requests: this.requester,
      conversationLink: (rel) => this.conversationLink(rel),
      base,
      localUri,
      onChange: (roster) => {
        for (const listener of this.listeners) listener.onRosterChange?.(roster);
      },
    });
    this.invitations = new MeetingInvitations({
      requests: this.requester,
      clock,
      newOperationId,
      conversationLink: (rel) => this.conversationLink(rel),
      onOutcome: (outcome) => {
        for (const listener of this.listeners) listener.onInvitation?.(outcome);
      },
    });
  }

  /** How many requests this meeting sent itself (GETs with their retries, POSTs). */
  public get requests(): number {
    return this.requester.count;
  }

  /** How many roster updates were published (the event-storm benchmark counts them). */
  public get rosterUpdates(): number {
    return this.participants.updates;
  }

  public listen(listener: MeetingListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The people in the meeting; one whose name is still being fetched is left out until it is known. */
  public roster(): Participant[] {
    return this.participants.list();
  }

  /** Does this event belong to this meeting? */
  public owns(event: UcwaEvent): boolean {
    const href = (value: string) => resolveHref(value, this.base()).href;
    if (event.rel === 'onlineMeetingInvitation') {
      const operationId = stringProp(event.embedded, 'operationId');
      if (operationId !== undefined) return operationId === this.operationId;
      return this.invitationUrl !== undefined && href(event.href) === this.invitationUrl.href;
    }
    if (event.rel === 'participantInvitation') {
      const operationId = stringProp(event.embedded, 'operationId');
      return operationId !== undefined && this.invitations.has(operationId);
    }
    if (!this.conversationUrl) return false;
    const conversation = this.conversationUrl.href;
    if (event.rel === 'conversation') return href(event.href) === conversation;
    return event.sender.rel === 'conversation' && href(event.sender.href) === conversation;
  }

  public handle(event: UcwaEvent): void {
    switch (event.rel) {
      case 'onlineMeetingInvitation':
        this.onInvitationEvent(event);
        break;
      case 'conversation':
        this.onConversationEvent(event);
        break;
      case 'onlineMeeting':
        this.onlineMeetingUrl = resolveHref(event.href, this.base());
        if (event.embedded) this.takeOnlineMeeting(event.embedded);
        break;
      case 'participant':
        this.participants.onParticipantEvent(event);
        break;
      case 'participantInvitation':
        this.invitations.onEvent(event);
        break;
      default:
        break;
    }
  }

  /** The 201's Location: the invitation's href, in case events come without operationId. */
  public setInvitationUrl(url: URL): void {
    this.invitationUrl ??= url;
  }

  /**
   * Waits up to `ms` for any event of this operation (started, updated, completed): the proof that
   * the server took a POST whose answer was lost. Resolves false when none came.
   */
  public whenAcknowledged(ms: number, signal: AbortSignal): Promise<boolean> {
    return this.acknowledgement.wait(ms, signal);
  }

  public get acknowledged(): boolean {
    return this.acknowledgement.acknowledged;
  }

  private onInvitationEvent(event: UcwaEvent): void {
    const invitation = event.embedded;
    this.acknowledgement.acknowledge();
    this.invitationUrl ??= resolveHref(event.href, this.base());
    const conversation = link(invitation, 'conversation', this.base());
    if (conversation) this.conversationUrl ??= conversation;
    this.cancelUrl = link(invitation, 'cancel', this.base()) ?? this.cancelUrl;
    this.onlineMeetingUri = stringProp(invitation, 'onlineMeetingUri') ?? this.onlineMeetingUri;
    if (event.type !== 'completed') return;
    if (event.status === 'Success') {
      this.succeeded = true;
      void this.completeStart();
    } else {
      // Anything but Success is failure (A1); reason and state say why.
      const state = stringProp(invitation, 'state');
      const reason = event.reason;
      this.fail(
        new OperationFailedError(reason?.code, reason?.subcode, describeInvitationFailure(reason, state)),
      );
    }
  }

  private onConversationEvent(event: UcwaEvent): void {
    this.conversationUrl ??= resolveHref(event.href, this.base());
    if (event.embedded) this.conversation = event.embedded;
    if (event.type === 'deleted') {
      const why =
        event.reason?.subcode === 'Ended'
          ? 'The meeting has ended.'
          : (event.reason?.message ?? 'You left the meeting.');
      if (this.state === 'starting')
        this.fail(new OperationFailedError(event.reason?.code, event.reason?.subcode, why));
      else this.end(this.state === 'ending' ? 'left' : 'server', why);
      this.failInvitations('The meeting ended.');
    }
  }

  private takeOnlineMeeting(resource: Resource): void {
    const joinUrl = stringProp(resource, 'joinUrl');
    if (!joinUrl) return;
    this.info = {
      joinUrl,
      onlineMeetingUri: stringProp(resource, 'onlineMeetingUri') ?? this.onlineMeetingUri ?? '',
      conferenceId: stringProp(resource, 'conferenceId'),
      subject: stringProp(resource, 'subject') ?? this.subject,
      organizerUri: stringProp(resource, 'organizerUri'),
    };
  }

  /** Success is known; GET only what the events did not embed, then resolve. */
  private async completeStart(): Promise<void> {
    if (!this.succeeded || this.state !== 'starting' || this.fetchingJoinUrl) return;
    if (!this.info) {
      this.fetchingJoinUrl = true;
      try {
        if (!this.onlineMeetingUrl) {
          // Coalesced events: learn the onlineMeeting link from the conversation (A5).
          if (!this.conversationUrl)
            throw new UcwaError('protocol', 'The meeting completed without naming its conversation.');
          this.conversation = requireResource(
            (await this.requester.get(this.conversationUrl)).json,
            'conversation',
          );
          this.onlineMeetingUrl = link(this.conversation, 'onlineMeeting', this.conversationUrl.href);
          if (!this.onlineMeetingUrl)
            throw new UcwaError('protocol', 'The conversation has no onlineMeeting link.');
        }
        this.takeOnlineMeeting(
          requireResource((await this.requester.get(this.onlineMeetingUrl)).json, 'onlineMeeting'),
        );
        if (!this.info) throw new UcwaError('protocol', 'The onlineMeeting has no joinUrl.');
      } catch (error) {
        this.fail(UcwaError.is(error) ? error : new UcwaError('protocol', String(error)));
        return;
      } finally {
        this.fetchingJoinUrl = false;
      }
    }
    if (this.state !== 'starting' || !this.info) return;
    this.setState('live');
    this.settleStart?.resolve(this.info);
  }

  /** Gives up on a start that did not finish in time or was cancelled: withdraw it at the server. */
  public async abandon(error: UcwaError): Promise<void> {
    if (this.state !== 'starting') return;
    this.fail(error);
    try {
      if (this.cancelUrl) await this.http.request('POST', this.cancelUrl, { timeoutMs: 10_000 });
      else if (this.conversationUrl)
        await this.http.request('DELETE', this.conversationUrl, { timeoutMs: 10_000 });
    } catch {
      // Best effort: the server ends an unanswered invitation by itself.
    }
  }

  private fail(error: Error): void {
    if (this.state === 'failed' || this.state === 'ended') return;
    const wasStarting = this.state === 'starting';
    this.setState('failed', error.message);
    if (wasStarting) this.settleStart?.reject(error);
    this.failInvitations(error.message);
  }

  /**
   * After `resume` (EventChannelDetails.md) the conversations may or may not have survived: the
   * server says which by answering the conversation's GET (404 = gone), not by the resume itself.
   */
  public async revalidate(): Promise<void> {
    if (!this.conversationUrl || (this.state !== 'live' && this.state !== 'starting')) return;
    try {
      await this.requester.get(this.conversationUrl);
    } catch (error) {
      if (error instanceof UcwaHttpError && error.status === 404)
        this.lost('The meeting server restarted the session.');
    }
  }

  /** After `resync`: forget transient caches (EventChannelDetails.md); events refill them. */
  public forgetTransientState(): void {
    this.participants.forgetTransientState();
  }

  /** The application or the connection is gone: the server has dropped this conversation. */
  public lost(reason: string, cause: 'connection' | 'application-replaced' = 'connection'): void {
    if (this.state === 'starting')
      this.fail(
        cause === 'application-replaced'
          ? new ApplicationReplacedError(reason)
          : new UcwaError('network', reason),
      );
    else if (this.state === 'live') this.end('lost', reason);
    else if (this.state === 'ending') this.end('left', reason);
    this.failInvitations(reason);
  }

  private failInvitations(message: string): void {
    this.invitations.failAll(message);
  }

  private end(cause: MeetingEndCause, reason: string): void {
    if (this.state === 'ended' || this.state === 'failed') return;
    this.endCause = cause;
    this.setState('ended', reason);
  }

  private setState(state: MeetingState, reason?: string): void {
    if (this.state === state) return;
    this.state = state;
    if (state === 'ended' || state === 'failed') this.requester.close();
    for (const listener of this.listeners) listener.onStateChange?.(state, reason);
  }

  /** Publishes the roster if the last batch changed it; the client calls this after each batch. */
  public flushRoster(): void {
    this.participants.flush();
  }

  // #region hosting
  private async conversationLink(rel: string): Promise<URL> {
    if (!this.conversationUrl) throw new UcwaError('protocol', 'The meeting has no conversation yet.');
    let url = link(this.conversation, rel, this.conversationUrl.href);
    if (!url) {
      this.conversation = requireResource(
        (await this.requester.get(this.conversationUrl)).json,
        'conversation',
      );
      url = link(this.conversation, rel, this.conversationUrl.href);
    }
    if (!url) throw new UcwaError('protocol', `The meeting does not offer "${rel}" now.`);
    return url;
  }

  /** Invites someone by SIP URI; resolves with the participantInvitation's outcome. */
  public invite(to: string, options: InviteOptions = {}): Promise<InvitationOutcome> {
    if (this.state !== 'live')
      return Promise.reject(new UcwaError('meeting-failed', 'The meeting is not running.'));
    return this.invitations.send(to, options);
  }

  public admit(participantId: string): Promise<void> {
    return this.participants.act(participantId, 'admit');
  }

  public deny(participantId: string): Promise<void> {
    return this.participants.act(participantId, 'reject');
  }

  public remove(participantId: string): Promise<void> {
    return this.participants.act(participantId, 'eject');
  }

  /** Leaves the meeting (DELETE conversation); others may stay (§1.10). */
  public async leave(): Promise<void> {
    if (this.state === 'ended' || this.state === 'failed') return;
    if (this.state === 'starting') {
      await this.abandon(abortError());
      return;
    }
    this.setState('ending');
    // Pending invitations end with the meeting: their timers must not keep anyone waiting.
    this.failInvitations('You left the meeting before the invitation was answered.');
    try {
      if (this.conversationUrl)
        await this.http.request('DELETE', this.conversationUrl, { timeoutMs: 15_000 });
    } catch (error) {
      // A server error still ends our part (the application's end closes it anyway); a dead
      // connection is reported.
      if (!UcwaError.is(error, 'application-gone') && !(error instanceof UcwaHttpError)) throw error;
    } finally {
      this.end('left', 'You left the meeting.');
    }
  }
  // #endregion
}
