import { getDomain } from 'tldts';
import { UntrustedHostError } from './errors.js';
import { isLoopbackHost } from './urls.js';

/**
 * Who may receive the user's password and tokens. The model is the Skype for Business desktop
 * client's (a host outside the SIP domain needs approval), which fits RootURL.md's security-check
 * flowchart through its "global trusted list" and "user approval" branches; see SECURITY.md for
 * why it is stricter than the flowchart's "received over HTTPS" shortcut.
 */
export interface TrustPolicy {
  /** The sign-in domain: the part of the SIP address after `@`. */
  readonly domain: string;
  /** Exact hosts trusted for this sign-in (an explicit discovery URL's host). */
  readonly trustedHosts: readonly string[];
  /** Domains an administrator deployed as trusted (settings file, `--trusted-domain`): suffix match. */
  readonly trustedDomains?: readonly string[];
  /** Domains or hosts the user approved (persisted by the caller): suffix match. */
  readonly approvedHosts: readonly string[];
}

function normalise(host: string): string {
  return host
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
}

function withinDomain(host: string, domain: string): boolean {
  const suffix = normalise(domain);
  return suffix !== '' && (host === suffix || host.endsWith(`.${suffix}`));
}

export function isHostTrusted(hostname: string, policy: TrustPolicy): boolean {
  const host = normalise(hostname);
  if (withinDomain(host, policy.domain)) return true;
  if (policy.trustedHosts.some((entry) => normalise(entry) === host)) return true;
  return [...(policy.trustedDomains ?? []), ...policy.approvedHosts].some((entry) =>
    withinDomain(host, entry),
  );
}

/**
 * What one approval of `hostname` covers: its parent domain (`pool1.sfb.corp.example` →
 * `sfb.corp.example`, so the other pools there need no prompt of their own), but never a public
 * suffix or anything above the registrable domain (`evil.co.uk` stays `evil.co.uk`), and an IP
 * address or a single label only itself.
 */
export function approvalDomainFor(hostname: string): string {
  const host = normalise(hostname);
  if (/^[\d.]+$/.test(host) || host.includes(':') || !host.includes('.')) return host;
  const registrable = getDomain(host, { allowPrivateDomains: true });
  const parent = host.slice(host.indexOf('.') + 1);
  if (!registrable || !(parent === registrable || parent.endsWith(`.${registrable}`))) return host;
  return parent;
}

/** Throws UntrustedHostError unless credentials may go to this URL's host. */
export function assertTrustedHost(url: URL, policy: TrustPolicy): void {
  if (!isHostTrusted(url.hostname, policy))
    throw new UntrustedHostError(url.hostname, policy.domain, approvalDomainFor(url.hostname));
}

export { isLoopbackHost };
