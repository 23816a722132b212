import type { TokenManager, UcwaHttp } from './auth.js';
import { UcwaError, UcwaHttpError } from './errors.js';
import { link, requireResource } from './resource.js';
import type { Transport } from './transport.js';
import { assertTrustedHost, type TrustPolicy } from './trust.js';
import { assertSecureUrl } from './urls.js';

export const maxRedirectHops = 4;

/** The SIP domain of a sign-in address: `alice@contoso.com` → `contoso.com`. */
export function domainOf(sipAddress: string): string {
  const address = sipAddress.trim().replace(/^sip:/i, '');
  const at = address.lastIndexOf('@');
  const domain = at >= 0 ? address.slice(at + 1).toLowerCase() : '';
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain)) {
    throw new UcwaError('credentials', `"${sipAddress}" is not a sign-in address like name@company.com.`);
  }
  return domain;
}

/** Where autodiscovery looks for a domain, in order (RootURL.md), HTTPS only. */
export function discoveryCandidates(domain: string): URL[] {
  return [new URL(`https://lyncdiscoverinternal.${domain}/`), new URL(`https://lyncdiscover.${domain}/`)];
}

export interface DiscoveryResult {
  /** The `user` link of the root that answered (after redirects). */
  userUrl: URL;
  /** How many GETs it took, for the benchmarks. */
  requests: number;
}

/**
 * Finds the user resource: an explicit discovery URL, else lyncdiscoverinternal then lyncdiscover
 * of the domain. Root `redirect`s are followed through the security check with a hop limit.
 */
export async function discoverUser(
  transport: Transport,
  options: { domain: string; discoverUrl?: URL; trust: TrustPolicy; signal?: AbortSignal },
): Promise<DiscoveryResult> {
  const candidates = options.discoverUrl ? [options.discoverUrl] : discoveryCandidates(options.domain);
  let lastError: unknown;
  let requests = 0;
  for (const candidate of candidates) {
    try {
      let url = candidate;
      for (let hop = 0; hop <= maxRedirectHops; hop += 1) {
        assertSecureUrl(url);
        requests += 1;
        const response = await transport.send({
          method: 'GET',
          url,
          timeoutMs: 15_000,
          ...(options.signal ? { signal: options.signal } : {}),
        });
        if (response.status >= 300 && response.status < 400) {
          // An HTTP-level redirect is followed only within the domain (RootURL.md).
          const location = response.headers.get('location');
          const target = location ? new URL(location, url) : undefined;
          if (!target || !sameDomain(target.hostname, options.domain))
            throw new UcwaError('untrusted-host', `${url.host} redirected outside ${options.domain}.`);
          url = target;
          continue;
        }
        if (response.status !== 200)
          throw new UcwaHttpError(
            response.status === 503 || response.status === 429 ? 'server-busy' : 'http',
            response.status,
            undefined,
            undefined,
            `${url.host} answered ${response.status} to discovery.`,
            undefined,
            undefined,
            response.json === undefined,
          );
        const root = requireResource(response.json, 'discovery answer');
        const redirect = link(root, 'redirect', url.href);
        if (redirect) {
          assertTrustedHost(redirect, options.trust);
          url = redirect;
          continue;
        }
        const user = link(root, 'user', url.href);
        if (!user)
          throw new UcwaError(
            'protocol',
            `The discovery answer of ${url.host} has neither "user" nor "redirect".`,
          );
        return { userUrl: user, requests };
      }
      throw new UcwaError('protocol', `Discovery redirected more than ${maxRedirectHops} times.`);
    } catch (error) {
      // Refusals are final: a security decision must not be papered over by the next candidate.
      if (UcwaError.is(error) && ['aborted', 'untrusted-host', 'tls', 'insecure-url'].includes(error.kind))
        throw error;
      lastError = error;
    }
  }
  // A server that answered but was busy or broken says more than "not found".
  if (UcwaError.is(lastError, 'protocol') || UcwaError.is(lastError, 'server-busy')) throw lastError;
  throw new UcwaError('network', `No Skype for Business server found for ${options.domain}.`, {
    cause: lastError,
  });
}

function sameDomain(hostname: string, domain: string): boolean {
  const host = hostname.toLowerCase();
  return host === domain || host.endsWith(`.${domain}`);
}

/**
 * GETs the user resource with a token (answering its 401 challenge), following `redirect` to the
 * pool that homes the user, and returns the `applications` URL.
 */
export async function findApplications(
  http: UcwaHttp,
  transport: Transport,
  tokens: TokenManager,
  userUrl: URL,
  trust: TrustPolicy,
  signal?: AbortSignal,
): Promise<{ applicationsUrl: URL; userUrl: URL }> {
  let current = userUrl;
  for (let hop = 0; hop <= maxRedirectHops; hop += 1) {
    const response = await http.request('GET', current, signal ? { signal } : {});
    const user = requireResource(response.json, 'user resource');
    const applications = link(user, 'applications', current.href);
    if (applications) return { applicationsUrl: applications, userUrl: current };
    const redirect = link(user, 'redirect', current.href);
    if (!redirect)
      throw new UcwaError('protocol', 'The user resource has neither "applications" nor "redirect".');
    assertTrustedHost(redirect, trust);
    const root = await transport.send({
      method: 'GET',
      url: redirect,
      timeoutMs: 15_000,
      ...(signal ? { signal } : {}),
    });
    const rootResource = requireResource(root.json, 'redirected discovery answer');
    const next = link(rootResource, 'user', redirect.href);
    if (!next) throw new UcwaError('protocol', 'The redirected root has no "user" link.');
    tokens.invalidate(next.origin);
    current = next;
  }
  throw new UcwaError('protocol', `The user resource redirected more than ${maxRedirectHops} times.`);
}
