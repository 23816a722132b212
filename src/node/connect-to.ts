import { isIP, connect as netConnect, type Socket } from 'node:net';
import type { buildConnector } from 'undici';

/**
 * `--connect-to HOST:PORT:TO_HOST:TO_PORT`, as curl has it: requests for HOST:PORT connect to
 * TO_HOST:TO_PORT instead, while the URL, the Host header and the certificate check keep HOST.
 * For admins who test one front end behind a load balancer, and for tests that serve named
 * deployments on loopback.
 */
export interface ConnectRule {
  host: string;
  port: number;
  toHost: string;
  toPort: number;
}

export class ConnectToError extends Error {
  public override readonly name = 'ConnectToError';
}

export function parseConnectTo(spec: string): ConnectRule {
  const match = /^([^:\s]+):(\d{1,5}):([^:\s]+):(\d{1,5})$/.exec(spec.trim());
  const port = Number(match?.[2]);
  const toPort = Number(match?.[4]);
  if (!match?.[1] || !match[3] || port < 1 || port > 65535 || toPort < 1 || toPort > 65535)
    throw new ConnectToError(`--connect-to "${spec}": expected HOST:PORT:TO_HOST:TO_PORT`);
  return { host: match[1].toLowerCase(), port, toHost: match[3], toPort };
}

/**
 * An undici connector that opens the TCP connection itself (then lets undici's connector do TLS
 * over it, session cache and all), so that it can (1) apply connect-to rules while the name stays
 * the one the certificate must show, and (2) destroy connections still in their handshake on
 * close: undici cannot cancel those, and a black-holed host would keep the process alive for the
 * whole connect timeout after everything else is done.
 */
export function trackedConnector(
  rules: readonly ConnectRule[],
  connect: buildConnector.connector,
): { connect: buildConnector.connector; destroyAll(): void } {
  const sockets = new Set<Socket>();
  return {
    connect: (options, callback) => {
      if (options.protocol !== 'https:') return connect(options, callback);
      const port = Number(options.port || 443);
      const rule = rules.find(
        (entry) => entry.host === options.hostname.toLowerCase() && entry.port === port,
      );
      const socket = netConnect({ host: rule?.toHost ?? options.hostname, port: rule?.toPort ?? port });
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      // SNI and the certificate check keep the requested name (never an IP: RFC 6066).
      const servername = options.servername ?? (isIP(options.hostname) ? undefined : options.hostname);
      connect({ ...options, ...(servername ? { servername } : {}), httpSocket: socket }, callback);
    },
    destroyAll: () => {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    },
  };
}
