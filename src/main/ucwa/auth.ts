import { type OAuthChallenge, parseMsRtcOAuthChallenge } from './challenge.js';
import type { Clock } from './clock.js';
import { UcwaError } from './errors.js';
import { type NegotiateProvider, SsoError } from './negotiate.js';
import { readTokenAnswer, type TokenAnswer } from './token-answer.js';
import { type HttpResponse, httpError, type Transport } from './transport.js';
import { assertTrustedHost, type TrustPolicy } from './trust.js';
import { resolveHref } from './urls.js';
import { windowsGrant, windowsGrantType } from './windows-grant.js';

export interface Credentials {
  /** SIP address, UPN or DOMAIN\user, as the token endpoint takes it. */
  readonly username: string;
  readonly password: string;
}

/** Asked each time a grant is needed, so the password need not live in the client. */
export type CredentialSource = () => Promise<Credentials>;

/** Single sign-on: the Windows grant, answered through Negotiate by the provider. */
export interface WindowsSignIn {
  negotiate: NegotiateProvider;
  /**
   * Only when the user asked for it: the password grant where single sign-on is not offered or
   * fails. Otherwise an SSO failure is the sign-in's answer, and no password is ever asked for.
   */
  passwordFallback?: boolean;
}

type Grant = 'password' | 'windows';

interface HeldToken {
  value: string;
  expiresAt: number;
  lifetimeMs: number;
  tokenUrl: URL;
  /** How it was obtained, so that a renewal uses the same grant. */
  grant: Grant;
}

/** Renew when less than this share of a token's life is left (about 80 % used, §4.4). */
const renewAtRemainingShare = 0.2;

/**
 * OAuth tokens, one per origin (AuthenticationInUCWA.md): the password or the Windows grant,
 * proactive renewal before `expires_in` runs out, and one grant at a time per origin however many
 * requests wait.
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
    private readonly windows?: WindowsSignIn,
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
    await this.grant(url.origin, token.tokenUrl, [token.grant], signal);
  }

  /** Answers a 401 challenge from `url`: one grant for its origin, chosen by `grantsFor`. */
  public async answerChallenge(url: URL, challenge: OAuthChallenge, signal?: AbortSignal): Promise<void> {
    const tokenUrl = resolveHref(challenge.tokenHref, url.href);
    await this.grant(url.origin, tokenUrl, this.grantsFor(url, challenge), signal);
  }

  /**
   * A grant at a token endpoint remembered from an earlier sign-in, without first drawing the
   * challenge (the cold start's saved request): the grants this client would choose if offered.
   */
  public async grantAt(url: URL, tokenUrl: URL, signal?: AbortSignal): Promise<void> {
    const grants: Grant[] = this.windows
      ? ['windows', ...(this.windows.passwordFallback ? (['password'] as const) : [])]
      : ['password'];
    await this.grant(url.origin, tokenUrl, grants, signal);
  }

  /** The token endpoint that issued the token for this origin (worth remembering; not a secret). */
  public tokenUrlFor(url: URL): URL | undefined {
    return this.tokens.get(url.origin)?.tokenUrl;
  }

  /**
   * Which grants to try, in order: with single sign-on chosen, the Windows grant when offered,
   * then the password grant only if the user asked for that fallback; otherwise the password grant.
   */
  private grantsFor(url: URL, challenge: OAuthChallenge): Grant[] {
    const offered = new Set(challenge.grantTypes);
    const grants: Grant[] = [];
    if (this.windows && offered.has(windowsGrantType)) grants.push('windows');
    if ((!this.windows || this.windows.passwordFallback) && offered.has('password')) grants.push('password');
    if (grants.length > 0) return grants;
    if (this.windows) throw new SsoError('not-offered', url.hostname);
    throw new UcwaError(
      'auth-unsupported',
      `${url.host} offers no password sign-in (only ${challenge.grantTypes.join(', ') || 'nothing'}).`,
    );
  }

  private grant(origin: string, tokenUrl: URL, grants: Grant[], signal?: AbortSignal): Promise<void> {
    const running = this.grants.get(origin);
    if (running) return running;
    const promise = this.tryGrants(origin, tokenUrl, grants, signal).finally(() =>
      this.grants.delete(origin),
    );
    this.grants.set(origin, promise);
    return promise;
  }

  private async tryGrants(
    origin: string,
    tokenUrl: URL,
    grants: Grant[],
    signal?: AbortSignal,
  ): Promise<void> {
    for (const [index, grant] of grants.entries()) {
      try {
        const answer = await this.obtain(grant, tokenUrl, signal);
        this.tokens.set(origin, {
          value: answer.value,
          expiresAt: this.clock.now() + answer.lifetimeMs,
          lifetimeMs: answer.lifetimeMs,
          tokenUrl,
          grant,
        });
        return;
      } catch (error) {
        // Only an SSO failure moves on to the (asked-for) password grant; anything else is final.
        if (!(error instanceof SsoError) || index === grants.length - 1) throw error;
      }
    }
  }

  private obtain(grant: Grant, tokenUrl: URL, signal?: AbortSignal): Promise<TokenAnswer> {
    if (grant === 'windows' && this.windows) {
      this.grantCount += 1;
      return windowsGrant(this.transport, this.windows.negotiate, tokenUrl, this.trust(), signal);
    }
    return this.passwordGrant(tokenUrl, signal);
  }

  private async passwordGrant(tokenUrl: URL, signal?: AbortSignal): Promise<TokenAnswer> {
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
    return readTokenAnswer(response, tokenUrl, 'password');
  }
}

export interface UcwaRequestOptions {
  json?: unknown;
  timeoutMs?: number;
  signal?: AbortSignal;
  maxBytes?: number;
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
        ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}),
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
