import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { Agent, buildConnector, fetch } from 'undici';
import type { FetchFn } from '../main/ucwa/transport.js';
import { type ConnectRule, trackedConnector } from './connect-to.js';

export interface NodeFetchOptions {
  /** Extra CA certificates (PEM text) to trust besides the system's, e.g. the simulator's. */
  extraCaPems?: readonly string[];
  env?: NodeJS.ProcessEnv;
  /** curl-style connect-to rules (see connect-to.ts). */
  connectTo?: readonly ConnectRule[];
}

/**
 * fetch for the CLI and tests (the desktop app passes Electron's net.request instead, which honours
 * the system proxy and certificate store). TLS verification is always on; extra CAs are added to
 * Node's bundled roots, never replace them, and NODE_EXTRA_CA_CERTS is honoured.
 */
export function createNodeFetch(options: NodeFetchOptions = {}): { fetch: FetchFn; close(): Promise<void> } {
  const env = options.env ?? process.env;
  const extra = [...(options.extraCaPems ?? [])];
  if (env.NODE_EXTRA_CA_CERTS) extra.push(readFileSync(env.NODE_EXTRA_CA_CERTS, 'utf8'));
  // TLS verification is stated, not inherited: NODE_TLS_REJECT_UNAUTHORIZED cannot switch it off.
  const tls = {
    rejectUnauthorized: true,
    ...(extra.length > 0 ? { ca: [...rootCertificates, ...extra] } : {}),
  };
  const connector = trackedConnector(options.connectTo ?? [], buildConnector(tls));
  const agent = new Agent({ connect: connector.connect, keepAliveTimeout: 30_000 });
  return {
    fetch: (url, init) => fetch(url, { ...init, dispatcher: agent }) as unknown as ReturnType<FetchFn>,
    // destroy, not close, and every socket with it: a connection still in its handshake (a
    // black-holed host) would otherwise hold the exit for the whole connect timeout.
    close: async () => {
      connector.destroyAll();
      await agent.destroy();
    },
  };
}
