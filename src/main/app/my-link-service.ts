import { describeProblemFacts, problemNotification } from '../../shared/error-catalog.js';
import type { SessionService } from '../session/session-service.js';
import { describeProblem } from '../session/session-service.js';
import { UcwaError } from '../ucwa/errors.js';
import { trustedJoinUrl } from '../ucwa/join-url.js';
import type { Announcer } from './announcer.js';
import type { DesktopPorts } from './ports.js';

export interface MyLinkDeps {
  session: SessionService;
  desktop: DesktopPorts;
  announcer: Announcer;
  /** A start is pending or under way: its requests go first (the 4-request cold start). */
  starting(): boolean;
}

const signedIn = (session: SessionService) =>
  session.state.status === 'ready' || session.state.status === 'reconnecting';

/**
 * "Copy my meeting link" (myAssignedOnlineMeeting). The link is fetched once per sign-in, in the
 * background, but only once no start is waiting, so a press at launch gets its meeting first;
 * asking costs at most that one request (the client keeps the answer in memory).
 */
export class MyLinkService {
  private prefetched = false;
  private readonly dispose: () => void;

  public constructor(private readonly deps: MyLinkDeps) {
    this.dispose = deps.session.events.on('state', (state) => {
      if (state.status === 'signingIn' || state.status === 'signedOut') this.prefetched = false;
    });
  }

  /** Called on every change of the app: prefetches when signed in and nothing else is waiting. */
  public poke(): void {
    if (this.prefetched || !signedIn(this.deps.session) || this.deps.starting()) return;
    this.prefetched = true;
    this.deps.session.prefetchMyMeetingLink();
  }

  /** Copies the link and says so; a failure is announced in the error catalog's words and thrown. */
  public async copy(): Promise<void> {
    if (!signedIn(this.deps.session)) {
      this.deps.desktop.showWindow('sign-in');
      return;
    }
    try {
      const mine = await this.deps.session.myMeetingLink();
      const url = trustedJoinUrl(mine.joinUrl, this.deps.session.trustPolicy);
      if (!url)
        throw new UcwaError('protocol', 'The personal meeting link is not on a server this sign-in trusts.');
      this.deps.desktop.copyText(url.href);
      this.deps.announcer.notify('meetingReady', 'Your meeting link', 'It is on your clipboard.');
    } catch (error) {
      const words = problemNotification(describeProblemFacts(describeProblem(error)));
      this.deps.announcer.notify('failures', words.title, words.body);
      throw error;
    }
  }

  public stop(): void {
    this.dispose();
  }
}
