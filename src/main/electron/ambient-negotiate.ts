import type { AccountSettings } from '../session/session-service.js';
import type { WindowsSignIn } from '../ucwa/auth.js';
import type { NegotiateProvider } from '../ucwa/negotiate.js';
import type { TrustPolicy } from '../ucwa/trust.js';

/** The part of Electron's `Session` this uses (docs/api/session.md). */
export interface AmbientAuthSession {
  /**
   * "A comma-separated list of servers for which integrated authentication is enabled": Chromium
   * answers `WWW-Authenticate: Negotiate` with the OS's Kerberos ticket only for these (the same
   * list as the `auth-server-allowlist` switch, but changeable at run time).
   */
  allowNTLMCredentialsForDomains(domains: string): void;
}

/** A DNS name or IPv4 address, nothing that Chromium's pattern syntax would read as a wildcard. */
const plainName = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/;

function clean(name: string): string | undefined {
  const host = name.trim().toLowerCase().replace(/\.$/, '');
  return plainName.test(host) ? host : undefined;
}

/**
 * Chromium's integrated-authentication allow-list for exactly the hosts the trust policy approves:
 * each domain (the SIP domain, an administrator's trusted domains, the user's approvals) as
 * `d,*.d` (a `*.d` pattern alone would not match `d` itself, and `*d` would match `evild`), each
 * exact trusted host as itself. Anything that is not a plain name is left out, so the list is
 * never `*` and never wider than the policy; an empty policy gives an empty list.
 */
export function negotiateAllowList(policy: TrustPolicy): string {
  const entries = new Set<string>();
  for (const domain of [policy.domain, ...(policy.trustedDomains ?? []), ...policy.approvedHosts]) {
    const name = clean(domain);
    if (!name) continue;
    entries.add(name);
    if (!/^[\d.]+$/.test(name)) entries.add(`*.${name}`);
  }
  for (const host of policy.trustedHosts) {
    const name = clean(host);
    if (name) entries.add(name);
  }
  return [...entries].join(',');
}

/**
 * The desktop's NegotiateProvider: Chromium's own HTTP stack answers the token endpoint's
 * `401 Negotiate` with the OS ticket (SSPI on Windows, GSSAPI on macOS and Linux) inside one
 * `net.request`, so the client never holds a Kerberos token. Before each Windows grant the
 * allow-list is set from the trust policy of that sign-in; a 401 that still reaches the client
 * means Chromium had nothing to answer with.
 */
export function createAmbientNegotiate(session: AmbientAuthSession): NegotiateProvider {
  return {
    mechanism: "your computer's sign-in",
    prepare: (trust) => session.allowNTLMCredentialsForDomains(negotiateAllowList(trust)),
    initiate: async () => undefined,
  };
}

/** After a sign-in without single sign-on: Chromium answers Negotiate for no host on our behalf. */
export function withdrawAmbientNegotiate(session: AmbientAuthSession): void {
  session.allowNTLMCredentialsForDomains('');
}

/**
 * The desktop's grant selection for one sign-in: with "Use my computer's sign-in" the Windows
 * grant through Chromium (no password), otherwise the password grant with Chromium's
 * integrated authentication withdrawn.
 */
export function desktopSignIn(
  account: Pick<AccountSettings, 'sso'>,
  session: AmbientAuthSession,
): { windowsSignIn?: WindowsSignIn } {
  if (!account.sso) {
    withdrawAmbientNegotiate(session);
    return {};
  }
  return { windowsSignIn: { negotiate: createAmbientNegotiate(session) } };
}
