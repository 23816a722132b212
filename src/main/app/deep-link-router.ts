import { describeProblemFacts, problemNotification } from '../../shared/error-catalog.js';
import type { MeetingView } from '../../shared/ipc-contract.js';
import type { Announcer } from './announcer.js';
import { type DeepLink, parseDeepLink } from './deep-link.js';

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
    const { actions, announcer } = this.deps;
    switch (link.action) {
      case 'start': {
        const meeting = await actions.startMeetingNow(link.subject);
        if (meeting?.state === 'live' && link.invite.length > 0) actions.invite(link.invite);
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
