import type { ApplicationLinks } from './application.js';
import type { UcwaHttp } from './auth.js';
import { UcwaError } from './errors.js';
import { embeddedList, requireResource, stringProp } from './resource.js';
import { withQuery } from './urls.js';

export interface Contact {
  uri: string;
  name: string;
  email: string | undefined;
  title: string | undefined;
  department: string | undefined;
}

/** Directory search (search_ref.md) on an application; `limit` is kept within 1..100. */
export async function searchDirectory(
  http: UcwaHttp,
  app: ApplicationLinks,
  text: string,
  limit: number,
  signal: AbortSignal | undefined,
): Promise<Contact[]> {
  if (!app.search) throw new UcwaError('protocol', 'This server offers no people search.');
  const url = withQuery(app.search, { query: text, limit: Math.min(100, Math.max(1, limit)) });
  const response = await http.request('GET', url, signal ? { signal } : {});
  return readContacts(response.json);
}

/** The contacts of a search answer (search_ref.md); entries without a `uri` are skipped. */
export function readContacts(json: unknown): Contact[] {
  const result = requireResource(json, 'search result');
  return embeddedList(result, 'contact').flatMap((contact): Contact[] => {
    const uri = stringProp(contact, 'uri');
    if (!uri) return [];
    const emails = Array.isArray(contact.emailAddresses)
      ? contact.emailAddresses.filter((item): item is string => typeof item === 'string')
      : [];
    return [
      {
        uri,
        name: stringProp(contact, 'name') ?? uri,
        email: emails[0],
        title: stringProp(contact, 'title'),
        department: stringProp(contact, 'department'),
      },
    ];
  });
}
