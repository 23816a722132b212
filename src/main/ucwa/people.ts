import type { Contact } from './client.js';
import { embeddedList, requireResource, stringProp } from './resource.js';

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
