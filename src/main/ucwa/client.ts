import { ActiveMeetings } from './active-meetings.js';
import type { ApplicationLinks } from './application.js';
import { PoolFailedError } from './application-registration.js';
import { ApplicationSession } from './application-session.js';
import { type CredentialSource, TokenManager, UcwaHttp, type WindowsSignIn } from './auth.js';
import { type CachedRoute, routeFailureIsFinal, sameAccount } from './cached-route.js';
import { type Clock, systemClock } from './clock.js';
import { discoverUser, domainOf, findApplications } from './discovery.js';
import { UcwaError } from './errors.js';
import { type ChannelState, type ChannelStop, EventChannel } from './event-channel.js';
import type { Invitation, InvitationMeeting } from './invitation.js';
import type { Meeting } from './meeting.js';
import { MeetingExtras } from './meeting-extras.js';
import { type StartMeetingOptions, startMeeting } from './meeting-start.js';
import type { MyMeeting } from './online-meetings.js';
import { type Contact, searchDirectory } from './people.js';
import { type FetchFn, type Logger, silentLogger, Transport } from './transport.js';
import type { TrustPolicy } from './trust.js';

export type { StartMeetingOptions } from './meeting-start.js';
export type { Contact } from './people.js';

export interface UcwaClientOptions {
  fetch: FetchFn;
  credentials: CredentialSource;
  /** Single sign-on chosen: the Windows grant over Negotiate where the server offers it. */
  windowsSignIn?: WindowsSignIn;
  userAgent: string;
  /** A random id persisted per install (CreateAnApplication.md: unique among the user's apps). */
  endpointId: string;
  culture?: string;
  clock?: Clock;
  random?: () => number;
  /** Makes operation ids; random by default. */
  newId?: () => string;
  logger?: Logger;
  /** How long lyncdiscoverinternal has alone before lyncdiscover is asked too (default 2.5 s). */
  discoveryStaggerMs?: number;
  /** How long one discovery GET may take (default 15 s). */
  discoveryTimeoutMs?: number;
  /** Called for every HTTP request (method and URL), for request counting in tests and benchmarks. */
  onRequest?: (method: string, url: URL) => void;
}

export interface SignInOptions {
  sipAddress: string;
  /** An explicit discovery URL; its host is trusted because the user gave it. */
  discoverUrl?: string;
  trustedHosts?: readonly string[];
  /** Domains an administrator trusts (suffix match), e.g. a split-domain pool's DNS domain. */
  trustedDomains?: readonly string[];
  /** Domains or hosts the user approved (suffix match). */
  approvedHosts?: readonly string[];
  /** A user URL remembered from an earlier sign-in: skips discovery, revalidated on failure. */
  cachedUserUrl?: string;
  /** A whole route remembered from an earlier sign-in: token → POST applications, no discovery. */
  cachedRoute?: CachedRoute;
  signal?: AbortSignal;
}

export interface SignedIn {
  name: string | undefined;
  uri: string | undefined;
  /** Worth remembering for the next sign-in (not a secret). */
  userUrl: string;
  /** The whole route, worth remembering with the user URL (no secret in it). */
  route: CachedRoute | undefined;
}

export interface ClientEvents {
  onChannelState?(state: ChannelState): void;
  /** The application was lost and could not be re-created: the session is over. */
  onFatal?(error: UcwaError): void;
  /** The application was re-created after the server dropped it. */
  onRecovered?(): void;
  /** Another client replaced our event channel (409 PGetReplaced we did not cause). */
  onReplaced?(): void;
}

/**
 * The UCWA client: sign-in through discovery and OAuth, one application with its event channel,
 * transparent recovery of the application, and meetings. No Electron, no Node built-ins: fetch,
 * clock, randomness and credentials are passed in.
 */
export class UcwaClient {
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly logger: Logger;
  private readonly transport: Transport;
  private readonly tokens: TokenManager;
  private readonly http: UcwaHttp;
  private readonly channel: EventChannel;
  private trust: TrustPolicy = { domain: '', trustedHosts: [], approvedHosts: [] };
  /** What the last sign-in asked for, to rediscover when the pool fails (RootURL.md caching). */
  private lastSignIn: SignInOptions | undefined;
  private readonly applications: ApplicationSession;
  private readonly meetings: ActiveMeetings;
  private listeners: ClientEvents = {};
  private readonly newId: () => string;
  private readonly extras: MeetingExtras;

  public constructor(private readonly options: UcwaClientOptions) {
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.logger = options.logger ?? silentLogger;
    this.newId = options.newId ?? (() => crypto.randomUUID().replace(/-/g, ''));
    this.transport = new Transport(options.fetch, this.clock, this.logger, options.onRequest);
    this.tokens = new TokenManager(
      this.transport,
      this.clock,
      () => this.trust,
      options.credentials,
      options.windowsSignIn,
    );
    this.http = new UcwaHttp(this.transport, this.tokens, () => this.trust);
    this.channel = new EventChannel(
      this.http,
      this.clock,
      this.random,
      {
        onEvents: (events) => this.meetings.dispatch(events),
        onReset: (kind) => this.meetings.onReset(kind),
        onStateChange: (state) => this.listeners.onChannelState?.(state),
        onStop: (stop) => this.onChannelStop(stop),
      },
      this.logger,
    );
    this.meetings = new ActiveMeetings(() => this.channel.drained());
    this.applications = new ApplicationSession({
      http: this.http,
      clock: this.clock,
      random: this.random,
      registration: {
        userAgent: options.userAgent,
        endpointId: options.endpointId,
        culture: options.culture ?? 'en-US',
      },
      channel: this.channel,
      rediscover: () => this.discover(),
      loseMeetings: (reason, cause) => this.meetings.loseAll(reason, cause),
      onRecovered: () => this.listeners.onRecovered?.(),
      onFatal: (error) => this.listeners.onFatal?.(error),
    });
    this.extras = new MeetingExtras(this.http, (run) => this.applications.withApplication(run), this.logger);
  }

  public on(listeners: ClientEvents): void {
    this.listeners = listeners;
  }

  public get requestCount(): number {
    return this.transport.requestCount;
  }

  public get channelState(): ChannelState {
    return this.channel.state;
  }

  public get isSignedIn(): boolean {
    return this.applications.current !== undefined;
  }

  /** Discovery → user (401 → token) → applications → POST application → event channel. */
  public async signIn(options: SignInOptions): Promise<SignedIn> {
    this.applications.beginSignIn();
    const domain = domainOf(options.sipAddress);
    const discoverUrl = options.discoverUrl ? new URL(options.discoverUrl) : undefined;
    this.trust = {
      domain,
      trustedHosts: [...(options.trustedHosts ?? []), ...(discoverUrl ? [discoverUrl.hostname] : [])],
      trustedDomains: [...(options.trustedDomains ?? [])],
      approvedHosts: [...(options.approvedHosts ?? [])],
    };
    this.lastSignIn = options;
    const signal = options.signal;
    const route = options.cachedRoute;
    if (route && sameAccount(route, options.sipAddress)) {
      const signedIn = await this.signInByRoute(route, signal);
      if (signedIn) return signedIn;
      // RootURL.md: a cached result that fails is revalidated: full discovery, once.
      return this.signIn({ ...options, cachedRoute: undefined, cachedUserUrl: undefined });
    }
    let found = options.cachedUserUrl
      ? await fromCache(this.http, new URL(options.cachedUserUrl), this.logger, signal)
      : undefined;
    found ??= await this.discover(signal);
    this.applications.applicationsUrl = found.applicationsUrl;
    let userUrl = found.userUrl;
    let app: ApplicationLinks;
    try {
      app = await this.applications.register(signal);
    } catch (error) {
      if (!(error instanceof PoolFailedError)) throw error;
      // RootURL.md: 403, 502 or repeated connection errors mean the cached place failed: rediscover once.
      this.logger.warn(`${error.message}; rediscovering`);
      const again = await this.discover(signal);
      this.applications.applicationsUrl = again.applicationsUrl;
      userUrl = again.userUrl;
      app = await this.applications.register(signal, { rediscoverOnFailure: false });
    }
    this.applications.adopt(app);
    this.channel.start(app.events);
    return this.signedIn(userUrl.href);
  }

  private signedIn(userUrl: string): SignedIn {
    const app = this.applications.current;
    const applicationsUrl = this.applications.applicationsUrl;
    if (!app || !applicationsUrl || !this.lastSignIn) throw new UcwaError('protocol', 'Not signed in.');
    const tokenUrl = this.tokens.tokenUrlFor(applicationsUrl);
    return {
      name: app.meName,
      uri: app.meUri,
      userUrl,
      route: tokenUrl
        ? {
            sipAddress: this.lastSignIn.sipAddress,
            userUrl,
            tokenUrl: tokenUrl.href,
            applicationsUrl: applicationsUrl.href,
          }
        : undefined,
    };
  }

  /** The cold start's short way: a grant at the remembered token endpoint, then POST applications. */
  private async signInByRoute(route: CachedRoute, signal?: AbortSignal): Promise<SignedIn | undefined> {
    let app: ApplicationLinks;
    try {
      const applicationsUrl = new URL(route.applicationsUrl);
      await this.tokens.grantAt(applicationsUrl, new URL(route.tokenUrl), signal);
      this.applications.applicationsUrl = applicationsUrl;
      app = await this.applications.register(signal);
    } catch (error) {
      if (routeFailureIsFinal(error)) throw error;
      this.logger.warn(`remembered server failed (${(error as Error).message}); rediscovering`);
      this.tokens.clear();
      this.applications.applicationsUrl = undefined;
      return undefined;
    }
    this.applications.adopt(app);
    this.channel.start(app.events);
    return this.signedIn(route.userUrl);
  }

  private async discover(signal?: AbortSignal): Promise<{ applicationsUrl: URL; userUrl: URL }> {
    const options = this.lastSignIn;
    if (!options) throw new UcwaError('protocol', 'Not signed in.');
    const discovered = await discoverUser(this.transport, {
      domain: this.trust.domain,
      ...(options.discoverUrl ? { discoverUrl: new URL(options.discoverUrl) } : {}),
      trust: this.trust,
      clock: this.clock,
      ...(this.options.discoveryStaggerMs !== undefined
        ? { staggerMs: this.options.discoveryStaggerMs }
        : {}),
      ...(this.options.discoveryTimeoutMs !== undefined
        ? { timeoutMs: this.options.discoveryTimeoutMs }
        : {}),
      ...(signal ? { signal } : {}),
    });
    return findApplications(this.http, discovered.userUrl, signal);
  }

  private onChannelStop(stop: ChannelStop): void {
    if (stop.reason === 'application-gone') {
      void this.applications.recreate().catch(() => {});
    } else if (stop.reason === 'replaced') {
      this.listeners.onReplaced?.();
    } else {
      this.listeners.onFatal?.(stop.error);
    }
  }

  /** Starts an ad-hoc meeting; resolves once its join link is known (meeting-start.ts). */
  public startMeeting(options: StartMeetingOptions = {}): Promise<Meeting> {
    return startMeeting(
      {
        http: this.http,
        channel: this.channel,
        clock: this.clock,
        random: this.random,
        applications: this.applications,
        meetings: this.meetings,
        newId: this.newId,
      },
      options,
    );
  }

  /** Directory search (search_ref.md). */
  public async searchPeople(query: string, limit = 10, signal?: AbortSignal): Promise<Contact[]> {
    const text = query.trim().slice(0, 256);
    if (text === '') return [];
    return this.applications.withApplication((app) => searchDirectory(this.http, app, text, limit, signal));
  }

  /**
   * The user's static meeting link (myAssignedOnlineMeeting): fetched once per sign-in and kept in
   * memory; concurrent asks share one request.
   */
  public myMeetingLink(signal?: AbortSignal): Promise<MyMeeting> {
    return this.extras.myMeeting(signal);
  }

  /** Fetches the static link in the background, e.g. right after sign-in. */
  public prefetchMyMeetingLink(): void {
    this.extras.prefetchMyMeeting();
  }

  /** A ready-to-paste invitation (text and HTML) with dial-in and the organisation's footer. */
  public invitation(meeting: InvitationMeeting): Promise<Invitation> {
    return this.extras.invitation(meeting);
  }

  /** Wake-up or network change: skip any backoff and poll again now. */
  public retryNow(): void {
    this.channel.retryNow();
  }

  /** Leaves every meeting, deletes the application (the documented sign-out) and forgets tokens. */
  public async signOut(): Promise<void> {
    const app = this.applications.beginSignOut();
    this.channel.stop();
    await this.applications.settled();
    await this.meetings.leaveAll();
    this.applications.forget();
    this.extras.clear();
    if (app) {
      try {
        await this.http.request('DELETE', app.self, { timeoutMs: 10_000 });
      } catch (error) {
        if (!UcwaError.is(error, 'application-gone'))
          this.logger.warn(`sign-out: ${(error as Error).message}`);
      }
    }
    this.tokens.clear();
  }

  /** The links of the current application (tests and diagnostics). */
  public get application(): ApplicationLinks | undefined {
    return this.applications.current;
  }

  public get tokenGrants(): number {
    return this.tokens.grantCount;
  }
}

/**
 * The applications URL from a user URL remembered from an earlier sign-in, or undefined to
 * rediscover: a cached result is revalidated on failure (RootURL.md "Caching"), unless the
 * failure is about the user, not the place.
 */
async function fromCache(
  http: UcwaHttp,
  userUrl: URL,
  logger: Logger,
  signal: AbortSignal | undefined,
): Promise<{ applicationsUrl: URL; userUrl: URL } | undefined> {
  try {
    return await findApplications(http, userUrl, signal);
  } catch (error) {
    if (
      UcwaError.is(error, 'credentials') ||
      UcwaError.is(error, 'aborted') ||
      UcwaError.is(error, 'untrusted-host')
    )
      throw error;
    logger.warn(`cached server failed (${(error as Error).message}); rediscovering`);
    return undefined;
  }
}
