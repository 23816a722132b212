import { UcwaError } from './errors.js';
import type { TrustPolicy } from './trust.js';

/**
 * Produces the SPNEGO tokens of an HTTP Negotiate exchange (RFC 4559) for the Windows grant.
 * Injected, so that this client needs no native module: the CLI passes one built on GSSAPI
 * (src/node/kerberos-negotiate.ts), the desktop one that leaves the exchange to Chromium.
 */
export interface NegotiateProvider {
  /** For logs and messages, e.g. "Kerberos (GSSAPI)". */
  readonly mechanism: string;
  /**
   * Called before the first windows-grant POST to a host the trust policy approved, with that
   * policy: an ambient stack (Chromium) limits its own Negotiate answers to those hosts here.
   */
  prepare?(trust: TrustPolicy): void;
  /**
   * Starts an exchange with the HTTP service of `host` (`HTTP@host`, SPN `HTTP/host`). Resolves
   * to `undefined` when the HTTP stack under the fetch answers Negotiate itself (Chromium's
   * ambient authentication), so the client has no token to add. Rejects with an SsoError.
   */
  initiate(host: string): Promise<NegotiateExchange | undefined>;
}

export interface NegotiateExchange {
  /** The first token, base64, for `Authorization: Negotiate <token>`. */
  readonly token: string;
  /** Verifies the server's final token (mutual authentication); rejects with an SsoError. */
  finish(serverToken: string): Promise<void>;
}

/** Why single sign-on failed, one reason per next step the user or the administrator can take. */
export type SsoFailure =
  | 'no-ticket'
  | 'ticket-expired'
  | 'clock-skew'
  | 'no-service-principal'
  | 'kdc-unreachable'
  | 'refused'
  | 'unavailable'
  | 'not-offered'
  | 'ntlm-only'
  | 'server-unverified'
  | 'failed';

/** Plain words with the next step (the UX review's error wording: situation, then what to do). */
export function ssoMessage(reason: SsoFailure, host: string, detail?: string): string {
  switch (reason) {
    case 'no-ticket':
      return 'Single sign-on needs a Kerberos ticket and this computer has none. Sign in to your domain (or run kinit), then try again.';
    case 'ticket-expired':
      return 'Your Kerberos ticket has expired. Renew it (lock and unlock the computer, or run kinit), then try again.';
    case 'clock-skew':
      return "This computer's clock is too far from the domain's. Correct the date and time, then try again.";
    case 'no-service-principal':
      return `Your domain has no Kerberos service for ${host}. Ask IT to register the service principal name HTTP/${host}.`;
    case 'kdc-unreachable':
      return "Your domain's Kerberos server (KDC) cannot be reached. Check your network or VPN, then try again.";
    case 'refused':
      return `${host} did not accept your computer's sign-in${detail ? ` (${detail})` : ''}. Sign in with a password, or ask IT whether this account may use single sign-on.`;
    case 'unavailable':
      return `Your computer's sign-in could not be used with ${host}: there is no Kerberos ticket, or ${host} is not a server your domain knows (service principal HTTP/${host}). Sign in with a password, or ask IT.`;
    case 'not-offered':
      return `${host} does not offer single sign-on. Sign in with a password instead.`;
    case 'ntlm-only':
      return `${host} offers only NTLM, which Meet Now does not use here. Ask IT to enable Kerberos (Negotiate) for the Skype for Business web services.`;
    case 'server-unverified':
      return `${host} could not prove it is the server your domain knows (mutual authentication failed). Meet Now did not sign in.`;
    default:
      return `Single sign-on with ${host} failed${detail ? `: ${detail}` : ''}.`;
  }
}

export class SsoError extends UcwaError {
  public override readonly name = 'SsoError';
  public constructor(
    public readonly reason: SsoFailure,
    public readonly host: string,
    detail?: string,
    options?: { cause?: unknown },
  ) {
    super('sso', ssoMessage(reason, host, detail), options);
  }
}

export interface NegotiateChallenge {
  /** The server asked for Negotiate (Kerberos through SPNEGO). */
  negotiate: boolean;
  /** The server's token after `Negotiate ` (mutual authentication, or a continuation). */
  token: string | undefined;
  /** The server asked for NTLM. */
  ntlm: boolean;
}

/**
 * Reads `WWW-Authenticate` for Negotiate (RFC 4559 §4): `Negotiate`, `Negotiate <base64>`, next to
 * `NTLM` in one comma-joined value or several headers (IIS sends two headers; fetch joins them).
 */
export function parseNegotiate(value: string | null): NegotiateChallenge {
  const parts = (value ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  let negotiate = false;
  let token: string | undefined;
  let ntlm = false;
  for (const part of parts) {
    const match = /^(\S+)(?:\s+([A-Za-z0-9+/]+=*))?$/.exec(part);
    if (!match) continue;
    const scheme = match[1]?.toLowerCase();
    if (scheme === 'negotiate') {
      negotiate = true;
      token ??= match[2];
    } else if (scheme === 'ntlm') ntlm = true;
  }
  return { negotiate, token, ntlm };
}
