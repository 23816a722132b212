import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signedIn, startMeeting, waitUntil } from '../helpers/sim-fixture.js';

const invite = async (
  session: Awaited<ReturnType<typeof signedIn>>,
  conversation: any,
  to: string,
  operationId: string,
) => {
  const response = await session.ucwa.post(conversation._links.addParticipant.href, { to, operationId });
  assert.equal(response.status, 201);
  assert.match(response.headers.get('location') ?? '', /participantInvitations\//);
  return session.loop.waitFor(
    (event) =>
      event.link.rel === 'participantInvitation' &&
      event.type === 'completed' &&
      event._embedded.participantInvitation.operationId === operationId,
  );
};

describe('simulator §6 people search', () => {
  it('finds people by name, e-mail, SIP URI or phone, with contact always an array', async () => {
    const session = await signedIn();
    try {
      const search = session.app._embedded.people._links.search.href;
      const byName = await session.ucwa.get(`${search}?query=bob`);
      assert.equal(byName.status, 200);
      assert.equal(byName.json.rel, 'search');
      assert.equal(byName.json.moreResultsAvailable, false);
      assert.ok(Array.isArray(byName.json._embedded.contact));
      assert.deepEqual(
        byName.json._embedded.contact.map((c: any) => c.uri),
        ['sip:bob@meetnow.test'],
      );
      const contact = byName.json._embedded.contact[0];
      assert.equal(contact.name, 'Bob Berg');
      assert.deepEqual(contact.emailAddresses, ['bob@meetnow.test']);
      assert.equal((await session.ucwa.get(contact._links.self.href)).json.uri, 'sip:bob@meetnow.test');
      assert.equal(
        (await session.ucwa.get(`${search}?query=Engineering%20Manager`)).json._embedded,
        undefined,
      );
      assert.equal(
        (await session.ucwa.get(`${search}?query=0103`)).json._embedded.contact[0].uri,
        'sip:carol@meetnow.test',
      );
    } finally {
      await session.close();
    }
  });

  it('truncates to limit with moreResultsAvailable, omits _embedded when nothing matches, and requires query', async () => {
    const session = await signedIn();
    try {
      const search = session.app._embedded.people._links.search.href;
      const limited = await session.ucwa.get(`${search}?query=meetnow.test&limit=2`);
      assert.equal(limited.json._embedded.contact.length, 2);
      assert.equal(limited.json.moreResultsAvailable, true);
      const none = await session.ucwa.get(`${search}?query=zzzz`);
      assert.equal(none.json._embedded, undefined);
      assert.equal(none.json.moreResultsAvailable, false);
      const missing = await session.ucwa.get(search);
      assert.deepEqual([missing.status, missing.json.subcode], [400, 'ParameterValidationFailure']);
      const badLimit = await session.ucwa.get(`${search}?query=a&limit=101`);
      assert.equal(badLimit.status, 400);
    } finally {
      await session.close();
    }
  });
});

describe('simulator §6 addParticipant, roster and lobby', () => {
  it('brings an accepting invitee in: participant added, conversation updated, completed Success with acceptedByParticipant', async () => {
    const session = await signedIn();
    try {
      const { conversation } = await startMeeting(session);
      const completed = await invite(session, conversation, 'sip:bob@meetnow.test', 'inv-bob');
      assert.equal(completed.status, 'Success');
      const accepted = completed._embedded.participantInvitation._embedded.acceptedByParticipant;
      assert.equal(accepted[0].uri, 'sip:bob@meetnow.test');
      const order = session.loop.events
        .filter(
          ({ event }) =>
            ['participant', 'participantInvitation'].includes(event.link.rel) ||
            (event.link.rel === 'conversation' && event.type === 'updated'),
        )
        .map(({ event }) => `${event.link.rel}:${event.type}${event.in ? `@${event.in.rel}` : ''}`);
      const from = order.indexOf('participantInvitation:started');
      assert.deepEqual(order.slice(from), [
        'participantInvitation:started',
        'participant:added',
        'participant:added@attendees',
        'conversation:updated',
        'participantInvitation:completed',
      ]);
      const participants = await session.ucwa.get(conversation._links.participants.href);
      assert.deepEqual(participants.json._embedded.participant.map((p: any) => p.uri).sort(), [
        'sip:alice@meetnow.test',
        'sip:bob@meetnow.test',
      ]);
      const refreshed = await session.ucwa.get(conversation._links.self.href);
      assert.equal(refreshed.json.participantCount, 2);
    } finally {
      await session.close();
    }
  });

  it('fails invitations with the documented reasons: declined, no answer, busy, unknown person', async () => {
    const session = await signedIn();
    try {
      const { conversation } = await startMeeting(session);
      const cases: Array<[string, string, string]> = [
        ['sip:dave@meetnow.test', 'RemoteFailure', 'Declined'],
        ['sip:erin@meetnow.test', 'Timeout', 'Timeout'],
        ['sip:frank@meetnow.test', 'RemoteFailure', 'Busy'],
        ['sip:grace@meetnow.test', 'RemoteFailure', 'DoNotDisturb'],
        ['sip:heidi@meetnow.test', 'RemoteFailure', 'Unreachable'],
        ['sip:nobody@meetnow.test', 'NotFound', 'DestinationNotFound'],
      ];
      const results = await Promise.all(
        cases.map(([to], index) => invite(session, conversation, to, `f${index}`)),
      );
      results.forEach((completed, index) => {
        assert.equal(completed.status, 'Failure', cases[index]?.[0]);
        assert.equal(completed.reason.code, cases[index]?.[1]);
        assert.equal(completed.reason.subcode, cases[index]?.[2]);
      });
      const missingTo = await session.ucwa.post(conversation._links.addParticipant.href, {
        operationId: 'x',
      });
      assert.deepEqual([missingTo.status, missingTo.json.subcode], [400, 'ParameterValidationFailure']);
    } finally {
      await session.close();
    }
  });

  it('puts a lobby invitee in the lobby with admit and reject links; admit lets them in and completes the invitation', async () => {
    const session = await signedIn();
    try {
      const { conversation } = await startMeeting(session);
      const pending = invite(session, conversation, 'sip:carol@meetnow.test', 'inv-carol');
      const inLobby = await session.loop.waitFor(
        (event) => event.link.rel === 'participant' && event.in?.rel === 'lobby',
      );
      const lobby = await session.ucwa.get(conversation._links.lobby.href);
      const waiting = lobby.json._embedded.participant[0];
      assert.equal(waiting.uri, 'sip:carol@meetnow.test');
      assert.equal(waiting.inLobby, true);
      assert.equal(inLobby.link.href, waiting._links.self.href);
      assert.ok(waiting._links.reject);
      const admit = await session.ucwa.post(waiting._links.admit.href);
      assert.equal(admit.status, 204);
      const completed = await pending;
      assert.equal(completed.status, 'Success');
      await session.loop.waitFor(
        (event) =>
          event.link.rel === 'participant' &&
          event.in?.rel === 'attendees' &&
          event.link.href === waiting._links.self.href,
      );
      const after = await session.ucwa.get(waiting._links.self.href);
      assert.equal(after.json.inLobby, false);
      assert.equal(after.json._links.admit, undefined);
      assert.ok(after.json._links.eject);
      // A stale capability link: the action is no longer possible.
      const again = await session.ucwa.post(waiting._links.admit.href);
      assert.equal(again.status, 409);
    } finally {
      await session.close();
    }
  });

  it('rejecting from the lobby fails the invitation with Denied; eject removes a participant with Ejected', async () => {
    const session = await signedIn();
    try {
      const { conversation } = await startMeeting(session);
      const pending = invite(session, conversation, 'sip:carol@meetnow.test', 'inv-carol-2');
      await session.loop.waitFor((event) => event.link.rel === 'participant' && event.in?.rel === 'lobby');
      const waiting = (await session.ucwa.get(conversation._links.lobby.href)).json._embedded.participant[0];
      assert.equal((await session.ucwa.post(waiting._links.reject.href)).status, 204);
      const denied = await pending;
      assert.equal(denied.status, 'Failure');
      assert.equal(denied.reason.subcode, 'Denied');
      await invite(session, conversation, 'sip:bob@meetnow.test', 'inv-bob-2');
      const bob = (
        await session.ucwa.get(conversation._links.attendees.href)
      ).json._embedded.participant.find((p: any) => p.uri === 'sip:bob@meetnow.test');
      assert.equal((await session.ucwa.post(bob._links.eject.href)).status, 204);
      const gone = await session.loop.waitFor(
        (event) =>
          event.link.rel === 'participant' &&
          event.type === 'deleted' &&
          !event.in && // a bare `deleted` is leaving; one with `in` only leaves a list
          event.link.href === bob._links.self.href,
      );
      assert.equal(gone.reason.subcode, 'Ejected');
    } finally {
      await session.close();
    }
  });

  it('lets a guest who opens the join link wait in the lobby, and reports participants leaving', async () => {
    const session = await signedIn({ profile: { participantTitles: 'names' } });
    try {
      const { conversation, onlineMeeting } = await startMeeting(session);
      const form = await session.ucwa.request('POST', onlineMeeting.joinUrl, {
        body: 'name=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E',
        contentType: 'application/x-www-form-urlencoded',
        accept: 'text/html',
      });
      assert.equal(form.status, 200);
      assert.ok(!form.text.includes('<img src=x'), 'the join page escapes the name');
      const lobbyEvent = await session.loop.waitFor((event) => event.in?.rel === 'lobby');
      assert.equal(lobbyEvent.link.title, '<img src=x onerror=alert(1)>');
      const guest = (await session.ucwa.get(conversation._links.lobby.href)).json._embedded.participant[0];
      assert.equal(guest.anonymous, true);
      assert.equal((await session.ucwa.post(guest._links.admit.href)).status, 204);
      const meeting = session.sim.meetings()[0];
      const key = meeting?.members.find((member) => member.name.startsWith('<img'))?.key ?? '';
      assert.ok(session.sim.participantLeaves(meeting?.onlineMeetingId ?? '', key));
      const left = await session.loop.waitFor(
        (event) => event.link.rel === 'participant' && event.type === 'deleted' && !event.in,
      );
      assert.equal(left.link.href, guest._links.self.href);
      // attendees_ref.md: leaving the attendees list comes first, as a `deleted` with `in`.
      const order = session.loop.events
        .map(({ event }) => event)
        .filter((event) => event.link.href === guest._links.self.href && event.type === 'deleted');
      assert.deepEqual(
        order.map((event) => event.in?.rel ?? 'bare'),
        ['lobby', 'attendees', 'bare'],
      );
    } finally {
      await session.close();
    }
  });

  it('keeps the meeting after its last participant leaves (undocumented: the default), so its link still works', async () => {
    const session = await signedIn();
    try {
      const { conversation, onlineMeeting } = await startMeeting(session);
      await session.ucwa.request('DELETE', conversation._links.self.href);
      await waitUntil(() => session.sim.meetings()[0]?.members.length === 0);
      const page = await session.ucwa.get(onlineMeeting.joinUrl, { accept: 'text/html' });
      assert.equal(page.status, 200);
    } finally {
      await session.close();
    }
  });

  it('admits with `deleted in:lobby` and `added in:attendees`, in either order (lobby_ref.md)', async () => {
    for (const admitEvents of ['deleted-then-added', 'added-then-deleted'] as const) {
      const session = await signedIn({ profile: { admitEvents } });
      try {
        const { conversation } = await startMeeting(session);
        await session.ucwa.post(conversation._links.addParticipant.href, {
          to: 'sip:carol@meetnow.test',
          operationId: `inv-carol-${admitEvents}`,
        });
        await session.loop.waitFor((event) => event.in?.rel === 'lobby' && event.type === 'added');
        const carol = (await session.ucwa.get(conversation._links.lobby.href)).json._embedded.participant[0];
        assert.equal((await session.ucwa.post(carol._links.admit.href)).status, 204);
        await session.loop.waitFor(
          (event) => event.in?.rel === 'attendees' && event.link.href === carol._links.self.href,
        );
        await session.loop.waitFor(
          (event) =>
            event.in?.rel === 'lobby' &&
            event.type === 'deleted' &&
            event.link.href === carol._links.self.href,
        );
        const membership = session.loop.events
          .map(({ event }) => event)
          .filter((event) => event.link.href === carol._links.self.href)
          .filter(
            (event) =>
              (event.type === 'deleted' && event.in?.rel === 'lobby') ||
              (event.type === 'added' && event.in?.rel === 'attendees'),
          )
          .map((event) => `${event.type} ${event.in?.rel}`);
        assert.deepEqual(
          membership,
          admitEvents === 'deleted-then-added'
            ? ['deleted lobby', 'added attendees']
            : ['added attendees', 'deleted lobby'],
        );
      } finally {
        await session.close();
      }
    }
  });

  it('ends the meeting when its last participant leaves (the ends-when-empty variant)', async () => {
    const session = await signedIn({ profile: { conferenceEnd: 'ends-when-empty' } });
    try {
      const { conversation } = await startMeeting(session);
      await invite(session, conversation, 'sip:bob@meetnow.test', 'inv-bob-3');
      await session.ucwa.request('DELETE', conversation._links.self.href);
      const [meeting] = session.sim.meetings();
      assert.ok(meeting, 'bob is still in the meeting after alice leaves');
      session.sim.participantLeaves(meeting.onlineMeetingId, 'sip:bob@meetnow.test');
      await waitUntil(() => session.sim.meetings().length === 0);
      const page = await session.ucwa.get(meeting.joinUrl, { accept: 'text/html' });
      assert.equal(page.status, 404);
    } finally {
      await session.close();
    }
  });
});
