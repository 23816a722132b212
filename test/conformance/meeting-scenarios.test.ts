import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFaultSpec } from '../../src/simulator/faults.js';
import { clientAndSim, signedInClient } from '../helpers/client-fixture.js';
import { scaledClock } from '../helpers/conformance.js';
import { alice, waitUntil } from '../helpers/sim-fixture.js';

/** Meeting behaviours the docs allow a server to show, each against the real client. */
describe('conformance: meetings that survive what real servers send', () => {
  it('finishes a start whose events come in a `resume` response (conversations kept)', async () => {
    const session = await signedInClient();
    try {
      session.sim.injectResume(undefined, { conversationsSurvive: true });
      const meeting = await session.client.startMeeting({ deadlineMs: 8000 });
      assert.equal(session.sim.conferencesCreated, 1);
      assert.equal(session.sim.meetings()[0]?.joinUrl, meeting.info?.joinUrl);
      assert.ok(
        session.requests.some(
          (line) => /events\?.*timeout=180/.test(line) && !line.endsWith('ack=1&timeout=180'),
        ),
        'the parameters were sent again after resume',
      );
      assert.equal(meeting.state, 'live');
    } finally {
      await session.close();
    }
  });

  it('reports a live meeting lost when `resume` follows a real gap (its conversation answers 404)', async () => {
    const session = await signedInClient();
    try {
      const meeting = await session.client.startMeeting({ deadlineMs: 8000 });
      const reasons: string[] = [];
      meeting.listen({ onStateChange: (state, reason) => reasons.push(`${state}: ${reason}`) });
      session.sim.injectResume();
      session.sim.guestJoins(session.sim.meetings()[0]?.onlineMeetingId ?? '', 'Wakes the channel');
      await waitUntil(() => meeting.state === 'ended');
      assert.deepEqual(reasons, ['ended: The meeting server restarted the session.']);
    } finally {
      await session.close();
    }
  });

  it('keeps the session when the event channel is answered by a 200 HTML page (a proxy or WAF)', async () => {
    const session = await signedInClient();
    try {
      session.sim.faults.add(parseFaultSpec('events:html200'));
      session.sim.injectResync(); // release the parked P-GET so the next one meets the page
      const meeting = await session.client.startMeeting({ deadlineMs: 8000 });
      assert.equal(meeting.state, 'live');
      assert.equal(session.sim.conferencesCreated, 1);
      assert.ok(session.client.isSignedIn);
    } finally {
      await session.close();
    }
  });

  it('one press, one meeting when the answer to the POST is lost after the server acted', async () => {
    const session = await clientAndSim({ profile: { startFirstAnswer: 'lost-answer' } });
    try {
      await session.client.signIn({ sipAddress: alice.username, discoverUrl: session.sim.discoverUrl });
      const meeting = await session.client.startMeeting({ deadlineMs: 8000 });
      assert.equal(
        session.sim.conferencesCreated,
        1,
        'the POST was not repeated: its events said the meeting exists',
      );
      assert.equal(session.requests.filter((line) => line.includes('onlineMeetingUri=adhoc')).length, 1);
      assert.equal(session.sim.meetings()[0]?.joinUrl, meeting.info?.joinUrl);
    } finally {
      await session.close();
    }
  });

  it('waits out a first-attempt 409 AlreadyExists and tries again: one meeting, not a 30 s timeout', async () => {
    const session = await clientAndSim({ profile: { startFirstAnswer: '409-already-exists' } });
    try {
      await session.client.signIn({ sipAddress: alice.username, discoverUrl: session.sim.discoverUrl });
      const meeting = await session.client.startMeeting({ deadlineMs: 8000 });
      assert.equal(session.sim.conferencesCreated, 1);
      assert.equal(session.requests.filter((line) => line.includes('onlineMeetingUri=adhoc')).length, 2);
      assert.equal(meeting.state, 'live');
    } finally {
      await session.close();
    }
  });

  it('moves a start to the new application when the old one expires under it: exactly one new application', async () => {
    const session = await clientAndSim({ profile: { startFirstAnswer: 'application-gone' } });
    try {
      await session.client.signIn({ sipAddress: alice.username, discoverUrl: session.sim.discoverUrl });
      const first = session.client.application?.self.href;
      const meeting = await session.client.startMeeting({ deadlineMs: 8000 });
      const apps = session.sim.applications();
      assert.equal(apps.length, 2, 'the expired one and exactly one new one');
      assert.equal(apps.filter((app) => app.state === 'active').length, 1);
      assert.notEqual(session.client.application?.self.href, first);
      const oldId = first?.split('/').at(-1) ?? 'none';
      const afterExpiry = session.requests.slice(
        session.requests.findIndex((line) => line.includes('onlineMeetingUri=adhoc')) + 1,
      );
      assert.ok(
        !afterExpiry.some((line) => line.includes(oldId)),
        'no URL of the expired application afterwards',
      );
      assert.equal(session.sim.conferencesCreated, 1);
      assert.equal(meeting.state, 'live');
    } finally {
      await session.close();
    }
  });

  for (const roleChangeEvents of ['deleted-then-added', 'added-then-deleted'] as const)
    it(`keeps a promoted, demoted or typing participant in the roster (${roleChangeEvents})`, async () => {
      const session = await signedInClient({ profile: { roleChangeEvents, participantTitles: 'empty' } });
      try {
        const meeting = await session.client.startMeeting({ deadlineMs: 8000 });
        assert.equal((await meeting.invite('sip:bob@meetnow.test')).ok, true);
        const bob = () => meeting.roster().find((participant) => participant.name === 'Bob Berg');
        await waitUntil(() => bob()?.role === 'Attendee');
        const id = session.sim.meetings()[0]?.onlineMeetingId ?? '';
        assert.ok(session.sim.changeRole(id, 'sip:bob@meetnow.test', 'Leader'));
        await waitUntil(() => bob()?.role === 'Leader');
        session.sim.participantTyping(id, 'sip:bob@meetnow.test', true);
        session.sim.participantTyping(id, 'sip:bob@meetnow.test', false);
        assert.ok(session.sim.changeRole(id, 'sip:bob@meetnow.test', 'Attendee'));
        // Events are processed in order: once a later arrival shows, every move before it was read.
        session.sim.guestJoins(id, 'Later Guest');
        await waitUntil(() => meeting.roster().some((participant) => participant.inLobby));
        // `deleted` with `in` (leaders, attendees, typingParticipants) moved bob; it never removed him.
        const server = session.sim
          .meetings()[0]
          ?.members.find((member) => member.key === 'sip:bob@meetnow.test');
        assert.equal(server?.role, 'Attendee');
        assert.deepEqual(
          meeting.roster().map((participant) => [participant.name, participant.role, participant.inLobby]),
          [
            ['Bob Berg', 'Attendee', false],
            ['Later Guest', 'Unknown', true],
          ],
        );
      } finally {
        await session.close();
      }
    });

  it('caps a Retry-After of an hour on the channel at 60 s, so the application outlives the wait', async () => {
    // Sleeps run at 1/100: the 60 s cap is 0.6 s here, an uncapped hour would be 36 s.
    const session = await signedInClient({}, { clock: scaledClock(0.01) });
    try {
      const states: string[] = [];
      session.client.on({ onChannelState: (state) => states.push(state) });
      const polls = () => session.sim.requestLog.filter((record) => record.kind === 'events').length;
      const application = session.sim.applications().find((app) => app.state === 'active')?.id;
      session.sim.faults.add(parseFaultSpec('events:503-hour'));
      const before = polls();
      session.sim.injectResync(); // the parked P-GET answers; the next one meets the 503
      await waitUntil(() => states.includes('reconnecting'));
      await waitUntil(() => polls() >= before + 2 && states.at(-1) === 'pending', 10_000);
      // The same application, alive, holds the next P-GET (it did not expire while we waited).
      await waitUntil(() => session.sim.applications().some((app) => app.state === 'active' && app.parked));
      assert.deepEqual(
        session.sim
          .applications()
          .filter((app) => app.state === 'active')
          .map((app) => app.id),
        [application],
      );
      // The start's deadline runs on the same 1/100 clock: 800 s here is 8 s.
      const meeting = await session.client.startMeeting({ deadlineMs: 800_000 });
      assert.equal(meeting.state, 'live');
    } finally {
      await session.close();
    }
  });
});
