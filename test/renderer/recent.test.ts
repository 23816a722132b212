import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assignedMeetingOf } from '../../src/simulator/online-meetings-dashboard.js';
import { alice, waitUntil } from '../helpers/sim-fixture.js';
import { startUiBridge, type UiBridge } from '../helpers/ui-bridge.js';
import {
  assertAccessible,
  capture,
  eventually,
  openPage,
  sharedBrowser,
  skipWithoutChromium,
} from './browser.js';

/** An entry a hostile server (or a tampered settings file) could have left: markup in every text. */
const hostile = {
  subject: '<img src=x onerror=alert(1)>',
  startedAt: '2026-11-30T09:00:00.000Z',
  endedAt: '2026-11-30T09:25:00.000Z',
  participants: ['<b>Eve</b>', 'Dan Dahl'],
  joinUrl: 'https://meet.meetnow.test/alice/HOSTILE1',
  conferenceId: '<script>1</script>',
};
const broken = { ...hostile, joinUrl: 'javascript:alert(1)' };

async function signedInBridge(
  options: Parameters<typeof startUiBridge>[0] = { settings: { recentMeetings: [broken, hostile] } },
): Promise<UiBridge> {
  const bridge = await startUiBridge(options);
  await bridge.harness.controller.signIn({
    sipAddress: alice.username,
    password: alice.password,
    remember: false,
    discoverUrl: bridge.harness.sim.discoverUrl,
  });
  return bridge;
}

describe('my meeting link, recent meetings and invitations in the window', {
  skip: skipWithoutChromium,
}, () => {
  const chromium = sharedBrowser();

  for (const scheme of ['light', 'dark'] as const) {
    it(`Home copies my link and lists recent meetings as text with Copy link / Join / Copy invitation (${scheme})`, async () => {
      const bridge = await signedInBridge();
      try {
        const { harness } = bridge;
        const { page, dialogs } = await openPage(chromium(), bridge, scheme);
        await page.getByRole('heading', { name: 'Meet Now' }).waitFor();

        const myLink = page.getByRole('button', { name: 'Copy my personal meeting link' });
        assert.equal(
          await myLink.getAttribute('aria-describedby').then((id) => page.locator(`#${id}`).textContent()),
          'Always the same link — not the meeting you start now',
        );
        await myLink.click();
        await page.getByText('Personal link copied', { exact: true }).waitFor();
        await myLink.click();
        await page.getByText('Personal link copied again (2)').waitFor();
        const user = harness.sim.directory.users.find((entry) => entry.sip === alice.sip);
        assert.ok(user);
        const mine = assignedMeetingOf(user, `${new URL(harness.sim.discoverUrl).origin}/meet`).joinUrl;
        assert.equal(harness.desktop.clipboard, mine);

        // The broken entry is gone; the hostile one is shown exactly as its characters.
        const recent = page.getByRole('region', { name: 'Recent meetings' });
        await recent.getByText(hostile.subject, { exact: true }).waitFor();
        assert.equal(await recent.locator('img, b, script').count(), 0, 'no markup became elements');
        assert.match((await recent.textContent()) ?? '', /2 joined: <b>Eve<\/b>, Dan Dahl/);
        assert.equal(await recent.locator('li').count(), 1);

        // A meeting of our own, its invitation from the meeting card, then back to Home.
        await page.getByLabel('Subject').fill('Design review');
        await page.getByLabel('Subject').press('Enter');
        await page.getByRole('heading', { name: 'Design review' }).waitFor();
        await page.getByRole('button', { name: 'Copy invitation' }).click();
        await page.getByText('Invitation copied').waitFor();
        const joinUrl = harness.sim.meetings()[0]?.joinUrl ?? '';
        assert.ok(harness.desktop.clipboard.includes(joinUrl));
        assert.ok(harness.desktop.clipboardHtml.includes('Design review'));
        await assertAccessible(page, `meeting with Copy invitation (${scheme})`);
        await capture(page, 'meeting-copy-invitation', scheme);
        await page.getByRole('button', { name: 'Leave' }).click();
        await page.getByRole('button', { name: 'Start a new meeting' }).click();

        await recent.getByText('Design review').waitFor();
        assert.equal(
          await recent.locator('li').first().locator('.recent-subject').textContent(),
          'Design review',
        );
        harness.desktop.clipboard = '';
        // Each confirmation sits in the pressed row and names the meeting; a repeat reads differently.
        const designRow = recent.locator('li').filter({ hasText: 'Design review' });
        const hostileRow = recent.locator('li').filter({ hasText: hostile.subject });
        await page.getByRole('button', { name: 'Copy link: Design review' }).click();
        await designRow
          .getByRole('status')
          .getByText('Link copied: Design review', { exact: true })
          .waitFor();
        await eventually(async () => harness.desktop.clipboard === joinUrl);
        await page.getByRole('button', { name: 'Copy link: Design review' }).click();
        await designRow
          .getByRole('status')
          .getByText('Link copied again (2): Design review', { exact: true })
          .waitFor();
        await page.getByRole('button', { name: 'Open in Skype for Business: Design review' }).click();
        await eventually(async () => harness.desktop.opened.includes(joinUrl));
        await eventually(async () => (await designRow.getByRole('status').textContent()) === '');
        await page.getByRole('button', { name: `Copy invitation: ${hostile.subject}` }).click();
        await hostileRow
          .getByRole('status')
          .getByText(`Invitation copied: ${hostile.subject}`, { exact: true })
          .waitFor();
        assert.equal(await designRow.getByRole('status').textContent(), '', 'only the pressed row speaks');
        assert.ok(harness.desktop.clipboard.includes(hostile.joinUrl));
        assert.ok(!harness.desktop.clipboardHtml.includes('<img src=x'), 'escaped in the HTML part');
        assert.ok(harness.desktop.clipboardHtml.includes('&lt;img src=x onerror=alert(1)&gt;'));
        await assertAccessible(page, `home with recent meetings (${scheme})`);
        await capture(page, 'home-recent-meetings', scheme, true);
        assert.deepEqual(dialogs, [], 'nothing from the list ran as script');
      } finally {
        await bridge.close();
      }
    });

    it(`20 meetings: the latest 5 and Show all (20); ended for everyone says so with no actions; subjects dir=auto and without invisible characters (${scheme})`, async () => {
      const base = Date.parse('2026-12-01T09:00:00Z');
      const subjects = ['Weekly sync', 'مراجعة التصميم (v2)', 'Budget\u202eevil\u202c zero\u200bwidth'];
      const many = Array.from({ length: 20 }, (_, index) => ({
        subject: subjects[index % subjects.length] ?? '',
        startedAt: new Date(base - index * 3_600_000 * 7).toISOString(),
        endedAt: new Date(base - index * 3_600_000 * 7 + 1_800_000).toISOString(),
        participants: [],
        joinUrl: `https://meet.meetnow.test/alice/ID${index}`,
        ...(index === 0 ? { endedForEveryone: true } : {}),
      }));
      const bridge = await signedInBridge({ settings: { recentMeetings: many, welcomeDone: true } });
      try {
        const { page } = await openPage(chromium(), bridge, scheme);
        const recent = page.getByRole('region', { name: 'Recent meetings' });
        await recent.waitFor();
        assert.equal(await recent.locator('li').count(), 5);
        const ended = recent.locator('li').first();
        await ended.getByText('Ended for everyone — link no longer works').waitFor();
        assert.equal(await ended.getByRole('button').count(), 0, 'no Copy link, Open or Copy invitation');
        assert.equal(await recent.locator('li').nth(1).getByRole('button').count(), 3);
        assert.deepEqual(
          await recent
            .locator('.recent-subject')
            .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('dir'))),
          ['auto', 'auto', 'auto', 'auto', 'auto'],
        );
        const texts = await recent.locator('.recent-subject').allTextContents();
        assert.ok(texts.includes('Budget evil zero width'), texts.join(' | '));
        assert.ok(
          texts.every((text) => !/[\u200b\u202a-\u202e]/.test(text)),
          'no invisible character shown',
        );
        await assertAccessible(page, `home with 20 recent meetings (${scheme})`);
        await capture(page, 'home-recent-20', scheme, true);
        const all = recent.getByRole('button', { name: 'Show all (20)' });
        assert.equal(await all.getAttribute('aria-expanded'), 'false');
        await all.click();
        await eventually(async () => (await recent.locator('li').count()) === 20);
        const fewer = recent.getByRole('button', { name: 'Show fewer' });
        assert.equal(await fewer.getAttribute('aria-expanded'), 'true');
        await fewer.click();
        await eventually(async () => (await recent.locator('li').count()) === 5);
      } finally {
        await bridge.close();
      }
    });

    it(`no personal link for the account: the button is disabled with the reason as a hint, no alert (${scheme})`, async () => {
      const bridge = await signedInBridge({
        sim: { profile: { assignedMeeting: 'not-available' } },
        settings: { welcomeDone: true, trayClickExplained: true },
      });
      try {
        const { page } = await openPage(chromium(), bridge, scheme);
        const myLink = page.getByRole('button', { name: 'Copy my personal meeting link' });
        await eventually(() => myLink.isDisabled());
        const hint = page.locator('#my-link-hint');
        assert.equal(
          await hint.textContent(),
          "Your organisation doesn't give you a personal meeting link. Use Start meeting now instead; ask IT if you need a standing link.",
        );
        assert.equal(await page.getByRole('alert').count(), 0, 'a hint, not an alert');
        await assertAccessible(page, `home without a personal link (${scheme})`);
        await capture(page, 'home-no-personal-link', scheme);
      } finally {
        await bridge.close();
      }
    });

    it(`Settings turns the list off, which forgets it (${scheme})`, async () => {
      const bridge = await signedInBridge();
      try {
        const { harness } = bridge;
        const { page } = await openPage(chromium(), bridge, scheme);
        await page.getByRole('region', { name: 'Recent meetings' }).waitFor();
        await page.getByRole('button', { name: 'Settings' }).click();
        const toggle = page.getByLabel('Keep a list of recent meetings (turning it off forgets it)');
        assert.equal(await toggle.isChecked(), true);
        await toggle.scrollIntoViewIfNeeded();
        await capture(page, 'settings-recent-meetings', scheme);
        await toggle.uncheck();
        await waitUntil(() => harness.settings.get().recentMeetingsEnabled === false);
        assert.deepEqual(harness.backend.store.recentMeetings, []);
        await page.getByRole('button', { name: '‹ Back' }).click();
        await page.getByRole('heading', { name: 'Meet Now' }).waitFor();
        assert.equal(await page.getByRole('region', { name: 'Recent meetings' }).count(), 0);
      } finally {
        await bridge.close();
      }
    });
  }
});
