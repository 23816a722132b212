import { Agent, fetch, type Response } from 'undici';

/**
 * A deliberately dumb UCWA walker for contract tests, written from the documentation and not
 * from the simulator: it sends raw HTTP, resolves hrefs against the current UCWA origin and
 * never builds a path itself. Tokens are kept per origin.
 */
export class RawUcwa {
  private readonly dispatcher: Agent;
  private readonly tokens = new Map<string, string>();
  public base = '';
  public requests = 0;

  public constructor(caPem: string | undefined) {
    this.dispatcher = new Agent({ connect: caPem ? { ca: caPem } : {} });
  }

  public resolve(href: string): string {
    return new URL(href, this.base || undefined).href;
  }

  public async request(
    method: string,
    href: string,
    options: {
      json?: unknown;
      body?: string;
      contentType?: string;
      accept?: string;
      auth?: boolean;
      signal?: AbortSignal;
    } = {},
  ): Promise<{ status: number; headers: Response['headers']; text: string; json: any }> {
    const url = this.resolve(href);
    const headers: Record<string, string> = { Accept: options.accept ?? 'application/json' };
    const token = this.tokens.get(new URL(url).origin);
    if (token && options.auth !== false) headers.Authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['Content-Type'] = 'application/json';
    } else if (options.body !== undefined) {
      body = options.body;
      headers['Content-Type'] = options.contentType ?? 'application/json';
    }
    this.requests += 1;
    const response = await fetch(url, {
      method,
      headers,
      body,
      dispatcher: this.dispatcher,
      signal: options.signal ?? null,
    });
    const text = await response.text();
    let json: any;
    if (/json/.test(response.headers.get('content-type') ?? '') && text !== '') json = JSON.parse(text);
    return { status: response.status, headers: response.headers, text, json };
  }

  public get(href: string, options: Parameters<RawUcwa['request']>[2] = {}) {
    return this.request('GET', href, options);
  }

  public post(href: string, json?: unknown, options: Parameters<RawUcwa['request']>[2] = {}) {
    return this.request('POST', href, { ...options, ...(json !== undefined ? { json } : {}) });
  }

  public setToken(origin: string, token: string): void {
    this.tokens.set(origin, token);
  }

  /**
   * The documented sign-in: root → user (401 + MsRtcOAuth) → token → user → applications.
   * Returns the created application's body.
   */
  public async signIn(
    discoverUrl: string,
    username: string,
    password: string,
    endpointId = 'contract-test',
  ): Promise<any> {
    let root = await this.get(discoverUrl);
    let hops = 0;
    while (root.json?._links?.redirect && hops < 3) {
      root = await this.get(root.json._links.redirect.href);
      hops += 1;
    }
    let userHref: string = root.json._links.user.href;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      let user = await this.get(userHref);
      if (user.status === 401) {
        const header = user.headers.get('www-authenticate') ?? '';
        const tokenHref = /MsRtcOAuth\s+href="?([^",\s]+)"?/i.exec(header)?.[1];
        if (!tokenHref) throw new Error(`no MsRtcOAuth challenge in ${header}`);
        const form = new URLSearchParams({ grant_type: 'password', username, password }).toString();
        const token = await this.request('POST', tokenHref, {
          body: form,
          contentType: 'application/x-www-form-urlencoded;charset=UTF-8',
        });
        if (token.status !== 200)
          throw Object.assign(new Error(`token ${token.status}`), { response: token });
        this.setToken(new URL(this.resolve(tokenHref)).origin, token.json.access_token);
        user = await this.get(userHref);
      }
      if (user.status !== 200) throw Object.assign(new Error(`user ${user.status}`), { response: user });
      if (user.json?._links?.redirect) {
        const next = await this.get(user.json._links.redirect.href);
        userHref = next.json._links.user.href;
        continue;
      }
      const applicationsHref: string = user.json._links.applications.href;
      this.base = applicationsHref;
      const app = await this.post(applicationsHref, {
        UserAgent: 'ContractTest/1.0',
        EndpointId: endpointId,
        Culture: 'en-US',
      });
      // 201 for a new application; 200 when this endpoint already has one (MultiTabSupport.md).
      if (app.status !== 201 && app.status !== 200)
        throw Object.assign(new Error(`applications ${app.status}`), { response: app });
      return app.json;
    }
    throw new Error('too many user redirects');
  }
}

/** Collects events from an application's channel, following `next`/`resume`/`resync` verbatim. */
export class RawEventLoop {
  public readonly events: Array<{ sender: string; event: any }> = [];
  public readonly batches: any[] = [];
  private href: string;
  private stopped = false;
  private readonly waiters: Array<{
    predicate: (event: any, sender: string) => boolean;
    resolve: (event: any) => void;
    reject: (error: Error) => void;
    timer: NodeJS.Timeout;
  }> = [];
  private controller = new AbortController();
  public errors: Array<{ status: number; json: any }> = [];
  /** Event-channel GETs sent (benchmarks count command requests apart from them). */
  public polls = 0;
  public done: Promise<void>;

  public constructor(
    private readonly ucwa: RawUcwa,
    eventsHref: string,
    private readonly query = '',
  ) {
    this.href = eventsHref;
    this.done = this.run();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let response: Awaited<ReturnType<RawUcwa['get']>>;
      try {
        const url = new URL(this.ucwa.resolve(this.href));
        if (this.query)
          for (const [key, value] of new URLSearchParams(this.query)) url.searchParams.set(key, value);
        this.polls += 1;
        response = await this.ucwa.get(url.href, { signal: this.controller.signal });
      } catch (error) {
        if (this.stopped) return;
        throw error;
      }
      if (response.status !== 200) {
        this.errors.push({ status: response.status, json: response.json });
        return;
      }
      const body = response.json;
      this.batches.push(body);
      const links = body._links ?? {};
      this.href = (links.next ?? links.resume ?? links.resync).href;
      for (const sender of body.sender ?? []) {
        for (const event of sender.events) {
          this.events.push({ sender: sender.rel, event });
          for (const waiter of [...this.waiters]) {
            if (waiter.predicate(event, sender.rel)) {
              clearTimeout(waiter.timer);
              this.waiters.splice(this.waiters.indexOf(waiter), 1);
              waiter.resolve(event);
            }
          }
        }
      }
    }
  }

  /** Resolves with the first event (already seen or future) that matches. */
  public waitFor(predicate: (event: any, sender: string) => boolean, timeoutMs = 5000): Promise<any> {
    const seen = this.events.find((item) => predicate(item.event, item.sender));
    if (seen) return Promise.resolve(seen.event);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for event')), timeoutMs);
      this.waiters.push({ predicate, resolve, reject, timer });
    });
  }

  public stop(): void {
    this.stopped = true;
    this.controller.abort();
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error('stopped'));
    }
  }
}

export const fastTiming = {
  eventTimeoutMs: 400,
  holdScale: 0.02,
  meetingUpdateDelayMs: 20,
  meetingConnectDelayMs: 60,
  inviteAnswerMs: 60,
  inviteNoAnswerMs: 300,
  callbackGraceMs: 200,
};
