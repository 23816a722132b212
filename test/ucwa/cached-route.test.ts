import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { type CachedRoute, readCachedRoute } from '../../src/main/ucwa/cached-route.js';
import { UcwaError } from '../../src/main/ucwa/errors.js';
import type { FaultAction } from '../../src/simulator/faults.js';
import { type ClientSession, clientAndSim, commandRequests } from '../helpers/client-fixture.js';
import { alice } from '../helpers/sim-fixture.js';

const path = (line: string) => line.split(' ')[1]?.split('?')[0] ?? '';
const rootGets = (session: ClientSession) =>
  session.requests.filter((line) => path(line) === '/Autodiscover/AutodiscoverService.svc/root').length;

/** Signs in once by discovery on this simulator and returns the route it learnt. */
async function learnRoute(session: ClientSession): Promise<CachedRoute> {
  const signedIn = await session.client.signIn({
    sipAddress: alice.username,
    discoverUrl: session.sim.discoverUrl,
  });
  assert.ok(signedIn.route, 'a discovery sign-in reports its route');
  await session.client.signOut();
  session.requests.length = 0;
  return signedIn.route;
}

async function withRoute(test: (session: ClientSession, route: CachedRoute) => Promise<void>): Promise<void> {
  const session = await clientAndSim();
  try {
    await test(session, await learnRoute(session));
  } finally {
    await session.close();
  }
}

const signInWith = (session: ClientSession, route: CachedRoute) =>
  session.client.signIn({
    sipAddress: alice.username,
    discoverUrl: session.sim.discoverUrl,
    cachedRoute: route,
  });

describe('cold start over a remembered route', () => {
  it('is token → POST applications → POST start → GET onlineMeeting: 4 requests to the link', () =>
    withRoute(async (session, route) => {
      assert.equal(route.sipAddress, alice.username);
      assert.match(route.tokenUrl, /\/WebTicket\/oauthtoken$/);
      assert.match(route.applicationsUrl, /\/ucwa\/oauth\/v1\/applications$/);
      const signedIn = await signInWith(session, route);
      assert.equal(signedIn.name, 'Alice Andersen');
      assert.deepEqual(signedIn.route, route, 'the same route is reported again');
      assert.deepEqual(commandRequests(session.requests).map(path), [
        '/WebTicket/oauthtoken',
        '/ucwa/oauth/v1/applications',
      ]);
      const meeting = await session.client.startMeeting();
      assert.ok(meeting.info?.joinUrl);
      assert.equal(commandRequests(session.requests).length, 4, commandRequests(session.requests).join('\n'));
    }));

  const staleAnswers: Array<[string, FaultAction]> = [
    ['404', { type: 'status', status: 404, code: 'NotFound' }],
    ['403', { type: 'status', status: 403, code: 'Forbidden' }],
    ['401 without an MsRtcOAuth challenge', { type: 'status', status: 401, code: 'Unauthorized' }],
  ];
  for (const [name, action] of staleAnswers) {
    it(`falls back to full discovery once when POST applications answers ${name}`, () =>
      withRoute(async (session, route) => {
        session.sim.faults.add({ kinds: ['applications'], method: 'POST', times: 1, action });
        await signInWith(session, route);
        assert.ok(session.client.isSignedIn);
        assert.equal(rootGets(session), 1, `one discovery:\n${session.requests.join('\n')}`);
      }));
  }

  it('falls back when the remembered token endpoint refuses connections', () =>
    withRoute(async (session, route) => {
      await signInWith(session, { ...route, tokenUrl: 'https://127.0.0.1:1/WebTicket/oauthtoken' });
      assert.ok(session.client.isSignedIn);
      assert.equal(rootGets(session), 1);
    }));

  it('falls back when the remembered applications URL redirects', async () => {
    const redirector = createServer((_request, response) => {
      response.writeHead(302, { Location: 'http://127.0.0.1:9/elsewhere' }).end();
    });
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
    const port = (redirector.address() as AddressInfo).port;
    try {
      await withRoute(async (session, route) => {
        await signInWith(session, { ...route, applicationsUrl: `http://127.0.0.1:${port}/applications` });
        assert.ok(session.client.isSignedIn);
        assert.equal(rootGets(session), 1);
      });
    } finally {
      redirector.close();
    }
  });

  it('does not rediscover when the password is refused: that is the answer', async () => {
    const session = await clientAndSim();
    try {
      const route = await learnRoute(session);
      const refused = await clientAndSim(
        {},
        { credentials: async () => ({ username: alice.username, password: 'wrong' }) },
      );
      try {
        const moved = {
          ...route,
          tokenUrl: route.tokenUrl.replace(/:\d+\//, `:${new URL(refused.sim.discoverUrl).port}/`),
          applicationsUrl: route.applicationsUrl.replace(
            /:\d+\//,
            `:${new URL(refused.sim.discoverUrl).port}/`,
          ),
        };
        await assert.rejects(signInWith(refused, moved), (error) => UcwaError.is(error, 'credentials'));
        assert.equal(rootGets(refused), 0);
      } finally {
        await refused.close();
      }
    } finally {
      await session.close();
    }
  });

  it('never sends the password to a remembered token endpoint outside the trusted domains', () =>
    withRoute(async (session, route) => {
      await assert.rejects(
        signInWith(session, { ...route, tokenUrl: 'https://login.evil.example/WebTicket/oauthtoken' }),
        (error) => UcwaError.is(error, 'untrusted-host'),
      );
      assert.deepEqual(session.requests, [], 'nothing sent anywhere');
    }));

  it("never uses another account's route", () =>
    withRoute(async (session, route) => {
      await signInWith(session, { ...route, sipAddress: 'bob@meetnow.test' });
      assert.equal(rootGets(session), 1, 'discovered instead');
    }));

  it('reads only complete routes of http(s) URLs from storage', () => {
    const good = {
      sipAddress: 'a@b.c',
      userUrl: 'https://a/u',
      tokenUrl: 'https://a/t',
      applicationsUrl: 'https://a/ap',
    };
    assert.deepEqual(readCachedRoute(good), good);
    assert.equal(readCachedRoute({ ...good, tokenUrl: 'javascript:alert(1)' }), undefined);
    assert.equal(readCachedRoute({ ...good, applicationsUrl: undefined }), undefined);
    assert.equal(readCachedRoute({ ...good, userUrl: `https://a/${'x'.repeat(3000)}` }), undefined);
    assert.equal(readCachedRoute('nonsense'), undefined);
  });
});
