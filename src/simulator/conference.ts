import type { DirectoryUser } from './directory.js';
import { randomDigits, randomToken } from './resources.js';

export type Role = 'Leader' | 'Attendee';

/** Someone in the meeting or its lobby. */
export interface Member {
  readonly key: string;
  readonly name: string;
  readonly uri?: string;
  readonly anonymous: boolean;
  role: Role;
  inLobby: boolean;
  readonly organizer: boolean;
  readonly sourceNetwork: 'SameEnterprise' | 'Everyone' | 'Federated';
}

export type MemberChange =
  | { type: 'joined'; member: Member }
  | { type: 'lobby'; member: Member }
  | { type: 'admitted'; member: Member }
  /** Promoted or demoted (by a leader on another client): from one roster list to the other. */
  | { type: 'role'; member: Member; from: Role }
  /** Started or stopped typing in the meeting's messaging (typingParticipants_ref.md). */
  | { type: 'typing'; member: Member; typing: boolean }
  | { type: 'left'; member: Member; reason?: { code: string; subcode: string; message: string } };

export interface ConferenceViewer {
  onMemberChange(change: MemberChange): void;
  onConferenceEnded(): void;
}

/** The online meeting itself (onlineMeeting_ref.md), shared by everyone's conversation on it. */
export class Conference {
  public readonly onlineMeetingId = randomToken(8);
  public readonly conferenceId = randomDigits(7);
  public readonly onlineMeetingUri: string;
  public readonly joinUrl: string;
  public readonly created = Date.now();
  public readonly expirationTime = this.created + 8 * 3600_000;
  public readonly accessLevel = 'SameEnterprise';
  public readonly members = new Map<string, Member>();
  public ended = false;
  private readonly viewers = new Set<ConferenceViewer>();
  private guestCounter = 0;

  public constructor(
    public readonly organizer: DirectoryUser,
    public readonly subject: string,
    meetBase: string,
    private readonly onEnded: (conference: Conference) => void = () => {},
    /** The `ends-when-empty` variant; by default a conference outlives its last participant. */
    private readonly endsWhenEmpty = false,
  ) {
    this.onlineMeetingUri = `${organizer.sip};gruu;opaque=app:conf:focus:id:${this.onlineMeetingId}`;
    const local = organizer.sip.slice(4).split('@')[0] ?? 'user';
    this.joinUrl = `${meetBase}/${encodeURIComponent(local)}/${this.onlineMeetingId}`;
  }

  public watch(viewer: ConferenceViewer): void {
    this.viewers.add(viewer);
  }

  public unwatch(viewer: ConferenceViewer): void {
    this.viewers.delete(viewer);
  }

  /** Whether any conversation still shows this conference (the organiser's, while it lives). */
  public get watched(): boolean {
    return this.viewers.size > 0;
  }

  public get inMeetingCount(): number {
    return [...this.members.values()].filter((member) => !member.inLobby).length;
  }

  /** A directory user joins: leaders and same-enterprise users go straight in (accessLevel SameEnterprise). */
  public joinUser(user: DirectoryUser, options: { organizer?: boolean; viaLobby?: boolean } = {}): Member {
    const existing = this.members.get(user.sip);
    if (existing) return existing;
    const member: Member = {
      key: user.sip,
      name: user.name,
      uri: user.sip,
      anonymous: false,
      role: options.organizer ? 'Leader' : 'Attendee',
      inLobby: options.viaLobby === true,
      organizer: options.organizer === true,
      sourceNetwork: options.viaLobby ? 'Federated' : 'SameEnterprise',
    };
    this.members.set(member.key, member);
    this.notify({ type: member.inLobby ? 'lobby' : 'joined', member });
    return member;
  }

  /** An anonymous guest opens the join link: with accessLevel SameEnterprise they wait in the lobby. */
  public joinGuest(name: string): Member {
    this.guestCounter += 1;
    const member: Member = {
      key: `guest-${this.guestCounter}-${randomToken(4).toLowerCase()}`,
      name,
      anonymous: true,
      role: 'Attendee',
      inLobby: true,
      organizer: false,
      sourceNetwork: 'Everyone',
    };
    this.members.set(member.key, member);
    this.notify({ type: 'lobby', member });
    return member;
  }

  /** Someone from the organisation joins directly (the benchmarks' crowd). */
  public joinAttendee(name: string, uri: string): Member {
    const member: Member = {
      key: uri,
      name,
      uri,
      anonymous: false,
      role: 'Attendee',
      inLobby: false,
      organizer: false,
      sourceNetwork: 'SameEnterprise',
    };
    this.members.set(member.key, member);
    this.notify({ type: 'joined', member });
    return member;
  }

  public admit(key: string): Member | undefined {
    const member = this.members.get(key);
    if (!member?.inLobby) return undefined;
    member.inLobby = false;
    this.notify({ type: 'admitted', member });
    return member;
  }

  public setRole(key: string, role: Role): Member | undefined {
    const member = this.members.get(key);
    if (!member || member.inLobby || member.role === role) return undefined;
    const from = member.role;
    member.role = role;
    this.notify({ type: 'role', member, from });
    return member;
  }

  public typing(key: string, typing: boolean): void {
    const member = this.members.get(key);
    if (member && !member.inLobby) this.notify({ type: 'typing', member, typing });
  }

  public remove(
    key: string,
    reason?: { code: string; subcode: string; message: string },
  ): Member | undefined {
    const member = this.members.get(key);
    if (!member) return undefined;
    this.members.delete(key);
    this.notify({ type: 'left', member, ...(reason ? { reason } : {}) });
    // Only under `ends-when-empty` does the meeting end with its last participant (undocumented,
    // PROTOCOL.md A13); people still in the lobby go with it.
    if (this.endsWhenEmpty && this.inMeetingCount === 0 && !this.ended) {
      this.ended = true;
      for (const waiting of [...this.members.values()]) this.members.delete(waiting.key);
      for (const viewer of [...this.viewers]) viewer.onConferenceEnded();
      this.onEnded(this);
    }
    return member;
  }

  /** Ends the conference now: its start failed or was cancelled, so no meeting exists. */
  public end(): void {
    if (this.ended) return;
    this.ended = true;
    this.members.clear();
    for (const viewer of [...this.viewers]) viewer.onConferenceEnded();
    this.onEnded(this);
  }

  private notify(change: MemberChange): void {
    for (const viewer of [...this.viewers]) viewer.onMemberChange(change);
  }
}
