import { UcwaError } from './errors.js';

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** HTTPS for every host; plain HTTP only on loopback (the simulator in tests). */
export function assertSecureUrl(url: URL): void {
  if (url.protocol === 'https:') return;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return;
  throw new UcwaError(
    'insecure-url',
    `Refusing ${url.protocol}//${url.host}: only HTTPS is allowed outside this computer.`,
  );
}

/** Resolves a server href against the URL it came from; hrefs are relative or absolute. */
export function resolveHref(href: string, base: string): URL {
  try {
    return new URL(href, base);
  } catch (error) {
    throw new UcwaError('protocol', 'The server sent a link that is not a URL.', { cause: error });
  }
}

/** Adds query parameters to a server URL, keeping the server's own (never build URLs by hand). */
export function withQuery(url: URL, params: Record<string, string | number | undefined>): URL {
  const copy = new URL(url.href);
  for (const [key, value] of Object.entries(params))
    if (value !== undefined) copy.searchParams.set(key, String(value));
  return copy;
}

/** A URL safe to log: origin and path, query values replaced (they may carry tokens or names). */
export function redactUrl(url: URL | string): string {
  const parsed = typeof url === 'string' ? new URL(url) : url;
  const query = [...parsed.searchParams.keys()].map((key) => `${key}=xxx`).join('&');
  return `${parsed.origin}${parsed.pathname}${query ? `?${query}` : ''}`;
}
