import type { Conference } from './conference.js';

/** A live meeting as tests and the soak see it: who is in and who waits in the lobby. */
export interface MeetingSnapshot {
  onlineMeetingId: string;
  joinUrl: string;
  organizer: string;
  subject: string;
  members: Array<{ key: string; name: string; inLobby: boolean; role: string }>;
}

/**
 * The simulator's conferences by onlineMeetingId, and what the world outside the client does to
 * them (tests, benchmarks, the soak): colleagues join, type, are promoted and hang up.
 */
export class LiveConferences {
  private readonly conferences = new Map<string, Conference>();

  public constructor(private readonly domain: string) {}

  public add(onlineMeetingId: string, conference: Conference): void {
    this.conferences.set(onlineMeetingId, conference);
  }

  public delete(onlineMeetingId: string): void {
    this.conferences.delete(onlineMeetingId);
  }

  public get(onlineMeetingId: string): Conference | undefined {
    return this.conferences.get(onlineMeetingId);
  }

  public snapshot(): MeetingSnapshot[] {
    return [...this.conferences.values()].map((conference) => ({
      onlineMeetingId: conference.onlineMeetingId,
      joinUrl: conference.joinUrl,
      organizer: conference.organizer.sip,
      subject: conference.subject,
      members: [...conference.members.values()].map(({ key, name, inLobby, role }) => ({
        key,
        name,
        inLobby,
        role,
      })),
    }));
  }

  public changeRole(onlineMeetingId: string, key: string, role: 'Leader' | 'Attendee'): boolean {
    return this.conferences.get(onlineMeetingId)?.setRole(key, role) !== undefined;
  }

  public typing(onlineMeetingId: string, key: string, typing: boolean): void {
    this.conferences.get(onlineMeetingId)?.typing(key, typing);
  }

  public guestJoins(onlineMeetingId: string, displayName: string): string {
    return this.live(onlineMeetingId).joinGuest(displayName).key;
  }

  public crowdJoins(onlineMeetingId: string, count: number): void {
    const conference = this.live(onlineMeetingId);
    for (let index = 1; index <= count; index += 1)
      conference.joinAttendee(`Attendee ${index}`, `sip:attendee${index}@${this.domain}`);
  }

  public participantLeaves(onlineMeetingId: string, key: string): boolean {
    return this.conferences.get(onlineMeetingId)?.remove(key) !== undefined;
  }

  /**
   * Conferences outlive their last participant (the default), and simulated colleagues never hang
   * up: forget those no conversation shows any more, so a soak's heap is the client's.
   */
  public forgetUnwatched(): void {
    for (const [id, conference] of this.conferences)
      if (conference.members.size === 0 || !conference.watched) this.conferences.delete(id);
  }

  private live(onlineMeetingId: string): Conference {
    const conference = this.conferences.get(onlineMeetingId);
    if (!conference || conference.ended) throw new Error(`no live meeting ${onlineMeetingId}`);
    return conference;
  }
}
