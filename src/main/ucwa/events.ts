import { isResource, type Resource } from './resource.js';

/** One event from `sender[].events[]` (events_ref.md), narrowed from untrusted JSON. */
export interface UcwaEvent {
  readonly sender: { rel: string; href: string };
  readonly rel: string;
  readonly href: string;
  readonly title?: string;
  readonly type: 'added' | 'updated' | 'deleted' | 'started' | 'completed';
  readonly in?: { rel: string; href: string };
  readonly status?: string;
  readonly reason?: { code?: string; subcode?: string; message?: string };
  readonly embedded?: Resource;
}

export interface EventBatchLinks {
  next?: string;
  resume?: string;
  resync?: string;
}

const eventTypes = new Set(['added', 'updated', 'deleted', 'started', 'completed']);

/**
 * Reads an event-channel response. Unknown shapes are skipped one event at a time, never the
 * batch: a server that adds fields or sends one broken event must not stop the channel.
 */
export function parseEventBatch(json: unknown): {
  links: EventBatchLinks;
  events: UcwaEvent[];
  skipped: number;
} {
  if (!isResource(json)) return { links: {}, events: [], skipped: 1 };
  const rawLinks = isResource(json._links) ? (json._links as Record<string, unknown>) : {};
  const href = (rel: string) => {
    const value = rawLinks[rel];
    return isResource(value) && typeof value.href === 'string' ? value.href : undefined;
  };
  const links: EventBatchLinks = {};
  for (const rel of ['next', 'resume', 'resync'] as const) {
    const value = href(rel);
    if (value) links[rel] = value;
  }
  const events: UcwaEvent[] = [];
  let skipped = 0;
  const senders = Array.isArray(json.sender) ? json.sender : [];
  for (const sender of senders) {
    if (
      !isResource(sender) ||
      typeof sender.rel !== 'string' ||
      typeof sender.href !== 'string' ||
      !Array.isArray(sender.events)
    ) {
      skipped += 1;
      continue;
    }
    for (const raw of sender.events) {
      const event = parseEvent(raw, { rel: sender.rel, href: sender.href });
      if (event) events.push(event);
      else skipped += 1;
    }
  }
  return { links, events, skipped };
}

function parseEvent(raw: unknown, sender: { rel: string; href: string }): UcwaEvent | undefined {
  if (!isResource(raw) || !isResource(raw.link) || typeof raw.type !== 'string' || !eventTypes.has(raw.type))
    return undefined;
  const { rel, href, title } = raw.link as Record<string, unknown>;
  if (typeof rel !== 'string' || typeof href !== 'string') return undefined;
  const inLink =
    isResource(raw.in) && typeof raw.in.rel === 'string' && typeof raw.in.href === 'string'
      ? { rel: raw.in.rel, href: raw.in.href }
      : undefined;
  const reason = isResource(raw.reason)
    ? {
        ...(typeof raw.reason.code === 'string' ? { code: raw.reason.code } : {}),
        ...(typeof raw.reason.subcode === 'string' ? { subcode: raw.reason.subcode } : {}),
        ...(typeof raw.reason.message === 'string' ? { message: raw.reason.message } : {}),
      }
    : undefined;
  const embeddedValue = isResource(raw._embedded) ? raw._embedded[rel] : undefined;
  return {
    sender,
    rel,
    href,
    ...(typeof title === 'string' ? { title } : {}),
    type: raw.type as UcwaEvent['type'],
    ...(inLink ? { in: inLink } : {}),
    ...(typeof raw.status === 'string' ? { status: raw.status } : {}),
    ...(reason ? { reason } : {}),
    ...(isResource(embeddedValue) ? { embedded: embeddedValue } : {}),
  };
}
