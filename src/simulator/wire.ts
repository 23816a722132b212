import type { IncomingMessage, ServerResponse } from 'node:http';

/** A UCWA error body: `code` is required, the rest optional (ErrorsAndInformationalMessages.md). */
export interface UcwaErrorBody {
  code: string;
  subcode?: string;
  message?: string;
  parameters?: Record<string, string>;
}

export class HttpFailure extends Error {
  public override readonly name = 'HttpFailure';
  public constructor(
    public readonly status: number,
    public readonly body: UcwaErrorBody,
    public readonly headers: Record<string, string> = {},
  ) {
    super(`${status} ${body.code}${body.subcode ? `/${body.subcode}` : ''}`);
  }
}

export const ucwaError = (
  status: number,
  code: string,
  subcode?: string,
  message?: string,
  extra: Partial<UcwaErrorBody> = {},
): HttpFailure =>
  new HttpFailure(status, {
    code,
    ...(subcode ? { subcode } : {}),
    message: message ?? defaultMessage(code, subcode),
    ...extra,
  });

/** 400 BadRequest/ParameterValidationFailure naming each invalid field (ErrorsAndInformationalMessages.md). */
export function throwIfInvalid(invalid: Record<string, string>): void {
  if (Object.keys(invalid).length > 0)
    throw ucwaError(400, 'BadRequest', 'ParameterValidationFailure', 'One or more parameters are invalid.', {
      parameters: invalid,
    });
}

function defaultMessage(code: string, subcode: string | undefined): string {
  switch (subcode) {
    case 'ApplicationNotFound':
      return 'The application resource does not exist.';
    case 'InactiveApplicationExpired':
      return 'The application was terminated because it was inactive for too long.';
    case 'PGetReplaced':
      return 'The pending GET was replaced by a newer one.';
    case 'CallbackChannelError':
      return 'The remote event channel is not reachable.';
    default:
      return `${code}${subcode ? ` (${subcode})` : ''}`;
  }
}

/** The largest request body the simulator reads; larger ones get 413 EntityTooLarge, as IIS would. */
export const maxRequestBytes = 64 * 1024;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxRequestBytes) {
      throw ucwaError(413, 'EntityTooLarge', undefined, 'The request body is too large.');
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Reads a POST's input as a flat, case-insensitive property map. UCWA takes JSON or its XML
 * `<input><property name=…>` form, and query parameters as input too (QueryParameters.md);
 * names are matched case-insensitively because the docs spell them both ways (A11).
 */
export function parseInput(contentType: string | undefined, body: string, query: URLSearchParams): InputBag {
  const bag = new InputBag();
  for (const [key, value] of query) bag.set(key, value);
  const type = (contentType ?? '').toLowerCase();
  if (body.trim() === '') return bag;
  if (type.includes('json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw ucwaError(400, 'BadRequest', 'DeserializationFailure', 'The request body is not valid JSON.');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw ucwaError(400, 'BadRequest', 'DeserializationFailure', 'The request body must be a JSON object.');
    }
    for (const [key, value] of Object.entries(parsed)) {
      if (key === '_links' || key === '_embedded') continue; // ignored in input (PayloadFormat.md)
      bag.set(key, value);
    }
    return bag;
  }
  if (type.includes('xml')) {
    for (const [key, value] of parseXmlInput(body)) bag.set(key, value);
    return bag;
  }
  if (type.includes('x-www-form-urlencoded')) {
    for (const [key, value] of new URLSearchParams(body)) bag.set(key, value);
    return bag;
  }
  throw ucwaError(
    415,
    'UnsupportedMediaType',
    undefined,
    `Content type ${contentType ?? '(none)'} is not supported.`,
  );
}

export class InputBag {
  private readonly values = new Map<string, unknown>();
  public set(key: string, value: unknown): void {
    this.values.set(key.toLowerCase(), value);
  }
  public has(key: string): boolean {
    return this.values.has(key.toLowerCase());
  }
  public string(key: string): string | undefined {
    const value = this.values.get(key.toLowerCase());
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    throw ucwaError(400, 'BadRequest', 'ParameterValidationFailure', `${key} must be a string.`, {
      parameters: { [key]: 'must be a string' },
    });
  }
  public stringArray(key: string): string[] | undefined {
    const value = this.values.get(key.toLowerCase());
    if (value === undefined || value === null) return undefined;
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
    if (typeof value === 'string') return [value];
    throw ucwaError(400, 'BadRequest', 'ParameterValidationFailure', `${key} must be a list of strings.`, {
      parameters: { [key]: 'must be a list of strings' },
    });
  }
}

const xmlEntities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_match, entity: string) => {
    if (entity.startsWith('#x') || entity.startsWith('#X'))
      return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
    return xmlEntities[entity.toLowerCase()] ?? '';
  });
}

export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (char) => `&${Object.entries(xmlEntities).find(([, v]) => v === char)?.[0]};`,
  );
}

/** Parses the UCWA XML input form: `<input xmlns="…ucwa"><property name="k">v</property>…</input>`. */
export function parseXmlInput(body: string): Map<string, string> {
  const trimmed = body
    .replace(/^\uFEFF/, '')
    .replace(/<\?xml[^>]*\?>/, '')
    .trim();
  if (!/^<input[\s>]/.test(trimmed) || !/<\/input>\s*$/.test(trimmed)) {
    throw ucwaError(400, 'BadRequest', 'DeserializationFailure', 'Expected an <input> element.');
  }
  const result = new Map<string, string>();
  const property = /<property\s+name="([^"]+)"\s*(?:\/>|>([\s\S]*?)<\/property>)/g;
  for (const match of trimmed.matchAll(property)) {
    result.set(decodeXml(match[1] ?? ''), decodeXml(match[2] ?? ''));
  }
  return result;
}

/** Headers an IIS-hosted UCWA front end puts on every answer (captures 03–08). */
export function baseHeaders(fqdn: string, secure: boolean): Record<string, string> {
  return {
    'Cache-Control': 'no-cache',
    Pragma: 'no-cache',
    Expires: '-1',
    Server: 'Microsoft-IIS/8.5',
    'X-Powered-By': 'ASP.NET',
    'X-MS-Server-Fqdn': fqdn,
    'X-Content-Type-Options': 'nosniff',
    ...(secure ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}

/**
 * Serialises like the real server: compact JSON with `\/` in `\/Date(ms)\/` values, which plain
 * JSON.stringify would write as `/Date(ms)/`.
 */
export function ucwaJson(value: unknown): string {
  return JSON.stringify(value).replace(/"\/Date\((\d+)\)\/"/g, '"\\/Date($1)\\/"');
}

export const ucwaDate = (ms: number): string => `/Date(${ms})/`;

/** The IIS error page real servers send with a 401 (capture 04) and on proxy or server failures. */
export function iisErrorPage(status: number, title: string, detail: string): string {
  return [
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">',
    '<html xmlns="http://www.w3.org/1999/xhtml">',
    '<head>',
    '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"/>',
    `<title>${status} - ${escapeXml(title)}</title>`,
    '</head>',
    '<body>',
    '<div id="header"><h1>Server Error</h1></div>',
    '<div id="content">',
    ' <div class="content-container"><fieldset>',
    `  <h2>${status} - ${escapeXml(title)}</h2>`,
    `  <h3>${escapeXml(detail)}</h3>`,
    ' </fieldset></div>',
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\r\n');
}

export function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string | string[]>,
  body: string | undefined,
): void {
  if (res.writableEnded || res.destroyed) return;
  const payload = body === undefined ? undefined : Buffer.from(body, 'utf8');
  res.writeHead(status, { ...headers, 'Content-Length': String(payload?.length ?? 0) });
  res.end(payload);
}
