import { describeProblemFacts, problemNotification } from '../../shared/error-catalog.js';
import type { MeetingView } from '../../shared/ipc-contract.js';
import type { SessionService } from '../session/session-service.js';
import type { Announcer } from './announcer.js';
import type { ConfirmFlow } from './confirm-flow.js';
import { type DeepLink, parseDeepLink } from './deep-link.js';
import type { SettingsStore } from './settings-store.js';

/**
 * What a link may ask of the app: exactly what its own buttons do. There is deliberately no
 * sign-in, no setting and no server here, so a link cannot reach any of them.
 */
export interface DeepLinkActions {
  /** The shortcut's path: one meeting, its link copied, the same notification. */
  startMeetingNow(subject?: string): Promise<MeetingView | undefined>;
  invite(sipUris: readonly string[]): unknown;
  /** Copies the live meeting's link; false when there is none. */
  copyLiveLink(): boolean;
  copyMyLink(): Promise<void>;
}

/** Routes `meetnow://` links (from a second launch or the OS) to the app's own actions. */
export interface DeepLinkRouterDeps {
  actions: DeepLinkActions;
  session: Pick<SessionService, 'state'>;
  settings: Pick<SettingsStore, 'get'>;
  /** Opens the window on "A link asks to start 'X' and invite N people". */
  confirm: Pick<ConfirmFlow, 'askLinkStart'>;
  announcer: Announcer;
  log: (line: string) => void;
  /** The launch's own sign-in (with saved credentials) has settled: links wait for it. */
  settled(): Promise<void>;
  /** A link finished: the app may do what it held back meanwhile (the my-link prefetch). */
  done(): void;
}

export class DeepLinkRouter {
  private running = 0;

  public constructor(private readonly deps: DeepLinkRouterDeps) {}

  /** A link waits or runs: its requests go first. */
  public get busy(): boolean {
    return this.running > 0;
  }

  /** Does what the link asks; never throws (failures are announced where the action announces). */
  public async open(text: string): Promise<void> {
    const link = parseDeepLink(text, this.deps.log);
    if (!link) return;
    this.running += 1;
    try {
      await this.deps.settled();
      await this.run(link);
    } catch (error) {
      this.deps.log(`deep link ${link.action}: ${(error as Error).message.slice(0, 200)}`);
    } finally {
      this.running -= 1;
      this.deps.done();
    }
  }

  private async run(link: DeepLink): Promise<void> {
    const { actions, announcer, session } = this.deps;
    switch (link.action) {
      case 'start': {
        // Without invitees a link does what the shortcut does. With them it never rings anyone
        // unasked: the window asks first, and never adds them to a meeting already live.
        const status = session.state.status;
        const signedIn = status === 'ready' || status === 'reconnecting' || status === 'signingIn';
        if (link.invite.length === 0 || !signedIn) {
          await actions.startMeetingNow(link.subject);
          return;
        }
        this.deps.confirm.askLinkStart({
          subject: link.subject ?? this.deps.settings.get().defaultSubject,
          invite: link.invite,
          start: async (invite) => {
            const meeting = await actions.startMeetingNow(link.subject);
            if (invite && meeting?.state === 'live') actions.invite(link.invite);
          },
        });
        return;
      }
      case 'copy-link': {
        if (actions.copyLiveLink()) {
          announcer.notify(
            'meetingReady',
            'Link copied',
            'The join link of your meeting is on your clipboard.',
          );
          return;
        }
        const words = problemNotification(describeProblemFacts({ kind: 'no-meeting' }));
        announcer.notify('failures', words.title, words.body);
        return;
      }
      case 'my-link':
        await actions.copyMyLink();
        return;
    }
  }
}
