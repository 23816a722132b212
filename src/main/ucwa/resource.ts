import { UcwaError } from './errors.js';
import { resolveHref } from './urls.js';

/** A UCWA resource as JSON: properties, `_links` and `_embedded` (PayloadFormat.md). */
export type Resource = Record<string, unknown> & {
  _links?: Record<string, { href?: unknown; title?: unknown } | Array<{ href?: unknown }>>;
  _embedded?: Record<string, unknown>;
};

export function isResource(value: unknown): value is Resource {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The href of a link rel, or undefined; a rel given as an array yields its first href. */
export function linkHref(resource: Resource | undefined, rel: string): string | undefined {
  const link = resource?._links?.[rel];
  const first = Array.isArray(link) ? link[0] : link;
  return typeof first?.href === 'string' && first.href !== '' ? first.href : undefined;
}

export function link(resource: Resource | undefined, rel: string, base: string): URL | undefined {
  const href = linkHref(resource, rel);
  return href === undefined ? undefined : resolveHref(href, base);
}

export function requireLink(resource: Resource | undefined, rel: string, base: string, what: string): URL {
  const url = link(resource, rel, base);
  if (!url) throw new UcwaError('protocol', `The server's ${what} has no "${rel}" link.`);
  return url;
}

export function embedded(resource: Resource | undefined, rel: string): Resource | undefined {
  const value = resource?._embedded?.[rel];
  return isResource(value) ? value : undefined;
}

export function embeddedList(resource: Resource | undefined, rel: string): Resource[] {
  const value = resource?._embedded?.[rel];
  if (Array.isArray(value)) return value.filter(isResource);
  return isResource(value) ? [value] : [];
}

export function stringProp(resource: Resource | undefined, name: string): string | undefined {
  const value = resource?.[name];
  return typeof value === 'string' ? value : undefined;
}

export function requireResource(json: unknown, what: string): Resource {
  if (!isResource(json)) throw new UcwaError('protocol', `The server's ${what} is not a JSON object.`);
  return json;
}
