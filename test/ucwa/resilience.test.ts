import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UcwaError } from '../../src/main/ucwa/errors.js';
import { type ChannelState, oversizeRepliesBeforeStop } from '../../src/main/ucwa/event-channel.js';
import { parseFaultSpec } from '../../src/simulator/faults.js';
import { type ClientSession, CountingClock, signedInClient } from '../helpers/client-fixture.js';
import { RawUcwa } from '../helpers/raw-ucwa.js';
import { waitUntil } from '../helpers/sim-fixture.js';

describe('UcwaClient tokens', () => {
  it('re-grants once when a token is revoked mid-session and keeps the application', async () => {
    const session = await signedInClient();
    try {
      const appsBefore = session.sim.applications().map((app) => app.id);
      const grants = session.client.tokenGrants;
      session.sim.revokeTokens();
      assert.equal((await session.client.searchPeople('bob')).length, 1);
      assert.equal(session.client.tokenGrants, grants + 1);
      assert.deepEqual(
        session.sim
          .applications()
          .filter((app) => app.state === 'active')
          .map((app) => app.id),
        appsBefore,
      );
    } finally {
      await session.close();
    }
  });

  it('stops after one retry when even a fresh token is refused: no loop', async () => {
    const session = await signedInClient();
    try {
      session.sim.faults.add({ kinds: ['search'], times: 5, action: { type: 'challenge' } });
      await assert.rejects(session.client.searchPeople('bob'), (error: unknown) =>
        UcwaError.is(error, 'credentials'),
      );
      assert.equal(session.requests.filter((line) => line.includes('/search?')).length, 2);
    } finally {
      await session.close();
    }
  });

  it('renews a token before it expires instead of waiting for a 401', async () => {
    const session = await signedInClient({ timing: { tokenLifetimeSec: 100 } });
    try {
      const grants = session.client.tokenGrants;
      session.clock.offsetMs = 85_000; // 85 % of the token's life used
      await session.client.searchPeople('bob');
      assert.equal(session.client.tokenGrants, grants + 1);
      assert.equal(
        session.sim.requestLog.filter((record) => record.status === 401).length,
        1,
        'only the sign-in challenge',
      );
    } finally {
      await session.close();
    }
  });
});

describe('UcwaClient application lifetime', () => {
  it('re-creates the application when the event channel reports it expired, and re-arms the channel', async () => {
    const session = await signedInClient();
    try {
      let recovered = 0;
      session.client.on({ onRecovered: () => (recovered += 1) });
      const [first] = session.sim.applications();
      session.sim.expireApplications();
      await waitUntil(() => recovered === 1);
      await waitUntil(() => session.sim.applications().some((app) => app.state === 'active' && app.parked));
      const active = session.sim.applications().filter((app) => app.state === 'active');
      assert.equal(active.length, 1);
      assert.notEqual(active[0]?.id, first?.id);
      const meeting = await session.client.startMeeting();
      assert.equal(meeting.state, 'live');
    } finally {
      await session.close();
    }
  });

  it('re-creates the application when a command finds it gone, then completes the command', async () => {
    const session = await signedInClient({ timing: { eventTimeoutMs: 5000 } });
    try {
      session.sim.dropApplications();
      const meeting = await session.client.startMeeting({ subject: 'after a server restart' });
      assert.equal(meeting.state, 'live');
      assert.equal(session.sim.meetings().length, 1);
    } finally {
      await session.close();
    }
  });

  it('drops meetings on resume, keeps polling, and can start a new one', async () => {
    const session = await signedInClient();
    try {
      const meeting = await session.client.startMeeting();
      session.sim.injectResume();
      await session.client.searchPeople('a'); // any activity; the next release carries resume
      await waitUntil(() => meeting.state === 'ended');
      const next = await session.client.startMeeting();
      assert.equal(next.state, 'live');
    } finally {
      await session.close();
    }
  });

  it('follows resync and keeps going', async () => {
    const session = await signedInClient();
    try {
      session.sim.injectResync();
      const meeting = await session.client.startMeeting();
      assert.equal(meeting.state, 'live');
    } finally {
      await session.close();
    }
  });

  it('reports 409 PGetReplaced caused by another client instead of fighting over the channel', async () => {
    const session = await signedInClient();
    try {
      let replaced = false;
      session.client.on({ onReplaced: () => (replaced = true) });
      await waitUntil(() => session.sim.applications()[0]?.parked === true);
      // Another program steals the channel with a higher-priority P-GET.
      const intruder = new RawUcwa(session.sim.caPem);
      const eventsUrl = session.client.application?.events;
      assert.ok(eventsUrl);
      const last = session.sim.requestLog.filter((record) => record.kind === 'events').at(-1);
      intruder.setToken(
        eventsUrl.origin,
        session.sim.tokens.issue(session.sim.directory.users[0]!, 0, 60).token,
      );
      void intruder.get(`${eventsUrl.origin}${last?.url}&priority=9`).catch(() => {});
      await waitUntil(() => replaced);
      assert.equal(session.client.channelState, 'stopped');
    } finally {
      await session.close();
    }
  });
});

describe('UcwaClient event channel under faults', () => {
  for (const spec of [
    'events:503',
    'events:html',
    'events:drop',
    'events:malformed',
    'events:truncate',
    'events:500',
  ]) {
    it(`reconnects after ${spec.split(':')[1]} on the event channel and still starts meetings`, async () => {
      const session = await signedInClient();
      try {
        const states: ChannelState[] = [];
        session.client.on({ onChannelState: (state) => states.push(state) });
        session.sim.faults.add({ ...parseFaultSpec(spec), times: 2 });
        await waitUntil(() => states.includes('reconnecting') && states.at(-1) === 'pending', 10_000);
        const meeting = await session.client.startMeeting();
        assert.equal(meeting.state, 'live');
        assert.equal(session.sim.meetings().length, 1);
      } finally {
        await session.close();
      }
    });
  }

  it('survives a slow, trickling server', async () => {
    const session = await signedInClient();
    try {
      session.sim.faults.add({
        kinds: ['search'],
        action: { type: 'trickle', chunkBytes: 32, intervalMs: 2 },
      });
      assert.equal((await session.client.searchPeople('bob'))[0]?.name, 'Bob Berg');
    } finally {
      await session.close();
    }
  });

  it('refuses an oversized answer with a clear protocol error', async () => {
    const session = await signedInClient();
    try {
      session.sim.faults.add(parseFaultSpec('search:oversize'));
      await assert.rejects(
        session.client.searchPeople('bob'),
        (error: unknown) => UcwaError.is(error, 'protocol') && /KiB/.test((error as Error).message),
      );
    } finally {
      await session.close();
    }
  });

  it('stops with one clear error when every answer to the same P-GET is over the cap (C15)', async () => {
    const session = await signedInClient();
    try {
      let fatal: UcwaError | undefined;
      session.client.on({
        onFatal: (error) => {
          fatal = error;
        },
      });
      const eventGets = () => session.sim.requestLog.filter((record) => record.kind === 'events').length;
      session.sim.faults.add(parseFaultSpec('events:oversize:inf'));
      const before = eventGets();
      session.sim.injectResync(); // release the parked GET so the next one meets the fault
      await waitUntil(() => fatal !== undefined, 20_000);
      assert.ok(UcwaError.is(fatal, 'protocol'));
      assert.match(fatal?.message ?? '', /keeps sending an event batch larger than 4 MiB/);
      // Exactly three oversized replays (the parked GET released by the resync counts before): stopped,
      // not "reconnecting" forever.
      assert.equal(
        eventGets() - before,
        oversizeRepliesBeforeStop,
        JSON.stringify(session.sim.requestLog.filter((r) => r.kind === 'events').map((r) => r.status)),
      );
      assert.equal(session.client.channelState, 'stopped');
    } finally {
      await session.close();
    }
  });

  it('shows reconnecting while the server is gone, and recovers when told to retry', async () => {
    const session = await signedInClient();
    try {
      const states: ChannelState[] = [];
      session.client.on({ onChannelState: (state) => states.push(state) });
      session.sim.faults.add({ kinds: ['events'], times: 1, action: { type: 'drop' } });
      session.sim.injectResync(); // release the parked GET so the next one meets the fault
      await waitUntil(() => states.includes('reconnecting'));
      session.client.retryNow();
      await waitUntil(() => states.at(-1) === 'pending');
    } finally {
      await session.close();
    }
  });
});

/** How many POST applications (creations and re-creations) the client has sent. */
const applicationPosts = (session: ClientSession) =>
  session.requests.filter((line) => line === 'POST /ucwa/oauth/v1/applications').length;

describe('UcwaClient sign-out during a re-creation', () => {
  it('ends a start that is waiting for a lost answer when sign-out comes: no second POST', async () => {
    const clock = new CountingClock();
    const session = await signedInClient({}, { clock });
    try {
      // The start's POST loses its connection before the server acts: the client waits 5 s for
      // events of its operation before it may POST again.
      session.sim.faults.add({
        kinds: ['startOnlineMeeting'],
        method: 'POST',
        times: 1,
        action: { type: 'drop' },
      });
      const startPosts = () =>
        session.sim.requestLog.filter(
          (record) => record.kind === 'startOnlineMeeting' && record.method === 'POST',
        ).length;
      let failure: unknown;
      const start = session.client.startMeeting().catch((error: unknown) => {
        failure = error;
      });
      await waitUntil(() => clock.sleepsOf(5000) === 1);
      await session.client.signOut();
      assert.equal(clock.sleepsOf(5000), 0, 'the lost-answer wait ended with sign-out');
      await waitUntil(() => failure !== undefined, 1000); // well inside the 5 s wait
      await start;
      assert.ok(UcwaError.is(failure), String(failure));
      assert.equal(startPosts(), 1, 'no POST to the deleted application');
    } finally {
      await session.close();
    }
  });

  it('ends a re-creation that is backing off when sign-out comes: no more POSTs, no fatal, no sleep left', async () => {
    const clock = new CountingClock();
    const sleeps = clock.pending;
    const session = await signedInClient({}, { clock });
    const fatal: UcwaError[] = [];
    session.client.on({ onFatal: (error) => fatal.push(error) });
    try {
      // Every re-creation POST loses its connection: the client backs off between attempts.
      session.sim.faults.add({
        kinds: ['applications'],
        method: 'POST',
        times: 1000,
        action: { type: 'drop' },
      });
      const posts = () => applicationPosts(session);
      const before = posts();
      session.sim.dropApplications();
      await waitUntil(() => posts() > before && sleeps.size > 0);
      const postsBeforeSignOut = posts();
      await session.client.signOut();
      // Sign-out cuts the backoff (at most a POST already on its way completes) and waits for the
      // re-creation to end: nothing of it is left to wake later.
      assert.ok(posts() - postsBeforeSignOut <= 1, `${posts() - postsBeforeSignOut} POSTs after sign-out`);
      assert.equal(sleeps.size, 0, 'no backoff sleep outlives sign-out');
      assert.deepEqual(fatal, [], 'a sign-out is not a lost session');
    } finally {
      await session.close();
    }
  });

  it('does not rediscover after sign-out when the re-creation it interrupted fails', async () => {
    const session = await signedInClient();
    try {
      // Each re-creation POST hangs 200 ms, then loses its connection; the second such loss
      // means "wrong pool, rediscover" (RootURL.md). Sign-out comes during the second POST.
      session.sim.faults.add({
        kinds: ['applications'],
        method: 'POST',
        times: 1000,
        action: { type: 'drop', afterMs: 200 },
      });
      const posts = () => applicationPosts(session);
      const before = posts();
      session.sim.dropApplications();
      await waitUntil(() => posts() >= before + 2);
      const requestsAtSignOut = session.requests.length;
      await session.client.signOut();
      const after = session.requests.slice(requestsAtSignOut);
      assert.deepEqual(
        after.filter((line) => line.startsWith('GET ')),
        [],
        `no discovery after sign-out: ${after.join(', ')}`,
      );
      assert.equal(posts(), before + 2, 'no third POST');
    } finally {
      await session.close();
    }
  });

  it('leaves no application behind when sign-out comes while the application is being re-created', async () => {
    const session = await signedInClient();
    try {
      // The re-creation's POST is slow, so sign-out arrives while it is in flight.
      session.sim.faults.add({
        kinds: ['applications'],
        method: 'POST',
        times: 1,
        action: { type: 'delay', ms: 400 },
      });
      const posts = () => applicationPosts(session);
      const before = posts();
      session.sim.dropApplications();
      await waitUntil(() => posts() > before);
      await session.client.signOut();
      // The delayed re-creation has been answered: the server holds a new application now…
      await waitUntil(() =>
        session.sim.requestLog
          .filter((record) => record.kind === 'applications' && record.method === 'POST')
          .every((record) => record.status !== 0),
      );
      // …which the signed-out client must delete rather than keep alive with its own channel.
      await waitUntil(() => session.sim.applications().every((app) => app.state !== 'active'), 3000);
      assert.ok(!session.sim.applications().some((app) => app.parked), 'no event channel left polling');
      assert.equal(session.client.isSignedIn, false);
    } finally {
      await session.close();
    }
  });
});
