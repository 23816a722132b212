import { type OAuthChallenge, parseMsRtcOAuthChallenge } from './challenge.js';
import type { Clock } from './clock.js';
import { UcwaError } from './errors.js';
import { type HttpResponse, httpError, type Transport } from './transport.js';
import { assertTrustedHost, type TrustPolicy } from './trust.js';
import { resolveHref } from './urls.js';

export interface Credentials {
  /** SIP address, UPN or DOMAIN\user, as the token endpoint takes it. */
  readonly username: string;
  readonly password: string;
}

/** Asked each time a grant is needed, so the password need not live in the client. */
export type CredentialSource = () => Promise<Credentials>;

interface HeldToken {
  value: string;
  expiresAt: number;
  lifetimeMs: number;
  tokenUrl: URL;
}

/** Renew when less than this share of a token's life is left (about 80 % used, §4.4). */
const renewAtRemainingShare = 0.2;

/**
 * OAuth tokens, one per origin (AuthenticationInUCWA.md): the password grant, proactive renewal
 * before `expires_in` runs out, and one grant at a time per origin however many requests wait.
 */
export class TokenManager {
  private readonly tokens = new Map<string, HeldToken>();
  private readonly grants = new Map<string, Promise<void>>();
  public grantCount = 0;

  public constructor(
    private readonly transport: Transport,
    private readonly clock: Clock,
    private readonly trust: () => TrustPolicy,
    private readonly credentials: CredentialSource,
  ) {}

  public headerFor(url: URL): string | undefined {
    const token = this.tokens.get(url.origin);
    if (!token || this.clock.now() >= token.expiresAt) return undefined;
    return `Bearer ${token.value}`;
  }

  /** Resolves when a grant running for this origin (if any) has finished. */
  public async grantInFlight(origin: string): Promise<void> {
    await this.grants.get(origin);
  }

  public invalidate(origin: string): void {
    this.tokens.delete(origin);
  }

  public clear(): void {
    this.tokens.clear();
  }

  /** Re-grants ahead of expiry, using the token endpoint the last challenge named. */
  public async renewIfDue(url: URL, signal?: AbortSignal): Promise<void> {
    const token = this.tokens.get(url.origin);
    if (!token) return;
    const remaining = token.expiresAt - this.clock.now();
    if (remaining > token.lifetimeMs * renewAtRemainingShare) return;
    await this.grant(url.origin, token.tokenUrl, signal);
  }

  /** Answers a 401 challenge from `url`: one password grant for its origin. */
  public async answerChallenge(url: URL, challenge: OAuthChallenge, signal?: AbortSignal): Promise<void> {
    if (!challenge.grantTypes.includes('password')) {
      throw new UcwaError(
        'auth-unsupported',
        `${url.host} offers no password sign-in (only ${challenge.grantTypes.join(', ') || 'nothing'}).`,
      );
    }
    await this.grant(url.origin, resolveHref(challenge.tokenHref, url.href), signal);
  }

  private grant(origin: string, tokenUrl: URL, signal?: AbortSignal): Promise<void> {
    const running = this.grants.get(origin);
    if (running) return running;
    const promise = this.passwordGrant(origin, tokenUrl, signal).finally(() => this.grants.delete(origin));
    this.grants.set(origin, promise);
    return promise;
  }

  private async passwordGrant(origin: string, tokenUrl: URL, signal?: AbortSignal): Promise<void> {
    // The password goes only to a host the user's domain vouches for (RootURL.md security check).
    assertTrustedHost(tokenUrl, this.trust());
    const { username, password } = await this.credentials();
    this.grantCount += 1;
    const response = await this.transport.send({
      method: 'POST',
      url: tokenUrl,
      form: { grant_type: 'password', username, password },
      timeoutMs: 30_000,
      ...(signal ? { signal } : {}),
    });
    const body = (response.json ?? {}) as Record<string, unknown>;
    if (response.status === 200 && typeof body.access_token === 'string' && body.access_token !== '') {
      const lifetimeMs =
        (typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 3600) * 1000;
      this.tokens.set(origin, {
        value: body.access_token,
        expiresAt: this.clock.now() + lifetimeMs,
        lifetimeMs,
        tokenUrl,
      });
      return;
    }
    if (response.status === 400 && typeof body.error === 'string') {
      if (body.error === 'invalid_grant')
        throw new UcwaError('credentials', 'The server refused the user name or password.');
      if (body.error === 'unsupported_grant_type')
        throw new UcwaError('auth-unsupported', `${tokenUrl.host} does not allow password sign-in.`);
      throw new UcwaError('protocol', `${tokenUrl.host} refused the sign-in request (${body.error}).`);
    }
    if (response.status >= 200 && response.status < 300)
      throw new UcwaError('protocol', `${tokenUrl.host} answered the token request without a token.`);
    throw httpError(response, tokenUrl);
  }
}

export interface UcwaRequestOptions {
  json?: unknown;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * Authorized UCWA requests: the bearer token of the URL's origin, a proactive renewal when it is
 * due, and on a 401 challenge one re-grant and one retry — never a loop.
 */
export class UcwaHttp {
  public constructor(
    private readonly transport: Transport,
    public readonly tokens: TokenManager,
    private readonly trust: () => TrustPolicy,
    private readonly defaultTimeoutMs = 30_000,
  ) {}

  public async request(
    method: 'GET' | 'POST' | 'DELETE',
    url: URL,
    options: UcwaRequestOptions = {},
  ): Promise<HttpResponse> {
    assertTrustedHost(url, this.trust());
    await this.tokens.renewIfDue(url, options.signal);
    for (let attempt = 0; ; attempt += 1) {
      const authorization = this.tokens.headerFor(url);
      const response = await this.transport.send({
        method,
        url,
        ...(authorization ? { headers: { Authorization: authorization } } : {}),
        ...(options.json !== undefined ? { json: options.json } : {}),
        timeoutMs: options.timeoutMs ?? this.defaultTimeoutMs,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      if (response.status === 401) {
        const challenge = parseMsRtcOAuthChallenge(response.headers.get('www-authenticate'));
        if (!challenge)
          throw new UcwaError(
            'protocol',
            `${url.host} asked for authentication without an MsRtcOAuth challenge.`,
          );
        if (attempt > 0) throw new UcwaError('credentials', `${url.host} refused a freshly issued token.`);
        // Another request may have renewed the token while this one was out: then just retry.
        if (this.tokens.headerFor(url) === authorization) {
          this.tokens.invalidate(url.origin);
          await this.tokens.answerChallenge(url, challenge, options.signal);
        } else {
          await this.tokens.grantInFlight(url.origin);
        }
        continue;
      }
      if (response.status >= 200 && response.status < 300) return response;
      if (response.status >= 300 && response.status < 400) {
        throw new UcwaError(
          'protocol',
          `${url.host} answered ${response.status} where UCWA never redirects.`,
        );
      }
      throw httpError(response, url);
    }
  }
}
