import { describeProblemFacts, problemNotification } from '../../shared/error-catalog.js';
import type { MeetingView } from '../../shared/ipc-contract.js';
import type { SessionService } from '../session/session-service.js';
import { describeProblem } from '../session/session-service.js';
import { trustedJoinUrl } from '../ucwa/join-url.js';
import type { Announcer } from './announcer.js';
import { toMeetingView } from './app-view.js';
import type { DesktopPorts } from './ports.js';
import type { SettingsStore } from './settings-store.js';

export interface StartFlowDeps {
  session: SessionService;
  settings: SettingsStore;
  desktop: DesktopPorts;
  announcer: Announcer;
  changed(): void;
  openMeeting(): Promise<void>;
  copyLink(): void;
}

/**
 * The one-click path: a press (shortcut, tray, button) gives one meeting, its link on the
 * clipboard and a notification. A press during the sign-in waits for it; a press while live copies
 * the link again; while Settings is open the shortcut is only tried.
 */
export class StartFlow {
  private starting: Promise<MeetingView | undefined> | undefined;
  /** A press that arrived while signing in: started once the session is ready, unless cancelled. */
  private pending: { subject: string | undefined; cancelled: boolean } | undefined;
  private cancelPending: (() => void) | undefined;
  private trial = { active: false, presses: 0 };

  public constructor(private readonly deps: StartFlowDeps) {}

  public get pendingStart(): boolean {
    return this.pending !== undefined;
  }

  /** A meeting is live, being started, or a press waits to start one (a link must not use it). */
  public get busy(): boolean {
    const state = this.deps.session.snapshot()?.state;
    return this.starting !== undefined || state === 'live' || state === 'starting';
  }

  public get shortcutTrial(): { active: boolean; presses: number } {
    return this.trial;
  }

  /** Drops a press that waits for the sign-in. */
  public cancelWaiting(): void {
    this.cancelPending?.();
    this.cancelPending = undefined;
  }

  /**
   * Shortcut, tray click or button: one meeting, link on the clipboard, a notification. Presses
   * while a start runs share it: one meeting, one copy, one notification.
   */
  public startMeetingNow(subject?: string): Promise<MeetingView | undefined> {
    this.starting ??= this.run(subject).finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  /** The global shortcut: starts a meeting, or, while Settings is open, only proves it works. */
  public onShortcutPress(): void {
    if (this.trial.active) {
      this.trial = { ...this.trial, presses: this.trial.presses + 1 };
      this.deps.changed();
      return;
    }
    void this.startMeetingNow().catch(() => {});
  }

  /** The first click explains the choice (the window opens on it); later clicks do what was chosen. */
  public onTrayClick(): void {
    const settings = this.deps.settings.get();
    if (!settings.trayClickExplained) {
      this.deps.settings.update({ trayClickExplained: true, welcomeDone: false });
      this.deps.changed();
      this.deps.desktop.showWindow('home');
      return;
    }
    if (settings.trayClickAction === 'openWindow') this.deps.desktop.showWindow('home');
    else void this.startMeetingNow().catch(() => {});
  }

  /** Settings is open (or closed): the shortcut is tried rather than obeyed meanwhile. */
  public setShortcutTrial(active: boolean): void {
    if (this.trial.active === active) return;
    this.trial = { active, presses: 0 };
    this.deps.changed();
  }

  private async run(subject?: string): Promise<MeetingView | undefined> {
    if (this.deps.session.state.status === 'signingIn') {
      const started = await this.afterSignIn(subject);
      if (!started) return undefined;
    }
    const state = this.deps.session.state.status;
    if (state !== 'ready' && state !== 'reconnecting') {
      this.deps.desktop.showWindow('sign-in');
      return undefined;
    }
    const settings = this.deps.settings.get();
    const wasLive = this.deps.session.snapshot()?.state === 'live';
    try {
      const snapshot = await this.deps.session.startMeetingNow({
        subject: subject ?? settings.defaultSubject,
      });
      // Only an https link on a host the trust policy vouches for is copied or announced.
      const joinUrl = trustedJoinUrl(snapshot.info?.joinUrl, this.deps.session.trustPolicy)?.href;
      if (joinUrl) {
        if (settings.copyLinkWhenReady || wasLive) this.deps.desktop.copyText(joinUrl);
        const name = snapshot.info?.subject ? `“${snapshot.info.subject}”` : 'your meeting';
        const where = settings.demoMode ? ' It works only on this computer.' : '';
        this.deps.announcer.notify(
          'meetingReady',
          wasLive ? 'Link copied again' : 'Meeting ready',
          wasLive
            ? `You're still in ${name}; its join link is on your clipboard.${where}`
            : settings.copyLinkWhenReady
              ? `The join link for ${name} is on your clipboard.${where}`
              : `${name.charAt(0).toUpperCase()}${name.slice(1)} is ready.${where}`,
          () => this.deps.desktop.showWindow('meeting'),
          [
            { label: 'Open', run: () => void this.deps.openMeeting() },
            { label: 'Copy link', run: () => this.deps.copyLink() },
          ],
        );
      }
      return toMeetingView(snapshot);
    } catch (error) {
      const problem = describeProblem(error);
      if (problem.kind === 'aborted') throw error; // the user cancelled: nothing to announce
      const words = problemNotification(describeProblemFacts(problem));
      this.deps.announcer.notify(
        'failures',
        words.title,
        words.body,
        () => this.deps.desktop.showWindow('home'),
        [{ label: 'Retry', run: () => void this.startMeetingNow(subject) }],
      );
      throw error;
    }
  }

  /** Waits for the sign-in under way; true when a meeting should now start. */
  private afterSignIn(subject: string | undefined): Promise<boolean> {
    const pending = { subject, cancelled: false };
    this.pending = pending;
    this.deps.changed();
    return new Promise((resolve) => {
      const stop = this.deps.session.events.on('state', (state) => {
        if (state.status === 'signingIn' && !pending.cancelled) return;
        stop();
        if (this.pending === pending) this.pending = undefined;
        resolve(!pending.cancelled && (state.status === 'ready' || state.status === 'reconnecting'));
        this.deps.changed();
      });
      this.cancelPending = () => {
        pending.cancelled = true;
        stop();
        this.pending = undefined;
        resolve(false);
        this.deps.changed();
      };
    });
  }
}
