import { UcwaError } from './errors.js';
import { isHostTrusted, type TrustPolicy } from './trust.js';
import { isLoopbackHost } from './urls.js';

/** Far longer than any Skype for Business join link, short enough for a terminal line. */
export const maxJoinUrlLength = 2048;

/**
 * A join link from the server, as the user gets it (printed, copied, opened): an https URL (http
 * only on loopback, the simulator) on a host the sign-in trusts, without credentials, made of
 * printable ASCII only. Anything else is refused, never "cleaned": a link with a control or bidi
 * character in it was not written by a Skype for Business server.
 */
export function checkJoinUrl(raw: string, trust: TrustPolicy): URL {
  if (raw.length > maxJoinUrlLength) throw joinUrlError(`is longer than ${maxJoinUrlLength} characters`);
  if (!/^[\x21-\x7e]+$/.test(raw)) throw joinUrlError('has characters no web address has');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw joinUrlError('is not a web address');
  }
  const loopbackHttp = url.protocol === 'http:' && isLoopbackHost(url.hostname);
  if (url.protocol !== 'https:' && !loopbackHttp) throw joinUrlError('is not an https address');
  if (url.username !== '' || url.password !== '') throw joinUrlError('carries a user name or password');
  if (!isHostTrusted(url.hostname, trust))
    throw joinUrlError(`points at ${url.hostname}, which is not in ${trust.domain}`);
  return url;
}

/** The same check as a question: the trusted URL, or undefined (the desktop's copy and open). */
export function trustedJoinUrl(raw: string | undefined, trust: TrustPolicy | undefined): URL | undefined {
  if (raw === undefined || trust === undefined) return undefined;
  try {
    return checkJoinUrl(raw, trust);
  } catch {
    return undefined;
  }
}

function joinUrlError(why: string): UcwaError {
  return new UcwaError('protocol', `The server sent a join link that ${why}.`);
}
