import type { NegotiateAcceptor } from './negotiate-acceptor.js';

/** The part of the `kerberos` package's server this acceptor uses (its index.d.ts). */
interface GssServer {
  step(token: string): Promise<string>;
  readonly username: string;
  readonly contextComplete: boolean;
}

interface GssServerApi {
  initializeServer(service: string): Promise<GssServer>;
}

/**
 * A NegotiateAcceptor on GSSAPI (the `kerberos` package, server side): the service key comes
 * from `keytab`. MIT reads the acceptor keytab from KRB5_KTNAME, so this sets it for the process
 * (the simulator's own process: `meetnow sim --kerberos-keytab`).
 */
export async function createKerberosAcceptor(options: { keytab?: string } = {}): Promise<NegotiateAcceptor> {
  if (options.keytab) process.env.KRB5_KTNAME = `FILE:${options.keytab}`;
  const module = (await import('kerberos')) as unknown as GssServerApi & { default?: GssServerApi };
  const gss = module.default ?? module;
  return {
    async accept(token, host) {
      const server = await gss.initializeServer(`HTTP@${host}`);
      const reply = await server.step(token);
      if (!server.contextComplete || !server.username)
        throw new Error('the Negotiate exchange is not complete');
      return { principal: server.username, reply: reply || undefined };
    },
  };
}
