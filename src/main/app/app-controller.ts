import type {
  AppView,
  ContactView,
  InvitationView,
  MeetingView,
  SessionView,
} from '../../shared/ipc-contract.js';
import type { SettingsPatch } from '../../shared/settings.js';
import type { CredentialStore } from '../secrets/credential-store.js';
import { KeychainUnavailableError } from '../secrets/credential-store.js';
import type { AccountSettings, MeetingSnapshot, SessionService } from '../session/session-service.js';
import { describeProblem } from '../session/session-service.js';
import type { SessionState } from '../session/session-state.js';
import { trustedJoinUrl } from '../ucwa/join-url.js';
import { isLoopbackHost } from '../ucwa/urls.js';
import { publicSettings, toMeetingView, toSessionView } from './app-view.js';
import type { DemoServerFactory, DesktopPorts } from './ports.js';
import type { SettingsStore } from './settings-store.js';
import type { ShortcutService } from './shortcut-service.js';
import { type TrayCommand, trayModel } from './tray-model.js';

export interface AppControllerDeps {
  session: SessionService;
  settings: SettingsStore;
  credentials: CredentialStore;
  shortcut: ShortcutService;
  desktop: DesktopPorts;
  demoServer: DemoServerFactory;
  randomId: () => string;
  log?: (line: string) => void;
}

export interface SignInRequest {
  sipAddress: string;
  username?: string;
  password?: string;
  remember: boolean;
  discoverUrl?: string;
}

/**
 * The product's behaviour, independent of Electron: what a press of the shortcut or a tray click
 * does, what is copied and announced, what the window sees. The shell only adapts events to it.
 */
export class AppController {
  private readonly viewListeners = new Set<(view: AppView) => void>();
  private trustPrompt: { host: string; domain: string } | undefined;
  /** A password typed for a sign-in that stopped at the trust prompt: memory only, dropped after. */
  private pendingSignIn: SignInRequest | undefined;
  private sessionApprovedHosts: string[] = [];
  private demoTrustedHosts: string[] = [];
  private hasStoredPassword = false;
  private keychainAvailable = true;
  private lastRoster = new Map<string, { name: string; inLobby: boolean }>();
  private disposers: Array<() => void> = [];
  private starting: Promise<MeetingView | undefined> | undefined;

  public constructor(private readonly deps: AppControllerDeps) {
    this.disposers.push(
      deps.session.events.on('state', () => this.changed()),
      deps.session.events.on('meeting', (snapshot) => {
        this.announceRoster(snapshot);
        this.changed();
      }),
      deps.session.events.on('userUrl', (userUrl) => {
        if (!deps.settings.get().demoMode) deps.settings.update({ cachedUserUrl: userUrl });
      }),
    );
  }

  // #region lifecycle
  /** On app ready: endpoint id, shortcut, tray, and a sign-in with a remembered password. */
  public async start(): Promise<void> {
    const settings = this.deps.settings.get();
    if (!settings.endpointId) this.deps.settings.update({ endpointId: this.deps.randomId() });
    this.deps.shortcut.apply(settings.shortcut);
    this.reportShortcut();
    this.changed();
    if (settings.accountSipAddress && !settings.demoMode) {
      await this.refreshStoredPassword(settings.accountSipAddress);
      if (this.hasStoredPassword)
        await this.signIn({
          sipAddress: settings.accountSipAddress,
          remember: true,
          ...(settings.accountUsername ? { username: settings.accountUsername } : {}),
          ...(settings.discoverUrl ? { discoverUrl: settings.discoverUrl } : {}),
        });
    }
    if (this.deps.session.state.status === 'signedOut') this.deps.desktop.showWindow('sign-in');
  }

  /** On quit: the documented sign-out (DELETE application) and the shortcut released. */
  public async dispose(): Promise<void> {
    this.deps.shortcut.release();
    for (const dispose of this.disposers) dispose();
    await this.deps.session.signOut();
  }

  /** Renders tray and window again (e.g. the OS switched between light and dark). */
  public refresh(): void {
    this.changed();
  }

  /** After sleep/resume or a network change: poll again now instead of after a timeout. */
  public revalidate(): void {
    this.deps.session.revalidate();
  }
  // #endregion

  // #region the one-click path
  /**
   * Shortcut, tray click or button: one meeting, link on the clipboard, a notification. Presses
   * while a start runs share it: one meeting, one copy, one notification.
   */
  public startMeetingNow(subject?: string): Promise<MeetingView | undefined> {
    this.starting ??= this.runStartMeetingNow(subject).finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async runStartMeetingNow(subject?: string): Promise<MeetingView | undefined> {
    const state = this.deps.session.state.status;
    if (state !== 'ready' && state !== 'reconnecting') {
      this.deps.desktop.showWindow('sign-in');
      return undefined;
    }
    const settings = this.deps.settings.get();
    try {
      const snapshot = await this.deps.session.startMeetingNow({
        subject: subject ?? settings.defaultSubject,
      });
      const joinUrl = trustedJoinUrl(snapshot.info?.joinUrl, this.deps.session.trustPolicy)?.href;
      if (joinUrl) {
        if (settings.copyLinkWhenReady) this.deps.desktop.copyText(joinUrl);
        this.notify(
          'meetingReady',
          'Meeting ready',
          settings.copyLinkWhenReady ? 'The join link is on your clipboard.' : 'Your meeting is ready.',
          () => this.deps.desktop.showWindow('meeting'),
          [
            { label: 'Open', run: () => void this.openMeeting() },
            { label: 'Copy link', run: () => this.copyLink() },
          ],
        );
      }
      return toMeetingView(snapshot);
    } catch (error) {
      const problem = describeProblem(error);
      if (problem.kind === 'aborted') throw error; // the user cancelled: nothing to announce
      this.notify(
        'failures',
        'Could not start the meeting',
        problem.message,
        () => this.deps.desktop.showWindow('home'),
        [{ label: 'Retry', run: () => void this.startMeetingNow(subject) }],
      );
      throw error;
    }
  }

  public onTrayClick(): void {
    if (this.deps.settings.get().trayClickAction === 'openWindow') this.deps.desktop.showWindow('home');
    else void this.startMeetingNow().catch(() => {});
  }

  public async onTrayCommand(command: TrayCommand): Promise<void> {
    switch (command) {
      case 'startMeeting':
        await this.startMeetingNow().catch(() => {});
        return;
      case 'copyLink':
        this.copyLink();
        return;
      case 'openMeeting':
        await this.openMeeting();
        return;
      case 'invite':
        this.deps.desktop.showWindow('invite');
        return;
      case 'endMeeting':
        await this.endMeeting();
        return;
      case 'openWindow':
        this.deps.desktop.showWindow('home');
        return;
      case 'openSettings':
        this.deps.desktop.showWindow('settings');
        return;
      case 'signIn':
        this.deps.desktop.showWindow('sign-in');
        return;
      case 'signOut':
        await this.signOut(false);
        return;
      case 'quit':
        this.deps.desktop.quit();
        return;
    }
  }
  // #endregion

  // #region sign-in
  public async signIn(request: SignInRequest): Promise<SessionView> {
    const settings = this.deps.settings.get();
    const sipAddress = request.sipAddress.trim().replace(/^sip:/i, '');
    this.deps.settings.update({
      accountSipAddress: sipAddress,
      accountUsername: request.username ?? '',
      discoverUrl: request.discoverUrl ?? '',
      demoMode: false,
      ...(sipAddress !== settings.accountSipAddress ? { cachedUserUrl: '' } : {}),
    });
    const account: AccountSettings = {
      sipAddress,
      ...(request.username ? { username: request.username } : {}),
      ...(request.discoverUrl ? { discoverUrl: request.discoverUrl } : {}),
      approvedHosts: [...this.deps.settings.get().approvedHosts, ...this.sessionApprovedHosts],
      ...(this.deps.settings.get().cachedUserUrl
        ? { cachedUserUrl: this.deps.settings.get().cachedUserUrl }
        : {}),
    };
    const options =
      request.password !== undefined ? { password: request.password, remember: request.remember } : {};
    let state: SessionState;
    try {
      state = await this.deps.session.signIn(account, options);
    } catch (error) {
      state = { status: 'error', account: sipAddress, problem: describeProblem(error) };
    }
    if (state.status === 'error' && state.problem.kind === 'keychain-unavailable')
      this.keychainAvailable = false;
    if (state.status === 'error' && state.problem.kind === 'untrusted-host' && state.problem.host) {
      this.trustPrompt = { host: state.problem.host, domain: sipAddress.split('@')[1] ?? '' };
      this.pendingSignIn = request;
    } else {
      this.trustPrompt = undefined;
      this.pendingSignIn = undefined;
    }
    await this.refreshStoredPassword(sipAddress);
    this.changed();
    return toSessionView(this.deps.session.state);
  }

  /** The user trusts a host outside the domain: once (this run) or always (persisted). */
  public async approveServer(host: string, always: boolean): Promise<SessionView> {
    const pending = this.pendingSignIn;
    if (!this.trustPrompt || this.trustPrompt.host !== host || !pending)
      return toSessionView(this.deps.session.state);
    if (always)
      this.deps.settings.update({
        approvedHosts: [...new Set([...this.deps.settings.get().approvedHosts, host])],
      });
    else this.sessionApprovedHosts = [...new Set([...this.sessionApprovedHosts, host])];
    this.trustPrompt = undefined;
    return this.signIn(pending);
  }

  public rejectServer(): void {
    this.trustPrompt = undefined;
    this.pendingSignIn = undefined;
    this.changed();
  }

  public revokeHost(host: string): void {
    this.deps.settings.update({
      approvedHosts: this.deps.settings.get().approvedHosts.filter((entry) => entry !== host),
    });
    this.sessionApprovedHosts = this.sessionApprovedHosts.filter((entry) => entry !== host);
    this.changed();
  }

  /** "Use the demo server": starts the built-in simulator (loopback) and signs in to it. */
  public async signInDemo(): Promise<SessionView> {
    const demo = await this.deps.demoServer();
    const host = new URL(demo.discoverUrl).hostname;
    this.demoTrustedHosts = [host];
    this.deps.settings.update({ demoMode: true });
    await this.deps.session.signIn(
      { sipAddress: demo.sipAddress, discoverUrl: demo.discoverUrl, trustedHosts: this.demoTrustedHosts },
      { password: demo.password, remember: false },
    );
    this.changed();
    return toSessionView(this.deps.session.state);
  }

  public async signOut(forget: boolean): Promise<void> {
    await this.deps.session.signOut({ forget });
    if (forget) this.deps.settings.update({ cachedUserUrl: '' });
    await this.refreshStoredPassword(this.deps.settings.get().accountSipAddress);
    this.changed();
  }

  private async refreshStoredPassword(account: string): Promise<void> {
    if (!account) {
      this.hasStoredPassword = false;
      return;
    }
    try {
      this.hasStoredPassword = (await this.deps.credentials.get(account)) !== undefined;
      this.keychainAvailable = true;
    } catch (error) {
      this.hasStoredPassword = false;
      if (KeychainUnavailableError.is(error)) this.keychainAvailable = false;
    }
  }
  // #endregion

  // #region meeting
  public copyLink(): void {
    const url = trustedJoinUrl(this.deps.session.snapshot()?.info?.joinUrl, this.deps.session.trustPolicy);
    if (url) this.deps.desktop.copyText(url.href);
  }

  /** Opens the join link in the browser: only an https URL the server gave (or the loopback demo). */
  public async openMeeting(): Promise<void> {
    const url = trustedJoinUrl(this.deps.session.snapshot()?.info?.joinUrl, this.deps.session.trustPolicy);
    if (!url) return;
    const demoLoopback =
      this.deps.settings.get().demoMode && url.protocol === 'http:' && isLoopbackHost(url.hostname);
    if (url.protocol !== 'https:' && !demoLoopback) return;
    await this.deps.desktop.openExternal(url.href);
  }

  public cancelStart(): void {
    this.deps.session.cancelStart();
  }

  public async endMeeting(): Promise<void> {
    await this.deps.session.endMeeting();
  }

  public async invite(sipUris: readonly string[]): Promise<InvitationView[]> {
    return Promise.all(
      sipUris.map(async (uri): Promise<InvitationView> => {
        try {
          const outcome = await this.deps.session.invite(uri);
          return outcome.ok
            ? { to: outcome.to, ok: true }
            : { to: outcome.to, ok: false, message: outcome.message };
        } catch (error) {
          return { to: uri, ok: false, message: describeProblem(error).message };
        }
      }),
    );
  }

  public admit(participantId: string): Promise<void> {
    return this.deps.session.admit(participantId);
  }

  public deny(participantId: string): Promise<void> {
    return this.deps.session.deny(participantId);
  }

  public async searchPeople(query: string): Promise<ContactView[]> {
    return (await this.deps.session.searchPeople(query, 8)).map(
      ({ uri, name, email, title, department }) => ({ uri, name, email, title, department }),
    );
  }
  // #endregion

  // #region settings
  public async updateSettings(patch: SettingsPatch): Promise<AppView['settings']> {
    const before = this.deps.settings.get();
    const next = this.deps.settings.update(patch);
    if (patch.shortcut !== undefined && patch.shortcut !== before.shortcut) {
      this.deps.shortcut.apply(next.shortcut);
      this.reportShortcut();
    }
    if (patch.launchAtLogin !== undefined && patch.launchAtLogin !== before.launchAtLogin)
      await this.deps.desktop.setLaunchAtLogin(next.launchAtLogin);
    this.changed();
    return publicSettings(next);
  }

  private reportShortcut(): void {
    const status = this.deps.shortcut.status;
    if (status.status === 'conflict' || status.status === 'unsupported' || status.status === 'invalid') {
      this.notify(
        'failures',
        'Shortcut not available',
        status.message ?? `${status.accelerator} cannot be used.`,
        () => this.deps.desktop.showWindow('settings'),
      );
    }
  }
  // #endregion

  // #region view and announcements
  public view(): AppView {
    const settings = this.deps.settings.get();
    return {
      session: toSessionView(this.deps.session.state),
      meeting: toMeetingView(this.deps.session.snapshot()),
      settings: publicSettings(settings),
      account: {
        sipAddress: settings.accountSipAddress,
        username: settings.accountUsername,
        discoverUrl: settings.discoverUrl,
        hasStoredPassword: this.hasStoredPassword,
      },
      shortcut: this.deps.shortcut.status,
      trustPrompt: this.trustPrompt,
      keychainAvailable: this.keychainAvailable,
    };
  }

  public onView(listener: (view: AppView) => void): () => void {
    this.viewListeners.add(listener);
    return () => this.viewListeners.delete(listener);
  }

  private changed(): void {
    const view = this.view();
    this.deps.desktop.renderTray(
      trayModel(view.session, view.meeting, this.deps.settings.get(), view.shortcut),
    );
    for (const listener of this.viewListeners) listener(view);
  }

  private notify(
    kind: 'meetingReady' | 'failures' | 'participants' | 'lobby',
    title: string,
    body: string,
    onClick?: () => void,
    actions?: Array<{ label: string; run: () => void }>,
  ): void {
    if (!this.deps.settings.get().notifications[kind]) return;
    this.deps.desktop.notify({
      kind,
      title,
      body,
      ...(onClick ? { onClick } : {}),
      ...(actions ? { actions } : {}),
    });
  }

  /** Joined, left and waiting-in-the-lobby notifications from consecutive roster snapshots. */
  private announceRoster(snapshot: MeetingSnapshot | undefined): void {
    if (snapshot?.state !== 'live') {
      if (!snapshot || snapshot.state === 'ended' || snapshot.state === 'failed') this.lastRoster = new Map();
      return;
    }
    const next = new Map(
      snapshot.participants.map((p) => [p.id, { name: p.name || p.uri || 'Someone', inLobby: p.inLobby }]),
    );
    for (const [id, person] of next) {
      const before = this.lastRoster.get(id);
      if (person.inLobby && !before) {
        this.notify(
          'lobby',
          'Someone is waiting in the lobby',
          `${person.name} wants to join.`,
          () => this.deps.desktop.showWindow('meeting'),
          [{ label: 'Admit', run: () => void this.admit(id).catch(() => {}) }],
        );
      } else if (!person.inLobby && (!before || before.inLobby)) {
        this.notify('participants', 'Joined the meeting', person.name, () =>
          this.deps.desktop.showWindow('meeting'),
        );
      }
    }
    for (const [id, person] of this.lastRoster) {
      if (!next.has(id) && !person.inLobby) this.notify('participants', 'Left the meeting', person.name);
    }
    this.lastRoster = next;
  }
  // #endregion
}
