import type { NegotiateExchange, NegotiateProvider, SsoFailure } from '../main/ucwa/negotiate.js';
import { SsoError } from '../main/ucwa/negotiate.js';

/** The part of the `kerberos` package's client this provider uses (its index.d.ts). */
export interface GssClient {
  step(challenge: string): Promise<string>;
  readonly contextComplete: boolean;
}

export interface GssApi {
  initializeClient(service: string, options: { mechOID: number; gssFlag?: number }): Promise<GssClient>;
  readonly GSS_MECH_OID_SPNEGO: number;
  readonly GSS_C_MUTUAL_FLAG: number;
  readonly GSS_C_SEQUENCE_FLAG: number;
}

/** Loads the native `kerberos` package only when single sign-on is used. */
export async function loadGssApi(): Promise<GssApi> {
  const module = (await import('kerberos')) as unknown as GssApi & { default?: GssApi };
  return module.default ?? module;
}

/**
 * MIT and Heimdal report failures as GSS major/minor text (the `kerberos` package passes it on).
 * These are the krb5 error-table texts (krb5_err.et, gssapi_err_krb5.et); order matters where one
 * message contains another's words.
 */
const failureTexts: ReadonlyArray<[SsoFailure, RegExp]> = [
  ['clock-skew', /Clock skew too great/i],
  ['ticket-expired', /Ticket expired|credential has expired|Credentials cache .*expired/i],
  ['no-service-principal', /Server .* not found in Kerberos database|Server not found in Kerberos database/i],
  [
    'kdc-unreachable',
    /Cannot contact any KDC|Cannot find KDC for realm|Cannot resolve network address for KDC/i,
  ],
  [
    'no-ticket',
    /No Kerberos credentials available|No credentials cache found|No credentials were supplied|SPNEGO cannot find mechanisms/i,
  ],
];

export function classifyGssError(message: string): SsoFailure {
  return failureTexts.find(([, pattern]) => pattern.test(message))?.[0] ?? 'failed';
}

/** A GSS message is local text, but still trimmed to one printable line before it reaches a user. */
function oneLine(text: string): string {
  return text
    .replace(/[^\x20-\x7e]+/g, ' ')
    .trim()
    .slice(0, 200);
}

/**
 * A NegotiateProvider on GSSAPI (the `kerberos` package): an SPNEGO token for `HTTP@<host>` from
 * the user's ticket cache (KRB5CCNAME, or the system default), with mutual authentication
 * checked when the server sends its final token. Never asks for a password.
 */
export function createKerberosNegotiate(load: () => Promise<GssApi> = loadGssApi): NegotiateProvider {
  return {
    mechanism: 'Kerberos (GSSAPI)',
    async initiate(host: string): Promise<NegotiateExchange> {
      let gss: GssApi;
      try {
        gss = await load();
      } catch (error) {
        throw new SsoError('failed', host, 'the Kerberos library could not be loaded', { cause: error });
      }
      const fail = (error: unknown): SsoError => {
        const message = oneLine((error as Error)?.message ?? String(error));
        const reason = classifyGssError(message);
        return new SsoError(reason, host, reason === 'failed' ? message : undefined, { cause: error });
      };
      let client: GssClient;
      let token: string;
      try {
        client = await gss.initializeClient(`HTTP@${host}`, {
          mechOID: gss.GSS_MECH_OID_SPNEGO,
          gssFlag: gss.GSS_C_MUTUAL_FLAG | gss.GSS_C_SEQUENCE_FLAG,
        });
        token = await client.step('');
      } catch (error) {
        throw fail(error);
      }
      return {
        token,
        async finish(serverToken: string) {
          try {
            await client.step(serverToken);
          } catch (error) {
            throw new SsoError('server-unverified', host, undefined, { cause: fail(error) });
          }
          if (!client.contextComplete) throw new SsoError('server-unverified', host);
        },
      };
    },
  };
}
