import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AdvertisedUrls } from './advertised.js';
import type { Application } from './application.js';
import type { ApplicationRegistry } from './application-registry.js';
import type { TokenAuthority } from './auth.js';
import type { Conference } from './conference.js';
import type { Reply, RequestContext, Route, RouteKind, SimContext } from './context.js';
import type { Directory } from './directory.js';
import type { FaultAction, FaultTable } from './faults.js';
import { meetRoute } from './meet-page.js';
import { applicationsPath, redirectPath, rootPath, tokenPath, userPath } from './paths.js';
import type { ServerProfile } from './profile.js';
import { delay, faultReply, writeReply } from './responder.js';
import type { SignInRoutes } from './sign-in-routes.js';
import { HttpFailure, type InputBag, parseInput, readBody, ucwaError } from './wire.js';

export interface RequestRecord {
  method: string;
  /** The Host the request named (named mode: which pool or discovery host). */
  host: string;
  /** A bearer token or a password travelled with this request. */
  credential: 'bearer' | 'password' | 'negotiate' | undefined;
  url: string;
  kind: RouteKind | 'unknown';
  status: number;
  at: number;
}

export interface PipelineDeps {
  readonly requestLog: RequestRecord[];
  readonly advertised: AdvertisedUrls;
  readonly faults: FaultTable;
  readonly signIn: SignInRoutes;
  readonly registry: ApplicationRegistry;
  readonly tokens: TokenAuthority;
  readonly context: SimContext;
  readonly directory: Directory;
  readonly profile: ServerProfile;
  latencyMs(): number;
  /** Aborted by the simulator's close(): pending delays end (L10: a closed simulator keeps no timer). */
  readonly closing: AbortSignal;
  origin(pool: number): string;
  conference(onlineMeetingId: string): Conference | undefined;
  log?: (line: string) => void;
}

const appPattern = /^\/ucwa\/oauth\/v1\/applications\/(\d+)(?:\/|$)/;

/**
 * One request through the front end: the request log, hypermedia discipline, latency and
 * injected faults, routing to sign-in, applications and application resources, and the answer
 * written the way IIS writes it.
 */
export class RequestPipeline {
  public constructor(private readonly deps: PipelineDeps) {}

  public async handle(pool: number, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const origin = this.deps.origin(pool);
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
      credential: credentialIn(req.headers.authorization),
      url: url.pathname + url.search,
      kind: 'unknown',
      status: 0,
      at: Date.now(),
    };
    this.deps.requestLog.push(record);
    if (this.deps.requestLog.length > 100_000) this.deps.requestLog.splice(0, 50_000);

    let reply: Reply;
    let post: FaultAction | undefined;
    try {
      // Anything below the entry points must have been advertised first (hypermedia discipline).
      if (!this.isEntryPath(url.pathname) && !this.deps.advertised.allows(url)) {
        this.deps.advertised.violations.push(`${method} ${url.href}`);
      }
      const { kind, route, app } = this.resolve(pool, url);
      record.kind = kind;
      // Not protocol: the simulator's own lifecycle. A request that close() cut short is dropped,
      // never acted on by a server that has gone.
      const closedMeanwhile = () => {
        if (!this.deps.closing.aborted) return false;
        record.status = -1;
        req.socket.destroy();
        return true;
      };
      if (this.deps.latencyMs() > 0) await delay(this.deps.latencyMs(), this.deps.closing);
      if (closedMeanwhile()) return;
      const fault = this.deps.faults.take(kind, method);
      if (fault?.type === 'expire-application') app?.expire();
      else if (fault && fault.type === 'delay') {
        await delay(fault.ms, this.deps.closing);
        if (closedMeanwhile()) return;
      } else if (fault && ['truncate', 'malformed', 'trickle', 'drop', 'lose-answer'].includes(fault.type))
        post = fault;
      else if (fault) {
        const reply = faultReply(fault, () => this.deps.signIn.challenge(pool));
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
        void delay(afterMs, this.deps.closing).then(() => {
          record.status = -1;
          req.socket.destroy();
        });
      }
      reply = await this.dispatch(ctx, kind, route, app, req, record);
    } catch (error) {
      reply = this.errorReply(pool, error);
    }
    if (post?.type === 'drop') return;
    if (post?.type === 'lose-answer') {
      // Carried out, never answered: the client cannot tell whether the server acted.
      record.status = -1;
      req.socket.destroy();
      return;
    }
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
      const app = this.deps.registry.get(match[1]);
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
        return this.deps.signIn.root(pool, req);
      case 'user':
        return this.deps.signIn.userResource(pool, req);
      case 'redirect':
        return this.deps.signIn.redirectResource(pool, req);
      case 'token': {
        if (method !== 'POST') throw ucwaError(405, 'MethodNotAllowed');
        const input = await ctx.input();
        if (input.string('password') !== undefined) record.credential = 'password';
        return this.deps.signIn.token(pool, input, req.headers.authorization);
      }
      case 'applications': {
        const user = this.deps.tokens.check(req.headers.authorization, pool);
        if (!user) return this.deps.signIn.challenge(pool);
        return this.deps.registry.handle(ctx, user, this.deps.signIn.homePool(user));
      }
      case 'meet':
        return this.meet(ctx);
      default:
        break;
    }
    const user = this.deps.tokens.check(req.headers.authorization, pool);
    if (app) {
      if (app.state !== 'active') throw app.goneError();
      if (!user || user.sip !== app.user.sip) return this.deps.signIn.challenge(pool);
    } else if (!user) return this.deps.signIn.challenge(pool);
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
            ? this.deps.context.nextMeetingOutcome()
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

  private meet(ctx: RequestContext): Promise<Reply> {
    return meetRoute(ctx, (id) => this.deps.conference(id));
  }

  private write(
    pool: number,
    res: ServerResponse,
    reply: Reply,
    record: RequestRecord,
    post: FaultAction | undefined,
  ): Promise<void> {
    return writeReply(res, reply, record, post, {
      origin: this.deps.origin(pool),
      fqdn: `FE0${pool + 1}.${this.deps.directory.domain}`,
      advertised: this.deps.advertised,
      closing: this.deps.closing,
      // Capture 07: UCWA resources carry `; charset=utf-8`.
      jsonType:
        this.deps.profile.jsonContentType === 'plain'
          ? 'application/json'
          : 'application/json; charset=utf-8',
    });
  }

  private errorReply(pool: number, error: unknown): Reply {
    if (error instanceof HttpFailure) {
      if (error.status === 401) return this.deps.signIn.challenge(pool);
      return { status: error.status, json: error.body, headers: error.headers };
    }
    this.deps.log?.(`simulator error: ${(error as Error).stack ?? String(error)}`);
    return { status: 500, json: { code: 'ServiceFailure', message: 'Internal simulator error.' } };
  }
}

/** Which credential a request's Authorization header carries (tests prove where each went). */
export function credentialIn(authorization: string | undefined): 'bearer' | 'negotiate' | undefined {
  if (!authorization) return undefined;
  return /^Negotiate\s/i.test(authorization.trim()) ? 'negotiate' : 'bearer';
}
