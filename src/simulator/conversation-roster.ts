import type { Conference, Member, MemberChange } from './conference.js';
import type { Reply, Route } from './context.js';
import type { AppHost } from './conversation.js';
import type { SimEvent } from './event-channel.js';
import { membershipMoves } from './membership-moves.js';
import { reasons } from './reasons.js';
import { type ResourceEventArgs, resourceEvent } from './resource-event.js';
import { resource, sipPathSegment } from './resources.js';
import { ucwaError } from './wire.js';

/** What a conversation lends its roster. */
export interface RosterScope {
  readonly host: AppHost;
  readonly conversationHref: string;
  conference(): Conference | undefined;
  register(path: string, route: Route): void;
  /** The conversation's own `updated` event, sent after each change of who is in. */
  emitConversationUpdated(): void;
  /** A leader admitted someone from the lobby. */
  onAdmitted(member: Member): void;
  /** A leader turned someone in the lobby away. */
  onRejected(key: string): void;
}

/**
 * Who is in one conversation's meeting: the participants, leaders, attendees and lobby lists, each
 * participant with a leader's admit/reject/eject actions, and the membership events of everyone
 * but the user (the conversation itself handles the user leaving).
 */
export class ConversationRoster {
  public readonly paths: Record<'participants' | 'leaders' | 'attendees' | 'lobby', string>;

  public constructor(private readonly scope: RosterScope) {
    const href = scope.conversationHref;
    this.paths = {
      participants: `${href}/participants`,
      leaders: `${href}/leaders`,
      attendees: `${href}/attendees`,
      lobby: `${href}/lobby`,
    };
  }

  private get host(): AppHost {
    return this.scope.host;
  }

  private get conversationSender() {
    return { rel: 'conversation', href: this.scope.conversationHref };
  }

  private get<T>(json: T): Reply {
    return { status: 200, json };
  }

  public localMember(): Member | undefined {
    return this.scope.conference()?.members.get(this.host.user.sip);
  }

  // #region resources
  public participantHref(key: string): string {
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
        conversation: this.scope.conversationHref,
        contact: member.uri ? { href: this.host.contactHref(member.uri), title: member.name } : undefined,
        admit: !local && leader && member.inLobby ? `${this.participantHref(member.key)}/admit` : undefined,
        reject: !local && leader && member.inLobby ? `${this.participantHref(member.key)}/reject` : undefined,
        eject: !local && leader && !member.inLobby ? `${this.participantHref(member.key)}/eject` : undefined,
      },
    );
  }
  // #endregion

  // #region routes
  /** The four lists and everyone already in the meeting, once the meeting is Conferenced. */
  public registerRoutes(): void {
    const roster = (filter: (member: Member) => boolean, rel: string, path: string): Route => ({
      kind: 'participants',
      handle: () => {
        const members = [...(this.scope.conference()?.members.values() ?? [])].filter(filter);
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
    this.scope.register(
      this.paths.participants,
      roster((member) => !member.inLobby, 'participants', this.paths.participants),
    );
    this.scope.register(
      this.paths.leaders,
      roster((member) => !member.inLobby && member.role === 'Leader', 'leaders', this.paths.leaders),
    );
    this.scope.register(
      this.paths.attendees,
      roster((member) => !member.inLobby && member.role === 'Attendee', 'attendees', this.paths.attendees),
    );
    this.scope.register(
      this.paths.lobby,
      roster((member) => member.inLobby, 'lobby', this.paths.lobby),
    );
    for (const member of this.scope.conference()?.members.values() ?? [])
      this.registerParticipantRoutes(member);
  }

  private registerParticipantRoutes(member: Member): void {
    const href = this.participantHref(member.key);
    this.scope.register(href, {
      kind: 'participant',
      handle: () => {
        const current = this.scope.conference()?.members.get(member.key);
        if (!current) throw ucwaError(404, 'NotFound', 'ResourceNotFound');
        return this.get(this.participantResource(current));
      },
    });
    if (member.key === this.host.user.sip) return;
    const action = (kind: 'admit' | 'reject' | 'eject', run: (current: Member) => void): Route => ({
      kind,
      handle: (ctx) => {
        if (ctx.method !== 'POST') throw ucwaError(405, 'MethodNotAllowed');
        const current = this.scope.conference()?.members.get(member.key);
        const allowed =
          current &&
          (kind === 'eject' ? !current.inLobby : current.inLobby) &&
          this.localMember()?.role === 'Leader';
        if (!current || !allowed) throw ucwaError(409, 'Conflict', undefined, `${kind} is not possible now.`);
        run(current);
        return { status: 204 };
      },
    });
    this.scope.register(
      `${href}/admit`,
      action('admit', (current) => this.scope.conference()?.admit(current.key)),
    );
    this.scope.register(
      `${href}/reject`,
      action('reject', (current) => {
        this.scope.conference()?.remove(current.key, reasons.Denied);
        this.scope.onRejected(current.key);
      }),
    );
    this.scope.register(
      `${href}/eject`,
      action('eject', (current) => this.scope.conference()?.remove(current.key, reasons.Ejected)),
    );
  }
  // #endregion

  // #region membership events
  /** Someone other than the user joined, waits, was admitted, moved lists, typed or left. */
  public onMemberChange(change: MemberChange): void {
    const { member } = change;
    const href = this.participantHref(member.key);
    if (change.type === 'role' || change.type === 'typing') {
      const moves = membershipMoves(change, this.host.ctx.profile.roleChangeEvents, {
        leaders: this.paths.leaders,
        attendees: this.paths.attendees,
        // typingParticipants_ref.md's samples: the list lives under the conversation's participants.
        typingParticipants: `${this.scope.conversationHref}/participants/typingParticipants`,
      });
      for (const move of moves)
        this.emit(this.event('participant', href, move.type, this.participantResource(member), move.in));
      return;
    }
    if (change.type === 'left') {
      // attendees_ref.md / lobby_ref.md: leaving the list first (`deleted` with `in`), then the
      // conversation (a bare `deleted`).
      this.emit(
        this.event('participant', href, 'deleted', this.participantResource(member), this.membership(member)),
      );
      this.emit({
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
      this.scope.emitConversationUpdated();
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
      this.emit(this.event('participant', href, 'added', this.participantResource(member)));
    } else {
      this.emit(this.event('participant', href, 'updated', this.participantResource(member)));
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
      for (const event of order) this.emit(event);
    } else {
      this.emit(joined);
    }
    this.scope.emitConversationUpdated();
    if (change.type === 'admitted') this.scope.onAdmitted(member);
  }

  /** The roster list a member is in now (lobby, leaders or attendees), as an event's `in` link. */
  private membership(member: { inLobby: boolean; role: string }): { rel: string; href: string } {
    if (member.inLobby) return { rel: 'lobby', href: this.paths.lobby };
    return member.role === 'Leader'
      ? { rel: 'leaders', href: this.paths.leaders }
      : { rel: 'attendees', href: this.paths.attendees };
  }
  // #endregion

  private event(...args: ResourceEventArgs): SimEvent {
    return resourceEvent(this.host.ctx, ...args);
  }

  private emit(event: SimEvent): void {
    this.host.emit('high', this.conversationSender, event);
  }
}
