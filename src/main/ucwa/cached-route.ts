import { UcwaError } from './errors.js';

/**
 * Where an earlier sign-in ended up (RootURL.md "Caching"): the user URL, the token endpoint its
 * challenge named and the applications URL. None is a secret; with all three, a cold start skips
 * discovery and the challenge: token → POST applications → start.
 */
export interface CachedRoute {
  /** The account it was learnt for: a route is never used for another one. */
  sipAddress: string;
  userUrl: string;
  tokenUrl: string;
  applicationsUrl: string;
}

const maxUrl = 2048;

/** A route from storage, or undefined when any part is missing or not an http(s) URL. */
export function readCachedRoute(value: unknown): CachedRoute | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const fields = ['sipAddress', 'userUrl', 'tokenUrl', 'applicationsUrl'] as const;
  const route: Partial<CachedRoute> = {};
  for (const field of fields) {
    const text = record[field];
    if (typeof text !== 'string' || text === '' || text.length > maxUrl) return undefined;
    if (field !== 'sipAddress' && !isHttpUrl(text)) return undefined;
    route[field] = text;
  }
  return route as CachedRoute;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * Failures that are about the user, not the place, end the sign-in; anything else (a 404, 403,
 * redirect, 401 without our challenge, connection error) means the route is stale: rediscover.
 */
export function routeFailureIsFinal(error: unknown): boolean {
  return (
    UcwaError.is(error, 'credentials') ||
    UcwaError.is(error, 'aborted') ||
    UcwaError.is(error, 'untrusted-host') ||
    UcwaError.is(error, 'sso')
  );
}

export function sameAccount(route: CachedRoute, sipAddress: string): boolean {
  const normalise = (sip: string) => sip.replace(/^sip:/i, '').toLowerCase();
  return normalise(route.sipAddress) === normalise(sipAddress);
}
