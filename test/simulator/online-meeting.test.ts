import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RawEventLoop } from '../helpers/raw-ucwa.js';
import { alice, signedIn, startMeeting, startSim, waitUntil } from '../helpers/sim-fixture.js';

const xmlInput = (operationId: string) => `<?xml version="1.0" encoding="utf-8"?>
<input xmlns="http://schemas.microsoft.com/rtc/2012/03/ucwa">
<property name="operationId">${operationId}</property>
<property name="importance">Urgent</property>
<property name="subject">Skype for Business &amp; friends</property>
<property name="threadId">292e0aaef36c426a97757f43dda19d06</property>
</input>`;

const summary = (loop: RawEventLoop) =>
  loop.events.map(
    ({ sender, event }) => `${sender}:${event.link.rel}:${event.type}${event.in ? `@${event.in.rel}` : ''}`,
  );

describe('simulator §5 startOnlineMeeting', () => {
  it('answers 201 with the invitation in Location and an empty body, then the documented event sequence', async () => {
    const session = await signedIn();
    try {
      const href = session.app._embedded.communication._links.startOnlineMeeting.href;
      const response = await session.ucwa.post(href, {
        operationId: 'op-seq-1',
        subject: 'Quick sync',
        importance: 'Normal',
      });
      assert.equal(response.status, 201);
      assert.equal(response.text, '');
      assert.match(response.headers.get('location') ?? '', /\/communication\/onlineMeetingInvitations\/\w+$/);
      await session.loop.waitFor((event) => event.type === 'completed');
      assert.deepEqual(summary(session.loop), [
        'communication:onlineMeetingInvitation:started',
        'communication:conversation:added',
        'conversation:localParticipant:added',
        'communication:onlineMeetingInvitation:updated',
        'communication:conversation:updated',
        'conversation:onlineMeeting:added@conversation',
        'conversation:localParticipant:added@leaders',
        'communication:conversation:updated',
        'communication:onlineMeetingInvitation:completed',
      ]);
      const started = session.loop.events[0]?.event;
      const invitation = started._embedded.onlineMeetingInvitation;
      assert.equal(invitation.state, 'Connecting');
      assert.equal(invitation.direction, 'Outgoing');
      assert.equal(invitation.operationId, 'op-seq-1');
      assert.ok(invitation._links.conversation.href, 'the conversation href is learned from started');
      assert.ok(invitation._links.cancel.href);
      const completed = await session.loop.waitFor((event) => event.type === 'completed');
      assert.equal(completed.status, 'Success');
      assert.equal(completed._embedded.onlineMeetingInvitation.state, 'Connected');
      assert.match(
        completed._embedded.onlineMeetingInvitation.onlineMeetingUri,
        /^sip:alice@meetnow\.test;gruu;opaque=app:conf:focus:id:\w+$/,
      );
      // The last conversation update carries the in-meeting capability links.
      const updated = [...session.loop.events]
        .reverse()
        .find(({ event }) => event.link.rel === 'conversation')?.event;
      assert.equal(updated.type, 'updated');
    } finally {
      await session.close();
    }
  });

  it('serves the invitation, conversation, onlineMeeting, participants and local participant by their links', async () => {
    const session = await signedIn();
    try {
      const { completed, conversation, onlineMeeting } = await startMeeting(session, 'Design review');
      const invitation = await session.ucwa.get(completed.link.href);
      assert.equal(invitation.json.rel, 'onlineMeetingInvitation');
      assert.equal(invitation.json.state, 'Connected');
      assert.equal(conversation.state, 'Conferenced');
      for (const rel of [
        'onlineMeeting',
        'participants',
        'addParticipant',
        'leaders',
        'attendees',
        'lobby',
        'localParticipant',
      ]) {
        assert.ok(conversation._links[rel], rel);
      }
      assert.match(onlineMeeting.joinUrl, /^https:\/\/127\.0\.0\.1:\d+\/meet\/alice\/\w{8}$/);
      assert.match(onlineMeeting.conferenceId, /^\d{7}$/);
      assert.equal(onlineMeeting.subject, 'Design review');
      assert.equal(onlineMeeting.organizerUri, alice.sip);
      assert.equal(onlineMeeting.accessLevel, 'SameEnterprise');
      assert.equal(
        onlineMeeting.onlineMeetingUri,
        completed._embedded.onlineMeetingInvitation.onlineMeetingUri,
      );
      const participants = await session.ucwa.get(conversation._links.participants.href);
      assert.deepEqual(
        participants.json._embedded.participant.map((p: any) => p.uri),
        [alice.sip],
      );
      const local = await session.ucwa.get(conversation._links.localParticipant.href);
      assert.equal(local.json.rel, 'localParticipant');
      assert.equal(local.json.local, true);
      assert.equal(local.json.role, 'Leader');
      assert.equal(local.json.organizer, true);
      // The join link is a real page on the simulator.
      const page = await session.ucwa.get(onlineMeeting.joinUrl, { accept: 'text/html' });
      assert.equal(page.status, 200);
      assert.match(page.text, /Design review/);
    } finally {
      await session.close();
    }
  });

  it('accepts the seed example in its XML form', async () => {
    const session = await signedIn();
    try {
      const href = session.app._embedded.communication._links.startOnlineMeeting.href;
      const response = await session.ucwa.request('POST', href, {
        body: xmlInput('74cb7404e0a247d5a2d4eb0376a47dbf'),
        contentType: 'application/xml',
      });
      assert.equal(response.status, 201);
      const completed = await session.loop.waitFor((event) => event.type === 'completed');
      const invitation = completed._embedded.onlineMeetingInvitation;
      assert.equal(invitation.operationId, '74cb7404e0a247d5a2d4eb0376a47dbf');
      assert.equal(invitation.importance, 'Urgent');
      assert.equal(invitation.subject, 'Skype for Business & friends');
      assert.equal(invitation.threadId, '292e0aaef36c426a97757f43dda19d06');
    } finally {
      await session.close();
    }
  });

  it('answers 500 ServiceFailure/CallbackChannelError when the application has no event channel pending', async () => {
    const { sim, ucwa } = await startSim();
    try {
      const app = await ucwa.signIn(sim.discoverUrl, alice.username, alice.password);
      const response = await ucwa.post(app._embedded.communication._links.startOnlineMeeting.href, {
        operationId: 'op-x',
      });
      assert.equal(response.status, 500);
      assert.equal(response.json.code, 'ServiceFailure');
      assert.equal(response.json.subcode, 'CallbackChannelError');
      assert.equal(sim.meetings().length, 0);
    } finally {
      await sim.close();
    }
  });

  it('starts another meeting when an operationId is reused (OperationResource.md promises no deduplication)', async () => {
    const session = await signedIn();
    try {
      await startMeeting(session, 'One', 'op-again');
      const again = await session.ucwa.post(
        session.app._embedded.communication._links.startOnlineMeeting.href,
        { operationId: 'op-again' },
      );
      assert.equal(again.status, 201);
      await waitUntil(() => session.sim.meetings().length === 2);
    } finally {
      await session.close();
    }
  });

  it('answers 409 Conflict/AlreadyExists to a reused operationId under the deduplicate variant', async () => {
    const session = await signedIn({ profile: { repeatedOperationId: 'deduplicate' } });
    try {
      await startMeeting(session, 'One', 'op-dup');
      const again = await session.ucwa.post(
        session.app._embedded.communication._links.startOnlineMeeting.href,
        { operationId: 'op-dup' },
      );
      assert.equal(again.status, 409);
      assert.equal(again.json.subcode, 'AlreadyExists');
      assert.equal(session.sim.meetings().length, 1);
    } finally {
      await session.close();
    }
  });

  it('answers the other documented 409s when a test configures them', async () => {
    const session = await signedIn();
    try {
      session.sim.faults.add({
        kinds: ['startOnlineMeeting'],
        action: { type: 'status', status: 409, code: 'Conflict', subcode: 'TooManyGroups' },
      });
      session.sim.faults.add({
        kinds: ['startOnlineMeeting'],
        action: { type: 'status', status: 409, code: 'Conflict' },
      });
      const href = session.app._embedded.communication._links.startOnlineMeeting.href;
      const first = await session.ucwa.post(href, { operationId: 'a' });
      assert.deepEqual([first.status, first.json.subcode], [409, 'TooManyGroups']);
      const second = await session.ucwa.post(href, { operationId: 'b' });
      assert.deepEqual([second.status, second.json.code, second.json.subcode], [409, 'Conflict', undefined]);
      const third = await session.ucwa.post(href, { operationId: 'c' });
      assert.equal(third.status, 201);
    } finally {
      await session.close();
    }
  });

  it('validates input: subject over 250 and operationId over 50 characters', async () => {
    const session = await signedIn();
    try {
      const href = session.app._embedded.communication._links.startOnlineMeeting.href;
      const response = await session.ucwa.post(href, {
        operationId: 'x'.repeat(51),
        subject: 's'.repeat(251),
      });
      assert.equal(response.status, 400);
      assert.equal(response.json.subcode, 'ParameterValidationFailure');
      assert.deepEqual(Object.keys(response.json.parameters).sort(), ['operationId', 'subject']);
      const broken = await session.ucwa.request('POST', href, {
        body: '{"operationId":',
        contentType: 'application/json',
      });
      assert.equal(broken.status, 400);
      assert.equal(broken.json.subcode, 'DeserializationFailure');
    } finally {
      await session.close();
    }
  });

  it('completes with Failure and a reason when no conferencing server is available', async () => {
    const session = await signedIn();
    try {
      session.sim.queueMeetingOutcome({
        kind: 'fail',
        reason: {
          code: 'ServiceFailure',
          subcode: 'Unavailable',
          message: 'No conferencing server is available.',
        },
      });
      await session.ucwa.post(session.app._embedded.communication._links.startOnlineMeeting.href, {
        operationId: 'op-f',
      });
      const completed = await session.loop.waitFor((event) => event.type === 'completed');
      assert.equal(completed.status, 'Failure');
      assert.deepEqual(completed.reason, {
        code: 'ServiceFailure',
        subcode: 'Unavailable',
        message: 'No conferencing server is available.',
      });
      assert.equal(completed._embedded.onlineMeetingInvitation.state, 'Failed');
      await session.loop.waitFor((event) => event.link.rel === 'conversation' && event.type === 'deleted');
      assert.equal(session.sim.meetings().length, 0);
    } finally {
      await session.close();
    }
  });

  it('delivers batch A before the 201 in race mode', async () => {
    const session = await signedIn();
    try {
      session.sim.queueMeetingOutcome({ kind: 'race' });
      const response = await session.ucwa.post(
        session.app._embedded.communication._links.startOnlineMeeting.href,
        { operationId: 'op-race' },
      );
      assert.equal(response.status, 201);
      // By the time the 201 arrived, `started` had already been released on the event channel.
      assert.ok(
        session.loop.events.some(
          ({ event }) =>
            event.type === 'started' && event._embedded?.onlineMeetingInvitation?.operationId === 'op-race',
        ),
      );
    } finally {
      await session.close();
    }
  });

  it('can coalesce the whole operation into a single completed event', async () => {
    const session = await signedIn();
    try {
      session.sim.queueMeetingOutcome({ kind: 'coalesced' });
      await startMeeting(session, 'Fast', 'op-co');
      assert.deepEqual(summary(session.loop), ['communication:onlineMeetingInvitation:completed']);
    } finally {
      await session.close();
    }
  });

  it('can leave an invitation Connecting forever (for client deadlines), and cancel it', async () => {
    const session = await signedIn();
    try {
      session.sim.queueMeetingOutcome({ kind: 'never' });
      await session.ucwa.post(session.app._embedded.communication._links.startOnlineMeeting.href, {
        operationId: 'op-stuck',
      });
      const started = await session.loop.waitFor((event) => event.type === 'started');
      const cancel = await session.ucwa.post(started._embedded.onlineMeetingInvitation._links.cancel.href);
      assert.equal(cancel.status, 204);
      const completed = await session.loop.waitFor((event) => event.type === 'completed');
      assert.equal(completed.status, 'Failure');
      assert.equal(completed.reason.subcode, 'Canceled');
      assert.equal(completed._embedded.onlineMeetingInvitation.state, 'Cancelled');
    } finally {
      await session.close();
    }
  });

  it('embeds resources in every event when configured', async () => {
    const session = await signedIn({ embedResources: true });
    try {
      await startMeeting(session);
      const added = session.loop.events.find(({ event }) => event.link.rel === 'onlineMeeting')?.event;
      assert.match(added._embedded.onlineMeeting.joinUrl, /\/meet\//);
    } finally {
      await session.close();
    }
  });

  it("ends the user's part on DELETE conversation: 204, Disconnected, deleted, then 404", async () => {
    const session = await signedIn();
    try {
      const { conversation } = await startMeeting(session);
      const response = await session.ucwa.request('DELETE', conversation._links.self.href);
      assert.equal(response.status, 204);
      const deleted = await session.loop.waitFor(
        (event) => event.link.rel === 'conversation' && event.type === 'deleted',
      );
      assert.equal(deleted.link.href, conversation._links.self.href);
      const disconnected = session.loop.events
        .filter(({ event }) => event.link.rel === 'conversation' && event.type === 'updated')
        .at(-1);
      assert.ok(disconnected);
      assert.equal((await session.ucwa.get(conversation._links.self.href)).status, 404);
      // The conference itself outlives its last participant by default (undocumented, A13).
      await waitUntil(() => session.sim.meetings()[0]?.members.length === 0);
    } finally {
      await session.close();
    }
  });
});
