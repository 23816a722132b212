import { Conference } from './conference.js';
import type { MeetingOutcome } from './context.js';
import type { AppHost } from './conversation.js';
import type { ConversationRoster } from './conversation-roster.js';
import type { SimEvent } from './event-channel.js';
import { resourceEvent } from './resource-event.js';

type FailReason = Extract<MeetingOutcome, { kind: 'fail' }>['reason'];

/** What a conversation lends the timeline that starts its meeting. */
export interface StartScope {
  readonly host: AppHost;
  readonly subject: string;
  readonly conversationHref: string;
  readonly onlineMeetingHref: string;
  readonly roster: ConversationRoster;
  conference(): Conference | undefined;
  /** The conversation shows this conference from now on. */
  adopt(conference: Conference): void;
  /** The focus is creating the meeting (state Conferencing). */
  enterConferencing(): void;
  /** The meeting exists: Conferenced, the invitation Connected, the meeting's resources served. */
  enterConferenced(): void;
  onlineMeetingResource(): Record<string, unknown>;
  operationEvent(type: 'started' | 'updated' | 'completed'): SimEvent;
  emitConversation(type: 'added' | 'updated'): void;
  /** The invitation completes with Failure and the conversation ends. */
  fail(reason: FailReason): void;
  later(delayMs: number, run: () => void): NodeJS.Timeout;
}

/**
 * The startOnlineMeeting timeline of PROTOCOL.md §7.1 for one conversation: batch A (started,
 * conversation added, localParticipant added), then updated (Conferencing), then the meeting and
 * `completed`, or one of the outcomes of §7.3 (race, coalesced, never, fail).
 */
export class MeetingStartTimeline {
  public constructor(private readonly scope: StartScope) {}

  private get host(): AppHost {
    return this.scope.host;
  }

  private get communicationSender() {
    return { rel: 'communication', href: this.host.communicationHref };
  }

  private get conversationSender() {
    return { rel: 'conversation', href: this.scope.conversationHref };
  }

  /** Runs the startOnlineMeeting timeline; the caller sends the 201 (after batch A in race mode). */
  public start(outcome: MeetingOutcome): void {
    const { timing } = this.host.ctx;
    if (outcome.kind === 'coalesced') {
      this.createConference();
      this.scope.enterConferenced();
      this.emitCompleted();
      return;
    }
    this.emitBatchA();
    if (outcome.kind === 'never') return;
    let conferencing = false;
    const enterConferencing = () => {
      if (conferencing) return;
      conferencing = true;
      this.createConference();
      this.scope.enterConferencing();
      this.host.emit('high', this.communicationSender, this.scope.operationEvent('updated'));
      this.scope.emitConversation('updated');
    };
    this.scope.later(timing.meetingUpdateDelayMs, enterConferencing);
    this.scope.later(timing.meetingConnectDelayMs, () => {
      // Node fires overdue timers one duration at a time, not in the order they fell due: after a
      // blocked loop (GC, a soak's other lanes) this step can come first. §7.1's order holds anyway.
      enterConferencing();
      if (outcome.kind === 'fail') {
        this.scope.fail(outcome.reason);
        return;
      }
      this.scope.enterConferenced();
      const { roster } = this.scope;
      const local = roster.localMember();
      this.host.emit(
        'high',
        this.conversationSender,
        resourceEvent(
          this.host.ctx,
          'onlineMeeting',
          this.scope.onlineMeetingHref,
          'added',
          this.scope.onlineMeetingResource(),
          { rel: 'conversation', href: this.scope.conversationHref },
        ),
      );
      if (local) {
        this.host.emit(
          'high',
          this.conversationSender,
          resourceEvent(
            this.host.ctx,
            'localParticipant',
            roster.participantHref(local.key),
            'added',
            roster.participantResource(local),
            { rel: 'leaders', href: roster.paths.leaders },
          ),
        );
      }
      this.scope.emitConversation('updated');
      this.emitCompleted();
    });
  }

  private emitBatchA(): void {
    this.host.emit('high', this.communicationSender, this.scope.operationEvent('started'));
    this.scope.emitConversation('added');
    // The user is in the roster as soon as the focus accepts them (localParticipant added precedes success).
    this.host.emit('high', this.conversationSender, {
      link: {
        rel: 'localParticipant',
        href: this.scope.roster.participantHref(this.host.user.sip),
        title: this.host.user.name,
      },
      type: 'added',
    });
  }

  private createConference(): void {
    if (this.scope.conference()) return;
    const { ctx, user } = this.host;
    const conference = new Conference(
      user,
      this.scope.subject,
      ctx.meetBase,
      (ended) => ctx.unregisterConference(ended.onlineMeetingId),
      ctx.profile.conferenceEnd === 'ends-when-empty',
    );
    this.scope.adopt(conference);
    conference.joinUser(user, { organizer: true });
    ctx.registerConference(
      { onlineMeetingId: conference.onlineMeetingId, organizerSip: user.sip },
      conference,
    );
  }

  private emitCompleted(): void {
    this.host.emit('high', this.communicationSender, {
      ...this.scope.operationEvent('completed'),
      status: 'Success',
    });
  }
}
