import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { AdvertisedUrls } from './advertised.js';
import type { Application } from './application.js';
import { ApplicationRegistry } from './application-registry.js';
import { TokenAuthority } from './auth.js';
import type { Conference } from './conference.js';
import { defaultTiming, type MeetingOutcome, type SimContext, type SimulatorTiming } from './context.js';
import { type Directory, defaultDirectory } from './directory.js';
import { type FaultRule, FaultTable } from './faults.js';
import { recordForeignRequest } from './foreign-host.js';
import { LiveConferences, type MeetingSnapshot } from './live-conferences.js';
import type { NegotiateAcceptor } from './negotiate-acceptor.js';
import {
  type AuxiliaryListeners,
  type ConnectRule,
  certificateNames,
  type HostPlan,
  planHosts,
  startAuxiliaryListeners,
} from './network.js';
import { rootPath } from './paths.js';
import { buildProfile, type MeetingVariant, meetingVariants, type ServerProfile } from './profile.js';
import { firstApplicationsFault, firstStartFault } from './profile-faults.js';
import { RequestPipeline, type RequestRecord } from './request-pipeline.js';
import { poolsNeeded, SignInRoutes } from './sign-in-routes.js';
import { createSimulatorTls } from './tls.js';

export interface SimulatorOptions {
  /** Loopback address to listen on. */
  hostname?: string;
  /** Port of the first pool (0 = any free port); other pools take free ports. */
  port?: number;
  /** How many front-end pools (each its own origin, with its own tokens). */
  pools?: number;
  /** Plain HTTP instead of HTTPS (loopback only). */
  http?: boolean;
  directory?: Directory;
  timing?: Partial<SimulatorTiming>;
  /** Random path segments per application: breaks clients that build URLs (§7.1.3). */
  scrambledPaths?: boolean;
  /** Embed resources in non-operation events too. */
  embedResources?: boolean;
  /** The root of pool 0 answers with a `redirect` to pool 1 (multi-pool set-ups). */
  rootRedirect?: boolean;
  /** The root of pool 0 answers with a `redirect` to this URL (e.g. a foreign domain, to test refusal). */
  rootRedirectUrl?: string;
  /** Send the 401 challenge as two WWW-Authenticate headers instead of one combined value. */
  splitChallenge?: boolean;
  /** Which documented behaviour to show where the docs allow several (see profile.ts). */
  profile?: Partial<ServerProfile>;
  /** A preset of profile.ts, applied before `profile`. */
  preset?: string;
  /**
   * Serve named hosts (pools, lyncdiscoverinternal/lyncdiscover, a foreign host), reached through
   * `connectTo`, so that a client's own discovery order and certificate checks run. HTTPS only.
   */
  namedHosts?: boolean;
  /** Added to every request before it is handled. */
  latencyMs?: number;
  faults?: FaultRule[];
  log?: (line: string) => void;
  /** Verifies Negotiate tokens for the Windows grant (kerberos-acceptor.ts); none: all refused. */
  negotiate?: NegotiateAcceptor;
  /** The Kerberos realm whose principals are directory users (default: the domain, upper case). */
  kerberosRealm?: string;
}

/**
 * A UCWA front end on loopback, faithful to the docs and to captured real traffic: discovery,
 * OAuth, applications, event channel, ad-hoc meetings, invitations, lobby, keep-alive and
 * scriptable faults. Runs in-process for tests and as `meetnow sim`.
 */
export class UcwaSimulator {
  public readonly directory: Directory;
  public readonly timing: SimulatorTiming;
  public readonly faults = new FaultTable();
  public readonly tokens = new TokenAuthority();
  public readonly advertised = new AdvertisedUrls();
  public readonly requestLog: RequestRecord[] = [];
  public caPem: string | undefined;
  public readonly profile: ServerProfile;
  /** Named mode: host:port → the loopback listener, as for `curl --connect-to`. */
  public readonly connectTo: ConnectRule[] = [];
  /** Named mode: the names of this deployment. */
  public hosts: HostPlan | undefined;
  /** Every request that reached the foreign host (a client must send none). */
  public readonly foreignRequests: RequestRecord[] = [];
  public latencyMs: number;
  /** Every meeting ever created, for "never two meetings for one press" checks. */
  public conferencesCreated = 0;
  private readonly servers: Server[] = [];
  private readonly origins: string[] = [];
  private readonly registry: ApplicationRegistry;
  private auxiliary: AuxiliaryListeners | undefined;
  /** Simulator bugs met in timers (logged to stderr); 0 in every test and soak. */
  public internalErrors = 0;
  private readonly conferences: LiveConferences;
  private readonly outcomes: MeetingOutcome[] = [];
  private readonly sockets = new Set<import('node:net').Socket>();
  private readonly context: SimContext;
  private readonly signIn: SignInRoutes;
  /** Aborted by close(): delays and faults still pending end instead of keeping timers armed. */
  private readonly closing = new AbortController();
  private readonly pipeline: RequestPipeline;

  public constructor(private readonly options: SimulatorOptions = {}) {
    this.directory = options.directory ?? defaultDirectory();
    this.timing = { ...defaultTiming, ...options.timing };
    this.latencyMs = options.latencyMs ?? 0;
    this.conferences = new LiveConferences(this.directory.domain);
    this.profile = buildProfile(options.preset, {
      ...(options.rootRedirect ? { rootRedirect: true } : {}),
      ...(options.splitChallenge ? { challenge: 'split' as const } : {}),
      ...options.profile,
    });
    const firstAnswer = firstApplicationsFault(this.profile);
    if (firstAnswer)
      this.faults.add({ kinds: ['applications'], method: 'POST', times: 1, action: firstAnswer });
    const firstStart = firstStartFault(this.profile);
    if (firstStart)
      this.faults.add({ kinds: ['startOnlineMeeting'], method: 'POST', times: 1, action: firstStart });
    for (const rule of options.faults ?? []) this.faults.add(rule);
    const simulator = this;
    this.signIn = new SignInRoutes({
      directory: this.directory,
      tokens: this.tokens,
      timing: this.timing,
      profile: this.profile,
      options: this.options,
      origin: (pool) => this.origin(pool),
      poolCount: () => this.poolCount,
      foreignRoot: () => `https://${this.hosts?.foreign ?? 'ucwa.foreign-cloud.example'}${rootPath}`,
      ...(options.negotiate ? { negotiate: options.negotiate } : {}),
      ...(options.kerberosRealm ? { kerberosRealm: options.kerberosRealm } : {}),
    });
    this.context = {
      directory: this.directory,
      timing: this.timing,
      profile: this.profile,
      scrambledPaths: options.scrambledPaths === true,
      embedResources: options.embedResources === true,
      get meetBase() {
        return `${simulator.origin(0)}/meet`;
      },
      nextMeetingOutcome: () => this.outcomes.shift() ?? { kind: 'success' },
      registerConference: (conference, handle) => {
        this.conferencesCreated += 1;
        this.conferences.add(conference.onlineMeetingId, handle as Conference);
      },
      unregisterConference: (id) => this.conferences.delete(id),
      log: (line) => this.options.log?.(line),
      internalError: (error) => {
        this.internalErrors += 1;
        process.stderr.write(`simulator internal error: ${(error as Error).stack ?? String(error)}\n`);
      },
    };
    this.registry = new ApplicationRegistry(this.context);
    this.pipeline = new RequestPipeline({
      requestLog: this.requestLog,
      advertised: this.advertised,
      faults: this.faults,
      signIn: this.signIn,
      registry: this.registry,
      tokens: this.tokens,
      context: this.context,
      directory: this.directory,
      profile: this.profile,
      latencyMs: () => this.latencyMs,
      closing: this.closing.signal,
      origin: (pool) => this.origin(pool),
      conference: (id) => this.conferences.get(id),
      ...(options.log ? { log: options.log } : {}),
    });
  }

  // #region lifecycle
  public async start(): Promise<this> {
    const hostname = this.options.hostname ?? '127.0.0.1';
    if (!isLoopback(hostname)) throw new Error(`the simulator listens on loopback only, not ${hostname}`);
    const pools = Math.max(1, this.options.pools ?? 2, poolsNeeded(this.profile));
    if (this.options.namedHosts && this.options.http) throw new Error('named hosts need HTTPS');
    this.hosts = this.options.namedHosts ? planHosts(this.directory.domain, this.profile, pools) : undefined;
    const tls = this.options.http
      ? undefined
      : await createSimulatorTls([
          ...(this.hosts ? certificateNames(this.hosts) : []),
          hostname,
          'localhost',
          '127.0.0.1',
          '::1',
        ]);
    this.caPem = tls?.caPem;
    for (let pool = 0; pool < pools; pool += 1) {
      const handler = (req: IncomingMessage, res: ServerResponse) =>
        void this.pipeline.handle(pool, req, res);
      const server = tls
        ? createHttpsServer({ cert: tls.certPem, key: tls.keyPem }, handler)
        : createHttpServer(handler);
      server.on('connection', (socket) => {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
      });
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(pool === 0 ? (this.options.port ?? 0) : 0, hostname, () => resolve());
      });
      const { port } = server.address() as AddressInfo;
      const named = this.hosts?.poolHosts[pool];
      if (named) this.connectTo.push({ host: named, port, toHost: hostname, toPort: port });
      const host = named ?? (hostname.includes(':') ? `[${hostname}]` : hostname);
      this.origins.push(`${tls ? 'https' : 'http'}://${host}:${port}`);
      this.servers.push(server);
    }
    if (this.hosts && tls) {
      this.auxiliary = await startAuxiliaryListeners(
        this.hosts,
        this.profile,
        tls,
        (req, res) => void this.pipeline.handle(0, req, res),
        (req, res) => void this.foreign(req, res),
        this.sockets,
      );
      this.connectTo.push(...this.auxiliary.rules);
    }
    return this;
  }

  public async close(): Promise<void> {
    this.closing.abort();
    for (const app of this.registry.apps.values()) app.end('deleted');
    for (const socket of this.sockets) socket.destroy();
    await this.auxiliary?.close();
    await Promise.all(
      this.servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
    );
  }
  // #endregion

  // #region in-process API for tests, benchmarks and the demo
  /** The discovery URL to give a client (the lyncdiscover root on pool 0). */
  public get discoverUrl(): string {
    return `${this.origin(0)}${rootPath}`;
  }

  public origin(pool: number): string {
    const origin = this.origins[pool];
    if (!origin) throw new Error(`pool ${pool} is not running`);
    return origin;
  }

  public get poolCount(): number {
    return this.origins.length;
  }

  /** Queues what the next startOnlineMeeting does (success by default). */
  public queueMeetingOutcome(outcome: MeetingOutcome): void {
    this.outcomes.push(outcome);
  }

  /**
   * Switches the variants that shape a meeting (not sign-in) between presses, as the soak does:
   * every documented behaviour in one run. A one-off first answer arms the next start POST; the
   * returned function disarms it if no start took it.
   */
  public useMeetingVariants(variants: Partial<Pick<ServerProfile, MeetingVariant>>): () => void {
    const next = buildProfile('lync2013-capture', { ...this.profile, ...variants });
    const profile = this.profile as { -readonly [K in keyof ServerProfile]: ServerProfile[K] };
    for (const key of meetingVariants) (profile as Record<string, unknown>)[key] = next[key];
    const firstStart = firstStartFault(next);
    return variants.startFirstAnswer && firstStart
      ? this.faults.add({ kinds: ['startOnlineMeeting'], method: 'POST', times: 1, action: firstStart })
      : () => {};
  }

  public setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  public revokeTokens(sip?: string): number {
    return this.tokens.revoke(sip);
  }

  /** Ends applications as the server does after inactivity: 410 once, then 404. */
  public expireApplications(sip?: string): number {
    return this.eachApp(sip, (app) => app.expire());
  }

  /** Deletes applications server-side: every later request gets 404 ApplicationNotFound. */
  public dropApplications(sip?: string): number {
    return this.eachApp(sip, (app) => app.end('deleted'));
  }

  public injectResync(sip?: string): number {
    return this.eachApp(sip, (app) => app.events.injectResync());
  }

  public injectResume(sip?: string, options: { conversationsSurvive?: boolean } = {}): number {
    return this.eachApp(sip, (app) => app.events.injectResume(options));
  }

  public applications(): Array<{
    id: string;
    user: string;
    pool: number;
    state: string;
    endpointId: string;
    parked: boolean;
    conversations: number;
    eventParams: unknown;
  }> {
    return [...this.registry.apps.values()].map((app) => ({
      id: app.id,
      user: app.user.sip,
      pool: app.pool,
      state: app.state,
      endpointId: app.input.endpointId,
      parked: app.events.hasParkedGet,
      conversations: app.conversations.size,
      eventParams: { ...app.events.params },
    }));
  }

  /** Live meetings, keyed by onlineMeetingId, with who is in and who waits in the lobby. */
  public meetings(): MeetingSnapshot[] {
    return this.conferences.snapshot();
  }

  /** A leader on another client promotes (Leader) or demotes (Attendee) someone in the meeting. */
  public changeRole(onlineMeetingId: string, key: string, role: 'Leader' | 'Attendee'): boolean {
    return this.conferences.changeRole(onlineMeetingId, key, role);
  }

  /** Someone in the meeting starts or stops typing in its messaging. */
  public participantTyping(onlineMeetingId: string, key: string, typing: boolean): void {
    this.conferences.typing(onlineMeetingId, key, typing);
  }

  /** Someone opens the join link anonymously: they wait in the lobby. Returns their key. */
  public guestJoins(onlineMeetingId: string, displayName: string): string {
    return this.conferences.guestJoins(onlineMeetingId, displayName);
  }

  /** A crowd joins at once (event-storm benchmark): `count` attendees in one synchronous burst. */
  public crowdJoins(onlineMeetingId: string, count: number): void {
    this.conferences.crowdJoins(onlineMeetingId, count);
  }

  /** A participant hangs up. */
  public participantLeaves(onlineMeetingId: string, key: string): boolean {
    return this.conferences.participantLeaves(onlineMeetingId, key);
  }

  /** Forgets the request log, advertised URLs and ended applications (long benchmark runs). */
  public trimBookkeeping(): void {
    this.requestLog.length = 0;
    this.advertised.clear();
    this.tokens.prune();
    this.registry.forgetEnded();
    this.conferences.forgetUnwatched();
  }

  public requestCount(filter?: (record: RequestRecord) => boolean): number {
    return filter ? this.requestLog.filter(filter).length : this.requestLog.length;
  }
  // #endregion

  private eachApp(sip: string | undefined, run: (app: Application) => void): number {
    return this.registry.each(sip, run);
  }

  private foreign(req: IncomingMessage, res: ServerResponse): Promise<void> {
    return recordForeignRequest(req, res, this.hosts?.foreign ?? 'foreign', this.foreignRequests);
  }
}

export type { RequestRecord };

export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<UcwaSimulator> {
  return new UcwaSimulator(options).start();
}
