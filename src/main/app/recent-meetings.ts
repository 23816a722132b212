import { z } from 'zod';
import { withoutInvisible } from '../../shared/invisible-text.js';
import type { Settings } from '../../shared/settings.js';
import { safeWebUrl } from '../ucwa/online-meetings.js';

/** How many meetings the list keeps: the newest first, the oldest dropped. */
export const maxRecentMeetings = 20;
const maxParticipants = 50;

/** Server text as plain text: no control or invisible characters (the CLI's set), capped. */
const plain = (max: number) =>
  z
    .string()
    .max(max * 4)
    .transform((value) => withoutInvisible(value).slice(0, max));

const isoTime = z.iso.datetime();

/**
 * One meeting this app started. The schema has no field for a token or any secret, and unknown
 * keys are stripped, so none can reach the settings file through this list.
 */
const recentMeetingSchema = z.object({
  subject: plain(250),
  startedAt: isoTime,
  endedAt: isoTime.optional(),
  /** The organizer ended it for everyone: its join link no longer works. */
  endedForEveryone: z.boolean().optional(),
  participants: z
    .array(plain(256))
    .max(maxParticipants * 4)
    .transform((names) => names.slice(0, maxParticipants)),
  joinUrl: z
    .string()
    .max(2048)
    .refine((url) => safeWebUrl(url) !== undefined, 'not an https join link'),
  conferenceId: plain(64).optional(),
});

export type RecentMeeting = z.infer<typeof recentMeetingSchema>;

/** The part of the settings store the list needs (SettingsStore fits; so does the CLI's state). */
export interface RecentMeetingsSettings {
  get(): Pick<Settings, 'recentMeetings' | 'recentMeetingsEnabled'>;
  update(patch: Pick<Settings, 'recentMeetings'>): unknown;
}

/** Valid entries of a stored list; each corrupted or hostile one is dropped with a log line. */
export function readRecentMeetings(raw: readonly unknown[], log: (line: string) => void): RecentMeeting[] {
  const meetings: RecentMeeting[] = [];
  raw.forEach((entry, index) => {
    const parsed = recentMeetingSchema.safeParse(entry);
    if (parsed.success) meetings.push(parsed.data);
    // Only the index and the failing field names: the entry's text could be anything.
    else
      log(
        `recent meetings: entry ${index} dropped (${parsed.error.issues
          .map((issue) => issue.path.join('.') || 'entry')
          .join(', ')
          .slice(0, 200)})`,
      );
  });
  return meetings.slice(0, maxRecentMeetings);
}

export interface StartedMeeting {
  subject: string;
  joinUrl: string;
  conferenceId: string | undefined;
}

/**
 * The last meetings this app started, kept in the settings store. Off when the setting says so
 * (nothing recorded, nothing listed); cleared on a sign-out that forgets the account.
 */
export class RecentMeetingsStore {
  public constructor(
    private readonly settings: RecentMeetingsSettings,
    private readonly log: (line: string) => void,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private get enabled(): boolean {
    return this.settings.get().recentMeetingsEnabled;
  }

  public list(): RecentMeeting[] {
    if (!this.enabled) return [];
    return readRecentMeetings(this.settings.get().recentMeetings, this.log);
  }

  /** A meeting became ready: newest first; a repeat of the same link replaces its entry. */
  public recordStarted(meeting: StartedMeeting): void {
    if (!this.enabled) return;
    const entry = recentMeetingSchema.safeParse({
      subject: meeting.subject,
      startedAt: this.now().toISOString(),
      participants: [],
      joinUrl: meeting.joinUrl,
      ...(meeting.conferenceId ? { conferenceId: meeting.conferenceId } : {}),
    });
    if (!entry.success) {
      this.log('recent meetings: a meeting without an https join link was not recorded');
      return;
    }
    const others = this.list().filter((existing) => existing.joinUrl !== meeting.joinUrl);
    this.save([entry.data, ...others]);
  }

  /** Names seen in the meeting so far (added to what was seen before, never removed). */
  public recordParticipants(joinUrl: string, names: readonly string[]): void {
    this.change(joinUrl, (entry) => ({
      ...entry,
      participants: [...new Set([...entry.participants, ...names])],
    }));
  }

  public recordEnded(joinUrl: string): void {
    this.change(joinUrl, (entry) => ({ ...entry, endedAt: entry.endedAt ?? this.now().toISOString() }));
  }

  /** Ended for everyone: the link is dead, so the list offers nothing that would hand it out. */
  public recordEndedForEveryone(joinUrl: string): void {
    this.change(joinUrl, (entry) => ({
      ...entry,
      endedAt: entry.endedAt ?? this.now().toISOString(),
      endedForEveryone: true,
    }));
  }

  public clear(): void {
    this.settings.update({ recentMeetings: [] });
  }

  private change(joinUrl: string, edit: (entry: RecentMeeting) => unknown): void {
    if (!this.enabled) return;
    const meetings = this.list();
    const index = meetings.findIndex((entry) => entry.joinUrl === joinUrl);
    const current = meetings[index];
    if (!current) return;
    const edited = recentMeetingSchema.safeParse(edit(current));
    if (!edited.success) return;
    meetings[index] = edited.data;
    this.save(meetings);
  }

  private save(meetings: RecentMeeting[]): void {
    this.settings.update({ recentMeetings: meetings.slice(0, maxRecentMeetings) });
  }
}
