import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MeetingInvitations } from '../../src/main/ucwa/meeting-invitations.js';
import { signedInClient } from '../helpers/client-fixture.js';
import { waitUntil } from '../helpers/sim-fixture.js';
import { settle, VirtualClock } from '../helpers/virtual-clock.js';

describe('Meeting invitations end with the meeting (audit M1)', () => {
  it('leave() settles a pending invitation at once instead of after its timer', async () => {
    const session = await signedInClient({ timing: { inviteNoAnswerMs: 600_000 } });
    try {
      const meeting = await session.client.startMeeting();
      let sent = false;
      const outcome = meeting.invite('sip:erin@meetnow.test', {
        timeoutMs: 600_000,
        onSent: () => {
          sent = true;
        },
      });
      await waitUntil(() => sent);
      await meeting.leave();
      // Before the fix this waited for the 600 s timer (the test would time out).
      const settled = await outcome;
      assert.equal(settled.ok, false);
      assert.match(settled.ok ? '' : settled.message, /left the meeting/);
      assert.equal(meeting.endCause, 'left');
    } finally {
      await session.close();
    }
  });

  it('an answer from the server settles the invitation as soon as it comes (accepted, declined)', async () => {
    const session = await signedInClient();
    try {
      const meeting = await session.client.startMeeting();
      const [bob, dave] = await Promise.all([
        meeting.invite('sip:bob@meetnow.test', { timeoutMs: 600_000 }),
        meeting.invite('sip:dave@meetnow.test', { timeoutMs: 600_000 }),
      ]);
      assert.deepEqual(bob, { to: 'sip:bob@meetnow.test', ok: true });
      assert.equal(dave.ok, false);
      assert.match(dave.ok ? '' : dave.message, /declined/);
    } finally {
      await session.close();
    }
  });
});

describe('MeetingInvitations when the meeting ends before an invitation goes out', () => {
  it('sends nothing and arms no timer when the meeting ended while its link was being read', async () => {
    const clock = new VirtualClock();
    const posts: URL[] = [];
    let giveLink!: (url: URL) => void;
    const invitations = new MeetingInvitations({
      requests: {
        post: async (url) => {
          posts.push(url);
          return { status: 201, headers: new Headers(), json: undefined, text: '' };
        },
      },
      clock,
      newOperationId: () => 'op-1',
      // The conversation's addParticipant link is read from the server: slow, under our control.
      conversationLink: () =>
        new Promise<URL>((resolve) => {
          giveLink = resolve;
        }),
      onOutcome: () => {},
    });
    const outcome = invitations.send('sip:bob@meetnow.test', { timeoutMs: 90_000 });
    await settle();
    invitations.failAll('You left the meeting before the invitation was answered.');
    giveLink(new URL('https://pool.meetnow.test/conversations/1/participants'));
    assert.deepEqual(await outcome, {
      to: 'sip:bob@meetnow.test',
      ok: false,
      message: 'You left the meeting before the invitation was answered.',
    });
    assert.deepEqual(posts, [], 'no addParticipant to a meeting that is over');
    assert.equal(clock.pendingTimers, 0, 'no 90 s timer for an answer that cannot come');
  });
});
