import type { IncomingMessage } from 'node:http';
import { challengeHeaders, type TokenAuthority } from './auth.js';
import type { Reply, SimulatorTiming } from './context.js';
import { type Directory, type DirectoryUser, findUserByLogin } from './directory.js';
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
    const grants =
      this.profile.grants === 'with-password'
        ? 'urn:microsoft.rtc:windows,urn:microsoft.rtc:anonmeeting,password'
        : 'urn:microsoft.rtc:windows,urn:microsoft.rtc:anonmeeting';
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

  public token(pool: number, input: InputBag): Reply {
    const host = this.deps.origin(pool).replace(/^https?:\/\//, '');
    // AuthenticationInUCWA.md "Error conditions": 400, `{"error": …}` only, no-store, and
    // X-Ms-diagnostics (28029 "Authentication type not allowed." for a refused grant type).
    const oauthError = (error: string, diagnostic: string): Reply => ({
      status: 400,
      json: { error },
      contentType: 'application/json;charset=UTF-8',
      headers: {
        'Cache-Control': 'no-store',
        Pragma: 'no-cache',
        'X-Ms-diagnostics': `${diagnostic};source="${host}"`,
      },
    });
    const grant = input.string('grant_type');
    if (!grant) return oauthError('invalid_request', '28020;reason="grant_type is required."');
    if (grant === 'urn:microsoft.rtc:windows') {
      // The windows grant is answered by IIS with an HTTP Negotiate handshake (AuthenticationInUCWA.md
      // IWA); this simulator does not do Kerberos, so a bare POST gets the 401 Negotiate it would.
      return {
        status: 401,
        text: iisErrorPage(401, 'Unauthorized: Access is denied due to invalid credentials.', ''),
        contentType: 'text/html',
        headers: { 'WWW-Authenticate': ['Negotiate', 'NTLM'] },
      };
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
      headers: { 'Cache-Control': 'no-store' },
    };
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
