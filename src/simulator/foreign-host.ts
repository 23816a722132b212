import type { IncomingMessage, ServerResponse } from 'node:http';
import { tokenPath } from './paths.js';
import { credentialIn } from './request-pipeline.js';
import type { RequestRecord } from './server.js';
import { iisErrorPage, readBody } from './wire.js';

/**
 * The host outside every trusted domain that a hostile redirect names: it records everything and
 * asks for credentials, as a phishing front end would. A client must send it nothing at all.
 */
export async function recordForeignRequest(
  req: IncomingMessage,
  res: ServerResponse,
  host: string,
  log: RequestRecord[],
): Promise<void> {
  const body = await readBody(req).catch(() => '');
  log.push({
    method: (req.method ?? 'GET').toUpperCase(),
    host: String(req.headers.host ?? ''),
    credential:
      credentialIn(req.headers.authorization) ?? (/(^|&)password=/.test(body) ? 'password' : undefined),
    url: req.url ?? '/',
    kind: 'unknown',
    status: 401,
    at: Date.now(),
  });
  // It offers the Windows grant too and asks for Negotiate, hoping for a Kerberos token.
  res.writeHead(401, {
    'Content-Type': 'text/html',
    'WWW-Authenticate': [
      `MsRtcOAuth href="https://${host}${tokenPath}",grant_type="urn:microsoft.rtc:windows,password"`,
      'Negotiate',
    ],
  });
  res.end(iisErrorPage(401, 'Unauthorized: Access is denied due to invalid credentials.', ''));
}
