import { UntrustedHostError } from './errors.js';
import { isLoopbackHost } from './urls.js';

/** Who may receive the user's password and tokens (RootURL.md domain security check). */
export interface TrustPolicy {
  /** The sign-in domain: the part of the SIP address after `@`. */
  readonly domain: string;
  /** Hosts an administrator or the product trusts globally. */
  readonly trustedHosts: readonly string[];
  /** Hosts the user approved for this domain (persisted by the caller). */
  readonly approvedHosts: readonly string[];
}

export function isHostTrusted(hostname: string, policy: TrustPolicy): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  const domain = policy.domain.toLowerCase();
  if (host === domain || host.endsWith(`.${domain}`)) return true;
  const listed = (list: readonly string[]) => list.some((entry) => entry.toLowerCase() === host);
  return listed(policy.trustedHosts) || listed(policy.approvedHosts);
}

/** Throws UntrustedHostError unless credentials may go to this URL's host. */
export function assertTrustedHost(url: URL, policy: TrustPolicy): void {
  if (!isHostTrusted(url.hostname, policy)) throw new UntrustedHostError(url.hostname, policy.domain);
}

export { isLoopbackHost };
