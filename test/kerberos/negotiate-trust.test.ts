import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { UcwaClient } from '../../src/main/ucwa/client.js';
import { UntrustedHostError } from '../../src/main/ucwa/errors.js';
import { type NegotiateProvider, SsoError } from '../../src/main/ucwa/negotiate.js';
import { createNodeFetch } from '../../src/node/fetch.js';

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Server> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

const portOf = (server: Server) => (server.address() as AddressInfo).port;

/**
 * A front end on 127.0.0.1 (trusted: the user gave its discovery URL) whose challenge names a token
 * endpoint on another host, `localhost` (not trusted), which asks for Negotiate. The client must
 * neither ask its provider for a token nor send that host anything.
 */
describe('Negotiate tokens go only to hosts the trust policy approves', () => {
  let tokenHost: Server;
  let frontEnd: Server;
  const tokenRequests: Array<string | undefined> = [];

  before(async () => {
    tokenHost = await listen((req, res) => {
      tokenRequests.push(req.headers.authorization);
      req.resume();
      res.writeHead(401, { 'WWW-Authenticate': 'Negotiate', 'Content-Type': 'text/html' }).end('401');
    });
    frontEnd = await listen((req, res) => {
      const origin = `http://127.0.0.1:${portOf(frontEnd)}`;
      if (req.url?.startsWith('/Autodiscover/AutodiscoverService.svc/root')) {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ _links: { user: { href: `${origin}/user` } } }));
        return;
      }
      res.writeHead(401, {
        'WWW-Authenticate': `MsRtcOAuth href="http://localhost:${portOf(tokenHost)}/WebTicket/oauthtoken",grant_type="urn:microsoft.rtc:windows"`,
      });
      res.end();
    });
  });
  after(async () => {
    for (const server of [frontEnd, tokenHost]) await new Promise((resolve) => server.close(resolve));
  });

  function client(): { client: UcwaClient; asked: string[]; close(): Promise<void> } {
    const asked: string[] = [];
    const provider: NegotiateProvider = {
      mechanism: 'test',
      initiate: async (host) => {
        asked.push(host);
        return { token: 'YIIBdGVzdA==', finish: async () => {} };
      },
    };
    const node = createNodeFetch();
    return {
      client: new UcwaClient({
        fetch: node.fetch,
        credentials: async () => assert.fail('no password may be asked for'),
        windowsSignIn: { negotiate: provider },
        userAgent: 'MeetNowTest/1.0',
        endpointId: 'test',
      }),
      asked,
      close: () => node.close(),
    };
  }

  const discoverUrl = () => `http://127.0.0.1:${portOf(frontEnd)}/Autodiscover/AutodiscoverService.svc/root`;

  it('an untrusted token host: refused before anything is sent; the provider is never asked', async () => {
    tokenRequests.length = 0;
    const run = client();
    try {
      await assert.rejects(
        run.client.signIn({ sipAddress: 'alice@meetnow.test', discoverUrl: discoverUrl() }),
        (error: unknown) => error instanceof UntrustedHostError && error.host === 'localhost',
      );
      assert.deepEqual(run.asked, []);
      assert.deepEqual(tokenRequests, [], 'the untrusted host received nothing');
    } finally {
      await run.close();
    }
  });

  it('the same host once approved: its Negotiate challenge is answered (the gate is the trust policy)', async () => {
    tokenRequests.length = 0;
    const run = client();
    try {
      await assert.rejects(
        run.client.signIn({
          sipAddress: 'alice@meetnow.test',
          discoverUrl: discoverUrl(),
          approvedHosts: ['localhost'],
        }),
        (error: unknown) => error instanceof SsoError && error.reason === 'refused',
      );
      assert.deepEqual(run.asked, ['localhost']);
      assert.deepEqual(tokenRequests, [undefined, 'Negotiate YIIBdGVzdA==']);
    } finally {
      await run.close();
    }
  });
});
