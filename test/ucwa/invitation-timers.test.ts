import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signedInClient } from '../helpers/client-fixture.js';
import { waitUntil } from '../helpers/sim-fixture.js';

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
