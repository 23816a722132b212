import type { RecentMeetingView } from '../../shared/ipc-contract.js';
import type { MeetingSnapshot, SessionService } from '../session/session-service.js';
import { UcwaError } from '../ucwa/errors.js';
import { AppError } from './app-errors.js';
import type { DesktopPorts } from './ports.js';
import { type RecentMeeting, RecentMeetingsStore, readRecentMeetings } from './recent-meetings.js';
import type { SettingsStore } from './settings-store.js';

export interface RecentMeetingsDeps {
  session: SessionService;
  settings: SettingsStore;
  desktop: DesktopPorts;
  log: (line: string) => void;
  now?: () => Date;
}

/**
 * The desktop's recent-meetings list: each meeting this app starts is recorded when it is live
 * (subject, times, names of the people who joined, join link, conference ID, whether it was
 * ended for everyone; never a token), newest first, 20 at most. Copy link, Open and Copy
 * invitation act only on a link that is in the list and still works. Demo meetings are not kept
 * (their server is gone when the app quits).
 */
export class RecentMeetingsService {
  private readonly store: RecentMeetingsStore;
  private readonly dispose: () => void;
  /** The meeting being recorded: its link and the names already saved. */
  private current: { joinUrl: string; seen: Set<string> } | undefined;

  public constructor(private readonly deps: RecentMeetingsDeps) {
    this.store = new RecentMeetingsStore(deps.settings, deps.log, deps.now);
    this.dropInvalidEntries();
    this.dispose = deps.session.events.on('meeting', (snapshot) => this.observe(snapshot));
  }

  public list(): RecentMeetingView[] {
    return this.store.list();
  }

  /** The setting: off stops recording and forgets the list (what "off" promises). */
  public setEnabled(enabled: boolean): void {
    if (!enabled) this.clear();
  }

  public clear(): void {
    this.current = undefined;
    this.store.clear();
  }

  public copyLink(joinUrl: string): void {
    this.deps.desktop.copyText(this.entry(joinUrl).joinUrl);
  }

  /** The organizer ended the meeting for everyone: remembered, so its dead link is not offered. */
  public recordEndedForEveryone(joinUrl: string): void {
    this.store.recordEndedForEveryone(joinUrl);
  }

  /** Opens the join link in the browser: only an https link from the list. */
  public async join(joinUrl: string): Promise<void> {
    const entry = this.entry(joinUrl);
    if (new URL(entry.joinUrl).protocol !== 'https:')
      throw new UcwaError('insecure-url', 'Only an https join link is opened.');
    await this.deps.desktop.openExternal(entry.joinUrl);
  }

  /** The invitation of a meeting started earlier: text and HTML (server text escaped). */
  public async copyInvitation(joinUrl: string): Promise<void> {
    const entry = this.entry(joinUrl);
    const invitation = await this.deps.session.invitationFor({
      subject: entry.subject,
      joinUrl: entry.joinUrl,
      conferenceId: entry.conferenceId,
    });
    this.deps.desktop.copyRich(invitation);
  }

  public stop(): void {
    this.dispose();
  }

  /** The entry an action may use: in the list, and with a link that still works. */
  private entry(joinUrl: string): RecentMeeting {
    const entry = this.store.list().find((meeting) => meeting.joinUrl === joinUrl);
    if (!entry) throw new AppError('recent-missing', 'That meeting is not in the recent list.');
    if (entry.endedForEveryone)
      throw new AppError('recent-ended', 'That meeting was ended for everyone; its link no longer works.');
    return entry;
  }

  /** Once at launch: a corrupted or hostile entry is dropped (logged once), never shown. */
  private dropInvalidEntries(): void {
    const raw = this.deps.settings.get().recentMeetings;
    const valid = readRecentMeetings(raw, this.deps.log);
    if (valid.length !== raw.length) this.deps.settings.update({ recentMeetings: valid });
  }

  private observe(snapshot: MeetingSnapshot | undefined): void {
    if (this.deps.settings.get().demoMode) return;
    const tracked = this.current;
    const info = snapshot?.info;
    if (snapshot?.state === 'live' && info && tracked?.joinUrl !== info.joinUrl) {
      if (tracked) this.store.recordEnded(tracked.joinUrl);
      this.store.recordStarted(info);
      this.current = { joinUrl: info.joinUrl, seen: new Set() };
    }
    const meeting = this.current;
    if (!meeting) return;
    // Only people admitted to the meeting: a guest who waited in the lobby and was denied never joined.
    const names = (snapshot?.participants ?? [])
      .filter((person) => !person.inLobby)
      .map((person) => person.name)
      .filter(Boolean);
    if (names.some((name) => !meeting.seen.has(name))) {
      meeting.seen = new Set([...meeting.seen, ...names]);
      this.store.recordParticipants(meeting.joinUrl, names);
    }
    // Gone (signed out), ended, failed, or a new start: this meeting is over.
    if (
      !snapshot ||
      snapshot.state === 'ended' ||
      snapshot.state === 'failed' ||
      snapshot.state === 'starting'
    ) {
      this.store.recordEnded(meeting.joinUrl);
      this.current = undefined;
    }
  }
}
