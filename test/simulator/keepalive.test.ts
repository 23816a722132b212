import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signedIn, waitUntil } from '../helpers/sim-fixture.js';

describe('simulator §7 keep-alive', () => {
  it('refuses reportMyActivity before makeMeAvailable, then accepts both in order', async () => {
    const session = await signedIn();
    try {
      const me = session.app._embedded.me;
      assert.equal(me._links.reportMyActivity, undefined, 'lurker mode has no reportMyActivity link');
      const mma = await session.ucwa.post(me._links.makeMeAvailable.href, {
        supportedModalities: ['Messaging'],
      });
      assert.equal(mma.status, 204);
      const refreshed = (await session.ucwa.get(me._links.self.href)).json;
      for (const rel of ['presence', 'note', 'location', 'reportMyActivity'])
        assert.ok(refreshed._links[rel], rel);
      assert.equal(refreshed._links.makeMeAvailable, undefined);
      assert.equal((await session.ucwa.post(refreshed._links.reportMyActivity.href)).status, 204);
      const presence = await session.ucwa.get(refreshed._links.presence.href);
      assert.equal(presence.json.availability, 'Online');
      const again = await session.ucwa.post(me._links.makeMeAvailable.href, {
        supportedModalities: ['Messaging'],
      });
      assert.deepEqual([again.status, again.json.subcode], [409, 'AlreadyExists']);
    } finally {
      await session.close();
    }
  });

  it('answers reportMyActivity with 409 MakeMeAvailableRequired in lurker mode (link taken from a later me)', async () => {
    const session = await signedIn();
    try {
      const me = session.app._embedded.me;
      await session.ucwa.post(me._links.makeMeAvailable.href, { supportedModalities: ['Messaging'] });
      const activityHref = (await session.ucwa.get(me._links.self.href)).json._links.reportMyActivity.href;
      // A second application of the same user is still in lurker mode.
      const second = await session.ucwa.post(session.ucwa.base, {
        UserAgent: 'x/1',
        EndpointId: 'other-device',
        Culture: 'en-US',
      });
      assert.equal(second.status, 201);
      const secondMe = second.json._embedded.me;
      assert.equal(secondMe._links.reportMyActivity, undefined);
      assert.equal((await session.ucwa.post(activityHref)).status, 204);
    } finally {
      await session.close();
    }
  });

  it('refuses modalities other than Messaging and PhoneAudio with 403', async () => {
    const session = await signedIn();
    try {
      const response = await session.ucwa.post(session.app._embedded.me._links.makeMeAvailable.href, {
        supportedModalities: ['Video'],
      });
      assert.equal(response.status, 403);
    } finally {
      await session.close();
    }
  });

  it('ends an available application whose client neglects reportMyActivity: 410 InactiveApplicationExpired', async () => {
    const session = await signedIn({ timing: { activityExpiryMs: 150 } });
    try {
      await session.ucwa.post(session.app._embedded.me._links.makeMeAvailable.href, {
        supportedModalities: ['Messaging'],
      });
      await waitUntil(() => session.loop.errors.length > 0);
      assert.equal(session.loop.errors[0]?.status, 410);
      assert.equal(session.loop.errors[0]?.json.subcode, 'InactiveApplicationExpired');
      assert.equal((await session.ucwa.get(session.app._links.self.href)).status, 404);
    } finally {
      await session.close();
    }
  });

  it('keeps an application that reports activity', async () => {
    const session = await signedIn({ timing: { activityExpiryMs: 200 } });
    try {
      const me = session.app._embedded.me;
      await session.ucwa.post(me._links.makeMeAvailable.href, { supportedModalities: ['Messaging'] });
      const activity = (await session.ucwa.get(me._links.self.href)).json._links.reportMyActivity.href;
      const started = Date.now();
      while (Date.now() - started < 500) {
        assert.equal((await session.ucwa.post(activity)).status, 204);
        await new Promise((resolve) => setTimeout(resolve, 50)); // a client's activity cadence, not synchronisation
      }
      assert.equal(session.sim.applications()[0]?.state, 'active');
    } finally {
      await session.close();
    }
  });
});
