import { linkedSignal } from './abort.js';
import type { ApplicationLinks } from './application.js';
import { PoolFailedError, registerApplication } from './application-registration.js';
import { type CredentialSource, TokenManager, UcwaHttp, type WindowsSignIn } from './auth.js';
import { type CachedRoute, routeFailureIsFinal, sameAccount } from './cached-route.js';
import { backoffDelay, type Clock, systemClock } from './clock.js';
import { discoverUser, domainOf, findApplications } from './discovery.js';
import { ApplicationReplacedError, abortError, UcwaError } from './errors.js';
import { type ChannelState, type ChannelStop, EventChannel } from './event-channel.js';
import type { UcwaEvent } from './events.js';
import type { Invitation, InvitationMeeting } from './invitation.js';
import { Meeting } from './meeting.js';
import { MeetingExtras } from './meeting-extras.js';
import { postStart, startOnlineMeetingUrl } from './meeting-start.js';
import type { MyMeeting } from './online-meetings.js';
import { readContacts } from './people.js';
import { type FetchFn, type Logger, silentLogger, Transport } from './transport.js';
import type { TrustPolicy } from './trust.js';
import { withQuery } from './urls.js';

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

export interface Contact {
  uri: string;
  name: string;
  email: string | undefined;
  title: string | undefined;
  department: string | undefined;
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

export interface StartMeetingOptions {
  subject?: string;
  /** Deadline for the whole start, from the press to the join link. */
  deadlineMs?: number;
  signal?: AbortSignal;
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
  private applicationsUrl: URL | undefined;
  /** Set by signOut, so that a re-creation still in flight ends instead of starting a channel. */
  private signedOut = false;
  /** What the last sign-in asked for, to rediscover when the pool fails (RootURL.md caching). */
  private lastSignIn: SignInOptions | undefined;
  private app: ApplicationLinks | undefined;
  private recreating: Promise<void> | undefined;
  private readonly meetings = new Set<Meeting>();
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
        onEvents: (events) => this.dispatch(events),
        onReset: (kind) => this.onReset(kind),
        onStateChange: (state) => this.listeners.onChannelState?.(state),
        onStop: (stop) => this.onChannelStop(stop),
      },
      this.logger,
    );
    this.extras = new MeetingExtras(this.http, (run) => this.withApplication(run), this.logger);
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
    return this.app !== undefined;
  }

  /** Discovery → user (401 → token) → applications → POST application → event channel. */
  public async signIn(options: SignInOptions): Promise<SignedIn> {
    this.signedOut = false;
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
    this.applicationsUrl = found.applicationsUrl;
    let userUrl = found.userUrl;
    try {
      this.app = await this.register(signal);
    } catch (error) {
      if (!(error instanceof PoolFailedError)) throw error;
      // RootURL.md: 403, 502 or repeated connection errors mean the cached place failed: rediscover once.
      this.logger.warn(`${error.message}; rediscovering`);
      const again = await this.discover(signal);
      this.applicationsUrl = again.applicationsUrl;
      userUrl = again.userUrl;
      this.app = await this.register(signal, { rediscoverOnFailure: false });
    }
    this.channel.start(this.app.events);
    return this.signedIn(userUrl.href);
  }

  private signedIn(userUrl: string): SignedIn {
    const app = this.app;
    if (!app || !this.applicationsUrl || !this.lastSignIn) throw new UcwaError('protocol', 'Not signed in.');
    const tokenUrl = this.tokens.tokenUrlFor(this.applicationsUrl);
    return {
      name: app.meName,
      uri: app.meUri,
      userUrl,
      route: tokenUrl
        ? {
            sipAddress: this.lastSignIn.sipAddress,
            userUrl,
            tokenUrl: tokenUrl.href,
            applicationsUrl: this.applicationsUrl.href,
          }
        : undefined,
    };
  }

  /** The cold start's short way: a grant at the remembered token endpoint, then POST applications. */
  private async signInByRoute(route: CachedRoute, signal?: AbortSignal): Promise<SignedIn | undefined> {
    try {
      const applicationsUrl = new URL(route.applicationsUrl);
      await this.tokens.grantAt(applicationsUrl, new URL(route.tokenUrl), signal);
      this.applicationsUrl = applicationsUrl;
      this.app = await this.register(signal);
    } catch (error) {
      if (routeFailureIsFinal(error)) throw error;
      this.logger.warn(`remembered server failed (${(error as Error).message}); rediscovering`);
      this.tokens.clear();
      this.applicationsUrl = undefined;
      return undefined;
    }
    this.channel.start(this.app.events);
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

  private register(
    signal?: AbortSignal,
    policy: { rediscoverOnFailure: boolean } = { rediscoverOnFailure: true },
  ): Promise<ApplicationLinks> {
    if (!this.applicationsUrl) throw new UcwaError('protocol', 'Not signed in.');
    return registerApplication(
      { http: this.http, clock: this.clock, random: this.random },
      this.applicationsUrl,
      {
        userAgent: this.options.userAgent,
        endpointId: this.options.endpointId,
        culture: this.options.culture ?? 'en-US',
      },
      { ...policy, ...(signal ? { signal } : {}) },
    );
  }

  /** The server dropped our application (404/410): make a new one and re-arm the channel, once at a time. */
  private recreateApplication(): Promise<void> {
    this.recreating ??= (async () => {
      this.channel.stop();
      const previous = this.app?.self.href;
      for (let attempt = 1; ; attempt += 1) {
        try {
          const created = await this.register().catch(async (error: unknown) => {
            if (!(error instanceof PoolFailedError)) throw error;
            // C11: after a pool failover or a user move, find the new pool instead of dying.
            const again = await this.discover();
            this.applicationsUrl = again.applicationsUrl;
            return this.register(undefined, { rediscoverOnFailure: false });
          });
          if (this.signedOut) {
            // Signed out while re-creating: the new application must not live on with its own
            // channel (it would fight the next sign-in's application for the endpoint).
            await this.http.request('DELETE', created.self, { timeoutMs: 10_000 }).catch(() => {});
            return;
          }
          this.app = created;
          // MultiTabSupport.md: the same endpointId can give back the same application, whose
          // conversations live on; only a new application means our meetings are gone.
          if (this.app.self.href !== previous)
            this.loseMeetings('The connection to the meeting server was reset.', 'application-replaced');
          this.channel.start(this.app.events);
          this.listeners.onRecovered?.();
          return;
        } catch (error) {
          const transient =
            UcwaError.is(error, 'network') ||
            UcwaError.is(error, 'server-busy') ||
            UcwaError.is(error, 'timeout');
          if (!transient || attempt >= 5) {
            this.app = undefined;
            this.loseMeetings('The connection to the meeting server was reset.');
            const fatal = UcwaError.is(error) ? error : new UcwaError('protocol', String(error));
            this.listeners.onFatal?.(fatal);
            throw fatal;
          }
          await this.clock.sleep(backoffDelay(attempt, this.random));
        }
      }
    })().finally(() => {
      this.recreating = undefined;
    });
    return this.recreating;
  }

  private loseMeetings(reason: string, cause: 'connection' | 'application-replaced' = 'connection'): void {
    for (const meeting of this.meetings) meeting.lost(reason, cause);
    this.meetings.clear();
  }

  private onChannelStop(stop: ChannelStop): void {
    if (stop.reason === 'application-gone') {
      void this.recreateApplication().catch(() => {});
    } else if (stop.reason === 'replaced') {
      this.listeners.onReplaced?.();
    } else {
      this.listeners.onFatal?.(stop.error);
    }
  }

  private onReset(kind: 'resume' | 'resync'): void {
    // `resume` is used like `next` with the parameters sent again (EventChannelDetails.md): the
    // same response may carry the events of a start in flight, so nothing is given up here. Once
    // this batch is processed, each meeting asks the server whether its conversation survived.
    // After `resync` we may have missed events: transient caches go.
    const meetings = [...this.meetings];
    if (kind === 'resync') for (const meeting of meetings) meeting.forgetTransientState();
    if (kind === 'resume')
      void Promise.resolve()
        .then(() => this.channel.drained())
        .then(() => Promise.all(meetings.map((meeting) => meeting.revalidate())))
        .catch(() => {});
  }

  private dispatch(events: readonly UcwaEvent[]): void {
    for (const event of events) {
      for (const meeting of this.meetings) {
        if (meeting.owns(event)) meeting.handle(event);
      }
    }
    for (const meeting of [...this.meetings]) {
      meeting.flushRoster();
      if (meeting.state === 'ended' || meeting.state === 'failed') this.meetings.delete(meeting);
    }
  }

  /** Runs a request that may find the application gone: re-create it once and try again. */
  private async withApplication<T>(run: (app: ApplicationLinks) => Promise<T>): Promise<T> {
    if (this.recreating) await this.recreating;
    const app = this.app;
    if (!app) throw new UcwaError('protocol', 'Not signed in.');
    try {
      return await run(app);
    } catch (error) {
      if (!UcwaError.is(error, 'application-gone')) throw error;
      // Re-create only if nobody has yet: the channel may have found the same 404 first, and a
      // second re-creation would make a third application.
      if (this.recreating) await this.recreating;
      else if (this.app === app) await this.recreateApplication();
      if (!this.app || this.app === app) throw error;
      return run(this.app);
    }
  }

  /**
   * Starts an ad-hoc meeting (startOnlineMeeting) and resolves with its join link as soon as the
   * server reports success. One operationId for every retry: never two meetings for one call.
   */
  public async startMeeting(options: StartMeetingOptions = {}): Promise<Meeting> {
    const deadline = new AbortController();
    const timer = setTimeout(
      () => deadline.abort(new UcwaError('timeout', 'The meeting was not ready in time.')),
      options.deadlineMs ?? 30_000,
    );
    const linked = linkedSignal(options.signal, deadline.signal);
    const signal = linked.signal;
    const subject = (options.subject ?? '').slice(0, 250);
    let meeting: Meeting | undefined;
    try {
      for (let attempt = 1; ; attempt += 1) {
        meeting = await this.startOn(subject, signal);
        try {
          await Promise.race([meeting.ready, rejectOnAbort(signal)]);
          return meeting;
        } catch (error) {
          // The application expired under the start and a new one replaced it: that start can no
          // longer finish, and nothing of it lives on; start once more on the new application.
          if (!(error instanceof ApplicationReplacedError) || attempt >= 2) throw error;
          this.meetings.delete(meeting);
          meeting = undefined;
          if (this.recreating) await this.recreating;
        }
      }
    } catch (error) {
      const failure: UcwaError = deadline.signal.aborted
        ? (deadline.signal.reason as UcwaError)
        : options.signal?.aborted
          ? abortError(options.signal.reason)
          : UcwaError.is(error)
            ? error
            : new UcwaError('protocol', String(error));
      if (meeting) {
        await meeting.abandon(failure);
        this.meetings.delete(meeting);
      }
      throw failure;
    } finally {
      clearTimeout(timer);
      linked.dispose();
    }
  }

  /** Creates the Meeting (registered before its POST) and POSTs it on the current application. */
  private startOn(subject: string, signal: AbortSignal): Promise<Meeting> {
    const operationId = this.newId().slice(0, 50);
    return this.withApplication(async (app) => {
      const startUrl = await startOnlineMeetingUrl(this.http, app, signal);
      const created = new Meeting(
        this.http,
        this.clock,
        operationId,
        subject,
        () => app.self.href,
        () => this.newId().slice(0, 50),
        app.meUri,
      );
      // Registered before the POST: events can arrive before the 201 (startOnlineMeeting_ref.md).
      this.meetings.add(created);
      try {
        await postStart(
          { http: this.http, channel: this.channel, clock: this.clock, random: this.random },
          app,
          startUrl,
          created,
          signal,
        );
      } catch (error) {
        this.meetings.delete(created);
        throw error;
      }
      return created;
    });
  }

  /** Directory search (search_ref.md). */
  public async searchPeople(query: string, limit = 10, signal?: AbortSignal): Promise<Contact[]> {
    const text = query.trim().slice(0, 256);
    if (text === '') return [];
    return this.withApplication(async (app) => {
      if (!app.search) throw new UcwaError('protocol', 'This server offers no people search.');
      const url = withQuery(app.search, { query: text, limit: Math.min(100, Math.max(1, limit)) });
      const response = await this.http.request('GET', url, signal ? { signal } : {});
      return readContacts(response.json);
    });
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
    this.signedOut = true;
    const app = this.app;
    this.channel.stop();
    for (const meeting of [...this.meetings]) {
      try {
        await meeting.leave();
      } catch {
        // The DELETE of the application below ends every conversation anyway.
      }
    }
    this.meetings.clear();
    this.app = undefined;
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
    return this.app;
  }

  public get tokenGrants(): number {
    return this.tokens.grantCount;
  }
}

function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
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
