import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { Agent, fetch } from 'undici';
import type { FetchFn } from '../main/ucwa/transport.js';

export interface NodeFetchOptions {
  /** Extra CA certificates (PEM text) to trust besides the system's, e.g. the simulator's. */
  extraCaPems?: readonly string[];
  env?: NodeJS.ProcessEnv;
}

/**
 * fetch for the CLI and tests (the desktop app passes Electron's net.fetch instead, which honours
 * the system proxy and certificate store). TLS verification is always on; extra CAs are added to
 * Node's bundled roots, never replace them, and NODE_EXTRA_CA_CERTS is honoured.
 */
export function createNodeFetch(options: NodeFetchOptions = {}): { fetch: FetchFn; close(): Promise<void> } {
  const env = options.env ?? process.env;
  const extra = [...(options.extraCaPems ?? [])];
  if (env.NODE_EXTRA_CA_CERTS) extra.push(readFileSync(env.NODE_EXTRA_CA_CERTS, 'utf8'));
  const agent = new Agent({
    // Explicit, so NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment cannot switch verification off.
    connect: {
      rejectUnauthorized: true,
      ...(extra.length > 0 ? { ca: [...rootCertificates, ...extra] } : {}),
    },
    keepAliveTimeout: 30_000,
  });
  return {
    fetch: (url, init) => fetch(url, { ...init, dispatcher: agent }) as unknown as ReturnType<FetchFn>,
    close: () => agent.close(),
  };
}
