import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo, createServer as createTcpServer, type Socket } from 'node:net';
import { rootPath } from './paths.js';
import type { ServerProfile } from './profile.js';
import type { SimulatorTls } from './tls.js';
import { iisErrorPage } from './wire.js';

/**
 * Named hosts for one simulated deployment: the pools, both autodiscovery names of RootURL.md and a
 * host outside every trusted domain. The client reaches them through a connect-to map (like curl's
 * --connect-to), so it resolves, orders and verifies the real names while everything listens on
 * 127.0.0.1.
 */
export interface HostPlan {
  readonly domain: string;
  readonly poolHosts: readonly string[];
  readonly internal: string;
  readonly external: string;
  readonly foreign: string;
  /** The only name on the certificate the `tls-mismatch` internal listener presents. */
  readonly wrongName: string;
}

export interface ConnectRule {
  host: string;
  port: number;
  toHost: string;
  toPort: number;
}

export function planHosts(domain: string, profile: ServerProfile, pools: number): HostPlan {
  // Split domain: the pools live in another DNS domain than the SIP domain (protocol audit C8).
  const poolDomain =
    profile.poolDomain === 'split-domain' ? `sfb.${domain.split('.')[0]}-corp.example` : domain;
  return {
    domain,
    poolHosts: Array.from({ length: pools }, (_, index) => `pool${index + 1}.${poolDomain}`),
    internal: `lyncdiscoverinternal.${domain}`,
    external: `lyncdiscover.${domain}`,
    foreign: 'ucwa.foreign-cloud.example',
    wrongName: 'wildcard.dns-hijack.example',
  };
}

/** Every name the simulator's main certificate must carry in named mode. */
export function certificateNames(plan: HostPlan): string[] {
  return [...plan.poolHosts, plan.internal, plan.external, plan.foreign];
}

export type PoolHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface AuxiliaryListeners {
  rules: ConnectRule[];
  close(): Promise<void>;
}

/**
 * The two discovery hosts and the foreign host, each its own loopback listener, behaving as the
 * profile says. `rootHandler` answers as the first pool does (lyncdiscover fronts it, as a reverse
 * proxy does in capture 03).
 */
export async function startAuxiliaryListeners(
  plan: HostPlan,
  profile: ServerProfile,
  tls: SimulatorTls,
  rootHandler: PoolHandler,
  foreignHandler: PoolHandler,
  sockets: Set<Socket>,
): Promise<AuxiliaryListeners> {
  const servers: Server[] = [];
  const rules: ConnectRule[] = [];
  const listen = async (server: Server, host: string, port: number) => {
    server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    servers.push(server);
    rules.push({ host, port, toHost: '127.0.0.1', toPort: (server.address() as AddressInfo).port });
  };
  const https = (handler: PoolHandler, cert = tls) =>
    createHttpsServer({ cert: cert.certPem, key: cert.keyPem }, handler);

  // lyncdiscover: the root, or a same-domain 302 from "/" to the root path (RootURL.md allows HTTP redirects within the domain).
  await listen(
    https((req, res) => {
      if (profile.externalDiscovery === 'same-domain-302' && (req.url ?? '/').split('?')[0] === '/') {
        res.writeHead(302, { Location: `https://${plan.external}${rootPath}?originalDomain=${plan.domain}` });
        res.end();
        return;
      }
      rootHandler(req, res);
    }),
    plan.external,
    443,
  );

  await startInternal(plan, profile, tls, rootHandler, listen, rules);
  await listen(https(foreignHandler), plan.foreign, 443);
  return {
    rules,
    close: () =>
      Promise.all(
        servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
      ).then(() => {}),
  };
}

async function startInternal(
  plan: HostPlan,
  profile: ServerProfile,
  tls: SimulatorTls,
  rootHandler: PoolHandler,
  listen: (server: Server, host: string, port: number) => Promise<void>,
  rules: ConnectRule[],
): Promise<void> {
  const html = (status: number, body: string) => (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(status, { 'Content-Type': 'text/html' });
    res.end(body);
  };
  switch (profile.internalDiscovery) {
    case 'root':
      await listen(
        createHttpsServer({ cert: tls.certPem, key: tls.keyPem }, rootHandler),
        plan.internal,
        443,
      );
      return;
    case 'refused': {
      // A port that was free a moment ago and is closed again: connecting to it is refused.
      const probe = createTcpServer();
      await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
      const port = (probe.address() as AddressInfo).port;
      await new Promise<void>((resolve) => probe.close(() => resolve()));
      rules.push({ host: plan.internal, port: 443, toHost: '127.0.0.1', toPort: port });
      return;
    }
    case 'black-hole':
      // A firewall that drops after the handshake: TCP accepts, TLS never answers.
      await listen(createTcpServer(() => {}) as unknown as Server, plan.internal, 443);
      return;
    case 'tls-mismatch': {
      const wrong = await tls.issue([plan.wrongName]);
      await listen(
        createHttpsServer({ cert: wrong.certPem, key: wrong.keyPem }, rootHandler),
        plan.internal,
        443,
      );
      return;
    }
    case 'foreign-302':
      await listen(
        createHttpsServer({ cert: tls.certPem, key: tls.keyPem }, (_req, res) => {
          res.writeHead(302, { Location: 'https://block-page.web-filter.example/denied' });
          res.end();
        }),
        plan.internal,
        443,
      );
      return;
    case 'not-found':
      await listen(
        createHttpsServer(
          { cert: tls.certPem, key: tls.keyPem },
          html(
            404,
            iisErrorPage(
              404,
              'File or directory not found.',
              'The resource you are looking for might have been removed.',
            ),
          ),
        ),
        plan.internal,
        443,
      );
      return;
    case 'captive-portal':
      await listen(
        createHttpsServer(
          { cert: tls.certPem, key: tls.keyPem },
          html(
            200,
            '<!DOCTYPE html><html><body><h1>Welcome to Guest Wi-Fi</h1><p>Accept the terms to continue.</p></body></html>',
          ),
        ),
        plan.internal,
        443,
      );
      return;
  }
}
