import type { NotificationKind } from '../../shared/settings.js';
import type { MeetingSnapshot } from '../session/session-service.js';
import type { DesktopPorts } from './ports.js';
import type { SettingsStore } from './settings-store.js';

export interface AnnouncerDeps {
  settings: SettingsStore;
  desktop: DesktopPorts;
  admit(participantId: string): Promise<void>;
}

/** More than this many arrivals in one roster change become one notification ("5 people joined"). */
const burst = 3;

/**
 * Desktop notifications: each kind can be switched off in Settings, the person's name goes in the
 * title, bursts are grouped, and the meeting's subject is said (demo meetings say so).
 */
export class Announcer {
  private lastRoster = new Map<string, { name: string; inLobby: boolean }>();

  public constructor(private readonly deps: AnnouncerDeps) {}

  public notify(
    kind: NotificationKind,
    title: string,
    body: string,
    onClick?: () => void,
    actions?: Array<{ label: string; run: () => void }>,
  ): void {
    const settings = this.deps.settings.get();
    if (!settings.notifications[kind]) return;
    this.deps.desktop.notify({
      kind,
      title: settings.demoMode ? `${title} (demo)` : title,
      body,
      ...(onClick ? { onClick } : {}),
      ...(actions ? { actions } : {}),
    });
  }

  /** Joined, left and waiting-in-the-lobby notifications from consecutive roster snapshots. */
  public roster(snapshot: MeetingSnapshot | undefined): void {
    if (snapshot?.state !== 'live') {
      if (!snapshot || snapshot.state === 'ended' || snapshot.state === 'failed') this.lastRoster = new Map();
      return;
    }
    const subject = snapshot.info?.subject ? `“${snapshot.info.subject}”` : 'your meeting';
    const showMeeting = () => this.deps.desktop.showWindow('meeting');
    const next = new Map(
      snapshot.participants.map((p) => [p.id, { name: p.name || p.uri || 'Someone', inLobby: p.inLobby }]),
    );
    const waiting: Array<[string, string]> = [];
    const joined: string[] = [];
    for (const [id, person] of next) {
      const before = this.lastRoster.get(id);
      if (person.inLobby && !before) waiting.push([id, person.name]);
      else if (!person.inLobby && (!before || before.inLobby)) joined.push(person.name);
    }
    const left = [...this.lastRoster]
      .filter(([id, person]) => !next.has(id) && !person.inLobby)
      .map(([, person]) => person.name);
    this.lastRoster = next;

    if (waiting.length > burst) {
      this.notify(
        'lobby',
        `${waiting.length} people are waiting in the lobby`,
        `Of ${subject}.`,
        showMeeting,
      );
    } else {
      for (const [id, name] of waiting)
        this.notify('lobby', `${name} is waiting in the lobby`, `Wants to join ${subject}.`, showMeeting, [
          { label: 'Admit', run: () => void this.deps.admit(id).catch(() => {}) },
        ]);
    }
    this.group('joined', joined, subject, showMeeting);
    this.group('left', left, subject);
  }

  private group(verb: 'joined' | 'left', names: string[], subject: string, onClick?: () => void): void {
    if (names.length > burst) {
      const shown = names.slice(0, 3).join(', ');
      this.notify(
        'participants',
        `${names.length} people ${verb}`,
        `${shown} and ${names.length - 3} more ${verb} ${subject}.`,
        onClick,
      );
      return;
    }
    for (const name of names)
      this.notify(
        'participants',
        `${name} ${verb}`,
        `${verb === 'joined' ? 'Joined' : 'Left'} ${subject}.`,
        onClick,
      );
  }
}
