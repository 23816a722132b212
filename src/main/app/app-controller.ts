import { checkShortcut, type Platform, platformOf } from '../../shared/accelerator.js';
import { problemNotification } from '../../shared/error-catalog.js';
import type {
  AppView,
  ContactView,
  InvitationView,
  InviteeView,
  MeetingView,
  SessionView,
} from '../../shared/ipc-contract.js';
import type { SettingsPatch } from '../../shared/settings.js';
import type { CredentialStore } from '../secrets/credential-store.js';
import { KeychainUnavailableError } from '../secrets/credential-store.js';
import type { AccountSettings, SessionService } from '../session/session-service.js';
import { describeProblem } from '../session/session-service.js';
import type { SessionState } from '../session/session-state.js';
import { trustedJoinUrl } from '../ucwa/join-url.js';
import { isLoopbackHost } from '../ucwa/urls.js';
import { Announcer } from './announcer.js';
import { publicSettings, toMeetingView, toSessionView } from './app-view.js';
import { MeetingActions } from './meeting-actions.js';
import { TimelineTracker } from './meeting-timeline.js';
import type { DemoServerFactory, DesktopPorts } from './ports.js';
import type { SettingsStore } from './settings-store.js';
import { ShortcutRefusedError, type ShortcutService } from './shortcut-service.js';
import { StartFlow } from './start-flow.js';
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
  /** Whose words to use for keys ("Ctrl+Alt+M" or "⌥⌘M"); process.platform by default. */
  platform?: Platform;
  now?: () => number;
}

export interface SignInRequest {
  sipAddress: string;
  username?: string;
  password?: string;
  remember: boolean;
  discoverUrl?: string;
  /** "Use my computer's sign-in": single sign-on, no password. */
  sso?: boolean;
}

/**
 * The product's behaviour, independent of Electron: what a press of the shortcut or a tray click
 * does, what is copied and announced, what the window sees. The shell only adapts events to it.
 */
export class AppController {
  private readonly viewListeners = new Set<(view: AppView) => void>();
  private trustPrompt: { host: string; server: string; domain: string } | undefined;
  /** A password typed for a sign-in that stopped at the trust prompt: memory only, dropped after. */
  private pendingSignIn: SignInRequest | undefined;
  private sessionApprovedHosts: string[] = [];
  private demoTrustedHosts: string[] = [];
  private hasStoredPassword = false;
  private keychainAvailable = true;
  private disposers: Array<() => void> = [];
  private readonly announcer: Announcer;
  private readonly timeline: TimelineTracker;
  private readonly meeting: MeetingActions;
  private readonly startFlow: StartFlow;
  private confirmRequest: AppView['confirm'];
  private readonly platform: Platform;

  public constructor(private readonly deps: AppControllerDeps) {
    this.platform = deps.platform ?? platformOf(process.platform);
    this.announcer = new Announcer({
      settings: deps.settings,
      desktop: deps.desktop,
      admit: (id) => this.admit(id),
    });
    this.timeline = new TimelineTracker(deps.now ?? Date.now);
    this.meeting = new MeetingActions({
      session: deps.session,
      timeline: this.timeline,
      changed: () => this.changed(),
    });
    this.startFlow = new StartFlow({
      session: deps.session,
      settings: deps.settings,
      desktop: deps.desktop,
      announcer: this.announcer,
      changed: () => this.changed(),
      openMeeting: () => this.openMeeting(),
      copyLink: () => this.copyLink(),
    });
    this.disposers.push(
      deps.session.events.on('state', () => this.changed()),
      deps.session.events.on('meeting', (snapshot) => {
        if (!snapshot || snapshot.state === 'starting') this.meeting.invitees.clear();
        this.timeline.observe(snapshot);
        this.announcer.roster(snapshot);
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
      if (this.hasStoredPassword || settings.accountSso)
        await this.signIn({
          sipAddress: settings.accountSipAddress,
          remember: true,
          ...(settings.accountSso ? { sso: true } : {}),
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
    return this.startFlow.startMeetingNow(subject);
  }

  /** The global shortcut: starts a meeting, or, while Settings is open, only proves it works. */
  public onShortcutPress(): void {
    this.startFlow.onShortcutPress();
  }

  public setShortcutTrial(active: boolean): void {
    this.startFlow.setShortcutTrial(active);
  }

  /** The first click explains the choice (the window opens on it); later clicks do what was chosen. */
  public onTrayClick(): void {
    const settings = this.deps.settings.get();
    if (!settings.trayClickExplained) {
      this.deps.settings.update({ trayClickExplained: true, welcomeDone: false });
      this.changed();
      this.deps.desktop.showWindow('home');
      return;
    }
    if (settings.trayClickAction === 'openWindow') this.deps.desktop.showWindow('home');
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
        if (this.deps.session.snapshot()?.state === 'starting') this.cancelStart();
        else await this.endMeeting();
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
        await this.requestSignOut(false);
        return;
      case 'quit':
        if (!this.askFirst('quit')) this.deps.desktop.quit();
        return;
    }
  }
  // #endregion

  /** During a live meeting, signing out or quitting from the tray asks first, in the window. */
  private askFirst(action: 'signOut' | 'quit'): boolean {
    const meeting = this.deps.session.snapshot();
    if (meeting?.state !== 'live') return false;
    this.confirmRequest = { action, subject: meeting.info?.subject || 'your meeting' };
    this.changed();
    this.deps.desktop.showWindow('home');
    return true;
  }

  private forgetOnConfirm = false;

  /** Sign out, asking first when that would leave a live meeting. */
  public async requestSignOut(forget: boolean): Promise<void> {
    this.forgetOnConfirm = forget;
    if (!this.askFirst('signOut')) await this.signOut(forget);
  }

  /** The window's answer to "Signing out will leave '…'". */
  public async answerConfirm(proceed: boolean): Promise<void> {
    const request = this.confirmRequest;
    this.confirmRequest = undefined;
    this.changed();
    if (!request || !proceed) return;
    if (request.action === 'signOut') await this.signOut(this.forgetOnConfirm);
    else this.deps.desktop.quit();
  }

  // #region sign-in
  public async signIn(request: SignInRequest): Promise<SessionView> {
    const settings = this.deps.settings.get();
    const sipAddress = request.sipAddress.trim().replace(/^sip:/i, '');
    this.deps.settings.update({
      accountSipAddress: sipAddress,
      accountUsername: request.username ?? '',
      discoverUrl: request.discoverUrl ?? '',
      accountSso: request.sso === true,
      demoMode: false,
      ...(sipAddress !== settings.accountSipAddress ? { cachedUserUrl: '' } : {}),
    });
    const account: AccountSettings = {
      sipAddress,
      ...(request.username ? { username: request.username } : {}),
      ...(request.discoverUrl ? { discoverUrl: request.discoverUrl } : {}),
      approvedHosts: [...this.deps.settings.get().approvedHosts, ...this.sessionApprovedHosts],
      trustedDomains: this.deps.settings.get().trustedDomains,
      ...(request.sso ? { sso: true } : {}),
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
      // One approval of the server's domain, not one per pool host (protocol audit C8).
      this.trustPrompt = {
        host: state.problem.approvalDomain ?? state.problem.host,
        server: state.problem.host,
        domain: sipAddress.split('@')[1] ?? '',
      };
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

  /** Cancels a start under way, or a press waiting for the sign-in. */
  public cancelStart(): void {
    this.startFlow.cancelWaiting();
    this.deps.session.cancelStart();
  }

  /** Leaves: others stay in the meeting. */
  public async endMeeting(): Promise<void> {
    await this.deps.session.endMeeting();
  }

  public endForEveryone(): Promise<{ removed: number; failed: number }> {
    return this.meeting.endForEveryone();
  }

  public startInvites(sipUris: readonly string[]): InviteeView[] {
    return this.meeting.startInvites(sipUris);
  }

  public invite(sipUris: readonly string[]): Promise<InvitationView[]> {
    return this.meeting.invite(sipUris);
  }

  public searchPeople(query: string): Promise<ContactView[]> {
    return this.meeting.searchPeople(query);
  }

  public admit(participantId: string): Promise<void> {
    return this.deps.session.admit(participantId);
  }

  public deny(participantId: string): Promise<void> {
    return this.deps.session.deny(participantId);
  }

  // #endregion

  // #region settings
  public async updateSettings(patch: SettingsPatch): Promise<AppView['settings']> {
    if (patch.shortcut) {
      // Refused before saving, so the working shortcut stays registered.
      const check = checkShortcut(patch.shortcut.trim(), this.platform);
      if (!check.ok) throw new ShortcutRefusedError(check.reason);
    }
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
    if (status.problem) {
      const words = problemNotification(status.problem);
      this.announcer.notify('failures', words.title, words.body, () =>
        this.deps.desktop.showWindow('settings'),
      );
    }
  }
  // #endregion

  // #region view and announcements
  public view(): AppView {
    const settings = this.deps.settings.get();
    return {
      session: toSessionView(this.deps.session.state),
      meeting: withTimeline(toMeetingView(this.deps.session.snapshot()), this.timeline.current),
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
      platform: this.platform,
      invitees: this.meeting.invitees.list(),
      pendingStart: this.startFlow.pendingStart,
      shortcutTrial: this.startFlow.shortcutTrial,
      confirm: this.confirmRequest,
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

  // #endregion
}

function withTimeline(
  meeting: MeetingView | undefined,
  timeline: import('./meeting-timeline.js').MeetingTimeline,
): MeetingView | undefined {
  return meeting ? { ...meeting, ...timeline } : undefined;
}
