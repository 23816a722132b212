import { type CatalogEntry, describeProblemFacts, problemNotification } from '../../shared/error-catalog.js';
import type { SessionService } from '../session/session-service.js';
import { describeProblem } from '../session/session-service.js';
import { UcwaError } from '../ucwa/errors.js';
import { trustedJoinUrl } from '../ucwa/join-url.js';
import type { Announcer } from './announcer.js';
import { AppError } from './app-errors.js';
import type { DesktopPorts } from './ports.js';

export interface MyLinkDeps {
  session: SessionService;
  desktop: DesktopPorts;
  announcer: Announcer;
  /** A start is pending or under way: its requests go first (the 4-request cold start). */
  starting(): boolean;
  /** The server said this sign-in has no personal link: the window and tray show it disabled. */
  changed(): void;
  log?: ((line: string) => void) | undefined;
}

const signedIn = (session: SessionService) =>
  session.state.status === 'ready' || session.state.status === 'reconnecting';

/** The server's "no" (no myAssignedOnlineMeeting link): the account has no personal link. */
const isRefusal = (error: unknown) => UcwaError.is(error) && error.kind === 'not-allowed';

const refusal = (): AppError =>
  new AppError('no-personal-link', "Your organisation doesn't give you a personal meeting link.");

/**
 * "Copy my personal meeting link" (myAssignedOnlineMeeting): always the same link, not the meeting
 * you start now. It is fetched once per sign-in, in the background, but only once no start is
 * waiting, so a press at launch gets its meeting first; asking costs at most that one request (the
 * client keeps the answer in memory). Once the server has said the account has none, that holds
 * for the sign-in: the button and the tray item are disabled with the reason, and nothing is asked.
 */
export class MyLinkService {
  private prefetched = false;
  private refused = false;
  private readonly dispose: () => void;

  public constructor(private readonly deps: MyLinkDeps) {
    this.dispose = deps.session.events.on('state', (state) => {
      if (state.status === 'signingIn' || state.status === 'signedOut') {
        this.prefetched = false;
        this.refused = false;
      }
    });
  }

  /** Why there is no personal link for this sign-in (the catalog's words), once the server said so. */
  public get unavailable(): CatalogEntry | undefined {
    return this.refused ? describeProblemFacts({ kind: 'no-personal-link' }) : undefined;
  }

  /** Called on every change of the app: prefetches when signed in and nothing else is waiting. */
  public poke(): void {
    if (this.prefetched || !signedIn(this.deps.session) || this.deps.starting()) return;
    this.prefetched = true;
    this.deps.session.myMeetingLink().then(
      () => {},
      (error: unknown) => {
        this.deps.log?.(`my meeting link: ${(error as Error).message.slice(0, 200)}`);
        this.learn(error);
      },
    );
  }

  /** Copies the link and says so; a failure is announced in the error catalog's words and thrown. */
  public async copy(): Promise<void> {
    if (!signedIn(this.deps.session)) {
      this.deps.desktop.showWindow('sign-in');
      return;
    }
    try {
      if (this.refused) throw refusal();
      const mine = await this.deps.session.myMeetingLink();
      const url = trustedJoinUrl(mine.joinUrl, this.deps.session.trustPolicy);
      if (!url)
        throw new UcwaError('protocol', 'The personal meeting link is not on a server this sign-in trusts.');
      this.deps.desktop.copyText(url.href);
      this.deps.announcer.notify(
        'meetingReady',
        'Personal meeting link copied',
        'Your personal meeting link (always the same) is on your clipboard.',
      );
    } catch (error) {
      this.learn(error);
      const facts = this.refused ? { kind: 'no-personal-link' } : describeProblem(error);
      const words = problemNotification(describeProblemFacts(facts));
      this.deps.announcer.notify('failures', words.title, words.body);
      throw this.refused ? refusal() : error;
    }
  }

  public stop(): void {
    this.dispose();
  }

  private learn(error: unknown): void {
    if (!isRefusal(error) || this.refused) return;
    this.refused = true;
    this.deps.changed();
  }
}
