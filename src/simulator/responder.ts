import type { ServerResponse } from 'node:http';
import type { AdvertisedUrls } from './advertised.js';
import type { Reply } from './context.js';
import type { FaultAction } from './faults.js';
import { baseHeaders, iisErrorPage, send, ucwaJson } from './wire.js';

/** The answer a fault gives in place of the real one (status, IIS page, challenge, oversize). */
export function faultReply(fault: FaultAction, challenge: () => Reply): Reply | undefined {
  let reply: Reply;
  switch (fault.type) {
    case 'status':
      reply = {
        status: fault.status,
        json: {
          code: fault.code,
          ...(fault.subcode ? { subcode: fault.subcode } : {}),
          message: fault.message ?? `${fault.code} (injected)`,
        },
        ...(fault.retryAfterSec !== undefined
          ? { headers: { 'Retry-After': String(fault.retryAfterSec) } }
          : {}),
      };
      break;
    case 'html':
      reply = {
        status: fault.status,
        text: iisErrorPage(
          fault.status,
          'Web server received an invalid response while acting as a gateway or proxy server.',
          'There is a problem with the page you are looking for, and it cannot be displayed.',
        ),
        contentType: 'text/html',
      };
      break;
    case 'challenge':
      reply = challenge();
      break;
    case 'oversize':
      reply = {
        status: 200,
        text: `{"rel":"padding","data":"${'x'.repeat(fault.bytes)}"}`,
        contentType: 'application/json; charset=utf-8',
      };
      break;
    default:
      return undefined;
  }
  return reply;
}

/**
 * Writes an answer the way the front end does: IIS headers, compact UCWA JSON, every href noted
 * as advertised, and the post-processing faults (malformed, truncated, trickling bodies).
 */
export async function writeReply(
  res: ServerResponse,
  reply: Reply,
  record: { status: number },
  post: FaultAction | undefined,
  where: { origin: string; fqdn: string; advertised: AdvertisedUrls; jsonType: string; closing: AbortSignal },
): Promise<void> {
  record.status = reply.status;
  if (reply.delayMs) await delay(reply.delayMs, where.closing);
  const secure = where.origin.startsWith('https');
  // Captures 03–08 carry no X-MS-UcwaVersion header.
  const headers: Record<string, string | string[]> = baseHeaders(where.fqdn, secure);
  let body: string | undefined;
  if (reply.json !== undefined) {
    body = ucwaJson(reply.json);
    headers['Content-Type'] = reply.contentType ?? where.jsonType;
    where.advertised.collect(reply.json, where.origin);
  } else if (reply.text !== undefined) {
    body = reply.text;
    headers['Content-Type'] = reply.contentType ?? 'text/plain';
  }
  for (const [name, value] of Object.entries(reply.headers ?? {})) {
    if (name === 'X-Advertise') {
      for (const href of String(value).split(' ')) where.advertised.add(href, where.origin);
      continue;
    }
    headers[name] = value;
    if (name === 'Location') where.advertised.add(String(value), where.origin);
    if (name === 'WWW-Authenticate') where.advertised.fromChallenge(value, where.origin);
  }
  if (res.destroyed) return;
  if (post?.type === 'malformed') body = `<html><body>${'{"_links":'.repeat(3)}`;
  if (post?.type === 'truncate' && body !== undefined) {
    const bytes = Buffer.from(body);
    res.writeHead(reply.status, { ...headers, 'Content-Length': String(bytes.length) });
    res.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
    setImmediate(() => res.destroy());
    return;
  }
  if (post?.type === 'trickle' && body !== undefined) {
    const bytes = Buffer.from(body);
    res.writeHead(reply.status, { ...headers, 'Content-Length': String(bytes.length) });
    for (let offset = 0; offset < bytes.length && !res.destroyed; offset += post.chunkBytes) {
      res.write(bytes.subarray(offset, offset + post.chunkBytes));
      await delay(post.intervalMs, where.closing);
    }
    res.end();
    return;
  }
  send(res, reply.status, headers, body);
}

/** Waits `ms`, or less when the simulator closes: no timer of a closed simulator stays armed. */
export function delay(ms: number, closing?: AbortSignal): Promise<void> {
  if (closing?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      closing?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    closing?.addEventListener('abort', done, { once: true });
  });
}
