import type { DirectoryUser } from './directory.js';

/** Builds a UCWA resource: properties, then `_links`, then `_embedded`, with `rel` set. */
export function resource(
  rel: string,
  self: string,
  properties: Record<string, unknown>,
  links: Record<string, string | { href: string; title?: string } | undefined> = {},
  embedded?: Record<string, unknown>,
): Record<string, unknown> {
  const outLinks: Record<string, { href: string; title?: string }> = { self: { href: self } };
  for (const [name, value] of Object.entries(links)) {
    if (value === undefined) continue;
    outLinks[name] = typeof value === 'string' ? { href: value } : value;
  }
  return {
    rel,
    ...properties,
    _links: outLinks,
    ...(embedded && Object.keys(embedded).length > 0 ? { _embedded: embedded } : {}),
  };
}

/** A SIP URI without its scheme, as real servers put it in contact and participant paths. */
export const sipPathSegment = (sip: string): string => encodeURIComponent(sip.replace(/^sip:/i, ''));

/** The contact resource for a directory user (contact_ref.md). */
export function contactResource(
  user: DirectoryUser,
  href: string,
  presenceHref: string,
): Record<string, unknown> {
  return resource(
    'contact',
    href,
    {
      uri: user.sip,
      name: user.name,
      emailAddresses: [user.email],
      ...(user.title ? { title: user.title } : {}),
      ...(user.department ? { department: user.department } : {}),
      ...(user.workPhoneNumber ? { workPhoneNumber: user.workPhoneNumber } : {}),
      company: 'Meet Now Demo',
      sourceNetwork: 'SameEnterprise',
      type: 'User',
    },
    { contactPresence: presenceHref },
  );
}

/** Random letters and digits, for ids that must look opaque. */
export function randomToken(length: number, alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += alphabet[Math.floor(Math.random() * alphabet.length)];
  return out;
}

export function randomDigits(length: number): string {
  return randomToken(length, '0123456789').replace(/^0/, '1');
}

export function randomGuid(): string {
  return crypto.randomUUID();
}
