import type { DesktopPorts } from './ports.js';
import type { RecentMeetingsService } from './recent-meetings-service.js';
import type { TrayCommand } from './tray-model.js';

/** What the tray menu can ask of the app (the controller provides it). */
export interface TrayCommandTarget {
  startMeetingNow(): Promise<unknown>;
  copyLink(): unknown;
  copyMyLink(): Promise<void>;
  openMeeting(): Promise<void>;
  /** Leaves the live meeting, or cancels the start under way. */
  leaveOrCancel(): Promise<void>;
  requestSignOut(forget: boolean): Promise<void>;
  requestQuit(): void;
  readonly recent: Pick<RecentMeetingsService, 'copyLink' | 'join'>;
}

/**
 * One tray menu item's command. Failures are already announced where they happen (a
 * notification), so none escapes into the menu's click handler.
 */
export async function runTrayCommand(
  app: TrayCommandTarget,
  desktop: Pick<DesktopPorts, 'showWindow'>,
  command: TrayCommand,
  argument = '',
): Promise<void> {
  const quietly = (run: () => unknown) =>
    Promise.resolve()
      .then(run)
      .then(
        () => {},
        () => {},
      );
  switch (command) {
    case 'startMeeting':
      return quietly(() => app.startMeetingNow());
    case 'copyLink':
      app.copyLink();
      return;
    case 'copyMyLink':
      return quietly(() => app.copyMyLink());
    case 'copyRecentLink':
      return quietly(() => app.recent.copyLink(argument));
    case 'joinRecent':
      return quietly(() => app.recent.join(argument));
    case 'openMeeting':
      return app.openMeeting();
    case 'invite':
      desktop.showWindow('invite');
      return;
    case 'endMeeting':
      return app.leaveOrCancel();
    case 'openWindow':
      desktop.showWindow('home');
      return;
    case 'openSettings':
      desktop.showWindow('settings');
      return;
    case 'signIn':
      desktop.showWindow('sign-in');
      return;
    case 'signOut':
      return app.requestSignOut(false);
    case 'quit':
      app.requestQuit();
      return;
  }
}
