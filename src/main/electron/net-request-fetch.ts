import type { FetchFn, FetchResponse } from '../ucwa/transport.js';

/** The part of Electron's `net.request` ClientRequest this adapter uses (docs/api/client-request.md). */
export interface NetRequestLike {
  setHeader(name: string, value: string): void;
  on(event: 'response', listener: (response: NetResponseLike) => void): this;
  on(
    event: 'redirect',
    listener: (
      statusCode: number,
      method: string,
      redirectUrl: string,
      headers: Record<string, string[]>,
    ) => void,
  ): this;
  on(event: 'error', listener: (error: Error) => void): this;
  abort(): void;
  end(chunk?: string): void;
}

/** The part of Electron's IncomingMessage this adapter uses. */
export interface NetResponseLike {
  readonly statusCode: number;
  readonly headers: Record<string, string | string[]>;
  on(event: 'data', listener: (chunk: Uint8Array) => void): this;
  on(event: 'end', listener: () => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
}

export type NetRequestFactory = (options: {
  method: string;
  url: string;
  redirect: 'manual';
}) => NetRequestLike;

/**
 * A FetchFn over Electron's `net.request` (Chromium's stack: system proxy, PAC, OS certificate
 * store). Not `net.fetch`: under `redirect: 'manual'` it rejects every 3xx with "Redirect was
 * cancelled" and never says where (net-client-request.ts), while the UCWA client must see a
 * same-domain redirect to follow it and a foreign one to refuse it. `net.request` emits
 * `redirect` with the target; answering it as a 3xx response keeps the FetchFn contract the
 * same as undici's: the caller decides, nothing is followed behind its back.
 */
export function createNetRequestFetch(request: NetRequestFactory): FetchFn {
  return (url, init) =>
    new Promise<FetchResponse>((resolve, reject) => {
      if (init.signal.aborted) {
        reject(init.signal.reason);
        return;
      }
      let settled = false;
      const req = request({ method: init.method, url, redirect: 'manual' });
      const onAbort = () => {
        req.abort();
        if (!settled) {
          settled = true;
          reject(init.signal.reason);
        }
      };
      init.signal.addEventListener('abort', onAbort, { once: true });
      const finish = (response: FetchResponse) => {
        if (settled) return;
        settled = true;
        resolve(response);
      };
      for (const [name, value] of Object.entries(init.headers)) req.setHeader(name, value);
      req.on('redirect', (statusCode, _method, redirectUrl, headers) => {
        // Not followed: the client reads Location and decides (RootURL.md same-domain rule).
        finish({
          status: statusCode,
          headers: headerBag({ ...headers, location: [redirectUrl] }),
          body: null,
        });
        init.signal.removeEventListener('abort', onAbort);
        req.abort();
      });
      req.on('response', (response) => {
        finish({
          status: response.statusCode,
          headers: headerBag(response.headers),
          body: streamOf(response, init.signal),
        });
      });
      req.on('error', (error) => {
        init.signal.removeEventListener('abort', onAbort);
        if (settled) return;
        settled = true;
        reject(error);
      });
      req.end(init.body);
    });
}

function headerBag(headers: Record<string, string | string[]>): FetchResponse['headers'] {
  const lower = new Map<string, string>();
  for (const [name, value] of Object.entries(headers))
    lower.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : value);
  return { get: (name) => lower.get(name.toLowerCase()) ?? null };
}

/** The body as a web stream; an abort (timeout, cancel) errors it, since an aborted response may never end. */
function streamOf(response: NetResponseLike, signal: AbortSignal): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const close = (error?: unknown) => {
        if (!open) return;
        open = false;
        signal.removeEventListener('abort', onAbort);
        if (error === undefined) controller.close();
        else controller.error(error);
      };
      const onAbort = () => close(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      response.on('data', (chunk) => {
        if (open) controller.enqueue(new Uint8Array(chunk));
      });
      response.on('end', () => close());
      response.on('error', (error) => close(error));
    },
  });
}
