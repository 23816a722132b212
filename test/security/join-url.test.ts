import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkJoinUrl, trustedJoinUrl } from '../../src/main/ucwa/join-url.js';
import type { UcwaSimulator } from '../../src/simulator/server.js';
import { appHarness } from '../helpers/app-fixture.js';
import { alice } from '../helpers/sim-fixture.js';

const trust = { domain: 'contoso.com', trustedHosts: ['127.0.0.1'], approvedHosts: ['meet.lync.com'] };

function hostileJoinLinks(sim: UcwaSimulator, base: () => string): void {
  Object.defineProperty((sim as unknown as { context: object }).context, 'meetBase', { get: base });
}

describe('join links are https URLs on a trusted host before anyone prints, copies or opens them', () => {
  it('accepts the links real servers send', () => {
    for (const url of [
      'https://meet.contoso.com/alice/ABCD1234',
      'https://meet.lync.com/contoso-com/alice/ABCD1234',
      'https://127.0.0.1:4443/meet/alice/abc',
      'http://127.0.0.1:8080/meet/alice/abc',
    ])
      assert.equal(checkJoinUrl(url, trust).href, url);
  });

  it('refuses everything else, saying why', () => {
    const cases: Array<[string, RegExp]> = [
      ['http://meet.contoso.com/alice/A', /not an https address/],
      ['javascript:alert(1)', /not an https address/],
      ['file:///etc/passwd', /not an https address/],
      ['https://evil.example/alice/A', /points at evil\.example, which is not in contoso\.com/],
      ['https://meet.contoso.com.evil.example/a', /not in contoso\.com/],
      ['https://user:pw@meet.contoso.com/a', /user name or password/],
      ['https://meet.contoso.com/a\x1b]0;PWNED\x07', /characters no web address has/],
      ['https://meet.contoso.com/a\u202eexe', /characters no web address has/],
      ['https://meet.contoso.com/a\u200b', /characters no web address has/],
      ['https://meet.contoso.com/a\r\nInjected', /characters no web address has/],
      ['https://meet.contoso.com/a b', /characters no web address has/],
      [`https://meet.contoso.com/${'a'.repeat(3000)}`, /longer than 2048/],
      ['not a url', /characters no web address has|not a web address/],
    ];
    for (const [url, pattern] of cases) {
      assert.throws(() => checkJoinUrl(url, trust), pattern, JSON.stringify(url.slice(0, 60)));
      assert.equal(trustedJoinUrl(url, trust), undefined);
    }
    assert.equal(trustedJoinUrl('https://meet.contoso.com/a', undefined), undefined, 'no sign-in, no link');
  });

  it('desktop: a hostile link is never copied, opened or announced (the start fails instead)', async () => {
    const harness = await appHarness();
    try {
      const origin = harness.sim.origin(0);
      hostileJoinLinks(harness.sim, () => `${origin}/meet\x1b]0;PWNED\x07\u202e`);
      await harness.controller.start();
      await harness.controller.signIn({
        sipAddress: alice.username,
        password: alice.password,
        remember: true,
        discoverUrl: harness.sim.discoverUrl,
      });
      await assert.rejects(
        harness.controller.startMeetingNow(),
        /join link that has characters no web address has/,
      );
      harness.controller.copyLink();
      await harness.controller.openMeeting();
      assert.equal(harness.desktop.clipboard, '', 'nothing copied');
      assert.deepEqual(harness.desktop.opened, [], 'nothing opened');
      hostileJoinLinks(harness.sim, () => 'https://evil.example/meet');
      await assert.rejects(harness.controller.startMeetingNow(), /points at evil\.example/);
      assert.equal(harness.desktop.clipboard, '');
      // Conferences outlive their last participant (the default, #11): nobody is left in them.
      assert.equal(
        harness.sim.meetings().filter((meeting) => meeting.members.length > 0).length,
        0,
        'the refused meetings were left at once',
      );
    } finally {
      await harness.close();
    }
  });
});
