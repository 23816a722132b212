import type { SimContext } from './context.js';
import type { SimEvent } from './event-channel.js';

/** What an event says about a resource: its link, the change, the resource, the list it is `in`. */
export type ResourceEventArgs = [
  rel: string,
  href: string,
  type: SimEvent['type'],
  embedded: Record<string, unknown>,
  inLink?: { rel: string; href: string },
];

/** An event about one resource of a conversation, with the resource embedded when configured. */
export function resourceEvent(
  ctx: SimContext,
  ...[rel, href, type, embedded, inLink]: ResourceEventArgs
): SimEvent {
  // Captures 09 and 10: participant links carry an empty title (the `names` variant fills it).
  const name = typeof embedded.name === 'string' ? embedded.name : undefined;
  const title = ctx.profile.participantTitles === 'names' ? name : '';
  return {
    link: {
      rel,
      href,
      ...(name !== undefined && rel.toLowerCase().includes('participant') ? { title } : {}),
    },
    ...(inLink ? { in: inLink } : {}),
    type,
    ...(ctx.embedResources ? { _embedded: { [rel]: embedded } } : {}),
  };
}
