import { EventEmitter } from 'node:events';
import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import type { NetRequestFactory, NetRequestLike } from '../../src/main/electron/net-request-fetch.js';
import type { FetchFn } from '../../src/main/ucwa/transport.js';
import type { ConnectRule } from '../../src/node/connect-to.js';

/**
 * Electron's net module as documented and as its source behaves, reproduced on Node's https so
 * that the client's tests run through the same shapes the desktop app meets (no Electron binary
 * here):
 * - `redirect: 'manual'`: a 3xx emits `redirect(statusCode, method, url, headers)`; unless the
 *   listener calls `followRedirect()` then and there, the request dies with
 *   `Error('Redirect was cancelled')` (lib/browser/api/net-client-request.ts);
 * - failures are `Error('net::ERR_…')` with no `code` (Chromium's net error names).
 */
export interface ElectronNetOptions {
  ca: string;
  connectTo?: readonly ConnectRule[];
}

const chromiumNames: Record<string, string> = {
  ECONNREFUSED: 'ERR_CONNECTION_REFUSED',
  ECONNRESET: 'ERR_CONNECTION_RESET',
  ENOTFOUND: 'ERR_NAME_NOT_RESOLVED',
  EAI_AGAIN: 'ERR_NAME_NOT_RESOLVED',
  ETIMEDOUT: 'ERR_CONNECTION_TIMED_OUT',
  EPIPE: 'ERR_CONNECTION_CLOSED',
  ERR_TLS_CERT_ALTNAME_INVALID: 'ERR_CERT_COMMON_NAME_INVALID',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'ERR_CERT_AUTHORITY_INVALID',
  SELF_SIGNED_CERT_IN_CHAIN: 'ERR_CERT_AUTHORITY_INVALID',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'ERR_CERT_AUTHORITY_INVALID',
  CERT_HAS_EXPIRED: 'ERR_CERT_DATE_INVALID',
  CERT_NOT_YET_VALID: 'ERR_CERT_DATE_INVALID',
  INVALID_PURPOSE: 'ERR_CERT_INVALID',
};

export function chromiumError(error: unknown): Error {
  const code = (error as { code?: string }).code ?? '';
  return new Error(`net::${chromiumNames[code] ?? 'ERR_FAILED'}`);
}

class FakeClientRequest extends EventEmitter implements NetRequestLike {
  private readonly headers: Record<string, string> = {};
  private aborted = false;
  private current: ReturnType<typeof httpsRequest> | undefined;

  public constructor(
    private readonly options: { method: string; url: string; redirect: 'manual' },
    private readonly net: ElectronNetOptions,
  ) {
    super();
  }

  public setHeader(name: string, value: string): void {
    this.headers[name] = value;
  }

  public abort(): void {
    this.aborted = true;
    this.current?.destroy();
  }

  public end(chunk?: string): void {
    const url = new URL(this.options.url);
    const port = Number(url.port || 443);
    const rule = this.net.connectTo?.find((entry) => entry.host === url.hostname && entry.port === port);
    const req = httpsRequest({
      host: rule?.toHost ?? url.hostname,
      port: rule?.toPort ?? port,
      servername: url.hostname,
      path: url.pathname + url.search,
      method: this.options.method,
      headers: { ...this.headers, Host: url.host },
      ca: this.net.ca,
    });
    this.current = req;
    req.on('response', (response) => {
      if (this.aborted) return;
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400 && response.headers.location) {
        let follow = false;
        const headers = Object.fromEntries(
          Object.entries(response.headers).map(([name, value]) => [
            name,
            ([] as string[]).concat(value ?? []),
          ]),
        );
        (this as unknown as { followRedirect(): void }).followRedirect = () => {
          follow = true;
        };
        this.emit(
          'redirect',
          status,
          this.options.method,
          new URL(response.headers.location, url).href,
          headers,
        );
        response.resume();
        if (!follow && !this.aborted) this.emit('error', new Error('Redirect was cancelled'));
        return;
      }
      const message = Object.assign(response, {
        statusCode: status,
        headers: Object.fromEntries(
          Object.entries(response.headers).map(([name, value]) => [name, value ?? '']),
        ) as Record<string, string | string[]>,
      });
      message.on('error', () => {});
      this.emit('response', message);
    });
    req.on('error', (error) => {
      if (!this.aborted) this.emit('error', chromiumError(error));
    });
    req.end(chunk);
  }
}

/** `net.request` as documented, for the desktop app's FetchFn adapter. */
export function fakeNetRequest(net: ElectronNetOptions): NetRequestFactory {
  return (options) => new FakeClientRequest(options, net);
}

/**
 * `net.fetch` as Electron implements it (lib/browser/api/net-fetch.ts: net.request with no
 * `redirect` listener, so `redirect: 'manual'` rejects every 3xx), to show what the transport
 * makes of it.
 */
export function fakeNetFetch(net: ElectronNetOptions): FetchFn {
  const request = fakeNetRequest(net);
  return (url, init) =>
    new Promise((resolve, reject) => {
      const req = request({ method: init.method, url, redirect: init.redirect });
      init.signal.addEventListener('abort', () => {
        req.abort();
        reject(init.signal.reason);
      });
      for (const [name, value] of Object.entries(init.headers)) req.setHeader(name, value);
      req.on('response', (response) => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(response.headers))
          headers.set(name, Array.isArray(value) ? value.join(', ') : value);
        // net-fetch.ts: 101, 204, 205 and 304 have a null body.
        const nullBody = [101, 204, 205, 304].includes(response.statusCode);
        resolve(
          new Response(
            nullBody ? null : (Readable.toWeb(response as unknown as Readable) as ReadableStream),
            {
              status: response.statusCode,
              headers,
            },
          ),
        );
      });
      req.on('error', reject);
      req.end(init.body);
    });
}
