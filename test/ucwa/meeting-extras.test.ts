import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UcwaError } from '../../src/main/ucwa/errors.js';
import { formatInvitation } from '../../src/main/ucwa/invitation.js';
import { assignedMeetingOf } from '../../src/simulator/online-meetings-dashboard.js';
import type { ServerProfile } from '../../src/simulator/profile.js';
import { commandRequests, signedInClient } from '../helpers/client-fixture.js';
import { alice } from '../helpers/sim-fixture.js';

const gets = (requests: readonly string[], fragment: string) =>
  commandRequests(requests).filter((line) => line.startsWith('GET ') && line.includes(fragment)).length;

async function withClient(
  profile: Partial<ServerProfile>,
  test: (session: Awaited<ReturnType<typeof signedInClient>>) => Promise<void>,
): Promise<void> {
  const session = await signedInClient({ profile });
  try {
    await test(session);
  } finally {
    await session.close();
  }
}

describe('my meeting link (myAssignedOnlineMeeting)', () => {
  it("is the server's static link, fetched with one request however often and concurrently asked", () =>
    withClient({}, async (session) => {
      const user = session.sim.directory.users.find((entry) => entry.sip === alice.sip);
      assert.ok(user);
      const expected = assignedMeetingOf(user, `${new URL(session.sim.discoverUrl).origin}/meet`);
      const [first, second] = await Promise.all([
        session.client.myMeetingLink(),
        session.client.myMeetingLink(),
      ]);
      const third = await session.client.myMeetingLink();
      assert.equal(first.joinUrl, expected.joinUrl);
      assert.equal(first.conferenceId, expected.conferenceId);
      assert.deepEqual(second, first);
      assert.deepEqual(third, first);
      assert.equal(gets(session.requests, '/onlineMeetings/myOnlineMeetings/'), 1);
    }));

  it('costs no request when asked after the prefetch that follows sign-in', () =>
    withClient({}, async (session) => {
      session.client.prefetchMyMeetingLink();
      const link = await session.client.myMeetingLink();
      assert.ok(link.joinUrl);
      const before = commandRequests(session.requests).length;
      await session.client.myMeetingLink();
      assert.equal(commandRequests(session.requests).length, before, 'served from memory');
      assert.equal(gets(session.requests, '/onlineMeetings/myOnlineMeetings/'), 1);
    }));

  it('is the same link for every application of the user (its coordinates never change)', async () => {
    const a = await signedInClient();
    try {
      const link = (await a.client.myMeetingLink()).joinUrl;
      await a.client.signOut();
      await a.client.signIn({ sipAddress: alice.username, discoverUrl: a.sim.discoverUrl });
      assert.equal((await a.client.myMeetingLink()).joinUrl, link);
    } finally {
      await a.close();
    }
  });

  it('is refused clearly, with no request, where the deployment offers none', () =>
    withClient({ assignedMeeting: 'not-available' }, async (session) => {
      await assert.rejects(session.client.myMeetingLink(), (error) => UcwaError.is(error, 'not-allowed'));
      assert.equal(gets(session.requests, 'myOnlineMeetings'), 0);
    }));
});

describe('invitation', () => {
  it('has subject, link, conference ID, the regions and the organisation footer', () =>
    withClient({}, async (session) => {
      const meeting = await session.client.startMeeting({ subject: 'Budget <review>' });
      const info = meeting.info;
      assert.ok(info);
      const invitation = await session.client.invitation(info);
      assert.match(invitation.text, /^Budget <review>\n/);
      assert.ok(invitation.text.includes(`Join the meeting: ${info.joinUrl}`));
      assert.ok(invitation.text.includes(`Conference ID: ${info.conferenceId}`));
      assert.match(invitation.text, /Redmond: \+14255550001 \(en-US, fr-FR\)/);
      assert.match(invitation.text, /London: \+442079460001/);
      assert.match(invitation.text, /Find a local number: https:\/\/.*\/dialin/);
      assert.match(invitation.text, /The information contained in this meeting invitation is confidential\./);
      assert.match(invitation.text, /Help: https:\/\/.*\/help/);
      assert.match(invitation.text, /Legal: https:\/\/.*\/legal\/disclaimer\.html/);
      assert.match(invitation.html, /<strong>Budget &lt;review&gt;<\/strong>/);
      assert.match(invitation.html, /<a href="tel:\+14255550001">/);
      assert.match(invitation.html, /<img src="https:\/\/[^"]+\/logo\.png" alt="Logo">/);
      await session.client.invitation(info);
      assert.equal(gets(session.requests, 'phoneDialInInformation'), 1, 'fetched once');
      assert.equal(gets(session.requests, 'customInvitation'), 1, 'fetched once');
    }));

  it('leaves dial-in out when its GET fails, and asks again for the next invitation', () =>
    withClient({}, async (session) => {
      session.sim.faults.add({
        kinds: ['phoneDialInInformation'],
        method: 'GET',
        times: 1,
        action: { type: 'status', status: 500, code: 'ServiceFailure' },
      });
      const meeting = { subject: 'S', joinUrl: 'https://meet.example.test/a/X', conferenceId: '1' };
      const first = await session.client.invitation(meeting);
      assert.doesNotMatch(first.text, /Join by phone/);
      assert.match(first.text, /confidential/, 'the customization still came');
      const second = await session.client.invitation(meeting);
      assert.match(second.text, /Join by phone/);
      assert.equal(gets(session.requests, 'customInvitation'), 1, 'what succeeded is not asked again');
    }));

  it("uses an audio conference provider's numbers and pass code", () =>
    withClient({ dialIn: 'audio-conference-provider' }, async (session) => {
      const invitation = await session.client.invitation({
        subject: '',
        joinUrl: 'https://meet.example.test/alice/X',
        conferenceId: '1234567',
      });
      assert.match(invitation.text, /^Online meeting\n/);
      assert.match(invitation.text, /Toll: \+1 425 555 0100/);
      assert.match(invitation.text, /Toll-free: \+1 800 555 0100/);
      assert.match(invitation.text, /Participant pass code: 246810/);
    }));

  for (const profile of [
    { dialIn: 'not-configured', invitationCustomization: 'unset' },
    { dialIn: 'no-link', invitationCustomization: 'no-link' },
  ] as const) {
    it(`leaves out what the server does not offer (${profile.dialIn}, ${profile.invitationCustomization})`, () =>
      withClient(profile, async (session) => {
        const invitation = await session.client.invitation({
          subject: 'S',
          joinUrl: 'https://meet.example.test/alice/X',
          conferenceId: '7654321',
        });
        assert.equal(
          invitation.text,
          'S\n\nJoin the meeting: https://meet.example.test/alice/X\n\nConference ID: 7654321\n',
        );
        assert.doesNotMatch(invitation.html, /Join by phone|img|Help/);
      }));
  }

  it('escapes everything from the server in the HTML and strips control characters from both', () => {
    const hostile = '<script>alert(1)</script>"\u001b[31m&';
    const invitation = formatInvitation(
      { subject: hostile, joinUrl: 'javascript:alert(1)', conferenceId: '<b>1</b>' },
      {
        regions: [{ name: '<img src=x onerror=alert(1)>', number: '+1 <i>555</i>', languages: ['"x"'] }],
        defaultRegion: undefined,
        directoryUrl: 'http://dial.example.test/"><script>',
        provider: undefined,
      },
      {
        footerText: '<a href="https://evil.test">click</a>',
        helpUrl: 'javascript:alert(2)',
        legalUrl: 'https://legal.example.test/?a=<x>&b="y"',
        logoUrl: 'http://logo.example.test/l.png',
      },
    );
    assert.doesNotMatch(
      invitation.html,
      /<script|<img src=x|<i>|<b>|href="javascript|<a href="https:\/\/evil/,
    );
    assert.doesNotMatch(invitation.html, /<img/, 'no logo from a plain-http URL');
    assert.match(invitation.html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;&quot; \[31m&amp;/);
    assert.match(
      invitation.html,
      /<a href="https:\/\/legal\.example\.test\/\?a=%3Cx%3E&amp;b=%22y%22">Legal<\/a>/,
    );
    assert.ok(!invitation.text.includes('\u001b'));
    assert.ok(!invitation.html.includes('\u001b'));
  });
});
