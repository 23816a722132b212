import type { Clock } from './clock.js';
import { abortError, UcwaError, UcwaHttpError } from './errors.js';
import { assertSecureUrl, redactUrl } from './urls.js';

/** The part of a WHATWG Response the client reads; undici's fetch and Electron's net.fetch both fit. */
export interface FetchResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  readonly body: ReadableStream<Uint8Array> | null;
}

export type FetchFn = (
  url: string,
  init: {
    method: string;
    headers: Record<string, string>;
    body?: string;
    signal: AbortSignal;
    redirect: 'manual';
  },
) => Promise<FetchResponse>;

export interface HttpRequest {
  method: 'GET' | 'POST' | 'DELETE';
  url: URL;
  headers?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
  /** Abort after this long; every request has one (the event channel's is longer than the server hold). */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Refuse a body larger than this (default `maxResponseBytes`). */
  maxBytes?: number;
}

export interface HttpResponse {
  status: number;
  headers: { get(name: string): string | null };
  /** Parsed JSON when the body was JSON, else undefined. */
  json: unknown;
  text: string;
}

export interface Logger {
  debug(message: string): void;
  warn(message: string): void;
}

export const silentLogger: Logger = { debug: () => {}, warn: () => {} };

/** No UCWA resource this client reads is anywhere near this; larger answers are refused. */
export const maxResponseBytes = 1024 * 1024;

const jsonTypes = /^application\/(?:vnd\.microsoft\.com\.ucwa\+)?json\b/i;

/**
 * One HTTP exchange with UCWA conventions: JSON in and out, `Accept: application/json`, a size
 * cap, a timeout, abort, HTTPS outside loopback, and failures turned into typed errors.
 * It knows nothing of tokens; see `UcwaHttp` for that.
 */
export class Transport {
  public requestCount = 0;

  public constructor(
    private readonly fetchFn: FetchFn,
    private readonly clock: Clock,
    private readonly logger: Logger = silentLogger,
    private readonly onRequest: (method: string, url: URL) => void = () => {},
  ) {}

  public async send(request: HttpRequest): Promise<HttpResponse> {
    assertSecureUrl(request.url);
    const headers: Record<string, string> = { Accept: 'application/json', ...request.headers };
    let body: string | undefined;
    if (request.json !== undefined) {
      body = JSON.stringify(request.json);
      headers['Content-Type'] = 'application/json';
    } else if (request.form) {
      body = new URLSearchParams(request.form).toString();
      headers['Content-Type'] = 'application/x-www-form-urlencoded;charset=UTF-8';
    }
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new UcwaError('timeout', 'The server took too long to answer.')),
      request.timeoutMs,
    );
    const onCallerAbort = () => controller.abort(request.signal?.reason ?? abortError());
    if (request.signal?.aborted) onCallerAbort();
    request.signal?.addEventListener('abort', onCallerAbort, { once: true });
    const started = this.clock.now();
    this.requestCount += 1;
    this.onRequest(request.method, request.url);
    try {
      let response: FetchResponse;
      try {
        response = await this.fetchFn(request.url.href, {
          method: request.method,
          headers,
          ...(body !== undefined ? { body } : {}),
          signal: controller.signal,
          redirect: 'manual',
        });
      } catch (error) {
        throw this.connectionError(error, controller.signal, request.url);
      }
      let text: string;
      try {
        text = await readCapped(response.body, request.maxBytes ?? maxResponseBytes);
      } catch (error) {
        if (UcwaError.is(error)) throw error;
        throw this.connectionError(error, controller.signal, request.url);
      }
      this.logger.debug(
        `${request.method} ${redactUrl(request.url)} → ${response.status} (${this.clock.now() - started} ms)`,
      );
      const type = response.headers.get('content-type') ?? '';
      let json: unknown;
      if (jsonTypes.test(type) && text.trim() !== '') {
        try {
          json = JSON.parse(text);
        } catch (error) {
          throw new UcwaError(
            'protocol',
            `The server sent malformed JSON (${response.status} from ${request.url.host}).`,
            { cause: error },
          );
        }
        if (nestedDeeperThan(json, maxJsonDepth)) {
          throw new UcwaError(
            'protocol',
            `The server sent JSON nested deeper than ${maxJsonDepth} levels (${request.url.host}).`,
          );
        }
      }
      return { status: response.status, headers: response.headers, json, text };
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  private connectionError(error: unknown, signal: AbortSignal, url: URL): UcwaError {
    if (signal.aborted) {
      const reason = signal.reason;
      return UcwaError.is(reason) ? reason : abortError(reason);
    }
    const chromium = chromiumNetError(error);
    if (chromium) return chromium(url);
    const code = findCode(error);
    if (code && isCertificateErrorCode(code)) {
      return new UcwaError('tls', `The certificate of ${url.host} is not trusted (${code}).`, {
        cause: error,
      });
    }
    return new UcwaError('network', `Cannot reach ${url.host}${code ? ` (${code})` : ''}.`, { cause: error });
  }
}

/**
 * OpenSSL's X509_V_ERR_* verification results as Node reports them (without the prefix), plus the
 * TLS-layer codes: any of them means "the certificate is not trusted", never "unreachable".
 */
const certificateErrorCodes = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_CRL',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECRYPT_CRL_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'CERT_SIGNATURE_FAILURE',
  'CRL_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'CRL_NOT_YET_VALID',
  'CRL_HAS_EXPIRED',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
  'ERROR_IN_CRL_LAST_UPDATE_FIELD',
  'ERROR_IN_CRL_NEXT_UPDATE_FIELD',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_CHAIN_TOO_LONG',
  'CERT_REVOKED',
  'INVALID_CA',
  'INVALID_NON_CA',
  'PATH_LENGTH_EXCEEDED',
  'PROXY_PATH_LENGTH_EXCEEDED',
  'PROXY_CERTIFICATES_NOT_ALLOWED',
  'INVALID_PURPOSE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_TLS_CERT_ALTNAME_FORMAT',
]);

/** Is this error code about the server's certificate (or the TLS handshake), not the network? */
export function isCertificateErrorCode(code: string): boolean {
  return certificateErrorCodes.has(code) || /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/i.test(code);
}

/** UCWA resources are a handful of levels deep; far deeper JSON is refused before anything walks it. */
export const maxJsonDepth = 32;

function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop() as { value: unknown; depth: number };
    if (typeof item.value !== 'object' || item.value === null) continue;
    if (item.depth >= limit) return true;
    for (const child of Object.values(item.value))
      if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: item.depth + 1 });
  }
  return false;
}

/** A body over the size cap: a protocol error, typed so a caller can tell it from a bad page. */
export class ResponseTooLargeError extends UcwaError {
  public override readonly name = 'ResponseTooLargeError';
  public constructor(public readonly limitBytes: number) {
    super(
      'protocol',
      `The server sent more than ${Math.round(limitBytes / 1024)} KiB where a small resource was expected.`,
    );
  }
}

/** Reads a body up to `limit` bytes; larger bodies are a protocol error, not an out-of-memory. */
async function readCapped(body: ReadableStream<Uint8Array> | null, limit: number): Promise<string> {
  if (!body) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new ResponseTooLargeError(limit);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(concat(chunks, size));
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/**
 * Electron's net stack reports failures as `Error('net::ERR_…')` with no `code`, and a redirect it
 * was told not to follow as `Error('Redirect was cancelled')` (net-client-request). Read them here
 * so that a certificate problem is never mistaken for "unreachable", whichever fetch is in use.
 */
function chromiumNetError(error: unknown): ((url: URL) => UcwaError) | undefined {
  const message = error instanceof Error ? error.message : '';
  if (/^Redirect was cancelled/.test(message))
    return (url) =>
      new UcwaError('protocol', `${url.host} answered with a redirect that this HTTP stack cannot report.`, {
        cause: error,
      });
  const name = /\bnet::(ERR_[A-Z0-9_]+)/.exec(message)?.[1];
  if (!name) return undefined;
  if (/^ERR_(CERT_|SSL_|BAD_SSL_|CERTIFICATE_)/.test(name))
    return (url) =>
      new UcwaError('tls', `The certificate of ${url.host} is not trusted (${name}).`, { cause: error });
  return (url) => new UcwaError('network', `Cannot reach ${url.host} (${name}).`, { cause: error });
}

function findCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Turns a non-2xx answer into a typed error, reading the UCWA error body when there is one. */
export function httpError(response: HttpResponse, url: URL): UcwaHttpError {
  const body = (typeof response.json === 'object' && response.json !== null ? response.json : {}) as Record<
    string,
    unknown
  >;
  const code = typeof body.code === 'string' ? body.code : undefined;
  const subcode = typeof body.subcode === 'string' ? body.subcode : undefined;
  const serverMessage = typeof body.message === 'string' ? body.message : undefined;
  const notUcwa = response.json === undefined;
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
  const kind =
    subcode === 'ApplicationNotFound' || subcode === 'InactiveApplicationExpired'
      ? 'application-gone'
      : response.status === 503 || response.status === 429
        ? 'server-busy'
        : 'http';
  const what = code ? `${code}${subcode ? `/${subcode}` : ''}` : notUcwa ? 'a non-UCWA page' : 'an error';
  const message = `${url.host} answered ${response.status} (${what})${serverMessage ? `: ${serverMessage.slice(0, 200)}` : ''}`;
  return new UcwaHttpError(
    kind,
    response.status,
    code,
    subcode,
    message,
    response.headers.get('x-ms-diagnostics') ?? undefined,
    retryAfter,
    notUcwa,
  );
}

function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
