import type { IncomingMessage } from 'node:http';
import { challengeHeaders, type TokenAuthority } from './auth.js';
import type { Reply, SimulatorTiming } from './context.js';
import { type Directory, type DirectoryUser, findUserByLogin } from './directory.js';
import { loginForPrincipal, type NegotiateAcceptor } from './negotiate-acceptor.js';
import { applicationsPath, redirectPath, rootPath, tokenPath, userPath } from './paths.js';
import type { ServerProfile } from './profile.js';
import { type InputBag, iisErrorPage } from './wire.js';

export interface SignInDeps {
  directory: Directory;
  tokens: TokenAuthority;
  timing: SimulatorTiming;
  profile: ServerProfile;
  options: { rootRedirectUrl?: string };
  origin(pool: number): string;
  poolCount(): number;
  /** Where a `foreign-host` redirect points (a host outside every trusted domain). */
  foreignRoot(): string;
  /** Verifies Negotiate tokens for the Windows grant; without one, every token is refused. */
  negotiate?: NegotiateAcceptor;
  /** The Kerberos realm whose principals map to directory users (default: the domain, upper case). */
  kerberosRealm?: string;
}

/** How many pools a profile needs: a director, the pools a user redirect passes, the home pool. */
export function poolsNeeded(profile: ServerProfile): number {
  return entryPool(profile) + (profile.userRedirect === 'none' ? 0 : profile.redirectHops) + 1;
}

/** The pool whose user resource a client reaches first; with `rootRedirect`, pool 0 is a director. */
function entryPool(profile: ServerProfile): number {
  return profile.rootRedirect ? 1 : 0;
}

/**
 * Discovery and authentication (RootURL.md, AuthenticationInUCWA.md): the root, the user
 * resource with its 401 challenge and redirects, and the OAuth token endpoint.
 */
export class SignInRoutes {
  public constructor(private readonly deps: SignInDeps) {}

  private get profile(): ServerProfile {
    return this.deps.profile;
  }

  public root(pool: number, req: IncomingMessage): Reply {
    const domain = this.deps.directory.domain;
    const origin = this.deps.origin(pool);
    const links: Record<string, string> = { self: `${origin}${rootPath}?originalDomain=${domain}` };
    if (this.deps.options.rootRedirectUrl && pool === 0) {
      links.redirect = this.deps.options.rootRedirectUrl;
    } else if (this.profile.rootRedirect && pool === 0 && this.deps.poolCount() > 1) {
      // root_ref.md / RootURL.md step 5: the root may answer `redirect` instead of `user`.
      links.redirect = `${this.deps.origin(1)}${rootPath}?originalDomain=${domain}`;
    } else {
      links.user = `${origin}${userPath}?originalDomain=${domain}`;
      links.xframe = `${origin}/Autodiscover/XFrame/XFrame.html`;
    }
    const accept = String(req.headers.accept ?? '');
    // Real Lync 2013 answered JSON to a request with no Accept (capture 03); an explicit XML or
    // any other non-JSON Accept gets the XML form (root_ref.md).
    if (accept === '' || /json/i.test(accept)) {
      return {
        status: 200,
        json: { _links: Object.fromEntries(Object.entries(links).map(([rel, href]) => [rel, { href }])) },
        contentType: this.jsonType(),
      };
    }
    const xml = [
      '<?xml version="1.0" encoding="utf-8"?>',
      `<resource rel="root" href="${escapeAttr(links.self ?? '')}" xmlns="http://schemas.microsoft.com/rtc/2012/03/ucwa">`,
      ...Object.entries(links)
        .filter(([rel]) => rel !== 'self')
        .map(([rel, href]) => `  <link rel="${rel}" href="${escapeAttr(href)}" />`),
      '</resource>',
    ].join('\r\n');
    return {
      status: 200,
      text: xml,
      contentType: 'application/xml; charset=utf-8',
      headers: { 'X-Advertise': Object.values(links).join(' ') },
    };
  }

  public userResource(pool: number, req: IncomingMessage): Reply {
    const user = this.deps.tokens.check(req.headers.authorization, pool);
    if (!user) return this.challenge(pool);
    const domain = this.deps.directory.domain;
    const origin = this.deps.origin(pool);
    const home = this.homePool(user);
    const own = {
      self: { href: `${origin}${rootPath}/user` },
      applications: { href: `${origin}${applicationsPath}` },
      xframe: { href: `${origin}/Autodiscover/XFrame/XFrame.html` },
    };
    if (home === pool) return { status: 200, json: { _links: own }, contentType: this.jsonType() };
    // Homed elsewhere: `redirect` after authentication (user_ref.md, redirect_ref.md). user_ref.md's
    // own example carries `applications` beside it, so a client must prefer the redirect.
    const redirect = { href: this.redirectHref(pool, home) };
    const links =
      this.profile.userRedirect === 'redirect-with-applications'
        ? { ...own, redirect }
        : { self: { href: `${origin}${userPath}?originalDomain=${domain}` }, redirect };
    return { status: 200, json: { _links: links }, contentType: this.jsonType() };
  }

  /**
   * redirect_ref.md: the redirect resource, fetched with the current pool's token, names the
   * `user` entry point of the next pool.
   */
  public redirectResource(pool: number, req: IncomingMessage): Reply {
    const user = this.deps.tokens.check(req.headers.authorization, pool);
    if (!user) return this.challenge(pool);
    const next = this.nextPool(pool, this.homePool(user));
    const nextOrigin = this.deps.origin(next);
    return {
      status: 200,
      json: {
        rel: 'redirect',
        _links: {
          self: { href: `${this.deps.origin(pool)}${redirectPath}` },
          user: { href: `${nextOrigin}${userPath}?originalDomain=${this.deps.directory.domain}` },
          xframe: { href: `${nextOrigin}/Autodiscover/XFrame/XFrame.html` },
        },
      },
      contentType: this.jsonType(),
    };
  }

  private redirectHref(pool: number, home: number): string {
    if (this.profile.redirectTarget === 'foreign-host') return this.deps.foreignRoot();
    if (this.profile.redirectTarget === 'redirect-resource')
      return `${this.deps.origin(pool)}${redirectPath}`;
    // Real hybrid redirects point at the next server's anonymous root (protocol audit C16).
    return `${this.deps.origin(this.nextPool(pool, home))}${rootPath}?originalDomain=${this.deps.directory.domain}`;
  }

  private nextPool(pool: number, home: number): number {
    return Math.min(pool + 1, home);
  }

  /** The pool that homes a user under this profile (the directory's pool when no redirect is set). */
  public homePool(user: DirectoryUser): number {
    const entry = entryPool(this.profile);
    if (this.profile.userRedirect !== 'none')
      return Math.min(entry + this.profile.redirectHops, this.deps.poolCount() - 1);
    const pool = Math.min(user.pool, this.deps.poolCount() - 1);
    return Math.max(pool, Math.min(entry, this.deps.poolCount() - 1));
  }

  public challenge(pool: number): Reply {
    const grants = [
      ...(this.profile.windowsGrant === 'not-offered' ? [] : ['urn:microsoft.rtc:windows']),
      'urn:microsoft.rtc:anonmeeting',
      ...(this.profile.grants === 'with-password' ? ['password'] : []),
    ].join(',');
    const values = challengeHeaders(
      `${this.deps.origin(pool)}${tokenPath}`,
      this.deps.directory.domain,
      this.profile.challenge === 'split',
      grants,
    );
    return {
      status: 401,
      text: iisErrorPage(
        401,
        'Unauthorized: Access is denied due to invalid credentials.',
        'You do not have permission to view this directory or page using the credentials that you supplied.',
      ),
      contentType: 'text/html',
      headers: { 'WWW-Authenticate': values },
    };
  }

  public async token(pool: number, input: InputBag, authorization?: string): Promise<Reply> {
    const oauthError = (error: string, diagnostic: string) => this.oauthError(pool, error, diagnostic);
    const grant = input.string('grant_type');
    if (!grant) return oauthError('invalid_request', '28020;reason="grant_type is required."');
    if (grant === 'urn:microsoft.rtc:windows') {
      if (this.profile.windowsGrant === 'not-offered')
        return oauthError('unsupported_grant_type', '28029;reason="Authentication type not allowed."');
      return this.windowsGrant(pool, authorization);
    }
    if (grant !== 'password' || this.profile.grants === 'no-password')
      return oauthError('unsupported_grant_type', '28029;reason="Authentication type not allowed."');
    const username = input.string('username');
    const password = input.string('password');
    if (!username || password === undefined)
      return oauthError('invalid_request', '28020;reason="username and password are required."');
    const user = findUserByLogin(this.deps.directory, username);
    // The docs give no diagnostics for a wrong password; the passive example's 28020 is reused.
    if (!user || user.password !== password)
      return oauthError('invalid_grant', '28020;reason="No valid security token."');
    return this.issue(user, pool);
  }

  /**
   * AuthenticationInUCWA.md "Error conditions": 400, `{"error": …}` only, no-store, and
   * X-Ms-diagnostics (28029 "Authentication type not allowed." for a refused grant type).
   */
  private oauthError(pool: number, error: string, diagnostic: string): Reply {
    const host = this.deps.origin(pool).replace(/^https?:\/\//, '');
    return {
      status: 400,
      json: { error },
      contentType: 'application/json;charset=UTF-8',
      headers: {
        'Cache-Control': 'no-store',
        Pragma: 'no-cache',
        'X-Ms-diagnostics': `${diagnostic};source="${host}"`,
      },
    };
  }

  private issue(user: DirectoryUser, pool: number, headers: Record<string, string> = {}): Reply {
    const issued = this.deps.tokens.issue(user, pool, this.deps.timing.tokenLifetimeSec);
    return {
      status: 200,
      json: {
        access_token: issued.token,
        expires_in: issued.expiresIn,
        ms_rtc_identityscope: 'local',
        token_type: 'Bearer',
      },
      contentType: 'application/json',
      headers: { 'Cache-Control': 'no-store', ...headers },
    };
  }

  /**
   * IIS's Windows authentication in front of the token endpoint (AuthenticationInUCWA.md IWA):
   * no valid `Authorization: Negotiate` → 401 with the offered schemes; a token the keytab
   * verifies → the principal's directory user gets a token, with the server's final Negotiate
   * token for mutual authentication. NTLM is not implemented: an NTLM answer is refused like any
   * other invalid one.
   */
  private async windowsGrant(pool: number, authorization: string | undefined): Promise<Reply> {
    const hostname = new URL(this.deps.origin(pool)).hostname;
    const offered = this.profile.windowsGrant === 'ntlm-only' ? ['NTLM'] : ['Negotiate', 'NTLM'];
    const unauthorized: Reply = {
      status: 401,
      text: iisErrorPage(401, 'Unauthorized: Access is denied due to invalid credentials.', ''),
      contentType: 'text/html',
      headers: { 'WWW-Authenticate': offered },
    };
    const token = /^Negotiate\s+([A-Za-z0-9+/]+=*)$/i.exec(authorization?.trim() ?? '')?.[1];
    if (!token || !offered.includes('Negotiate') || !this.deps.negotiate) return unauthorized;
    let accepted: { principal: string; reply: string | undefined };
    try {
      accepted = await this.deps.negotiate.accept(token, hostname);
    } catch {
      return unauthorized;
    }
    const domain = this.deps.directory.domain;
    const login = loginForPrincipal(
      accepted.principal,
      this.deps.kerberosRealm ?? domain.toUpperCase(),
      domain,
    );
    const user = login ? findUserByLogin(this.deps.directory, login) : undefined;
    // Authenticated, but no user of this deployment: the docs give no diagnostics, 28020 is reused.
    if (!user) return this.oauthError(pool, 'invalid_grant', '28020;reason="No valid security token."');
    return this.issue(
      user,
      pool,
      accepted.reply ? { 'WWW-Authenticate': `Negotiate ${accepted.reply}` } : {},
    );
  }

  /** Autodiscovery JSON (captures 03 and 06 are plain `application/json`). */
  private jsonType(): string {
    return this.profile.jsonContentType === 'charset'
      ? 'application/json; charset=utf-8'
      : 'application/json';
  }
}

function escapeAttr(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
