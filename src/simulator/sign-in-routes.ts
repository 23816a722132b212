import type { IncomingMessage } from 'node:http';
import { challengeHeaders, type TokenAuthority } from './auth.js';
import type { Reply, SimulatorTiming } from './context.js';
import { type Directory, type DirectoryUser, findUserByLogin } from './directory.js';
import { applicationsPath, rootPath, tokenPath, userPath } from './paths.js';
import { type InputBag, iisErrorPage } from './wire.js';

export interface SignInDeps {
  directory: Directory;
  tokens: TokenAuthority;
  timing: SimulatorTiming;
  options: { rootRedirect?: boolean; rootRedirectUrl?: string; splitChallenge?: boolean };
  origin(pool: number): string;
  poolCount(): number;
}

/**
 * Discovery and authentication (RootURL.md, AuthenticationInUCWA.md): the root, the user
 * resource with its 401 challenge and redirects, and the OAuth token endpoint.
 */
export class SignInRoutes {
  public constructor(private readonly deps: SignInDeps) {}

  public root(pool: number, req: IncomingMessage): Reply {
    const domain = this.deps.directory.domain;
    const origin = this.deps.origin(pool);
    const links: Record<string, string> = { self: `${origin}${rootPath}?originalDomain=${domain}` };
    if (this.deps.options.rootRedirectUrl && pool === 0) {
      links.redirect = this.deps.options.rootRedirectUrl;
    } else if (this.deps.options.rootRedirect && pool === 0 && this.deps.poolCount() > 1) {
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
    if (home !== pool) {
      // The user is homed on another pool: `redirect` after authentication (redirect_ref.md).
      return {
        status: 200,
        json: {
          _links: {
            self: { href: `${origin}${userPath}?originalDomain=${domain}` },
            redirect: { href: `${this.deps.origin(home)}${rootPath}?originalDomain=${domain}` },
          },
        },
      };
    }
    return {
      status: 200,
      json: {
        _links: {
          self: { href: `${origin}${rootPath}/user` },
          applications: { href: `${origin}${applicationsPath}` },
          xframe: { href: `${origin}/Autodiscover/XFrame/XFrame.html` },
        },
      },
    };
  }

  /** The pool that homes a user; with `rootRedirect`, pool 0 is a director that homes nobody. */
  public homePool(user: DirectoryUser): number {
    const pool = Math.min(user.pool, this.deps.poolCount() - 1);
    return this.deps.options.rootRedirect && pool === 0 && this.deps.poolCount() > 1 ? 1 : pool;
  }

  public challenge(pool: number): Reply {
    const values = challengeHeaders(
      `${this.deps.origin(pool)}${tokenPath}`,
      this.deps.directory.domain,
      this.deps.options.splitChallenge === true,
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
    const oauthError = (error: string, description: string): Reply => ({
      status: 400,
      json: { error, error_description: description },
      headers: {
        'X-Ms-diagnostics': `28020;source="${this.deps.origin(pool).replace(/^https?:\/\//, '')}";reason="${description}"`,
      },
    });
    const grant = input.string('grant_type');
    if (!grant) return oauthError('invalid_request', 'grant_type is required');
    if (grant !== 'password')
      return oauthError('unsupported_grant_type', 'Only the password grant is available on this server');
    const username = input.string('username');
    const password = input.string('password');
    if (!username || password === undefined)
      return oauthError('invalid_request', 'username and password are required');
    const user = findUserByLogin(this.deps.directory, username);
    if (!user || user.password !== password)
      return oauthError('invalid_grant', 'The user name or password is incorrect');
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
}

function escapeAttr(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
