import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OperationFailedError, UcwaError } from '../../src/main/ucwa/errors.js';
import { CountingClock, commandRequests, signedInClient } from '../helpers/client-fixture.js';
import { waitUntil } from '../helpers/sim-fixture.js';
import { settle } from '../helpers/virtual-clock.js';

describe('UcwaClient start meeting now', () => {
  it('resolves with joinUrl, meeting URI, conference ID and subject after one POST and one GET', async () => {
    const session = await signedInClient();
    try {
      await session.client.startMeeting({ subject: 'warm-up' });
      session.requests.length = 0;
      const meeting = await session.client.startMeeting({ subject: 'Quick sync' });
      const [live] = session.sim.meetings().filter((entry) => entry.subject === 'Quick sync');
      assert.ok(live);
      assert.equal(meeting.info?.joinUrl, live.joinUrl);
      assert.match(meeting.info?.onlineMeetingUri ?? '', new RegExp(`id:${live.onlineMeetingId}$`));
      assert.match(meeting.info?.conferenceId ?? '', /^\d+$/);
      assert.equal(meeting.info?.subject, 'Quick sync');
      assert.equal(meeting.state, 'live');
      assert.deepEqual(
        commandRequests(session.requests).map(
          (line) => `${line.split(' ')[0]} ${line.split('/').at(-1) ?? ''}`,
        ),
        ['POST onlineMeetingInvitations?onlineMeetingUri=adhoc', 'GET onlineMeeting'],
      );
      assert.deepEqual(session.sim.advertised.violations, []);
    } finally {
      await session.close();
    }
  });

  it('needs no GET at all when the server embeds the onlineMeeting in its event', async () => {
    const session = await signedInClient({ embedResources: true });
    try {
      session.requests.length = 0;
      const meeting = await session.client.startMeeting({ subject: 'Embedded' });
      assert.ok(meeting.info?.joinUrl);
      assert.deepEqual(
        commandRequests(session.requests).map((line) => line.split(' ')[0]),
        ['POST'],
      );
    } finally {
      await session.close();
    }
  });

  it('reads the conversation then the onlineMeeting when the server coalesces the operation', async () => {
    const session = await signedInClient();
    try {
      session.sim.queueMeetingOutcome({ kind: 'coalesced' });
      session.requests.length = 0;
      const meeting = await session.client.startMeeting();
      assert.ok(meeting.info?.joinUrl);
      assert.deepEqual(
        commandRequests(session.requests).map((line) => line.split(' ')[0]),
        ['POST', 'GET', 'GET'],
      );
    } finally {
      await session.close();
    }
  });

  it('handles events that arrive before the 201 (race mode)', async () => {
    const session = await signedInClient();
    try {
      session.sim.queueMeetingOutcome({ kind: 'race' });
      const meeting = await session.client.startMeeting();
      assert.equal(meeting.state, 'live');
      assert.equal(session.sim.meetings().length, 1);
    } finally {
      await session.close();
    }
  });

  it("turns a completed Failure into an OperationFailedError with the server's reason", async () => {
    const session = await signedInClient();
    try {
      session.sim.queueMeetingOutcome({
        kind: 'fail',
        reason: {
          code: 'ServiceFailure',
          subcode: 'Unavailable',
          message: 'No conferencing server is available.',
        },
      });
      await assert.rejects(
        session.client.startMeeting(),
        (error: unknown) => error instanceof OperationFailedError && error.subcode === 'Unavailable',
      );
    } finally {
      await session.close();
    }
  });

  it('gives up at its deadline and withdraws the invitation', async () => {
    const session = await signedInClient();
    try {
      session.sim.queueMeetingOutcome({ kind: 'never' });
      await assert.rejects(session.client.startMeeting({ deadlineMs: 300 }), (error: unknown) =>
        UcwaError.is(error, 'timeout'),
      );
      assert.ok(
        session.requests.some((line) => /^POST .*\/cancel$/.test(line)),
        'cancel was posted',
      );
      await waitUntil(() => session.sim.meetings().length === 0);
    } finally {
      await session.close();
    }
  });

  it("keeps its deadline on the injected clock, not the process's timers", async () => {
    const clock = new CountingClock();
    const session = await signedInClient({}, { clock });
    try {
      session.sim.queueMeetingOutcome({ kind: 'never' });
      let failure: unknown;
      const start = session.client.startMeeting().catch((error: unknown) => {
        failure = error;
      });
      // The default 30 s deadline is a sleep on the client's clock; its time comes now.
      await waitUntil(() => clock.sleepsOf(30_000) === 1);
      assert.equal(failure, undefined);
      clock.wake(30_000);
      await waitUntil(() => failure !== undefined, 5000);
      await start;
      assert.ok(UcwaError.is(failure, 'timeout'), String(failure));
    } finally {
      await session.close();
    }
  });

  it('retries CallbackChannelError and 503 with the same operationId: exactly one meeting', async () => {
    const session = await signedInClient();
    try {
      session.sim.faults.add({
        kinds: ['startOnlineMeeting'],
        times: 1,
        action: { type: 'status', status: 500, code: 'ServiceFailure', subcode: 'CallbackChannelError' },
      });
      session.sim.faults.add({
        kinds: ['startOnlineMeeting'],
        times: 1,
        action: { type: 'status', status: 503, code: 'ServiceUnavailable', retryAfterSec: 0 },
      });
      await session.client.startMeeting();
      assert.equal(session.sim.meetings().length, 1);
      assert.equal(
        session.requests.filter((line) => line.startsWith('POST') && line.includes('onlineMeetingUri=adhoc'))
          .length,
        3,
      );
    } finally {
      await session.close();
    }
  });

  it('never makes two meetings when the answer to its POST is lost after the server acted', async () => {
    const session = await signedInClient();
    try {
      session.sim.faults.add({
        kinds: ['startOnlineMeeting'],
        times: 1,
        action: { type: 'drop', afterMs: 20 },
      });
      const meeting = await session.client.startMeeting({ subject: 'Lost answer' });
      assert.equal(meeting.state, 'live');
      assert.equal(
        session.sim.meetings().length,
        1,
        'the retry met 409 AlreadyExists and waited for the first',
      );
    } finally {
      await session.close();
    }
  });

  it('cancels on request through its AbortSignal', async () => {
    const session = await signedInClient();
    try {
      session.sim.queueMeetingOutcome({ kind: 'never' });
      const controller = new AbortController();
      const start = session.client.startMeeting({ signal: controller.signal });
      await waitUntil(() => session.requests.some((line) => line.includes('onlineMeetingUri=adhoc')));
      controller.abort();
      await assert.rejects(start, (error: unknown) => UcwaError.is(error, 'aborted'));
    } finally {
      await session.close();
    }
  });
});

describe('UcwaClient hosting a meeting', () => {
  it('searches people, invites, tracks roster and lobby, admits, and leaves', async () => {
    const session = await signedInClient();
    try {
      const meeting = await session.client.startMeeting({ subject: 'Hosting' });
      const rosterChanges: number[] = [];
      meeting.listen({ onRosterChange: (roster) => rosterChanges.push(roster.length) });
      const [bob] = await session.client.searchPeople('bob');
      assert.equal(bob?.uri, 'sip:bob@meetnow.test');
      assert.deepEqual(await meeting.invite(bob?.uri ?? ''), { to: 'sip:bob@meetnow.test', ok: true });
      // Participant links carry an empty title (captures 09, 10): the name comes from one GET.
      await waitUntil(() => meeting.roster().length === 1);
      assert.deepEqual(
        meeting.roster().map((p) => [p.name, p.inLobby]),
        [['Bob Berg', false]],
      );
      const carol = meeting.invite('carol@meetnow.test');
      await waitUntil(() => meeting.roster().some((p) => p.inLobby));
      const waiting = meeting.roster().find((p) => p.inLobby);
      assert.equal(waiting?.name, 'Carol Chen');
      await meeting.admit(waiting?.id ?? '');
      assert.deepEqual(await carol, { to: 'sip:carol@meetnow.test', ok: true });
      assert.ok(meeting.roster().every((p) => !p.inLobby));
      const declined = await meeting.invite('sip:dave@meetnow.test');
      assert.equal(declined.ok, false);
      assert.equal(declined.ok === false && declined.subcode, 'Declined');
      assert.ok(rosterChanges.length >= 3);
      await meeting.leave();
      assert.equal(meeting.state, 'ended');
      assert.deepEqual(session.sim.advertised.violations, []);
    } finally {
      await session.close();
    }
  });

  it('denies someone in the lobby', async () => {
    const session = await signedInClient();
    try {
      const meeting = await session.client.startMeeting();
      const invitation = meeting.invite('sip:carol@meetnow.test');
      await waitUntil(() => meeting.roster().some((p) => p.inLobby));
      await meeting.deny(meeting.roster()[0]?.id ?? '');
      const outcome = await invitation;
      assert.equal(outcome.ok === false && outcome.subcode, 'Denied');
      await waitUntil(() => meeting.roster().length === 0);
    } finally {
      await session.close();
    }
  });

  it('keeps hostile display names as plain data', async () => {
    const session = await signedInClient();
    try {
      const meeting = await session.client.startMeeting();
      const [live] = session.sim.meetings();
      session.sim.guestJoins(live?.onlineMeetingId ?? '', '<img src=x onerror=alert(1)>');
      await waitUntil(() => meeting.roster().length === 1);
      assert.equal(meeting.roster()[0]?.name, '<img src=x onerror=alert(1)>');
      assert.equal(meeting.roster()[0]?.inLobby, true);
    } finally {
      await session.close();
    }
  });

  it("ends a roster GET's retry wait when the meeting ends: nothing of the meeting wakes later", async () => {
    const clock = new CountingClock();
    // participantTitles 'empty': the client GETs each participant for the name.
    const session = await signedInClient({ profile: { participantTitles: 'empty' } }, { clock });
    try {
      const meeting = await session.client.startMeeting();
      session.sim.faults.add({
        kinds: ['participant'],
        method: 'GET',
        times: 1000,
        action: { type: 'status', status: 503, code: 'ServiceUnavailable', retryAfterSec: 3 },
      });
      const retryWaits = () => clock.sleepsOf(3000);
      session.sim.guestJoins(session.sim.meetings()[0]?.onlineMeetingId ?? '', '');
      await waitUntil(() => retryWaits() > 0);
      await meeting.leave();
      assert.equal(meeting.state, 'ended');
      await settle(); // the aborted sleep's promise reactions run
      assert.equal(retryWaits(), 0, 'the 3 s Retry-After wait ended with the meeting');
    } finally {
      await session.close();
    }
  });

  it('reports the meeting ended when the server ends it', async () => {
    const session = await signedInClient();
    try {
      const meeting = await session.client.startMeeting();
      const states: string[] = [];
      meeting.listen({ onStateChange: (state) => states.push(state) });
      const [live] = session.sim.meetings();
      session.sim.participantLeaves(live?.onlineMeetingId ?? '', 'sip:alice@meetnow.test');
      await waitUntil(() => meeting.state === 'ended');
      assert.deepEqual(states, ['ended']);
    } finally {
      await session.close();
    }
  });
});
