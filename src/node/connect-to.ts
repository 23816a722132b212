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

/** Wraps an undici connector so that matching host:port pairs connect elsewhere, verified as HOST. */
export function connectVia(
  rules: readonly ConnectRule[],
  connect: buildConnector.connector,
): buildConnector.connector {
  return (options, callback) => {
    const port = Number(options.port || (options.protocol === 'https:' ? 443 : 80));
    const rule = rules.find((entry) => entry.host === options.hostname.toLowerCase() && entry.port === port);
    if (!rule) return connect(options, callback);
    return connect(
      {
        ...options,
        hostname: rule.toHost,
        host: `${rule.toHost}:${rule.toPort}`,
        port: String(rule.toPort),
        servername: options.servername ?? options.hostname,
      },
      callback,
    );
  };
}
