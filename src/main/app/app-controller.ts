import { type Platform, platformOf } from '../../shared/accelerator.js';
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
import type { AccountSettings, SessionService } from '../session/session-service.js';
import { describeProblem } from '../session/session-service.js';
import type { SessionState } from '../session/session-state.js';
import { AccountMemory, normaliseSip, type SignInRequest } from './account-memory.js';
import { Announcer } from './announcer.js';
import { publicSettings, toMeetingView, toSessionView } from './app-view.js';
import { type ConfirmAnswer, ConfirmFlow } from './confirm-flow.js';
import { DeepLinkRouter } from './deep-link-router.js';
import { KeychainStatus } from './keychain-status.js';
import { MeetingActions } from './meeting-actions.js';
import { MeetingLinks } from './meeting-links.js';
import { TimelineTracker, withTimeline } from './meeting-timeline.js';
import { MyLinkService } from './my-link-service.js';
import type { DemoServerFactory, DesktopPorts } from './ports.js';
import { RecentMeetingsService } from './recent-meetings-service.js';
import { ServerApproval } from './server-approval.js';
import { SettingsActions } from './settings-actions.js';
import type { SettingsStore } from './settings-store.js';
import type { ShortcutService } from './shortcut-service.js';
import { StartFlow } from './start-flow.js';
import { runTrayCommand } from './tray-commands.js';
import { type TrayCommand, trayModel } from './tray-model.js';

export type { SignInRequest };

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

/**
 * The product's behaviour, independent of Electron: what a press of the shortcut or a tray click
 * does, what is copied and announced, what the window sees. The shell only adapts events to it.
 */
export class AppController {
  private readonly viewListeners = new Set<(view: AppView) => void>();
  private readonly approval: ServerApproval;
  private readonly memory: AccountMemory;
  private readonly myLink: MyLinkService;
  /** The recent-meetings list (window, tray, settings). */
  public readonly recent: RecentMeetingsService;
  /** `meetnow://` links from a second launch or the OS. */
  public readonly deepLinks: DeepLinkRouter;
  private demoTrustedHosts: string[] = [];
  /** The launch (its sign-in with saved credentials); links opened meanwhile wait for it. */
  private startup: Promise<void> = Promise.resolve();
  private readonly keychain: KeychainStatus;
  private readonly settingsActions: SettingsActions;
  private readonly links: MeetingLinks;
  private disposers: Array<() => void> = [];
  private readonly announcer: Announcer;
  private readonly timeline: TimelineTracker;
  private readonly meeting: MeetingActions;
  private readonly startFlow: StartFlow;
  private readonly confirm: ConfirmFlow;
  private readonly platform: Platform;

  public constructor(private readonly deps: AppControllerDeps) {
    this.platform = deps.platform ?? platformOf(process.platform);
    const log = deps.log ?? (() => {});
    this.approval = new ServerApproval(deps.settings);
    this.memory = new AccountMemory({ settings: deps.settings, session: deps.session, log });
    this.keychain = new KeychainStatus(deps.credentials);
    this.links = new MeetingLinks(deps);
    const changed = () => this.changed();
    this.announcer = new Announcer({ ...deps, admit: (id) => this.admit(id) });
    this.timeline = new TimelineTracker(deps.now ?? Date.now);
    this.recent = new RecentMeetingsService({ ...deps, log, now: () => new Date((deps.now ?? Date.now)()) });
    this.meeting = new MeetingActions({ ...deps, timeline: this.timeline, changed, recent: this.recent });
    this.startFlow = new StartFlow({
      ...deps,
      announcer: this.announcer,
      changed,
      openMeeting: () => this.openMeeting(),
      copyLink: () => this.copyLink(),
    });
    this.confirm = new ConfirmFlow({
      ...deps,
      changed,
      signOut: (forget) => this.signOut(forget),
      meetingBusy: () => this.startFlow.busy,
    });
    this.myLink = new MyLinkService({
      ...deps,
      announcer: this.announcer,
      changed,
      starting: () =>
        this.startFlow.pendingStart || this.deepLinks.busy || deps.session.snapshot()?.state === 'starting',
    });
    this.deepLinks = new DeepLinkRouter({
      ...deps,
      confirm: this.confirm,
      announcer: this.announcer,
      log,
      settled: () => this.startup,
      done: changed,
      actions: {
        startMeetingNow: (subject) => this.startMeetingNow(subject),
        invite: (sipUris) => this.startInvites(sipUris),
        copyLiveLink: () => this.copyLink(),
        copyMyLink: () => this.copyMyLink(),
      },
    });
    this.settingsActions = new SettingsActions({
      ...deps,
      announcer: this.announcer,
      recent: this.recent,
      platform: this.platform,
    });
    this.disposers.push(
      () => this.memory.dispose(),
      () => this.myLink.stop(),
      () => this.recent.stop(),
      deps.session.events.on('state', () => this.changed()),
      deps.session.events.on('meeting', (snapshot) => {
        if (!snapshot || snapshot.state === 'starting') this.meeting.invitees.clear();
        this.timeline.observe(snapshot);
        this.announcer.roster(snapshot);
        this.changed();
      }),
    );
  }

  // #region lifecycle
  /** On app ready: endpoint id, shortcut, tray, and a sign-in with a remembered password. */
  public start(): Promise<void> {
    this.startup = this.launch();
    return this.startup;
  }

  private async launch(): Promise<void> {
    const settings = this.deps.settings.get();
    if (!settings.endpointId) this.deps.settings.update({ endpointId: this.deps.randomId() });
    this.settingsActions.applyShortcut();
    this.changed();
    const saved = this.memory.savedRequest();
    if (saved) {
      await this.keychain.refresh(saved.sipAddress);
      if (this.keychain.hasStoredPassword || saved.sso) await this.signIn(saved);
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
  /** Shortcut, tray click or button: one meeting, link copied, a notification (see StartFlow). */
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
    this.startFlow.onTrayClick();
  }

  public onTrayCommand(command: TrayCommand, argument?: string): Promise<void> {
    return runTrayCommand(this, this.deps.desktop, command, argument);
  }

  public async leaveOrCancel(): Promise<void> {
    if (this.deps.session.snapshot()?.state === 'starting') this.cancelStart();
    else await this.endMeeting();
  }

  public requestQuit(): void {
    this.confirm.quit();
  }

  /** Sign out, asking first when that would leave a live meeting. */
  public requestSignOut(forget: boolean): Promise<void> {
    return this.confirm.signOut(forget);
  }

  /** The window's answer to "Signing out will leave '…'" or to a link that would invite. */
  public answerConfirm(answer: ConfirmAnswer): Promise<void> {
    return this.confirm.answer(answer);
  }
  // #endregion

  // #region sign-in
  public async signIn(request: SignInRequest): Promise<SessionView> {
    const sipAddress = normaliseSip(request.sipAddress);
    const account: AccountSettings = this.memory.accountFor(request, this.approval.sessionApprovedHosts);
    const options =
      request.password !== undefined ? { password: request.password, remember: request.remember } : {};
    let state: SessionState;
    try {
      state = await this.deps.session.signIn(account, options);
    } catch (error) {
      state = { status: 'error', account: sipAddress, problem: describeProblem(error) };
    }
    if (state.status === 'error' && state.problem.kind === 'keychain-unavailable')
      this.keychain.available = false;
    this.approval.afterSignIn(state, request, sipAddress);
    await this.keychain.refresh(sipAddress);
    this.changed();
    return toSessionView(this.deps.session.state);
  }

  /** The user trusts a host outside the domain: once (this run) or always (persisted). */
  public async approveServer(host: string, always: boolean): Promise<SessionView> {
    const pending = this.approval.approve(host, always);
    return pending ? this.signIn(pending) : toSessionView(this.deps.session.state);
  }

  public rejectServer(): void {
    this.approval.reject();
    this.changed();
  }

  public revokeHost(host: string): void {
    this.approval.revoke(host);
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
    if (forget) {
      this.memory.forget();
      this.recent.clear();
    }
    await this.keychain.refresh(this.deps.settings.get().accountSipAddress);
    this.changed();
  }

  // #endregion

  // #region meeting
  /** Copies the live meeting's link; false when there is none to copy. */
  public copyLink(): boolean {
    return this.links.copy();
  }

  /** The live meeting's invitation, as text and HTML. */
  public copyInvitation(): Promise<void> {
    return this.links.copyInvitation();
  }

  /** The user's static meeting link (myAssignedOnlineMeeting): at most one request per sign-in. */
  public copyMyLink(): Promise<void> {
    return this.myLink.copy();
  }

  /** Opens the join link in the browser: only an https URL the server gave (or the loopback demo). */
  public openMeeting(): Promise<void> {
    return this.links.open();
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
    const next = await this.settingsActions.update(patch);
    this.changed();
    return publicSettings(next);
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
        hasStoredPassword: this.keychain.hasStoredPassword,
      },
      shortcut: this.deps.shortcut.status,
      trustPrompt: this.approval.prompt,
      keychainAvailable: this.keychain.available,
      platform: this.platform,
      invitees: this.meeting.invitees.list(),
      pendingStart: this.startFlow.pendingStart,
      shortcutTrial: this.startFlow.shortcutTrial,
      confirm: this.confirm.request,
      recentMeetings: this.recent.list(),
      myLinkUnavailable: this.myLink.unavailable,
    };
  }

  public onView(listener: (view: AppView) => void): () => void {
    this.viewListeners.add(listener);
    return () => this.viewListeners.delete(listener);
  }

  private changed(): void {
    this.myLink.poke();
    const view = this.view();
    const { session, meeting, shortcut, recentMeetings, myLinkUnavailable } = view;
    const settings = this.deps.settings.get();
    this.deps.desktop.renderTray(
      trayModel(session, meeting, settings, shortcut, recentMeetings, myLinkUnavailable !== undefined),
    );
    for (const listener of this.viewListeners) listener(view);
  }

  // #endregion
}
