import { UcwaError } from './errors.js';
import { type NegotiateProvider, parseNegotiate, SsoError } from './negotiate.js';
import { readTokenAnswer, type TokenAnswer } from './token-answer.js';
import type { HttpResponse, Transport } from './transport.js';
import { assertTrustedHost, type TrustPolicy } from './trust.js';

export const windowsGrantType = 'urn:microsoft.rtc:windows';

/**
 * The Windows grant (AuthenticationInUCWA.md: "the same as the password grant, except that
 * username and password parameters must not be present"): a bare POST, which IIS answers with
 * `401 WWW-Authenticate: Negotiate`, then the same POST with `Authorization: Negotiate <token>`.
 * With an ambient provider the HTTP stack below answers the 401 itself and the first POST
 * returns the token. A Negotiate token only ever goes to a host the trust policy approves.
 */
export async function windowsGrant(
  transport: Transport,
  negotiate: NegotiateProvider,
  tokenUrl: URL,
  trust: TrustPolicy,
  signal?: AbortSignal,
): Promise<TokenAnswer> {
  assertTrustedHost(tokenUrl, trust);
  negotiate.prepare?.(trust);
  const post = (authorization?: string): Promise<HttpResponse> =>
    transport.send({
      method: 'POST',
      url: tokenUrl,
      form: { grant_type: windowsGrantType },
      ...(authorization ? { headers: { Authorization: authorization } } : {}),
      timeoutMs: 30_000,
      ...(signal ? { signal } : {}),
    });
  const host = tokenUrl.hostname;
  const first = await post();
  if (first.status !== 401) return answer(first, tokenUrl);
  const challenge = parseNegotiate(first.headers.get('www-authenticate'));
  if (!challenge.negotiate) {
    if (challenge.ntlm) throw new SsoError('ntlm-only', host);
    throw new SsoError('refused', host, 'it asked for no Negotiate authentication');
  }
  const exchange = await negotiate.initiate(host);
  // An ambient stack that hands the 401 up had no ticket, or no service principal, for this host.
  if (!exchange) throw new SsoError('unavailable', host);
  const second = await post(`Negotiate ${exchange.token}`);
  if (second.status === 401) throw new SsoError('refused', host);
  const token = answer(second, tokenUrl);
  const mutual = parseNegotiate(second.headers.get('www-authenticate')).token;
  if (mutual) await exchange.finish(mutual);
  return token;
}

function answer(response: HttpResponse, tokenUrl: URL): TokenAnswer {
  try {
    return readTokenAnswer(response, tokenUrl, 'Windows');
  } catch (error) {
    if (UcwaError.is(error, 'auth-unsupported')) throw new SsoError('not-offered', tokenUrl.hostname);
    // invalid_grant after a valid Negotiate: the ticket is good but the server maps it to no user.
    if (UcwaError.is(error, 'credentials'))
      throw new SsoError('refused', tokenUrl.hostname, 'no Skype for Business user for this sign-in');
    throw error;
  }
}
