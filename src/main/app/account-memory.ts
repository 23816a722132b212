import type { AccountSettings, SessionService } from '../session/session-service.js';
import { type CachedRoute, readCachedRoute, sameAccount } from '../ucwa/cached-route.js';
import type { SettingsStore } from './settings-store.js';

export interface SignInRequest {
  sipAddress: string;
  username?: string;
  password?: string;
  remember: boolean;
  discoverUrl?: string;
  /** "Use my computer's sign-in": single sign-on, no password. */
  sso?: boolean;
}

/**
 * What the app remembers of the account between launches (no secret): who signs in, how, and
 * where the last sign-in ended up — the user URL and the whole route (token endpoint,
 * applications URL) — so a cold start with saved credentials is token → POST applications →
 * start. The route is validated on read and forgotten with the account, a new discovery URL
 * or a sign-out that forgets.
 */
export class AccountMemory {
  private readonly disposers: Array<() => void>;

  public constructor(
    private readonly deps: { settings: SettingsStore; session: SessionService; log: (line: string) => void },
  ) {
    const { settings, session } = deps;
    // The demo server is gone when the app quits: nothing of it is worth remembering.
    this.disposers = [
      session.events.on('userUrl', (userUrl) => {
        if (!settings.get().demoMode) settings.update({ cachedUserUrl: userUrl });
      }),
      session.events.on('route', (route) => {
        const valid = readCachedRoute(route);
        if (valid && !settings.get().demoMode) settings.update({ cachedRoute: { ...valid } });
      }),
    ];
  }

  /** The request a launch signs in with, when an account was saved. */
  public savedRequest(): SignInRequest | undefined {
    const settings = this.deps.settings.get();
    if (!settings.accountSipAddress || settings.demoMode) return undefined;
    return {
      sipAddress: settings.accountSipAddress,
      remember: true,
      ...(settings.accountSso ? { sso: true } : {}),
      ...(settings.accountUsername ? { username: settings.accountUsername } : {}),
      ...(settings.discoverUrl ? { discoverUrl: settings.discoverUrl } : {}),
    };
  }

  /**
   * Saves the account a sign-in is for and returns what the session needs, with the remembered
   * user URL and route. Another account or discovery URL forgets both first.
   */
  public accountFor(request: SignInRequest, sessionApprovedHosts: readonly string[]): AccountSettings {
    const before = this.deps.settings.get();
    const sipAddress = normaliseSip(request.sipAddress);
    const discoverUrl = request.discoverUrl ?? '';
    const moved = sipAddress !== before.accountSipAddress || discoverUrl !== before.discoverUrl;
    const settings = this.deps.settings.update({
      accountSipAddress: sipAddress,
      accountUsername: request.username ?? '',
      discoverUrl,
      accountSso: request.sso === true,
      demoMode: false,
      ...(moved ? { cachedUserUrl: '', cachedRoute: null } : {}),
    });
    const cachedRoute = this.cachedRoute(sipAddress);
    return {
      sipAddress,
      ...(request.username ? { username: request.username } : {}),
      ...(request.discoverUrl ? { discoverUrl: request.discoverUrl } : {}),
      approvedHosts: [...settings.approvedHosts, ...sessionApprovedHosts],
      trustedDomains: settings.trustedDomains,
      ...(request.sso ? { sso: true } : {}),
      ...(settings.cachedUserUrl ? { cachedUserUrl: settings.cachedUserUrl } : {}),
      ...(cachedRoute ? { cachedRoute } : {}),
    };
  }

  /** A sign-out that forgets the account forgets where it signed in too. */
  public forget(): void {
    this.deps.settings.update({ cachedUserUrl: '', cachedRoute: null });
  }

  public dispose(): void {
    for (const dispose of this.disposers) dispose();
  }

  /** The stored route if it is whole, well-formed and this account's; anything else is dropped. */
  private cachedRoute(sipAddress: string): CachedRoute | undefined {
    const stored = this.deps.settings.get().cachedRoute;
    if (stored === null) return undefined;
    const route = readCachedRoute(stored);
    if (route && sameAccount(route, sipAddress)) return route;
    this.deps.log('cached route dropped (malformed or another account): discovering again');
    this.deps.settings.update({ cachedRoute: null });
    return undefined;
  }
}

export function normaliseSip(sipAddress: string): string {
  return sipAddress.trim().replace(/^sip:/i, '');
}
