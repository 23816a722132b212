import type { ContactView, InvitationView, InviteeView } from '../../shared/ipc-contract.js';
import type { SessionService } from '../session/session-service.js';
import { describeProblem } from '../session/session-service.js';
import { Invitees } from './invitees.js';
import type { TimelineTracker } from './meeting-timeline.js';
import type { RecentMeetingsService } from './recent-meetings-service.js';

/** Invitations, directory search and ending the meeting for everyone, for the live meeting. */
export class MeetingActions {
  public readonly invitees: Invitees;
  /** Names the directory gave for SIP URIs, so invitation rows can say who. */
  private readonly names = new Map<string, string>();

  public constructor(
    private readonly deps: {
      session: SessionService;
      timeline: TimelineTracker;
      changed(): void;
      /** Remembers a meeting ended for everyone (its link no longer works). */
      recent: Pick<RecentMeetingsService, 'recordEndedForEveryone'>;
    },
  ) {
    this.invitees = new Invitees(() => deps.changed());
  }

  /** Removes every participant and lobby entry (eject/reject), then leaves. */
  public async endForEveryone(): Promise<{ removed: number; failed: number }> {
    const joinUrl = this.deps.session.snapshot()?.info?.joinUrl;
    const result = await this.deps.session.endForEveryone();
    if (result.failed === 0) {
      this.deps.timeline.markEndedForEveryone();
      if (joinUrl) this.deps.recent.recordEndedForEveryone(joinUrl);
    }
    this.deps.changed();
    return result;
  }

  /** Sends the invitations and answers at once: each result reaches the window in the view. */
  public startInvites(sipUris: readonly string[]): InviteeView[] {
    void this.invite(sipUris).catch(() => {});
    return this.invitees.list();
  }

  /**
   * Invites each person separately: every result is pushed in the view as it settles (the
   * slowest invitee holds back nobody); resolves when all have settled.
   */
  public async invite(sipUris: readonly string[]): Promise<InvitationView[]> {
    return Promise.all(
      sipUris.map(async (uri): Promise<InvitationView> => {
        const to = uri.startsWith('sip:') ? uri : `sip:${uri}`;
        const name = this.names.get(to) ?? to.slice(4);
        const settled = await this.invitees.invite(
          to,
          name,
          (target) => this.deps.session.invite(target),
          (error) => describeProblem(error).message,
        );
        return settled.status === 'joined' ? { to, ok: true } : { to, ok: false, message: settled.text };
      }),
    );
  }

  /** Directory search, leaving out yourself, people already in the meeting and those ringing. */
  public async searchPeople(query: string): Promise<ContactView[]> {
    const state = this.deps.session.state;
    const me = 'account' in state && state.account ? `sip:${state.account.replace(/^sip:/i, '')}` : '';
    const participants = this.deps.session.snapshot()?.participants ?? [];
    // Servers do not always give a participant's URI: their display name, and invitations that
    // joined or still ring, count as present too.
    const presentUris = new Set(participants.map((p) => p.uri?.toLowerCase()).filter(Boolean));
    const presentNames = new Set(participants.map((p) => p.name).filter(Boolean));
    const found = await this.deps.session.searchPeople(query, 12);
    const wanted = found.filter((contact) => {
      const uri = contact.uri.toLowerCase();
      return (
        uri !== me.toLowerCase() &&
        !presentUris.has(uri) &&
        !presentNames.has(contact.name) &&
        !this.invitees.isPresentOrPending(contact.uri)
      );
    });
    for (const contact of wanted) this.names.set(contact.uri, contact.name);
    return wanted
      .slice(0, 8)
      .map(({ uri, name, email, title, department }) => ({ uri, name, email, title, department }));
  }
}
