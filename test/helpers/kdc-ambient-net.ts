import { EventEmitter } from 'node:events';
import type {
  NetRequestFactory,
  NetRequestLike,
  NetResponseLike,
} from '../../src/main/electron/net-request-fetch.js';

/** Chromium's allow-list patterns (HttpAuthFilterAllowlist): `*`, `*.suffix`, `*suffix`, exact. */
export function chromiumAllows(list: string, host: string): boolean {
  return list
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter(Boolean)
    .some((pattern) =>
      pattern === '*' ? true : pattern.startsWith('*') ? host.endsWith(pattern.slice(1)) : host === pattern,
    );
}

/** A recording stand-in for Electron's Session, as the desktop passes it (typed by the app). */
export class FakeAuthSession {
  public readonly calls: string[] = [];
  public get allowList(): string {
    return this.calls.at(-1) ?? '';
  }
  public allowNTLMCredentialsForDomains(domains: string): void {
    this.calls.push(domains);
  }
}

/**
 * Chromium's ambient Negotiate inside one `net.request`, reproduced over another NetRequestFactory:
 * a `401 WWW-Authenticate: Negotiate` from a host on the session's allow-list is answered, out of
 * the caller's sight, by the same request again with `Authorization: Negotiate <token>` from the
 * OS ticket (`ticket(host)`, real GSSAPI in the tests); any other 401 reaches the caller as is.
 */
export function ambientNegotiateNet(
  inner: NetRequestFactory,
  session: FakeAuthSession,
  ticket: (host: string) => Promise<string | undefined>,
): NetRequestFactory {
  return (options) => {
    const outer = new EventEmitter() as EventEmitter & NetRequestLike;
    const headers: Record<string, string> = {};
    let current: NetRequestLike | undefined;
    const send = (extra: Record<string, string>, body: string | undefined, firstTry: boolean) => {
      const request = inner(options);
      current = request;
      for (const [name, value] of Object.entries({ ...headers, ...extra })) request.setHeader(name, value);
      request.on('redirect', (...args) => outer.emit('redirect', ...args));
      request.on('error', (error) => outer.emit('error', error));
      request.on('response', (response: NetResponseLike) => {
        const host = new URL(options.url).hostname;
        const challenge = String(response.headers['www-authenticate'] ?? '');
        if (
          firstTry &&
          response.statusCode === 401 &&
          /\bNegotiate\b/i.test(challenge) &&
          chromiumAllows(session.allowList, host)
        ) {
          void ticket(host).then((token) => {
            if (!token) return outer.emit('response', response);
            (response as unknown as { resume(): void }).resume();
            send({ Authorization: `Negotiate ${token}` }, body, false);
          });
          return;
        }
        outer.emit('response', response);
      });
      request.end(body);
    };
    outer.setHeader = (name, value) => {
      headers[name] = value;
    };
    outer.abort = () => current?.abort();
    outer.end = (chunk) => send({}, chunk, true);
    return outer;
  };
}
