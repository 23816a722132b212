import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Agent, fetch } from 'undici';
import { parseFaultSpec } from '../../src/simulator/faults.js';
import { alice, signedIn, startMeeting, startSim, waitUntil } from '../helpers/sim-fixture.js';

describe('simulator §8 faults and latency', () => {
  it('adds latency to every request', async () => {
    const { sim, ucwa } = await startSim({ latencyMs: 80 });
    try {
      const started = performance.now();
      await ucwa.get(sim.discoverUrl);
      assert.ok(performance.now() - started >= 75, 'a request takes at least the injected latency');
    } finally {
      await sim.close();
    }
  });

  it('revokes tokens: the next request, a P-GET included, gets the 401 challenge; a new grant recovers', async () => {
    const session = await signedIn();
    try {
      session.sim.revokeTokens();
      const me = await session.ucwa.get(session.app._embedded.me._links.self.href);
      assert.equal(me.status, 401);
      assert.match(me.headers.get('www-authenticate') ?? '', /MsRtcOAuth/);
      const events = await session.ucwa.get(session.app._links.events.href);
      assert.equal(events.status, 401);
      const tokenHref = /MsRtcOAuth href="([^"]+)"/.exec(me.headers.get('www-authenticate') ?? '')?.[1] ?? '';
      const token = await session.ucwa.request('POST', tokenHref, {
        body: `grant_type=password&username=${encodeURIComponent(alice.username)}&password=${alice.password}`,
        contentType: 'application/x-www-form-urlencoded',
      });
      session.ucwa.setToken(new URL(tokenHref).origin, token.json.access_token);
      // The application survives a token change (A10).
      assert.equal((await session.ucwa.get(session.app._embedded.me._links.self.href)).status, 200);
    } finally {
      await session.close();
    }
  });

  it('expires applications on demand: the parked P-GET ends with 410 and later requests get 404', async () => {
    const session = await signedIn();
    try {
      assert.equal(session.sim.expireApplications(), 1);
      await waitUntil(() => session.loop.errors.length > 0);
      assert.equal(session.loop.errors[0]?.status, 410);
      assert.equal(
        (await session.ucwa.get(session.app._links.self.href)).json.subcode,
        'ApplicationNotFound',
      );
    } finally {
      await session.close();
    }
  });

  it('answers 503 with Retry-After, IIS HTML pages, and UCWA error bodies in UCWA shape', async () => {
    const session = await signedIn();
    try {
      session.sim.faults.add(parseFaultSpec('me:503'));
      session.sim.faults.add(parseFaultSpec('me:html'));
      const href = session.app._embedded.me._links.self.href;
      const busy = await session.ucwa.get(href);
      assert.equal(busy.status, 503);
      assert.equal(busy.headers.get('retry-after'), '1');
      assert.equal(busy.json.code, 'ServiceUnavailable');
      assert.ok(busy.json.message);
      const html = await session.ucwa.get(href);
      assert.equal(html.status, 502);
      assert.match(html.headers.get('content-type') ?? '', /text\/html/);
      assert.match(html.text, /<html/);
      assert.equal((await session.ucwa.get(href)).status, 200, 'each fault hits once by default');
    } finally {
      await session.close();
    }
  });

  it('drops the connection of a pending GET while it is parked', async () => {
    const session = await signedIn();
    try {
      session.loop.stop();
      session.sim.faults.add({ kinds: ['events'], action: { type: 'drop', afterMs: 30 } });
      const next = session.loop.batches.at(-1)?._links.next.href ?? session.app._links.events.href;
      await assert.rejects(session.ucwa.get(next));
    } finally {
      await session.close();
    }
  });

  it('sends malformed JSON, truncated bodies and a trickling slow answer', async () => {
    const session = await signedIn();
    try {
      const href = session.ucwa.resolve(session.app._embedded.me._links.self.href);
      session.sim.faults.add(parseFaultSpec('me:malformed'));
      session.sim.faults.add(parseFaultSpec('me:truncate'));
      session.sim.faults.add({ kinds: ['me'], action: { type: 'trickle', chunkBytes: 64, intervalMs: 5 } });
      await assert.rejects(session.ucwa.get(href), SyntaxError);
      await assert.rejects(session.ucwa.get(href));
      const slow = await session.ucwa.get(href);
      assert.equal(slow.json.rel, 'me');
    } finally {
      await session.close();
    }
  });

  it('injects CallbackChannelError on demand and honours skip/times', async () => {
    const session = await signedIn();
    try {
      session.sim.faults.add({
        kinds: ['startOnlineMeeting'],
        skip: 1,
        times: 1,
        action: { type: 'status', status: 500, code: 'ServiceFailure', subcode: 'CallbackChannelError' },
      });
      await startMeeting(session, 'first passes');
      const href = session.app._embedded.communication._links.startOnlineMeeting.href;
      const second = await session.ucwa.post(href, { operationId: 'second' });
      assert.deepEqual([second.status, second.json.subcode], [500, 'CallbackChannelError']);
      await startMeeting(session, 'third passes');
    } finally {
      await session.close();
    }
  });

  it('parses command-line fault specs and rejects bad ones', () => {
    assert.deepEqual(parseFaultSpec('events:503:2'), {
      kinds: ['events'],
      times: 2,
      action: { type: 'status', status: 503, code: 'ServiceUnavailable', retryAfterSec: 1 },
    });
    assert.equal(parseFaultSpec('*:slow:inf').times, Number.POSITIVE_INFINITY);
    assert.throws(() => parseFaultSpec('events'), /KIND:ACTION/);
    assert.throws(() => parseFaultSpec('events:explode'), /unknown action/);
  });

  it("serves HTTPS that a client without the run's CA refuses", async () => {
    const { sim } = await startSim();
    try {
      await assert.rejects(fetch(sim.discoverUrl, { dispatcher: new Agent() }), (error: any) =>
        /CERT/i.test(String(error.cause?.code)),
      );
    } finally {
      await sim.close();
    }
  });
});
