import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InMemoryCredentialStore } from '../../src/main/secrets/credential-store.js';
import { SessionService } from '../../src/main/session/session-service.js';
import { nextSessionState, type SessionState } from '../../src/main/session/session-state.js';
import { UcwaClient } from '../../src/main/ucwa/client.js';
import { createNodeFetch } from '../../src/node/fetch.js';
import { startSimulator, type UcwaSimulator } from '../../src/simulator/server.js';
import { fastTiming } from '../helpers/raw-ucwa.js';
import { alice, waitUntil } from '../helpers/sim-fixture.js';

async function serviceAndSim(timing = {}) {
  const sim: UcwaSimulator = await startSimulator({ timing: { ...fastTiming, ...timing } });
  const node = createNodeFetch({ extraCaPems: [sim.caPem ?? ''] });
  const credentials = new InMemoryCredentialStore();
  const service = new SessionService({
    credentials,
    createClient: (source) =>
      new UcwaClient({
        fetch: node.fetch,
        credentials: source,
        userAgent: 'MeetNowTest/1',
        endpointId: 'svc-test',
        random: () => 0.5,
      }),
  });
  const states: SessionState[] = [];
  service.events.on('state', (state) => states.push(state));
  const account = { sipAddress: alice.username, discoverUrl: sim.discoverUrl };
  return {
    sim,
    service,
    credentials,
    states,
    account,
    close: async () => {
      await service.signOut();
      await node.close();
      await sim.close();
    },
  };
}

describe('session state machine', () => {
  it('moves signedOut → signingIn → ready ⇄ reconnecting, and to error with a reason', () => {
    let state: SessionState = { status: 'signedOut' };
    state = nextSessionState(state, { type: 'signInStarted', account: 'a@b.test' });
    assert.deepEqual(state, { status: 'signingIn', account: 'a@b.test' });
    state = nextSessionState(state, { type: 'signedIn', displayName: 'A' });
    assert.equal(state.status, 'ready');
    state = nextSessionState(state, { type: 'connectionLost' });
    assert.equal(state.status, 'reconnecting');
    state = nextSessionState(state, { type: 'connectionRestored' });
    assert.equal(state.status, 'ready');
    const failed = nextSessionState(state, { type: 'failed', problem: { kind: 'network', message: 'gone' } });
    assert.deepEqual(failed, {
      status: 'error',
      account: 'a@b.test',
      problem: { kind: 'network', message: 'gone' },
    });
    assert.deepEqual(nextSessionState(failed, { type: 'signedOut' }), { status: 'signedOut' });
  });

  it('ignores transitions that do not apply (no ready without a sign-in)', () => {
    const signedOut: SessionState = { status: 'signedOut' };
    assert.equal(nextSessionState(signedOut, { type: 'signedIn', displayName: 'x' }), signedOut);
    assert.equal(nextSessionState(signedOut, { type: 'connectionLost' }), signedOut);
  });
});

describe('SessionService', () => {
  it('signs in with a remembered password from the keychain store and reports each state', async () => {
    const ctx = await serviceAndSim();
    try {
      const state = await ctx.service.signIn(ctx.account, { password: alice.password, remember: true });
      assert.equal(state.status, 'ready');
      assert.equal(await ctx.credentials.get(alice.username), alice.password);
      assert.deepEqual(
        ctx.states.map((s) => s.status),
        ['signingIn', 'ready'],
      );
      await ctx.service.signOut();
      const again = await ctx.service.signIn(ctx.account);
      assert.equal(again.status, 'ready', 'the stored password is used');
    } finally {
      await ctx.close();
    }
  });

  it('ends in error with a readable reason for a wrong password, keeping nothing', async () => {
    const ctx = await serviceAndSim();
    try {
      const state = await ctx.service.signIn(ctx.account, { password: 'wrong' });
      assert.equal(state.status, 'error');
      assert.equal(state.status === 'error' && state.problem.kind, 'credentials');
      assert.equal(await ctx.credentials.get(alice.username), undefined, 'not remembered unless asked');
      assert.doesNotMatch(JSON.stringify(ctx.states), /wrong/);
    } finally {
      await ctx.close();
    }
  });

  it('turns a burst of presses into exactly one meeting', async () => {
    const ctx = await serviceAndSim();
    try {
      await ctx.service.signIn(ctx.account, { password: alice.password });
      const presses = await Promise.all(
        Array.from({ length: 10 }, () => ctx.service.startMeetingNow({ subject: 'burst' })),
      );
      assert.equal(ctx.sim.meetings().length, 1);
      assert.equal(new Set(presses.map((p) => p.info?.joinUrl)).size, 1);
      const later = await ctx.service.startMeetingNow();
      assert.equal(
        later.info?.joinUrl,
        presses[0]?.info?.joinUrl,
        'a press during a live meeting gives that meeting',
      );
      await ctx.service.endMeeting();
      const next = await ctx.service.startMeetingNow();
      assert.notEqual(
        next.info?.joinUrl,
        presses[0]?.info?.joinUrl,
        'after ending, a press starts a new meeting',
      );
      // The ended conference outlives its last participant (the default): one meeting has people.
      assert.equal(ctx.sim.conferencesCreated, 2);
      assert.equal(ctx.sim.meetings().filter((meeting) => meeting.members.length > 0).length, 1);
    } finally {
      await ctx.close();
    }
  });

  it('publishes meeting snapshots: starting, live, roster changes, ended', async () => {
    const ctx = await serviceAndSim();
    try {
      await ctx.service.signIn(ctx.account, { password: alice.password });
      const seen: string[] = [];
      ctx.service.events.on('meeting', (snapshot) =>
        seen.push(`${snapshot?.state}:${snapshot?.participants.length}`),
      );
      await ctx.service.startMeetingNow();
      const outcome = await ctx.service.invite('sip:bob@meetnow.test');
      assert.equal(outcome.ok, true);
      // Bob's name comes from one GET (participant links carry an empty title, captures 09/10).
      await waitUntil(() => seen.includes('live:1'));
      await ctx.service.endMeeting();
      const changes = seen.filter((entry, index) => entry !== seen[index - 1]);
      assert.deepEqual(changes, ['starting:0', 'live:0', 'live:1', 'ending:1', 'ended:1']);
    } finally {
      await ctx.close();
    }
  });

  it('reports reconnecting and back to ready when the event channel drops', async () => {
    const ctx = await serviceAndSim();
    try {
      await ctx.service.signIn(ctx.account, { password: alice.password });
      ctx.sim.faults.add({ kinds: ['events'], times: 1, action: { type: 'drop' } });
      ctx.sim.injectResync();
      await waitUntil(() => ctx.states.some((s) => s.status === 'reconnecting'));
      ctx.service.revalidate();
      await waitUntil(() => ctx.states.at(-1)?.status === 'ready');
    } finally {
      await ctx.close();
    }
  });

  it('refuses to start a meeting before sign-in with a clear error', async () => {
    const ctx = await serviceAndSim();
    try {
      await assert.rejects(ctx.service.startMeetingNow(), /Sign in before starting a meeting/);
    } finally {
      await ctx.close();
    }
  });
});
