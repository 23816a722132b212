import type { Conference } from './conference.js';
import type { Reply, RequestContext } from './context.js';
import { escapeXml } from './wire.js';

/**
 * The page behind a simulated join link. A browser that opens it can join as a guest and then
 * waits in the organizer's lobby, which makes the demo's lobby real. Every server string is escaped.
 */
export function meetPage(
  conference: Conference | undefined,
  view: 'join' | 'waiting' | 'missing',
  guestName?: string,
): string {
  const head = (title: string) =>
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"><title>${escapeXml(title)}</title><style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5}input,button{font:inherit;padding:.4rem .6rem}</style></head><body>`;
  if (!conference || view === 'missing') {
    return `${head('Meeting not found')}<h1>Meeting not found</h1><p>This simulated meeting has ended or never existed.</p></body></html>`;
  }
  const subject = conference.subject || 'Meet Now meeting';
  if (view === 'waiting') {
    return `${head(subject)}<h1>${escapeXml(subject)}</h1><p>Thanks, ${escapeXml(guestName ?? 'Guest')}. You are in the lobby; ${escapeXml(conference.organizer.name)} will let you in shortly.</p><p><small>Meet Now UCWA simulator</small></p></body></html>`;
  }
  return `${head(subject)}<h1>${escapeXml(subject)}</h1><p>Organized by ${escapeXml(conference.organizer.name)} · conference ID ${escapeXml(conference.conferenceId)}</p><form method="post"><label>Your name <input name="name" required maxlength="100" autocomplete="name"></label> <button type="submit">Join as a guest</button></form><p><small>Meet Now UCWA simulator: this join page stands in for Skype for Business Web App.</small></p></body></html>`;
}

/** The join link's page: GET shows it, POST with a name joins the lobby as a guest. */
export async function meetRoute(
  ctx: RequestContext,
  find: (onlineMeetingId: string) => Conference | undefined,
): Promise<Reply> {
  const id = ctx.url.pathname
    .split('/')
    .filter(Boolean)[2]
    ?.replace(/\/join$/, '');
  const conference = id ? find(id) : undefined;
  if (ctx.method === 'POST' && conference && !conference.ended) {
    const name = (await ctx.input()).string('name')?.trim().slice(0, 100) || 'Guest';
    conference.joinGuest(name);
    return {
      status: 200,
      text: meetPage(conference, 'waiting', name),
      contentType: 'text/html; charset=utf-8',
    };
  }
  return {
    status: conference ? 200 : 404,
    text: meetPage(conference, conference ? 'join' : 'missing'),
    contentType: 'text/html; charset=utf-8',
  };
}
