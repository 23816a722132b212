import type { SessionService } from '../session/session-service.js';
import { trustedJoinUrl } from '../ucwa/join-url.js';
import { isLoopbackHost } from '../ucwa/urls.js';
import { AppError } from './app-errors.js';
import type { DesktopPorts } from './ports.js';
import type { SettingsStore } from './settings-store.js';

/** The live meeting's link and invitation: copied or opened only as the trust policy allows. */
export class MeetingLinks {
  public constructor(
    private readonly deps: { session: SessionService; settings: SettingsStore; desktop: DesktopPorts },
  ) {}

  private trusted(): URL | undefined {
    const { session } = this.deps;
    return trustedJoinUrl(session.snapshot()?.info?.joinUrl, session.trustPolicy);
  }

  /** Copies the link; false when there is none to copy. */
  public copy(): boolean {
    const url = this.trusted();
    if (url) this.deps.desktop.copyText(url.href);
    return url !== undefined;
  }

  /** Opens the join link in the browser: only an https URL the server gave (or the loopback demo). */
  public async open(): Promise<void> {
    const url = this.trusted();
    if (!url) return;
    const demoLoopback =
      this.deps.settings.get().demoMode && url.protocol === 'http:' && isLoopbackHost(url.hostname);
    if (url.protocol !== 'https:' && !demoLoopback) return;
    await this.deps.desktop.openExternal(url.href);
  }

  /** The invitation as text and HTML. */
  public async copyInvitation(): Promise<void> {
    if (this.deps.session.snapshot()?.state !== 'live')
      throw new AppError('no-meeting', 'No meeting is running.');
    this.deps.desktop.copyRich(await this.deps.session.invitation());
  }
}
