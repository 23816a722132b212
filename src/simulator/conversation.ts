import { Conference, type ConferenceViewer, type Member, type MemberChange } from './conference.js';
import type { MeetingOutcome, Reply, Route, SimContext } from './context.js';
import type { DirectoryUser } from './directory.js';
import type { Priority, SimEvent } from './event-channel.js';
import { membershipMoves } from './membership-moves.js';
import { ParticipantInvitations } from './participant-invitations.js';
import { reasons } from './reasons.js';
import { randomGuid, resource, sipPathSegment } from './resources.js';
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
 * the conversation, its onlineMeeting, roster, lobby and participantInvitations, with the event
 * timeline of PROTOCOL.md §7.1.
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
  private readonly paths: Record<
    'participants' | 'leaders' | 'attendees' | 'lobby' | 'onlineMeeting' | 'addParticipant' | 'cancel',
    string
  >;
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
      participants: `${this.href}/participants`,
      leaders: `${this.href}/leaders`,
      attendees: `${this.href}/attendees`,
      lobby: `${this.href}/lobby`,
      onlineMeeting: `${this.href}/onlineMeeting`,
      addParticipant: `${host.path('communication', 'participantInvitations')}?conversation=${this.id}`,
      cancel: `${this.invitationHref}/cancel`,
    };
    this.invitations = new ParticipantInvitations({
      host,
      conversationId: this.id,
      conversationHref: this.href,
      threadId,
      subject,
      conference: () => this.conference,
      isEstablished: () => this.state === 'Conferenced',
      isGone: () => this.gone,
      participantHref: (key) => this.participantHref(key),
      participantResource: (member) => this.participantResource(member),
      register: (path, route) => this.register(path, route),
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

  private get conversationSender() {
    return { rel: 'conversation', href: this.href };
  }

  private localMember(): Member | undefined {
    return this.conference?.members.get(this.host.user.sip);
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
        localParticipant: this.localMember() ? this.participantHref(this.host.user.sip) : undefined,
        onlineMeeting: this.conference ? this.paths.onlineMeeting : undefined,
        participants: inMeeting ? this.paths.participants : undefined,
        addParticipant: inMeeting ? this.paths.addParticipant : undefined,
        leaders: inMeeting ? this.paths.leaders : undefined,
        attendees: inMeeting ? this.paths.attendees : undefined,
        lobby: inMeeting && isLeader ? this.paths.lobby : undefined,
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

  private participantHref(key: string): string {
    return `${this.paths.participants}/${sipPathSegment(key)}`;
  }

  public participantResource(member: Member): Record<string, unknown> {
    const local = member.key === this.host.user.sip;
    const leader = this.localMember()?.role === 'Leader';
    return resource(
      local ? 'localParticipant' : 'participant',
      this.participantHref(member.key),
      {
        name: member.name,
        ...(member.uri ? { uri: member.uri } : {}),
        anonymous: member.anonymous,
        inLobby: member.inLobby,
        local,
        organizer: member.organizer,
        role: member.role,
        sourceNetwork: member.sourceNetwork,
      },
      {
        conversation: this.href,
        contact: member.uri ? { href: this.host.contactHref(member.uri), title: member.name } : undefined,
        admit: !local && leader && member.inLobby ? `${this.participantHref(member.key)}/admit` : undefined,
        reject: !local && leader && member.inLobby ? `${this.participantHref(member.key)}/reject` : undefined,
        eject: !local && leader && !member.inLobby ? `${this.participantHref(member.key)}/eject` : undefined,
      },
    );
  }
  // #endregion

  // #region startOnlineMeeting timeline
  /** Runs the startOnlineMeeting timeline; the caller sends the 201 (after batch A in race mode). */
  public start(outcome: MeetingOutcome): void {
    const { timing } = this.host.ctx;
    if (outcome.kind === 'coalesced') {
      this.createConference();
      this.state = 'Conferenced';
      this.invitationState = 'Connected';
      this.registerMeetingRoutes();
      this.emitCompleted();
      return;
    }
    this.emitBatchA();
    if (outcome.kind === 'never') return;
    this.later(timing.meetingUpdateDelayMs, () => {
      this.createConference();
      this.state = 'Conferencing';
      this.emitInvitation('updated');
      this.emitConversation('updated');
      // Scheduled from here, not beside the first: Node does not promise to run timers of different
      // delays in order (its timers docs), and the soak met the connect step before the conference.
      this.later(Math.max(0, timing.meetingConnectDelayMs - timing.meetingUpdateDelayMs), () =>
        this.connect(outcome),
      );
    });
  }

  /** The second step of the timeline: connected, or the start's failure. */
  private connect(outcome: MeetingOutcome): void {
    if (outcome.kind === 'fail') {
      this.failInvitation('Failed', outcome.reason);
      return;
    }
    this.state = 'Conferenced';
    this.invitationState = 'Connected';
    this.registerMeetingRoutes();
    const local = this.localMember();
    this.host.emit(
      'high',
      this.conversationSender,
      this.event('onlineMeeting', this.paths.onlineMeeting, 'added', this.onlineMeetingResource(), {
        rel: 'conversation',
        href: this.href,
      }),
    );
    if (local) {
      this.host.emit(
        'high',
        this.conversationSender,
        this.event(
          'localParticipant',
          this.participantHref(local.key),
          'added',
          this.participantResource(local),
          { rel: 'leaders', href: this.paths.leaders },
        ),
      );
    }
    this.emitConversation('updated');
    this.emitCompleted();
  }

  private emitBatchA(): void {
    this.host.emit('high', this.communicationSender, this.operationEvent('started'));
    this.emitConversation('added');
    // The user is in the roster as soon as the focus accepts them (localParticipant added precedes success).
    this.host.emit('high', this.conversationSender, {
      link: {
        rel: 'localParticipant',
        href: this.participantHref(this.host.user.sip),
        title: this.host.user.name,
      },
      type: 'added',
    });
  }

  private createConference(): void {
    if (this.conference) return;
    const conference = new Conference(
      this.host.user,
      this.subject,
      this.host.ctx.meetBase,
      (ended) => this.host.ctx.unregisterConference(ended.onlineMeetingId),
      this.host.ctx.profile.conferenceEnd === 'ends-when-empty',
    );
    this.conference = conference;
    this.onlineMeetingUri = conference.onlineMeetingUri;
    conference.watch(this);
    conference.joinUser(this.host.user, { organizer: true });
    this.host.ctx.registerConference(
      { onlineMeetingId: conference.onlineMeetingId, organizerSip: this.host.user.sip },
      conference,
    );
  }

  private registerMeetingRoutes(): void {
    this.register(this.paths.onlineMeeting, {
      kind: 'onlineMeeting',
      handle: () => this.get(this.onlineMeetingResource()),
    });
    const roster = (filter: (member: Member) => boolean, rel: string, path: string): Route => ({
      kind: 'participants',
      handle: () => {
        const members = [...(this.conference?.members.values() ?? [])].filter(filter);
        return this.get(
          resource(
            rel,
            path,
            {},
            {},
            { participant: members.map((member) => this.participantResource(member)) },
          ),
        );
      },
    });
    this.register(
      this.paths.participants,
      roster((member) => !member.inLobby, 'participants', this.paths.participants),
    );
    this.register(
      this.paths.leaders,
      roster((member) => !member.inLobby && member.role === 'Leader', 'leaders', this.paths.leaders),
    );
    this.register(
      this.paths.attendees,
      roster((member) => !member.inLobby && member.role === 'Attendee', 'attendees', this.paths.attendees),
    );
    this.register(
      this.paths.lobby,
      roster((member) => member.inLobby, 'lobby', this.paths.lobby),
    );
    for (const member of this.conference?.members.values() ?? []) this.registerParticipantRoutes(member);
    this.register(this.paths.addParticipant.split('?')[0] ?? '', {
      kind: 'addParticipant',
      handle: async (ctx) => {
        if (ctx.method !== 'POST') throw ucwaError(405, 'MethodNotAllowed');
        return this.invitations.add(await ctx.input());
      },
    });
  }

  private emitCompleted(): void {
    this.host.emit('high', this.communicationSender, {
      ...this.operationEvent('completed'),
      status: 'Success',
    });
  }
  // #endregion

  // #region events
  private event(
    rel: string,
    href: string,
    type: SimEvent['type'],
    embedded: Record<string, unknown>,
    inLink?: { rel: string; href: string },
  ): SimEvent {
    // Captures 09 and 10: participant links carry an empty title (the `names` variant fills it).
    const name = typeof embedded.name === 'string' ? embedded.name : undefined;
    const title = this.host.ctx.profile.participantTitles === 'names' ? name : '';
    return {
      link: {
        rel,
        href,
        ...(name !== undefined && rel.toLowerCase().includes('participant') ? { title } : {}),
      },
      ...(inLink ? { in: inLink } : {}),
      type,
      ...(this.host.ctx.embedResources ? { _embedded: { [rel]: embedded } } : {}),
    };
  }

  private operationEvent(type: 'started' | 'updated' | 'completed'): SimEvent {
    // Operation events always embed the operation (OperationResource.md).
    return {
      link: { rel: 'onlineMeetingInvitation', href: this.invitationHref },
      type,
      _embedded: { onlineMeetingInvitation: this.invitationResource() },
    };
  }

  private emitInvitation(type: 'updated'): void {
    this.host.emit('high', this.communicationSender, this.operationEvent(type));
  }

  private emitConversation(type: 'added' | 'updated' | 'deleted', reason?: SimEvent['reason']): void {
    this.host.emit('high', this.communicationSender, {
      ...this.event('conversation', this.href, type, this.conversationResource()),
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
    const { member } = change;
    if (member.key === this.host.user.sip) {
      // The user was removed from the meeting (hung up elsewhere, ejected): this view of it ends.
      if (change.type === 'left') {
        this.state = 'Disconnected';
        this.emitConversation('updated', change.reason ?? reasons.Ended);
        this.emitConversation('deleted', change.reason ?? reasons.Ended);
        this.conference?.unwatch(this);
        this.dispose();
      }
      return;
    }
    const href = this.participantHref(member.key);
    if (change.type === 'role' || change.type === 'typing') {
      const moves = membershipMoves(change, this.host.ctx.profile.roleChangeEvents, {
        leaders: this.paths.leaders,
        attendees: this.paths.attendees,
        typingParticipants: `${this.href}/messaging/typingParticipants`,
      });
      for (const move of moves)
        this.host.emit(
          'high',
          this.conversationSender,
          this.event('participant', href, move.type, this.participantResource(member), move.in),
        );
      return;
    }
    if (change.type === 'left') {
      // attendees_ref.md / lobby_ref.md: leaving the list first (`deleted` with `in`), then the
      // conversation (a bare `deleted`).
      this.host.emit(
        'high',
        this.conversationSender,
        this.event('participant', href, 'deleted', this.participantResource(member), this.membership(member)),
      );
      this.host.emit('high', this.conversationSender, {
        link: {
          rel: 'participant',
          href,
          title: this.host.ctx.profile.participantTitles === 'names' ? member.name : '',
        },
        type: 'deleted',
        ...(change.reason ? { reason: change.reason } : {}),
      });
      this.host.unregister(href);
      this.host.unregister(`${href}/admit`);
      this.host.unregister(`${href}/reject`);
      this.host.unregister(`${href}/eject`);
      this.emitConversation('updated');
      return;
    }
    this.registerParticipantRoutes(member);
    const collection =
      change.type === 'lobby'
        ? this.paths.lobby
        : member.role === 'Leader'
          ? this.paths.leaders
          : this.paths.attendees;
    const collectionRel =
      change.type === 'lobby' ? 'lobby' : member.role === 'Leader' ? 'leaders' : 'attendees';
    if (change.type !== 'admitted') {
      this.host.emit(
        'high',
        this.conversationSender,
        this.event('participant', href, 'added', this.participantResource(member)),
      );
    } else {
      this.host.emit(
        'high',
        this.conversationSender,
        this.event('participant', href, 'updated', this.participantResource(member)),
      );
    }
    // A repeat `added` with `in` = leaders/attendees/lobby signals membership (participant_ref.md).
    const joined = this.event('participant', href, 'added', this.participantResource(member), {
      rel: collectionRel,
      href: collection,
    });
    if (change.type === 'admitted') {
      // lobby_ref.md: admitted = removed from the lobby; the order of the two is the variant's.
      const leftLobby = this.event('participant', href, 'deleted', this.participantResource(member), {
        rel: 'lobby',
        href: this.paths.lobby,
      });
      const order =
        this.host.ctx.profile.admitEvents === 'deleted-then-added'
          ? [leftLobby, joined]
          : [joined, leftLobby];
      for (const event of order) this.host.emit('high', this.conversationSender, event);
    } else {
      this.host.emit('high', this.conversationSender, joined);
    }
    this.emitConversation('updated');
    if (change.type === 'admitted') this.invitations.completeFor(member);
  }

  /** The roster list a member is in now (lobby, leaders or attendees), as an event's `in` link. */
  private membership(member: { inLobby: boolean; role: string }): { rel: string; href: string } {
    if (member.inLobby) return { rel: 'lobby', href: this.paths.lobby };
    return member.role === 'Leader'
      ? { rel: 'leaders', href: this.paths.leaders }
      : { rel: 'attendees', href: this.paths.attendees };
  }

  public onConferenceEnded(): void {
    if (this.gone) return;
    this.state = 'Disconnected';
    this.emitConversation('updated', reasons.Ended);
    this.emitConversation('deleted', reasons.Ended);
    this.dispose();
  }
  // #endregion

  // #region participants and lobby
  private registerParticipantRoutes(member: Member): void {
    const href = this.participantHref(member.key);
    this.register(href, {
      kind: 'participant',
      handle: () => {
        const current = this.conference?.members.get(member.key);
        if (!current) throw ucwaError(404, 'NotFound', 'ResourceNotFound');
        return this.get(this.participantResource(current));
      },
    });
    if (member.key === this.host.user.sip) return;
    const action = (kind: 'admit' | 'reject' | 'eject', run: (current: Member) => void): Route => ({
      kind,
      handle: (ctx) => {
        if (ctx.method !== 'POST') throw ucwaError(405, 'MethodNotAllowed');
        const current = this.conference?.members.get(member.key);
        const allowed =
          current &&
          (kind === 'eject' ? !current.inLobby : current.inLobby) &&
          this.localMember()?.role === 'Leader';
        if (!current || !allowed) throw ucwaError(409, 'Conflict', undefined, `${kind} is not possible now.`);
        run(current);
        return { status: 204 };
      },
    });
    this.register(
      `${href}/admit`,
      action('admit', (current) => this.conference?.admit(current.key)),
    );
    this.register(
      `${href}/reject`,
      action('reject', (current) => {
        this.conference?.remove(current.key, reasons.Denied);
        this.invitations.failFor(current.key, reasons.Denied);
      }),
    );
    this.register(
      `${href}/eject`,
      action('eject', (current) => this.conference?.remove(current.key, reasons.Ejected)),
    );
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
