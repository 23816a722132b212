import type { Conference, ConferenceViewer, Member, MemberChange } from './conference.js';
import type { MeetingOutcome, Reply, Route, SimContext } from './context.js';
import { ConversationRoster } from './conversation-roster.js';
import type { DirectoryUser } from './directory.js';
import type { Priority, SimEvent } from './event-channel.js';
import { MeetingStartTimeline } from './meeting-start-timeline.js';
import { ParticipantInvitations } from './participant-invitations.js';
import { reasons } from './reasons.js';
import { resourceEvent } from './resource-event.js';
import { randomGuid, resource } from './resources.js';
import { ucwaDate, ucwaError } from './wire.js';

/** What a conversation needs from the application that owns it. */
export interface AppHost {
  readonly ctx: SimContext;
  readonly user: DirectoryUser;
  readonly communicationHref: string;
  path(...segments: string[]): string;
  register(path: string, route: Route): void;
  unregister(path: string): void;
  emit(priority: Priority, sender: { rel: string; href: string }, event: SimEvent): void;
  contactHref(sip: string): string;
  onConversationGone(conversation: Conversation): void;
}

type ConversationState = 'Connecting' | 'Conferencing' | 'Conferenced' | 'InLobby' | 'Disconnected';
type InvitationState = 'Connecting' | 'Connected' | 'Failed' | 'Cancelled' | 'Declined';

/**
 * One ad-hoc meeting as the organizer's application sees it: the outgoing onlineMeetingInvitation,
 * the conversation and its onlineMeeting, with the roster (conversation-roster.ts), the
 * participantInvitations and the startOnlineMeeting timeline of PROTOCOL.md §7.1
 * (meeting-start-timeline.ts) as its parts.
 */
export class Conversation implements ConferenceViewer {
  public readonly id = randomGuid();
  public readonly href: string;
  public readonly invitationHref: string;
  public state: ConversationState = 'Connecting';
  public invitationState: InvitationState = 'Connecting';
  public conference: Conference | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly invitations: ParticipantInvitations;
  private readonly roster: ConversationRoster;
  private readonly timeline: MeetingStartTimeline;
  private readonly paths: Record<'onlineMeeting' | 'addParticipant' | 'cancel', string>;
  private onlineMeetingUri: string | undefined;
  private gone = false;

  public constructor(
    private readonly host: AppHost,
    invitationId: string,
    public readonly operationId: string | undefined,
    public readonly subject: string,
    public readonly importance: string,
    public readonly threadId: string,
  ) {
    this.href = host.path('communication', 'conversations', this.id);
    this.invitationHref = host.path('communication', 'onlineMeetingInvitations', invitationId);
    this.paths = {
      onlineMeeting: `${this.href}/onlineMeeting`,
      addParticipant: `${host.path('communication', 'participantInvitations')}?conversation=${this.id}`,
      cancel: `${this.invitationHref}/cancel`,
    };
    this.roster = new ConversationRoster({
      host,
      conversationHref: this.href,
      conference: () => this.conference,
      register: (path, route) => this.register(path, route),
      emitConversationUpdated: () => this.emitConversation('updated'),
      onAdmitted: (member) => this.invitations.completeFor(member),
      onRejected: (key) => this.invitations.failFor(key, reasons.Denied),
    });
    this.invitations = new ParticipantInvitations({
      host,
      conversationId: this.id,
      conversationHref: this.href,
      threadId,
      subject,
      conference: () => this.conference,
      isEstablished: () => this.state === 'Conferenced',
      isGone: () => this.gone,
      participantHref: (key) => this.roster.participantHref(key),
      participantResource: (member) => this.roster.participantResource(member),
      register: (path, route) => this.register(path, route),
      later: (delayMs, run) => this.later(delayMs, run),
    });
    this.timeline = new MeetingStartTimeline({
      host,
      subject,
      conversationHref: this.href,
      onlineMeetingHref: this.paths.onlineMeeting,
      roster: this.roster,
      conference: () => this.conference,
      adopt: (conference) => {
        this.conference = conference;
        this.onlineMeetingUri = conference.onlineMeetingUri;
        conference.watch(this);
      },
      enterConferencing: () => {
        this.state = 'Conferencing';
      },
      enterConferenced: () => {
        this.state = 'Conferenced';
        this.invitationState = 'Connected';
        this.registerMeetingRoutes();
      },
      onlineMeetingResource: () => this.onlineMeetingResource(),
      operationEvent: (type) => this.operationEvent(type),
      emitConversation: (type) => this.emitConversation(type),
      fail: (reason) => this.failInvitation('Failed', reason),
      later: (delayMs, run) => this.later(delayMs, run),
    });
    this.register(this.href, {
      kind: 'conversation',
      handle: (ctx) => {
        if (ctx.method === 'GET') return { status: 200, json: this.conversationResource() };
        if (ctx.method === 'DELETE') {
          this.leave();
          return { status: 204 };
        }
        throw ucwaError(405, 'MethodNotAllowed');
      },
    });
    this.register(this.invitationHref, {
      kind: 'onlineMeetingInvitation',
      handle: () => this.get(this.invitationResource()),
    });
    this.register(this.paths.cancel, {
      kind: 'cancel',
      handle: (ctx) => {
        if (ctx.method !== 'POST') throw ucwaError(405, 'MethodNotAllowed');
        if (this.invitationState !== 'Connecting')
          throw ucwaError(409, 'Conflict', undefined, 'Nothing to cancel.');
        this.failInvitation('Cancelled', reasons.Canceled);
        return { status: 204 };
      },
    });
  }

  private readonly ownPaths = new Set<string>();

  private register(path: string, route: Route): void {
    this.ownPaths.add(path);
    this.host.register(path, route);
  }

  private get<T>(json: T): Reply {
    return { status: 200, json };
  }

  private get communicationSender() {
    return { rel: 'communication', href: this.host.communicationHref };
  }

  private localMember(): Member | undefined {
    return this.roster.localMember();
  }

  // #region resources
  public invitationResource(): Record<string, unknown> {
    return resource(
      'onlineMeetingInvitation',
      this.invitationHref,
      {
        state: this.invitationState,
        direction: 'Outgoing',
        importance: this.importance,
        ...(this.operationId ? { operationId: this.operationId } : {}),
        subject: this.subject,
        threadId: this.threadId,
        availableModalities: ['Messaging'],
        ...(this.onlineMeetingUri ? { onlineMeetingUri: this.onlineMeetingUri } : {}),
      },
      {
        conversation: this.href,
        cancel: this.invitationState === 'Connecting' ? this.paths.cancel : undefined,
      },
    );
  }

  public conversationResource(): Record<string, unknown> {
    const inMeeting = this.state === 'Conferenced';
    const isLeader = this.localMember()?.role === 'Leader';
    return resource(
      'conversation',
      this.href,
      {
        state: this.state,
        subject: this.subject,
        threadId: this.threadId,
        importance: this.importance,
        activeModalities: inMeeting ? ['Messaging'] : [],
        participantCount: this.conference?.inMeetingCount ?? 0,
        audienceMessaging: 'Enabled',
        audienceMute: 'Disabled',
        recording: false,
        created: ucwaDate(this.conference?.created ?? Date.now()),
        ...(this.conference ? { expirationTime: ucwaDate(this.conference.expirationTime) } : {}),
      },
      {
        localParticipant: this.localMember() ? this.roster.participantHref(this.host.user.sip) : undefined,
        onlineMeeting: this.conference ? this.paths.onlineMeeting : undefined,
        participants: inMeeting ? this.roster.paths.participants : undefined,
        addParticipant: inMeeting ? this.paths.addParticipant : undefined,
        leaders: inMeeting ? this.roster.paths.leaders : undefined,
        attendees: inMeeting ? this.roster.paths.attendees : undefined,
        lobby: inMeeting && isLeader ? this.roster.paths.lobby : undefined,
      },
    );
  }

  public onlineMeetingResource(): Record<string, unknown> {
    const conference = this.conference;
    if (!conference) throw ucwaError(404, 'NotFound', 'ResourceNotFound');
    const members = [...conference.members.values()].filter((member) => member.uri && !member.inLobby);
    return resource(
      'onlineMeeting',
      this.paths.onlineMeeting,
      {
        onlineMeetingId: conference.onlineMeetingId,
        conferenceId: conference.conferenceId,
        subject: conference.subject,
        onlineMeetingUri: conference.onlineMeetingUri,
        joinUrl: conference.joinUrl,
        organizerUri: conference.organizer.sip,
        organizerName: conference.organizer.name,
        accessLevel: conference.accessLevel,
        automaticLeaderAssignment: 'SameEnterprise',
        entryExitAnnouncement: 'Disabled',
        lobbyBypassForPhoneUsers: 'Disabled',
        phoneUserAdmission: 'Disabled',
        largeMeeting: 'Disabled',
        onlineMeetingRel: 'myOnlineMeetings',
        expirationTime: ucwaDate(conference.expirationTime),
        leaders: members.filter((member) => member.role === 'Leader').map((member) => member.uri),
        attendees: members.filter((member) => member.role === 'Attendee').map((member) => member.uri),
      },
      { conversation: this.href, organizer: this.host.contactHref(conference.organizer.sip) },
    );
  }
  // #endregion

  // #region startOnlineMeeting
  /** Runs the startOnlineMeeting timeline; the caller sends the 201 (after batch A in race mode). */
  public start(outcome: MeetingOutcome): void {
    this.timeline.start(outcome);
  }

  private registerMeetingRoutes(): void {
    this.register(this.paths.onlineMeeting, {
      kind: 'onlineMeeting',
      handle: () => this.get(this.onlineMeetingResource()),
    });
    this.roster.registerRoutes();
    this.register(this.paths.addParticipant.split('?')[0] ?? '', {
      kind: 'addParticipant',
      handle: async (ctx) => {
        if (ctx.method !== 'POST') throw ucwaError(405, 'MethodNotAllowed');
        return this.invitations.add(await ctx.input());
      },
    });
  }
  // #endregion

  // #region events
  private operationEvent(type: 'started' | 'updated' | 'completed'): SimEvent {
    // Operation events always embed the operation (OperationResource.md).
    return {
      link: { rel: 'onlineMeetingInvitation', href: this.invitationHref },
      type,
      _embedded: { onlineMeetingInvitation: this.invitationResource() },
    };
  }

  private emitConversation(type: 'added' | 'updated' | 'deleted', reason?: SimEvent['reason']): void {
    this.host.emit('high', this.communicationSender, {
      ...resourceEvent(this.host.ctx, 'conversation', this.href, type, this.conversationResource()),
      ...(reason ? { reason } : {}),
    });
  }

  private failInvitation(
    state: InvitationState,
    reason: { code: string; subcode?: string; message?: string },
  ): void {
    this.invitationState = state;
    this.state = 'Disconnected';
    this.host.emit('high', this.communicationSender, {
      ...this.operationEvent('completed'),
      status: 'Failure',
      reason,
    });
    this.emitConversation('updated');
    this.emitConversation('deleted');
    const conference = this.conference;
    if (conference) conference.unwatch(this);
    conference?.end(); // a failed or cancelled start made no meeting
    this.dispose();
  }

  public onMemberChange(change: MemberChange): void {
    if (this.gone) return;
    if (change.member.key !== this.host.user.sip) {
      this.roster.onMemberChange(change);
      return;
    }
    // The user was removed from the meeting (hung up elsewhere, ejected): this view of it ends.
    if (change.type === 'left') {
      this.state = 'Disconnected';
      this.emitConversation('updated', change.reason ?? reasons.Ended);
      this.emitConversation('deleted', change.reason ?? reasons.Ended);
      this.conference?.unwatch(this);
      this.dispose();
    }
  }

  public onConferenceEnded(): void {
    if (this.gone) return;
    this.state = 'Disconnected';
    this.emitConversation('updated', reasons.Ended);
    this.emitConversation('deleted', reasons.Ended);
    this.dispose();
  }
  // #endregion

  /** DELETE conversation: the user leaves; others may stay (§1.10). */
  public leave(): void {
    if (this.gone) return;
    if (this.invitationState === 'Connecting') {
      this.invitationState = 'Cancelled';
      this.host.emit('high', this.communicationSender, {
        ...this.operationEvent('completed'),
        status: 'Failure',
        reason: reasons.Canceled,
      });
    }
    this.state = 'Disconnected';
    this.emitConversation('updated');
    this.emitConversation('deleted');
    this.dispose();
  }

  /** Ends this view without events (application deleted or resumed after a gap). */
  public dispose(): void {
    if (this.gone) return;
    this.gone = true;
    // Later GETs on anything of this conversation answer 404 (§1.10).
    for (const path of this.ownPaths) this.host.unregister(path);
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const conference = this.conference;
    if (conference) {
      conference.unwatch(this);
      conference.remove(this.host.user.sip);
    }
    this.host.onConversationGone(this);
  }

  private later(delayMs: number, run: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.gone) return;
      try {
        run();
      } catch (error) {
        // A simulator bug must not take the whole process (and a soak's other lanes) down with it:
        // it is logged with its stack and counted, so a run that met one says so.
        this.host.ctx.internalError(error);
      }
    }, delayMs);
    this.timers.add(timer);
    return timer;
  }
}
