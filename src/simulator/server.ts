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
import {
  defaultTiming,
  type MeetingOutcome,
  type Reply,
  type RequestContext,
  type Route,
  type RouteKind,
  type SimContext,
  type SimulatorTiming,
} from './context.js';
import { type Directory, defaultDirectory } from './directory.js';
import { type FaultAction, type FaultRule, FaultTable } from './faults.js';
import { meetPage } from './meet-page.js';
import {
  type AuxiliaryListeners,
  type ConnectRule,
  certificateNames,
  type HostPlan,
  planHosts,
  startAuxiliaryListeners,
} from './network.js';
import { applicationsPath, redirectPath, rootPath, tokenPath, userPath } from './paths.js';
import { buildProfile, type ServerProfile } from './profile.js';
import { delay, faultReply, writeReply } from './responder.js';
import { poolsNeeded, SignInRoutes } from './sign-in-routes.js';
import { createSimulatorTls } from './tls.js';
import { HttpFailure, type InputBag, parseInput, readBody, ucwaError } from './wire.js';

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
}

export interface RequestRecord {
  method: string;
  /** The Host the request named (named mode: which pool or discovery host). */
  host: string;
  /** A bearer token or a password travelled with this request. */
  credential: 'bearer' | 'password' | undefined;
  url: string;
  kind: RouteKind | 'unknown';
  status: number;
  at: number;
}

const appPattern = /^\/ucwa\/oauth\/v1\/applications\/(\d+)(?:\/|$)/;

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
  private readonly conferences = new Map<string, Conference>();
  private readonly outcomes: MeetingOutcome[] = [];
  private readonly sockets = new Set<import('node:net').Socket>();
  private readonly context: SimContext;
  private readonly signIn: SignInRoutes;

  public constructor(private readonly options: SimulatorOptions = {}) {
    this.directory = options.directory ?? defaultDirectory();
    this.timing = { ...defaultTiming, ...options.timing };
    this.latencyMs = options.latencyMs ?? 0;
    this.profile = buildProfile(options.preset, {
      ...(options.rootRedirect ? { rootRedirect: true } : {}),
      ...(options.splitChallenge ? { challenge: 'split' as const } : {}),
      ...options.profile,
    });
    const firstAnswer = firstApplicationsFault(this.profile);
    if (firstAnswer)
      this.faults.add({ kinds: ['applications'], method: 'POST', times: 1, action: firstAnswer });
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
        this.conferences.set(conference.onlineMeetingId, handle as Conference);
      },
      unregisterConference: (id) => this.conferences.delete(id),
      log: (line) => this.options.log?.(line),
    };
    this.registry = new ApplicationRegistry(this.context);
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
      const handler = (req: IncomingMessage, res: ServerResponse) => void this.handle(pool, req, res);
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
        (req, res) => void this.handle(0, req, res),
        (req, res) => void this.foreign(req, res),
        this.sockets,
      );
      this.connectTo.push(...this.auxiliary.rules);
    }
    return this;
  }

  public async close(): Promise<void> {
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

  public injectResume(sip?: string): number {
    return this.eachApp(sip, (app) => app.events.injectResume());
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
  public meetings(): Array<{
    onlineMeetingId: string;
    joinUrl: string;
    organizer: string;
    subject: string;
    members: Array<{ key: string; name: string; inLobby: boolean; role: string }>;
  }> {
    return [...this.conferences.values()].map((conference) => ({
      onlineMeetingId: conference.onlineMeetingId,
      joinUrl: conference.joinUrl,
      organizer: conference.organizer.sip,
      subject: conference.subject,
      members: [...conference.members.values()].map(({ key, name, inLobby, role }) => ({
        key,
        name,
        inLobby,
        role,
      })),
    }));
  }

  /** Someone opens the join link anonymously: they wait in the lobby. Returns their key. */
  public guestJoins(onlineMeetingId: string, displayName: string): string {
    const conference = this.conferences.get(onlineMeetingId);
    if (!conference || conference.ended) throw new Error(`no live meeting ${onlineMeetingId}`);
    return conference.joinGuest(displayName).key;
  }

  /** A crowd joins at once (event-storm benchmark): `count` attendees in one synchronous burst. */
  public crowdJoins(onlineMeetingId: string, count: number): void {
    const conference = this.conferences.get(onlineMeetingId);
    if (!conference || conference.ended) throw new Error(`no live meeting ${onlineMeetingId}`);
    for (let index = 1; index <= count; index += 1)
      conference.joinAttendee(`Attendee ${index}`, `sip:attendee${index}@${this.directory.domain}`);
  }

  /** A participant hangs up. */
  public participantLeaves(onlineMeetingId: string, key: string): boolean {
    return this.conferences.get(onlineMeetingId)?.remove(key) !== undefined;
  }

  /** Forgets the request log, advertised URLs and ended applications (long benchmark runs). */
  public trimBookkeeping(): void {
    this.requestLog.length = 0;
    this.advertised.clear();
    this.tokens.prune();
    this.registry.forgetEnded();
  }

  public requestCount(filter?: (record: RequestRecord) => boolean): number {
    return filter ? this.requestLog.filter(filter).length : this.requestLog.length;
  }
  // #endregion

  private eachApp(sip: string | undefined, run: (app: Application) => void): number {
    return this.registry.each(sip, run);
  }

  /** The foreign host: records everything and asks for credentials, as a phishing front end would. */
  private async foreign(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req).catch(() => '');
    this.foreignRequests.push({
      method: (req.method ?? 'GET').toUpperCase(),
      host: String(req.headers.host ?? ''),
      credential: req.headers.authorization ? 'bearer' : /(^|&)password=/.test(body) ? 'password' : undefined,
      url: req.url ?? '/',
      kind: 'unknown',
      status: 401,
      at: Date.now(),
    });
    const origin = `https://${this.hosts?.foreign ?? 'foreign'}`;
    const reply = this.signIn.challenge(0);
    res.writeHead(401, {
      'Content-Type': 'text/html',
      'WWW-Authenticate': `MsRtcOAuth href="${origin}${tokenPath}",grant_type="password"`,
    });
    res.end(reply.text);
  }

  private async handle(pool: number, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const origin = this.origin(pool);
    const url = new URL(req.url ?? '/', origin);
    const closeCallbacks: Array<() => void> = [];
    res.on('close', () => {
      for (const callback of closeCallbacks) callback();
    });
    let bodyPromise: Promise<InputBag> | undefined;
    const ctx: RequestContext = {
      method,
      url,
      pool,
      origin,
      input: () => {
        bodyPromise ??= readBody(req).then((body) =>
          parseInput(req.headers['content-type'], body, url.searchParams),
        );
        return bodyPromise;
      },
      onClose: (callback) => closeCallbacks.push(callback),
    };
    const record: RequestRecord = {
      method,
      host: String(req.headers.host ?? ''),
      credential: req.headers.authorization ? 'bearer' : undefined,
      url: url.pathname + url.search,
      kind: 'unknown',
      status: 0,
      at: Date.now(),
    };
    this.requestLog.push(record);
    if (this.requestLog.length > 100_000) this.requestLog.splice(0, 50_000);

    let reply: Reply;
    let post: FaultAction | undefined;
    try {
      // Anything below the entry points must have been advertised first (hypermedia discipline).
      if (!this.isEntryPath(url.pathname) && !this.advertised.allows(url)) {
        this.advertised.violations.push(`${method} ${url.href}`);
      }
      const { kind, route, app } = this.resolve(pool, url);
      record.kind = kind;
      if (this.latencyMs > 0) await delay(this.latencyMs);
      const fault = this.faults.take(kind, method);
      if (fault && fault.type === 'delay') await delay(fault.ms);
      else if (fault && ['truncate', 'malformed', 'trickle', 'drop'].includes(fault.type)) post = fault;
      else if (fault) {
        const reply = faultReply(fault, () => this.signIn.challenge(pool));
        if (reply) await this.write(pool, res, reply, record, undefined);
        return;
      }
      if (post?.type === 'drop' && post.afterMs === undefined) {
        record.status = -1;
        req.socket.destroy();
        return;
      }
      if (post?.type === 'drop') {
        // Dropped mid-request: a P-GET parks first, then its connection dies.
        const afterMs = post.afterMs ?? 0;
        setTimeout(() => {
          record.status = -1;
          req.socket.destroy();
        }, afterMs);
      }
      reply = await this.dispatch(ctx, kind, route, app, req, record);
    } catch (error) {
      reply = this.errorReply(pool, error);
    }
    if (post?.type === 'drop') return;
    await this.write(pool, res, reply, record, post);
  }

  private isEntryPath(path: string): boolean {
    return path === '/' || path.toLowerCase() === rootPath.toLowerCase() || path.startsWith('/meet/');
  }

  private resolve(pool: number, url: URL): { kind: RouteKind | 'unknown'; route?: Route; app?: Application } {
    const path = url.pathname;
    if (path === '/' || path.toLowerCase() === rootPath.toLowerCase()) return { kind: 'root' };
    if (path.toLowerCase() === userPath.toLowerCase()) return { kind: 'user' };
    if (path.toLowerCase() === tokenPath.toLowerCase()) return { kind: 'token' };
    if (path.toLowerCase() === redirectPath.toLowerCase()) return { kind: 'redirect' };
    if (path === applicationsPath) return { kind: 'applications' };
    if (path.startsWith('/meet/')) return { kind: 'meet' };
    const match = appPattern.exec(path);
    if (match?.[1]) {
      const app = this.registry.get(match[1]);
      if (!app || app.pool !== pool) throw ucwaError(404, 'NotFound', 'ApplicationNotFound');
      const route = app.route(path);
      if (!route) return { kind: 'unknown', app };
      return { kind: route.kind, route, app };
    }
    return { kind: 'unknown' };
  }

  private async dispatch(
    ctx: RequestContext,
    kind: RouteKind | 'unknown',
    route: Route | undefined,
    app: Application | undefined,
    req: IncomingMessage,
    record: RequestRecord,
  ): Promise<Reply> {
    const { pool, method, url } = ctx;
    switch (kind) {
      case 'root':
        return this.signIn.root(pool, req);
      case 'user':
        return this.signIn.userResource(pool, req);
      case 'redirect':
        return this.signIn.redirectResource(pool, req);
      case 'token': {
        if (method !== 'POST') throw ucwaError(405, 'MethodNotAllowed');
        const input = await ctx.input();
        if (input.string('password') !== undefined) record.credential = 'password';
        return this.signIn.token(pool, input);
      }
      case 'applications': {
        const user = this.tokens.check(req.headers.authorization, pool);
        if (!user) return this.signIn.challenge(pool);
        return this.registry.handle(ctx, user, this.signIn.homePool(user));
      }
      case 'meet':
        return this.meet(ctx);
      default:
        break;
    }
    const user = this.tokens.check(req.headers.authorization, pool);
    if (app) {
      if (app.state !== 'active') throw app.goneError();
      if (!user || user.sip !== app.user.sip) return this.signIn.challenge(pool);
    } else if (!user) return this.signIn.challenge(pool);
    if (!route || !app) {
      throw url.pathname.startsWith('/ucwa/')
        ? ucwaError(404, 'NotFound', 'ResourceNotFound')
        : new HttpFailure(404, { code: 'NotFound' });
    }
    switch (kind) {
      case 'events': {
        if (method !== 'GET') throw ucwaError(405, 'MethodNotAllowed');
        const poll = app.events.poll(url.searchParams, url.pathname + url.search);
        ctx.onClose(poll.cancel);
        const outcome = await poll.result;
        if (outcome.kind === 'error') throw outcome.failure;
        return { status: 200, json: outcome.batch.body };
      }
      case 'startOnlineMeeting': {
        if (method !== 'POST') throw ucwaError(405, 'MethodNotAllowed');
        const input = await ctx.input();
        return app.startOnlineMeeting(
          input,
          url.searchParams,
          url.searchParams.get('onlineMeetingUri') === 'adhoc'
            ? this.context.nextMeetingOutcome()
            : { kind: 'success' },
        );
      }
      case 'search':
        if (method !== 'GET') throw ucwaError(405, 'MethodNotAllowed');
        return app.search(url.searchParams);
      default:
        return route.handle(ctx);
    }
  }

  private async meet(ctx: RequestContext): Promise<Reply> {
    const id = ctx.url.pathname
      .split('/')
      .filter(Boolean)[2]
      ?.replace(/\/join$/, '');
    const conference = id ? this.conferences.get(id) : undefined;
    if (ctx.method === 'POST' && conference && !conference.ended) {
      const name = (await ctx.input()).string('name')?.trim().slice(0, 100) || 'Guest';
      conference.joinGuest(name);
      return {
        status: 200,
        text: meetPage(conference, 'waiting', name),
        contentType: 'text/html; charset=utf-8',
      };
    }
    return {
      status: conference ? 200 : 404,
      text: meetPage(conference, conference ? 'join' : 'missing'),
      contentType: 'text/html; charset=utf-8',
    };
  }

  private write(
    pool: number,
    res: ServerResponse,
    reply: Reply,
    record: RequestRecord,
    post: FaultAction | undefined,
  ): Promise<void> {
    return writeReply(res, reply, record, post, {
      origin: this.origin(pool),
      fqdn: `FE0${pool + 1}.${this.directory.domain}`,
      advertised: this.advertised,
      // Capture 07: UCWA resources carry `; charset=utf-8`.
      jsonType:
        this.profile.jsonContentType === 'plain' ? 'application/json' : 'application/json; charset=utf-8',
    });
  }

  private errorReply(pool: number, error: unknown): Reply {
    if (error instanceof HttpFailure) {
      if (error.status === 401) return this.signIn.challenge(pool);
      return { status: error.status, json: error.body, headers: error.headers };
    }
    this.options.log?.(`simulator error: ${(error as Error).stack ?? String(error)}`);
    return { status: 500, json: { code: 'ServiceFailure', message: 'Internal simulator error.' } };
  }
}

export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<UcwaSimulator> {
  return new UcwaSimulator(options).start();
}

/** The profile's one-off failure of the first POST applications, as a fault (faults.ts). */
function firstApplicationsFault(profile: ServerProfile): FaultAction | undefined {
  switch (profile.applicationsFirstAnswer) {
    case 'ok':
      return undefined;
    case 'iis-500': // a half-started IIS application pool
      return { type: 'html', status: 500 };
    case '503-retry-after':
      return { type: 'status', status: 503, code: 'ServiceUnavailable', retryAfterSec: 1 };
    case 'reset':
      return { type: 'drop' };
    case '502': // a reverse proxy whose back end is down: its own HTML page
      return { type: 'html', status: 502 };
    case '403': // RootURL.md lists "HTTP 403 Client Forbidden" among the failures that call for rediscovery
      return { type: 'status', status: 403, code: 'Forbidden', message: 'Client forbidden.' };
  }
}
