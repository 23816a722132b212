import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { RawEventLoop } from '../helpers/raw-ucwa.js';
import { alice, signedIn, startSim, waitUntil } from '../helpers/sim-fixture.js';

const realApp = JSON.parse(
  readFileSync(
    new URL('../fixtures/real-traffic/lync2013-create-application-201.json', import.meta.url),
    'utf8',
  ),
);

describe('simulator §3 applications', () => {
  it('creates an application with the four dashboards, the live startOnlineMeeting href and events?ack=1', async () => {
    const { sim, ucwa } = await startSim();
    try {
      const app = await ucwa.signIn(sim.discoverUrl, alice.username, alice.password);
      assert.equal(app.rel, 'application');
      assert.deepEqual(Object.keys(app._embedded).sort(), [
        'communication',
        'me',
        'onlineMeetings',
        'people',
      ]);
      for (const rel of ['self', 'policies', 'batch', 'events']) assert.ok(app._links[rel]?.href, rel);
      assert.match(app._links.events.href, /\/events\?ack=1$/);
      const communication = app._embedded.communication;
      assert.match(
        communication._links.startOnlineMeeting.href,
        /\/communication\/onlineMeetingInvitations\?onlineMeetingUri=adhoc$/,
      );
      assert.equal(
        communication._links.joinOnlineMeeting.href,
        communication._links.startOnlineMeeting.href.split('?')[0],
      );
      assert.ok(Object.values(communication).includes('please pass this in a PUT request'));
      assert.equal(app._embedded.me.uri, alice.sip);
      // Lurker mode: no presence or reportMyActivity before makeMeAvailable.
      assert.equal(app._embedded.me._links.presence, undefined);
      assert.ok(app._embedded.me._links.makeMeAvailable);
      // Relative hrefs, as real servers send them.
      assert.ok(app._links.self.href.startsWith('/ucwa/oauth/v1/applications/'));
    } finally {
      await sim.close();
    }
  });

  it('answers with the link rels a real Lync 2013 server puts in the same places (capture 07)', async () => {
    const { sim, ucwa } = await startSim();
    try {
      const app = await ucwa.signIn(sim.discoverUrl, alice.username, alice.password);
      assert.deepEqual(Object.keys(app._links).sort(), Object.keys(realApp._links).sort());
      for (const rel of ['conversations', 'startOnlineMeeting', 'joinOnlineMeeting']) {
        assert.ok(realApp._embedded.communication._links[rel], `capture has ${rel}`);
        assert.ok(app._embedded.communication._links[rel], `simulator has ${rel}`);
      }
      const realQuery = new URL(realApp._embedded.communication._links.startOnlineMeeting.href, 'https://x')
        .search;
      assert.equal(
        new URL(app._embedded.communication._links.startOnlineMeeting.href, 'https://x').search,
        realQuery,
      );
      assert.equal(
        new URL(app._embedded.communication._links.conversations.href, 'https://x').search,
        '?filter=active',
      );
    } finally {
      await sim.close();
    }
  });

  it('accepts PascalCase and camelCase input and answers 400 ParameterValidationFailure when a field is missing', async () => {
    const { sim, ucwa } = await startSim();
    try {
      await ucwa.signIn(sim.discoverUrl, alice.username, alice.password);
      const camel = await ucwa.post(ucwa.base, { userAgent: 'x/1', endpointId: 'camel', culture: 'en-US' });
      assert.equal(camel.status, 201);
      assert.equal(camel.headers.get('etag'), null, 'capture 07: the 201 carries no ETag');
      const missing = await ucwa.post(ucwa.base, { UserAgent: 'x/1', Culture: 'en-US' });
      assert.equal(missing.status, 400);
      assert.equal(missing.json.code, 'BadRequest');
      assert.equal(missing.json.subcode, 'ParameterValidationFailure');
      assert.equal(missing.json.parameters.endpointId, 'required');
    } finally {
      await sim.close();
    }
  });

  it('returns the same application for a second POST with the same EndpointId (MultiTabSupport.md)', async () => {
    const { sim, ucwa } = await startSim();
    try {
      const first = await ucwa.signIn(sim.discoverUrl, alice.username, alice.password, 'same-endpoint');
      const second = await ucwa.post(ucwa.base, {
        UserAgent: 'ContractTest/1.0',
        EndpointId: 'same-endpoint',
        Culture: 'en-US',
      });
      assert.equal(second.status, 200);
      assert.equal(second.json._links.self.href, first._links.self.href);
      assert.equal((await ucwa.get(first._links.self.href)).status, 200, 'the first is still alive');
    } finally {
      await sim.close();
    }
  });

  it('replaces the first application under the `replaces` variant', async () => {
    const { sim, ucwa } = await startSim({ profile: { sameEndpoint: 'replaces' } });
    try {
      const first = await ucwa.signIn(sim.discoverUrl, alice.username, alice.password, 'same-endpoint');
      const second = await ucwa.post(ucwa.base, {
        UserAgent: 'x/1',
        EndpointId: 'same-endpoint',
        Culture: 'en-US',
      });
      assert.equal(second.status, 201);
      const old = await ucwa.get(first._links.self.href);
      assert.equal(old.status, 404);
      assert.equal(old.json.subcode, 'ApplicationNotFound');
      assert.equal((await ucwa.get(second.json._links.self.href)).status, 200);
    } finally {
      await sim.close();
    }
  });

  it('answers 200 with the same application when an instanceId is posted again', async () => {
    const { sim, ucwa } = await startSim();
    try {
      await ucwa.signIn(sim.discoverUrl, alice.username, alice.password);
      const body = { UserAgent: 'x/1', EndpointId: 'tabbed', Culture: 'en-US', InstanceId: 'tab-1' };
      const first = await ucwa.post(ucwa.base, body);
      const again = await ucwa.post(ucwa.base, body);
      assert.equal(first.status, 201);
      assert.equal(again.status, 200);
      assert.equal(again.json._links.self.href, first.json._links.self.href);
    } finally {
      await sim.close();
    }
  });

  it('ends an application on DELETE: 204, then 404 ApplicationNotFound on every URL below it', async () => {
    const session = await signedIn();
    try {
      const { ucwa, app } = session;
      const deleted = await ucwa.request('DELETE', app._links.self.href);
      assert.equal(deleted.status, 204);
      assert.equal(deleted.text, '');
      for (const href of [app._links.self.href, app._embedded.me._links.self.href, app._links.events.href]) {
        const after = await ucwa.get(href);
        assert.equal(after.status, 404, href);
        assert.equal(after.json.subcode, 'ApplicationNotFound');
      }
      // The parked P-GET is released with the same answer.
      await waitUntil(() => session.loop.errors.length > 0);
      assert.equal(session.loop.errors[0]?.json.subcode, 'ApplicationNotFound');
    } finally {
      await session.close();
    }
  });

  it('terminates an application left without a P-GET: 410 InactiveApplicationExpired once, then 404', async () => {
    const { sim, ucwa } = await startSim({ timing: { idleExpiryMs: 150 } });
    try {
      const app = await ucwa.signIn(sim.discoverUrl, alice.username, alice.password);
      await waitUntil(() => sim.applications()[0]?.state !== 'active');
      const first = await ucwa.get(app._embedded.me._links.self.href);
      assert.equal(first.status, 410);
      assert.equal(first.json.subcode, 'InactiveApplicationExpired');
      const second = await ucwa.get(app._embedded.me._links.self.href);
      assert.equal(second.status, 404);
      assert.equal(second.json.subcode, 'ApplicationNotFound');
    } finally {
      await sim.close();
    }
  });

  it('keeps an application alive while a P-GET is parked, past the idle expiry', async () => {
    const { sim, ucwa } = await startSim({ timing: { idleExpiryMs: 200, eventTimeoutMs: 60 } });
    try {
      const app = await ucwa.signIn(sim.discoverUrl, alice.username, alice.password);
      const loop = new RawEventLoop(ucwa, app._links.events.href);
      // Eight empty releases at 60 ms span well past the 200 ms idle expiry.
      await waitUntil(() => loop.batches.length >= 8);
      assert.equal(sim.applications()[0]?.state, 'active');
      loop.stop();
    } finally {
      await sim.close();
    }
  });

  it('requires a bearer token from the same pool for every application URL', async () => {
    const session = await signedIn();
    try {
      const me = await session.ucwa.get(session.app._embedded.me._links.self.href, { auth: false });
      assert.equal(me.status, 401);
      assert.match(me.headers.get('www-authenticate') ?? '', /MsRtcOAuth href=/);
    } finally {
      await session.close();
    }
  });
});
