import { UcwaError } from './errors.js';
import { type HttpResponse, httpError } from './transport.js';

export interface TokenAnswer {
  value: string;
  lifetimeMs: number;
}

/**
 * Reads a token endpoint's answer, the same for every grant (AuthenticationInUCWA.md: the windows
 * grant's response is "Same as the response for the password grant type"), or throws what it
 * means. `grant` words the unsupported-grant refusal.
 */
export function readTokenAnswer(response: HttpResponse, tokenUrl: URL, grant: string): TokenAnswer {
  const body = (response.json ?? {}) as Record<string, unknown>;
  if (response.status === 200 && typeof body.access_token === 'string' && body.access_token !== '') {
    const lifetimeMs =
      (typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 3600) * 1000;
    return { value: body.access_token, lifetimeMs };
  }
  if (response.status === 400 && typeof body.error === 'string') {
    if (body.error === 'invalid_grant')
      throw new UcwaError('credentials', 'The server refused the user name or password.');
    if (body.error === 'unsupported_grant_type')
      throw new UcwaError('auth-unsupported', `${tokenUrl.host} does not allow ${grant} sign-in.`);
    throw new UcwaError('protocol', `${tokenUrl.host} refused the sign-in request (${body.error}).`);
  }
  if (response.status >= 200 && response.status < 300)
    throw new UcwaError('protocol', `${tokenUrl.host} answered the token request without a token.`);
  throw httpError(response, tokenUrl);
}
