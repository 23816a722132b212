import type { MeetingView, RecentMeetingView, SessionView, ShortcutView } from '../../shared/ipc-contract.js';
import type { Settings } from '../../shared/settings.js';
import { openInSkype } from '../../shared/words.js';

/** One icon per state; the shell maps names to files in assets/tray. */
export type TrayIconName =
  | 'signed-out'
  | 'signing-in'
  | 'ready'
  | 'starting'
  | 'in-meeting'
  | 'reconnecting'
  | 'error';

export type TrayCommand =
  | 'startMeeting'
  | 'copyLink'
  | 'openMeeting'
  | 'invite'
  | 'endMeeting'
  | 'openWindow'
  | 'openSettings'
  | 'signIn'
  | 'signOut'
  | 'quit'
  | 'copyMyLink'
  /** With the meeting's join link as the argument. */
  | 'copyRecentLink'
  | 'joinRecent';

export interface TrayMenuItem {
  command: TrayCommand | 'separator' | 'submenu';
  label: string;
  enabled: boolean;
  /** Shown next to the label (the global shortcut). */
  accelerator?: string;
  /** What the command acts on (a recent meeting's join link). */
  argument?: string;
  submenu?: TrayMenuItem[];
}

export interface TrayModel {
  icon: TrayIconName;
  tooltip: string;
  menu: TrayMenuItem[];
}

/** Pure: the whole tray from state. The shell renders it and sets the menu again every time (Linux needs that). */
export function trayModel(
  session: SessionView,
  meeting: MeetingView | undefined,
  settings: Pick<Settings, 'shortcut' | 'demoMode'>,
  shortcut: ShortcutView,
  recent: readonly RecentMeetingView[] = [],
  /** The server said this sign-in has no personal meeting link. */
  myLinkUnavailable = false,
): TrayModel {
  const signedIn = session.status === 'ready' || session.status === 'reconnecting';
  const live = meeting?.state === 'live';
  const starting = meeting?.state === 'starting';
  const icon: TrayIconName =
    session.status === 'signedOut'
      ? 'signed-out'
      : session.status === 'signingIn'
        ? 'signing-in'
        : session.status === 'error'
          ? 'error'
          : session.status === 'reconnecting'
            ? 'reconnecting'
            : starting
              ? 'starting'
              : live
                ? 'in-meeting'
                : 'ready';
  const stateText: Record<TrayIconName, string> = {
    'signed-out': 'signed out',
    'signing-in': 'signing in…',
    ready: 'ready',
    starting: 'starting a meeting…',
    'in-meeting': `in a meeting${meeting?.participants.length ? ` (${meeting.participants.filter((p) => !p.inLobby).length + 1} people)` : ''}`,
    reconnecting: 'reconnecting…',
    // The error catalog's title: the same words as the window and the notification.
    error: session.status === 'error' ? session.problem.title : 'problem',
  };
  const account = 'account' in session && session.account ? session.account : undefined;
  const demo = settings.demoMode ? ' (demo)' : '';
  const tooltip = `Meet Now${demo}${account ? ` · ${account}` : ''} · ${stateText[icon]}`.slice(0, 127);
  const item = (
    command: TrayCommand,
    label: string,
    enabled: boolean,
    accelerator?: string,
  ): TrayMenuItem => ({
    command,
    label,
    enabled,
    ...(accelerator ? { accelerator } : {}),
  });
  const separator: TrayMenuItem = { command: 'separator', label: '', enabled: true };
  return {
    icon,
    tooltip,
    menu: [
      // While live, the top item copies the link of the meeting you are in (no second meeting).
      live
        ? item(
            'startMeeting',
            'Copy meeting link',
            true,
            shortcut.status === 'registered' ? settings.shortcut : undefined,
          )
        : item(
            'startMeeting',
            'Start meeting now',
            signedIn && !starting,
            shortcut.status === 'registered' ? settings.shortcut : undefined,
          ),
      item('openMeeting', openInSkype, live),
      item('invite', 'Invite…', live),
      item('endMeeting', starting ? 'Cancel the meeting' : 'Leave meeting', live || starting),
      separator,
      ...(recent.length > 0 ? [recentMenu(recent), separator] : []),
      // Its own group, away from the live meeting's items: it copies another, standing meeting.
      myLinkUnavailable
        ? item('copyMyLink', 'Copy my personal meeting link (your organisation gives none)', false)
        : item(
            'copyMyLink',
            live ? 'Copy my personal meeting link (not this meeting)' : 'Copy my personal meeting link',
            signedIn,
          ),
      separator,
      item('openWindow', 'Show Meet Now', true),
      item('openSettings', 'Settings…', true),
      signedIn || session.status === 'signingIn'
        ? item('signOut', 'Sign out', true)
        : item('signIn', 'Sign in…', true),
      separator,
      item('quit', 'Quit Meet Now', true),
    ],
  };
}

const endedLabel = 'Ended for everyone — link no longer works';
const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });

/** "Recent meetings" → one submenu per meeting (subject and start) → Copy link, Join. */
function recentMenu(recent: readonly RecentMeetingView[]): TrayMenuItem {
  return {
    command: 'submenu',
    label: 'Recent meetings',
    enabled: true,
    submenu: recent.map((meeting) => ({
      command: 'submenu',
      // The subject isolated (FSI…PDI), so a right-to-left one cannot reorder the date after it.
      label: `\u2068${(meeting.subject || 'Meeting').slice(0, 60)}\u2069 · ${when.format(new Date(meeting.startedAt))}`,
      enabled: true,
      submenu: meeting.endedForEveryone
        ? [{ command: 'copyRecentLink', label: endedLabel, enabled: false }]
        : [
            { command: 'copyRecentLink', label: 'Copy link', enabled: true, argument: meeting.joinUrl },
            { command: 'joinRecent', label: openInSkype, enabled: true, argument: meeting.joinUrl },
          ],
    })),
  };
}
