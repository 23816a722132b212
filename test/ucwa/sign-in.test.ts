import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UcwaError, UntrustedHostError } from '../../src/main/ucwa/errors.js';
import { defaultDirectory } from '../../src/simulator/directory.js';
import { clientAndSim, signedInClient } from '../helpers/client-fixture.js';
import { alice, waitUntil } from '../helpers/sim-fixture.js';

describe('UcwaClient sign-in', () => {
  it('signs in with five requests and then parks one P-GET', async () => {
    const session = await clientAndSim();
    try {
      const me = await session.client.signIn({
        sipAddress: alice.username,
        discoverUrl: session.sim.discoverUrl,
      });
      assert.equal(me.name, 'Alice Andersen');
      assert.equal(me.uri, alice.sip);
      await waitUntil(() => session.sim.applications()[0]?.parked === true);
      assert.deepEqual(
        session.requests.map((line) => line.replace(/\?.*$/, '').replace(/\d{6,}/, 'N')),
        [
          'GET /Autodiscover/AutodiscoverService.svc/root',
          'GET /Autodiscover/AutodiscoverService.svc/root/oauth/user',
          'POST /WebTicket/oauthtoken',
          'GET /Autodiscover/AutodiscoverService.svc/root/oauth/user',
          'POST /ucwa/oauth/v1/applications',
          'GET /ucwa/oauth/v1/applications/N/events',
        ],
      );
      assert.match(
        session.requests[5] ?? '',
        /events\?ack=1&timeout=180$/,
        "the server's ack kept, timeout added",
      );
      assert.deepEqual(session.sim.advertised.violations, []);
      assert.equal(session.sim.applications()[0]?.endpointId, 'test-endpoint');
    } finally {
      await session.close();
    }
  });

  it('skips discovery with a cached user URL and rediscovers when it fails', async () => {
    const first = await clientAndSim();
    let userUrl: string;
    try {
      userUrl = (
        await first.client.signIn({ sipAddress: alice.username, discoverUrl: first.sim.discoverUrl })
      ).userUrl;
    } finally {
      await first.close();
    }
    const session = await clientAndSim();
    try {
      const cached = userUrl.replace(/:\d+\//, `:${new URL(session.sim.discoverUrl).port}/`);
      await session.client.signIn({
        sipAddress: alice.username,
        discoverUrl: session.sim.discoverUrl,
        cachedUserUrl: cached,
      });
      assert.ok(
        !session.requests.some((line) => line.includes('AutodiscoverService.svc/root ')),
        'no root GET',
      );
      assert.equal(
        session.requests[0]?.split(' ')[1]?.split('?')[0],
        '/Autodiscover/AutodiscoverService.svc/root/oauth/user',
      );
    } finally {
      await session.close();
    }
    const stale = await clientAndSim();
    try {
      await stale.client.signIn({
        sipAddress: alice.username,
        discoverUrl: stale.sim.discoverUrl,
        cachedUserUrl: 'https://127.0.0.1:1/Autodiscover/AutodiscoverService.svc/root/oauth/user',
      });
      assert.ok(stale.client.isSignedIn, 'fell back to discovery');
    } finally {
      await stale.close();
    }
  });

  it('reports a wrong password as a credentials error', async () => {
    const session = await clientAndSim(
      {},
      { credentials: async () => ({ username: alice.username, password: 'wrong' }) },
    );
    try {
      await assert.rejects(
        session.client.signIn({ sipAddress: alice.username, discoverUrl: session.sim.discoverUrl }),
        (error: unknown) => UcwaError.is(error, 'credentials'),
      );
    } finally {
      await session.close();
    }
  });

  it('follows a root redirect to another pool and a user redirect to the home pool, with a token per host', async () => {
    const redirected = await clientAndSim({ rootRedirect: true });
    try {
      await redirected.client.signIn({ sipAddress: alice.username, discoverUrl: redirected.sim.discoverUrl });
      assert.equal(redirected.sim.applications()[0]?.pool, 1);
    } finally {
      await redirected.close();
    }
    const base = defaultDirectory();
    const directory = {
      ...base,
      users: base.users.map((user) => (user.sip === alice.sip ? { ...user, pool: 1 } : user)),
    };
    const homed = await clientAndSim({ directory });
    try {
      await homed.client.signIn({ sipAddress: alice.username, discoverUrl: homed.sim.discoverUrl });
      assert.equal(homed.sim.applications()[0]?.pool, 1);
      assert.equal(
        homed.requests.filter((line) => line.startsWith('POST /WebTicket')).length,
        2,
        'one grant per pool',
      );
      assert.deepEqual(homed.sim.advertised.violations, []);
    } finally {
      await homed.close();
    }
  });

  it('refuses to send credentials to a host outside the domain unless approved', async () => {
    const session = await clientAndSim();
    try {
      // The simulator's host is 127.0.0.1; trusting only the discovery URL's host is what an
      // explicit URL means. Here we give discovery by domain policy only: nothing is trusted.
      const signIn = session.client.signIn({
        sipAddress: alice.username,
        discoverUrl: session.sim.discoverUrl.replace('127.0.0.1', 'localhost'),
      });
      await assert.rejects(
        signIn,
        (error: unknown) => error instanceof UntrustedHostError && error.host === '127.0.0.1',
      );
      assert.ok(!session.requests.some((line) => line.startsWith('POST /WebTicket')), 'no password sent');
    } finally {
      await session.close();
    }
    const approved = await clientAndSim();
    try {
      await approved.client.signIn({
        sipAddress: alice.username,
        discoverUrl: approved.sim.discoverUrl.replace('127.0.0.1', 'localhost'),
        approvedHosts: ['127.0.0.1'],
      });
      assert.ok(approved.client.isSignedIn);
    } finally {
      await approved.close();
    }
  });

  it('refuses plain http:// to a non-loopback host and never follows a redirect to a foreign domain', async () => {
    const session = await clientAndSim();
    try {
      await assert.rejects(
        session.client.signIn({ sipAddress: 'alice@example.test', discoverUrl: 'http://lync.example.test/' }),
        (error: unknown) => UcwaError.is(error, 'insecure-url'),
      );
      assert.equal(session.requests.length, 0);
    } finally {
      await session.close();
    }
    const foreign = await clientAndSim({
      rootRedirectUrl: 'https://evil.example.invalid/Autodiscover/AutodiscoverService.svc/root',
    });
    try {
      await assert.rejects(
        foreign.client.signIn({ sipAddress: alice.username, discoverUrl: foreign.sim.discoverUrl }),
        (error: unknown) => error instanceof UntrustedHostError && error.host === 'evil.example.invalid',
      );
      assert.ok(foreign.requests.every((line) => !line.includes('evil')));
      assert.equal(foreign.requests.length, 1, 'only the root was asked');
    } finally {
      await foreign.close();
    }
  });

  it('reports an untrusted certificate as a TLS error, without retrying or bypassing', async () => {
    const { createNodeFetch } = await import('../../src/node/fetch.js');
    const session = await clientAndSim({}, { fetch: createNodeFetch().fetch });
    try {
      await assert.rejects(
        session.client.signIn({ sipAddress: alice.username, discoverUrl: session.sim.discoverUrl }),
        (error: unknown) => UcwaError.is(error, 'tls'),
      );
    } finally {
      await session.close();
    }
  });

  it('reports a server that cannot be reached as a network error', async () => {
    const session = await clientAndSim();
    try {
      await assert.rejects(
        session.client.signIn({ sipAddress: alice.username, discoverUrl: 'https://127.0.0.1:1/' }),
        (error: unknown) => UcwaError.is(error, 'network'),
      );
    } finally {
      await session.close();
    }
  });

  it('signs out with DELETE on the application', async () => {
    const session = await signedInClient();
    await session.client.signOut();
    assert.equal(session.sim.applications()[0]?.state, 'gone');
    assert.ok(session.requests.at(-1)?.startsWith('DELETE /ucwa/oauth/v1/applications/'));
    await session.close();
  });
});
