import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RawEventLoop } from '../helpers/raw-ucwa.js';
import { alice, signedIn, startMeeting, startSim, waitUntil } from '../helpers/sim-fixture.js';

async function signInOnly(timing = {}) {
  const { sim, ucwa } = await startSim({ timing });
  const app = await ucwa.signIn(sim.discoverUrl, alice.username, alice.password);
  const withQuery = (href: string, query: string) => {
    const url = new URL(ucwa.resolve(href));
    for (const [key, value] of new URLSearchParams(query)) url.searchParams.set(key, value);
    return url.href;
  };
  return { sim, ucwa, app, withQuery };
}

describe('simulator §4 event channel', () => {
  it('releases an empty response after the timeout: no sender, a fresh next, ack advanced', async () => {
    const { sim, ucwa, app } = await signInOnly({ eventTimeoutMs: 50 });
    try {
      const first = await ucwa.get(app._links.events.href);
      assert.equal(first.status, 200);
      assert.equal(first.json.sender, undefined);
      assert.equal(first.json._links.self.href, app._links.events.href);
      assert.match(first.json._links.next.href, /events\?ack=2$/);
      const second = await ucwa.get(first.json._links.next.href);
      assert.match(second.json._links.next.href, /events\?ack=3$/);
    } finally {
      await sim.close();
    }
  });

  it('clamps timeout, medium and low to the documented ranges and remembers them', async () => {
    const { sim, ucwa, app, withQuery } = await signInOnly({ eventTimeoutMs: 20 });
    try {
      const first = await ucwa.get(
        withQuery(app._links.events.href, 'timeout=5&medium=1&low=99999&priority=3'),
      );
      assert.deepEqual(sim.applications()[0]?.eventParams, {
        timeoutSec: 180,
        mediumSec: 5,
        lowSec: 1800,
        priority: 3,
      });
      await ucwa.get(withQuery(first.json._links.next.href, 'timeout=99999'));
      assert.deepEqual(sim.applications()[0]?.eventParams, {
        timeoutSec: 1800,
        mediumSec: 5,
        lowSec: 1800,
        priority: 3,
      });
    } finally {
      await sim.close();
    }
  });

  it('replays a batch when its ack is requested again, and answers resync outside the window', async () => {
    const { sim, ucwa, app } = await signInOnly({ eventTimeoutMs: 20 });
    try {
      const first = await ucwa.get(app._links.events.href);
      const replay = await ucwa.get(app._links.events.href);
      assert.deepEqual(replay.json, first.json);
      const second = await ucwa.get(first.json._links.next.href); // acknowledges batch 1
      assert.ok(second.json._links.next);
      const stale = await ucwa.get(app._links.events.href);
      assert.equal(stale.status, 200);
      assert.deepEqual(Object.keys(stale.json._links).sort(), ['resync', 'self']);
      assert.match(stale.json._links.resync.href, /ack=2$/);
      const future = await ucwa.get(app._links.events.href.replace('ack=1', 'ack=99'));
      assert.ok(future.json._links.resync);
    } finally {
      await sim.close();
    }
  });

  it('releases the older of two P-GETs with 409 PGetReplaced', async () => {
    const { sim, ucwa, app } = await signInOnly();
    try {
      const older = ucwa.get(app._links.events.href);
      await waitUntil(() => sim.applications()[0]?.parked === true);
      const newer = ucwa.get(app._links.events.href);
      const replaced = await older;
      assert.equal(replaced.status, 409);
      assert.equal(replaced.json.code, 'Conflict');
      assert.equal(replaced.json.subcode, 'PGetReplaced');
      await waitUntil(() => sim.applications()[0]?.parked === true);
      sim.dropApplications();
      assert.equal((await newer).status, 404);
    } finally {
      await sim.close();
    }
  });

  it('keeps a higher-priority P-GET parked and turns the lower-priority newcomer away (A15)', async () => {
    const { sim, ucwa, app, withQuery } = await signInOnly();
    try {
      const high = ucwa.get(withQuery(app._links.events.href, 'priority=5'));
      await waitUntil(() => sim.applications()[0]?.parked === true);
      const low = await ucwa.get(withQuery(app._links.events.href, 'priority=1&timeout=900'));
      assert.equal(low.status, 409);
      assert.equal(low.json.subcode, 'PGetReplaced');
      assert.equal(sim.applications()[0]?.parked, true);
      // The refused request changed nothing: its parameters are not remembered (audit S7).
      assert.deepEqual(
        { ...(sim.applications()[0]?.eventParams as object) },
        { timeoutSec: 180, mediumSec: 5, lowSec: 15, priority: 5 },
      );
      sim.dropApplications();
      assert.equal((await high).status, 404);
    } finally {
      await sim.close();
    }
  });

  it('groups events by sender in order, repeating a sender when order demands it', async () => {
    const session = await signedIn();
    try {
      await startMeeting(session);
      const withEvents = session.loop.batches.filter((batch) => batch.sender);
      const firstBatch = withEvents[0];
      // Batch A: invitation started + conversation added (communication), then localParticipant (conversation).
      assert.deepEqual(
        firstBatch.sender.map((sender: any) => [
          sender.rel,
          sender.events.map((event: any) => `${event.link.rel}:${event.type}`),
        ]),
        [
          ['communication', ['onlineMeetingInvitation:started', 'conversation:added']],
          ['conversation', ['localParticipant:added']],
        ],
      );
      for (const batch of withEvents) {
        for (let i = 1; i < batch.sender.length; i += 1) {
          assert.notEqual(batch.sender[i].href, batch.sender[i - 1].href, 'adjacent senders are merged');
        }
      }
    } finally {
      await session.close();
    }
  });

  it('holds Medium events up to the medium time and sends them together', async () => {
    const session = await signedIn({ timing: { holdScale: 0.01 } });
    try {
      const mma = await session.ucwa.post(session.app._embedded.me._links.makeMeAvailable.href, {
        SupportedModalities: ['Messaging'],
      });
      assert.equal(mma.status, 204);
      await session.loop.waitFor((event) => event.link.rel === 'communication');
      const batch = session.loop.batches.find((candidate) =>
        candidate.sender?.some((sender: any) => sender.rel === 'me'),
      );
      const rels = batch.sender.flatMap((sender: any) =>
        sender.events.map((event: any) => `${sender.rel}/${event.link.rel}:${event.type}`),
      );
      assert.deepEqual(rels, [
        'me/me:updated',
        'me/presence:added',
        'me/note:added',
        'me/location:added',
        'communication/communication:updated',
      ]);
    } finally {
      await session.close();
    }
  });

  it('sends resume instead of next when the server decides so, and drops conversations', async () => {
    const session = await signedIn();
    try {
      const { conversation } = await startMeeting(session);
      session.sim.injectResume();
      await session.ucwa.post(session.app._embedded.me._links.makeMeAvailable.href, {
        supportedModalities: ['Messaging'],
      });
      await waitUntil(() => session.loop.batches.some((batch) => batch._links.resume));
      const resumed = session.loop.batches.find((batch) => batch._links.resume);
      assert.equal(resumed._links.next, undefined);
      assert.equal((await session.ucwa.get(conversation._links.self.href)).status, 404);
    } finally {
      await session.close();
    }
  });

  it('answers the first P-GET after a long gap with resume', async () => {
    const { sim, ucwa, app } = await signInOnly({ eventTimeoutMs: 20, resumeAfterMs: 40 });
    try {
      const first = await ucwa.get(app._links.events.href);
      const gapStart = Date.now();
      await waitUntil(() => Date.now() - gapStart > 60);
      const after = await ucwa.get(first.json._links.next.href);
      assert.ok(after.json._links.resume, JSON.stringify(after.json));
    } finally {
      await sim.close();
    }
  });

  it('lets a client follow resync back into the stream', async () => {
    const session = await signedIn();
    try {
      session.sim.injectResync();
      await startMeeting(session);
      assert.ok(session.loop.batches.some((batch) => batch._links.resync));
    } finally {
      await session.close();
    }
  });
});

export { RawEventLoop };
