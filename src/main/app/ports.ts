import type { NotificationKind } from '../../shared/settings.js';
import type { TrayModel } from './tray-model.js';

/**
 * What the app controller needs of the desktop, as small interfaces. The Electron shell
 * implements them with Tray, Notification, clipboard, shell and BrowserWindow; tests with fakes.
 */
export interface NotificationRequest {
  kind: NotificationKind;
  title: string;
  body: string;
  /** Clicking the notification (or its default action). */
  onClick?: () => void;
  /** Buttons where the OS has them (macOS, Windows); the window offers the same everywhere. */
  actions?: Array<{ label: string; run: () => void }>;
}

export interface DesktopPorts {
  notify(request: NotificationRequest): void;
  copyText(text: string): void;
  /** Plain text and HTML at once (mail and chat paste the one they show). */
  copyRich(content: { text: string; html: string }): void;
  /** Opens an https URL in the user's browser. */
  openExternal(url: string): Promise<void>;
  renderTray(model: TrayModel): void;
  /** Shows the window (creating it if needed) at a view. */
  showWindow(view: 'home' | 'meeting' | 'settings' | 'sign-in' | 'invite'): void;
  setLaunchAtLogin(enabled: boolean): Promise<void>;
  quit(): void;
}

/** Starts the built-in simulator for "Use the demo server"; resolves with how to reach it. */
export type DemoServerFactory = () => Promise<{
  discoverUrl: string;
  sipAddress: string;
  password: string;
  caPem: string | undefined;
}>;
