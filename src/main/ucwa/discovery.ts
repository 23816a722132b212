import type { UcwaHttp } from './auth.js';
import type { Clock } from './clock.js';
import { UcwaError, UcwaHttpError, UntrustedHostError } from './errors.js';
import { link, requireResource } from './resource.js';
import type { Transport } from './transport.js';
import { assertTrustedHost, type TrustPolicy } from './trust.js';
import { assertSecureUrl } from './urls.js';

export const maxRedirectHops = 4;

/** How long lyncdiscoverinternal has alone before lyncdiscover is asked too (protocol audit C17). */
export const externalStaggerMs = 2500;

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

export interface DiscoveryOptions {
  domain: string;
  discoverUrl?: URL;
  trust: TrustPolicy;
  clock: Clock;
  signal?: AbortSignal;
  staggerMs?: number;
  /** Per discovery GET (default 15 s). */
  timeoutMs?: number;
}

/**
 * Finds the user resource (RootURL.md). An explicit URL is the only candidate and fails fast.
 * Otherwise lyncdiscoverinternal goes first and lyncdiscover follows when the internal name fails
 * in any way (step 3: connection errors and foreign redirects are failures of that attempt) or has
 * not answered within `staggerMs` (the docs allow parallel requests; a black-holed internal name
 * must not cost a whole timeout). The internal answer wins when it comes first.
 */
export async function discoverUser(
  transport: Transport,
  options: DiscoveryOptions,
): Promise<DiscoveryResult> {
  const counter = { requests: 0 };
  if (options.discoverUrl) {
    const userUrl = await walkRoot(transport, options.discoverUrl, options, counter, options.signal);
    return { userUrl, requests: counter.requests };
  }
  const [internal, external] = discoveryCandidates(options.domain) as [URL, URL];
  const internalAbort = new AbortController();
  const externalAbort = new AbortController();
  const onAbort = () => {
    internalAbort.abort(options.signal?.reason);
    externalAbort.abort(options.signal?.reason);
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const internalAttempt = walkRoot(transport, internal, options, counter, internalAbort.signal);
    internalAttempt.catch(() => {}); // observed below; never an unhandled rejection
    const internalSettled = internalAttempt.then(
      () => 'done' as const,
      () => 'done' as const,
    );
    const waited = await Promise.race([
      internalSettled,
      options.clock.sleep(options.staggerMs ?? externalStaggerMs, internalAbort.signal).then(
        () => 'stagger' as const,
        () => 'done' as const,
      ),
    ]);
    if (waited === 'done') {
      try {
        return { userUrl: await internalAttempt, requests: counter.requests };
      } catch (error) {
        if (UcwaError.is(error, 'aborted')) throw error;
        const userUrl = await walkRoot(transport, external, options, counter, externalAbort.signal).catch(
          (externalError: unknown) => {
            throw summarise(options.domain, error, externalError);
          },
        );
        return { userUrl, requests: counter.requests };
      }
    }
    // Both in flight: the first success wins; the other is cancelled.
    const externalAttempt = walkRoot(transport, external, options, counter, externalAbort.signal);
    externalAttempt.catch(() => {});
    const userUrl = await firstSuccess(internalAttempt, externalAttempt, options.domain);
    return { userUrl, requests: counter.requests };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    internalAbort.abort(new UcwaError('aborted', 'Discovery finished.'));
    externalAbort.abort(new UcwaError('aborted', 'Discovery finished.'));
  }
}

async function firstSuccess(internal: Promise<URL>, external: Promise<URL>, domain: string): Promise<URL> {
  const outcomes: Array<{ error: unknown } | undefined> = [undefined, undefined];
  return new Promise<URL>((resolve, reject) => {
    const settle = (index: 0 | 1, promise: Promise<URL>) =>
      promise.then(resolve, (error: unknown) => {
        outcomes[index] = { error };
        const [first, second] = outcomes;
        if (first && second) reject(summarise(domain, first.error, second.error));
      });
    settle(0, internal);
    settle(1, external);
  });
}

/**
 * One error for a failed discovery. A host needing approval is said first; then a refusal or a
 * broken server on the external name (the last candidate) as it is; otherwise "not found",
 * naming what each name did.
 */
function summarise(domain: string, internalError: unknown, externalError: unknown): UcwaError {
  if (UcwaError.is(externalError, 'aborted')) return externalError;
  // A real root that redirects to a host needing approval is the answer to act on, whichever
  // name gave it (approving it makes the next sign-in work); the other failure is noise.
  for (const error of [externalError, internalError])
    if (UcwaError.is(error, 'untrusted-host') && error instanceof UntrustedHostError) return error;
  if (
    UcwaError.is(externalError) &&
    ['tls', 'untrusted-host', 'insecure-url', 'protocol', 'server-busy'].includes(externalError.kind)
  )
    return externalError;
  const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));
  return new UcwaError(
    'network',
    `No Skype for Business server found for ${domain} (lyncdiscoverinternal: ${reason(internalError)} lyncdiscover: ${reason(externalError)})`,
    { cause: externalError },
  );
}

/**
 * GETs a discovery root and follows it to the `user` link: HTTP 3xx only within the domain and
 * over HTTPS (RootURL.md), root `redirect`s through the security check, at most `maxRedirectHops`.
 */
async function walkRoot(
  transport: Transport,
  start: URL,
  options: DiscoveryOptions,
  counter: { requests: number },
  signal: AbortSignal | undefined,
): Promise<URL> {
  let url = start;
  for (let hop = 0; hop <= maxRedirectHops; hop += 1) {
    assertSecureUrl(url);
    counter.requests += 1;
    const response = await transport.send({
      method: 'GET',
      url,
      timeoutMs: options.timeoutMs ?? 15_000,
      ...(signal ? { signal } : {}),
    });
    if (response.status >= 300 && response.status < 400) {
      const location = response.headers.get('location');
      const target = location ? new URL(location, url) : undefined;
      const loopbackHop = target && isLoopbackName(url.hostname) && isLoopbackName(target.hostname);
      if (!target || !(sameDomain(target.hostname, options.domain) || loopbackHop))
        throw new UcwaError('untrusted-host', `${url.host} redirected outside ${options.domain}.`);
      url = target;
      continue;
    }
    if (response.status >= 500 && response.json === undefined)
      // A proxy's or web server's own error page: the service behind it is not reachable now.
      throw new UcwaError(
        'network',
        `${url.host} answered ${response.status} (a web page, not Skype for Business).`,
      );
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
    if (response.json === undefined)
      throw new UcwaError('protocol', `${url.host} answered discovery with a page that is not UCWA.`);
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
    return user;
  }
  throw new UcwaError('protocol', `Discovery redirected more than ${maxRedirectHops} times.`);
}

function sameDomain(hostname: string, domain: string): boolean {
  const host = hostname.toLowerCase();
  return host === domain || host.endsWith(`.${domain}`);
}

/** A loopback discovery URL (the simulator) may redirect within loopback, e.g. http → https. */
function isLoopbackName(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * GETs the user resource with a token (answering its 401 challenge) and follows `redirect`
 * whenever it is there — user_ref.md: the user "is homed on a different server. The application
 * must direct future requests to this server", and its own example carries `applications`
 * beside the redirect. Each target goes through the security check before anything is sent,
 * and is fetched with credentials where it challenges (redirect_ref.md).
 */
export async function findApplications(
  http: UcwaHttp,
  userUrl: URL,
  signal?: AbortSignal,
): Promise<{ applicationsUrl: URL; userUrl: URL }> {
  let current = userUrl;
  for (let hop = 0; hop <= maxRedirectHops; hop += 1) {
    const user = requireResource(
      (await http.request('GET', current, signal ? { signal } : {})).json,
      'user resource',
    );
    const redirect = link(user, 'redirect', current.href);
    if (!redirect) {
      const applications = link(user, 'applications', current.href);
      if (!applications)
        throw new UcwaError('protocol', 'The user resource has neither "applications" nor "redirect".');
      return { applicationsUrl: applications, userUrl: current };
    }
    // The target is a root or a redirect resource: either names the next `user` entry point.
    let target = redirect;
    for (let rootHop = 0; ; rootHop += 1) {
      const resource = requireResource(
        (await http.request('GET', target, signal ? { signal } : {})).json,
        'redirected discovery answer',
      );
      const next = link(resource, 'user', target.href);
      if (next) {
        current = next;
        break;
      }
      const again = link(resource, 'redirect', target.href);
      if (!again || rootHop >= maxRedirectHops)
        throw new UcwaError('protocol', 'The redirected root has no "user" link.');
      target = again;
    }
  }
  throw new UcwaError('protocol', `The user resource redirected more than ${maxRedirectHops} times.`);
}
