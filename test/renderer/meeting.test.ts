import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { waitUntil } from '../helpers/sim-fixture.js';
import { startUiBridge, type UiBridge } from '../helpers/ui-bridge.js';
import {
  assertAccessible,
  capture,
  eventually,
  focused,
  openPage,
  sharedBrowser,
  signInDemo,
  skipWithoutChromium,
} from './browser.js';

async function startMeeting(page: Page, subject: string): Promise<void> {
  await page.getByLabel('Subject').fill(subject);
  await page.getByLabel('Subject').press('Enter');
  await page.getByRole('heading', { name: subject }).waitFor();
  await page.getByLabel('Join link').waitFor();
}

const meetingId = (bridge: UiBridge) => bridge.harness.sim.meetings().at(-1)?.onlineMeetingId ?? '';

describe('the meeting card on the real services', { skip: skipWithoutChromium }, () => {
  const chromium = sharedBrowser();

  it('keyboard only: focus never falls to the page top (sign-in error, toggles, Admit/Deny, Leave)', async () => {
    const bridge = await startUiBridge();
    try {
      const { harness } = bridge;
      const { page } = await openPage(chromium(), bridge);
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      assert.equal(await focused(page), 'h1:Sign in');
      await page.keyboard.press('Tab');
      assert.equal(await page.locator(':focus').getAttribute('name'), 'sip');
      await page.keyboard.type('alice@meetnow.test');
      await page.keyboard.press('Tab');
      await page.keyboard.type('wrong-password');
      await page.getByText('Advanced').focus();
      await page.keyboard.press('Enter');
      await page.getByLabel('Discovery URL').focus();
      await page.keyboard.type(harness.sim.discoverUrl);
      await page.keyboard.press('Enter');
      await page.getByRole('alert').filter({ hasText: 'did not accept' }).waitFor();
      assert.equal(await page.locator(':focus').getAttribute('name'), 'password', 'the field at fault');
      assert.equal(await page.locator(':focus').getAttribute('aria-invalid'), 'true');
      await page.keyboard.type('alice-demo-pass');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Meet Now' }).waitFor();
      assert.equal(await focused(page), 'h1:Meet Now');

      // Settings: a toggle changed with Space keeps the focus (updated in place).
      await page.getByRole('button', { name: 'Settings' }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Settings' }).waitFor();
      const failures = page.getByLabel('Notify about failures');
      await failures.focus();
      await page.keyboard.press('Space');
      await waitUntil(() => harness.settings.get().notifications.failures === false);
      await waitUntil(() => harness.controller.view().settings.notifications.failures === false);
      assert.equal(await failures.isChecked(), false);
      assert.equal(await page.locator(':focus').getAttribute('id'), await failures.getAttribute('id'));
      await page.keyboard.press('Space');
      await waitUntil(() => harness.settings.get().notifications.failures === true);
      assert.equal(await page.locator(':focus').getAttribute('id'), await failures.getAttribute('id'));
      await page.keyboard.press('Escape');
      await page.getByRole('heading', { name: 'Meet Now' }).waitFor();
      assert.equal(await focused(page), 'h1:Meet Now');

      await page.getByLabel('Subject').focus();
      await page.keyboard.type('Keyboard review');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Keyboard review' }).waitFor();
      await page.getByLabel('Join link').waitFor();
      assert.equal(await focused(page), 'h1:Keyboard review');

      harness.sim.guestJoins(meetingId(bridge), 'Gina Guest');
      harness.sim.guestJoins(meetingId(bridge), 'Hank Guest');
      await page.getByRole('button', { name: 'Admit Hank Guest' }).waitFor();
      await page.getByRole('button', { name: 'Admit Gina Guest' }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: 'Admit Gina Guest' }).waitFor({ state: 'detached' });
      await eventually(async () => (await focused(page)) === 'button:Admit Hank Guest');
      await page.keyboard.press('Tab');
      assert.equal(await focused(page), 'button:Deny Hank Guest');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Waiting in the lobby' }).waitFor({ state: 'hidden' });
      await eventually(async () => (await focused(page)).startsWith('h2:In the meeting'));
      assert.equal(await focused(page), 'h2:In the meeting (2)', 'the roster heading, with its count');

      await page.getByRole('button', { name: 'Leave', exact: true }).focus();
      await page.keyboard.press('Enter');
      await page.getByText('You left the meeting. Others can stay in it.').waitFor();
      await eventually(
        async () => (await focused(page)) === 'p:You left the meeting. Others can stay in it.',
      );
      await assertAccessible(page, 'after leave');
    } finally {
      await bridge.close();
    }
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`Leave leaves; End for everyone (confirmed) ejects and rejects everyone, then leaves (${scheme})`, async () => {
      const bridge = await startUiBridge();
      try {
        const { harness } = bridge;
        const { page } = await openPage(chromium(), bridge, scheme);
        await signInDemo(page);
        await startMeeting(page, 'Design review');
        await harness.controller.invite(['sip:bob@meetnow.test']);
        harness.sim.guestJoins(meetingId(bridge), 'Gina Guest');
        await page.getByRole('button', { name: 'Admit Gina Guest' }).waitFor();
        await page.locator('.people li', { hasText: 'Bob Berg' }).waitFor();
        const members = () => harness.sim.meetings().at(-1)?.members ?? [];
        assert.equal(members().length, 3, 'alice, bob and gina (in the lobby)');

        await page.getByRole('button', { name: 'End for everyone…' }).click();
        const dialog = page.getByRole('alertdialog', { name: 'End the meeting for everyone?' });
        await dialog.waitFor();
        await dialog.getByText('The 1 person in the meeting and 1 in the lobby will be removed').waitFor();
        assert.equal(await focused(page), 'button:Cancel', 'the safe choice has the focus');
        await assertAccessible(page, 'end for everyone confirmation');
        await capture(page, 'meeting-end-for-everyone-confirm', scheme);
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'hidden' });
        assert.equal(await focused(page), 'button:End for everyone…');
        assert.equal(members().length, 3, 'Escape changed nothing');

        await page.keyboard.press('Enter');
        await dialog.getByRole('button', { name: 'End for everyone' }).click();
        await page.getByRole('status').filter({ hasText: 'You ended the meeting for everyone.' }).waitFor();
        await waitUntil(() => members().length === 0);
        assert.deepEqual(members(), [], 'nobody is left in the conference, lobby included');
        await page.getByText(/^Ended .+ · .+ · 2 people$/).waitFor(); // alice and bob; gina never got in
        assert.equal(await page.getByRole('button', { name: 'Copy link' }).count(), 0, 'the link is dead');
        await assertAccessible(page, 'ended for everyone');
        await capture(page, 'meeting-ended-for-everyone', scheme);
      } finally {
        await bridge.close();
      }
    });
  }

  it('Leave only leaves: the others stay, and the summary offers the link again', async () => {
    const bridge = await startUiBridge();
    try {
      const { harness } = bridge;
      const { page } = await openPage(chromium(), bridge);
      await signInDemo(page);
      await startMeeting(page, 'Standup');
      await harness.controller.invite(['sip:bob@meetnow.test']);
      await page.locator('.people li', { hasText: 'Bob Berg' }).waitFor();
      await page.getByRole('button', { name: 'Leave', exact: true }).click();
      await page.getByText('You left the meeting. Others can stay in it.').waitFor();
      const members = harness.sim.meetings().at(-1)?.members ?? [];
      assert.ok(
        members.some((m) => m.name === 'Bob Berg'),
        'Bob is still in it',
      );
      assert.ok(!members.some((m) => m.key.includes('alice')), 'alice left');
      harness.desktop.clipboard = '';
      await page.getByRole('button', { name: 'Copy link' }).click();
      await waitUntil(() => harness.desktop.clipboard === harness.sim.meetings().at(-1)?.joinUrl);
      await page.getByRole('button', { name: 'Start a new meeting' }).click();
      await page.getByRole('button', { name: 'Start meeting now' }).waitFor();
    } finally {
      await bridge.close();
    }
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`invitations settle one by one: ringing in the roster, neutral results with Try again (${scheme})`, async () => {
      // Erin never answers within the test: her row must not hold back the others.
      const bridge = await startUiBridge({ sim: { timing: { inviteNoAnswerMs: 120_000 } } });
      try {
        const { harness } = bridge;
        const { page } = await openPage(chromium(), bridge, scheme);
        await signInDemo(page);
        await startMeeting(page, 'Planning');
        const search = page.getByRole('combobox', { name: 'Invite people' });
        await search.fill('al');
        await page.getByRole('option').first().waitFor();
        assert.equal(await page.getByRole('option', { name: /Alice Andersen/ }).count(), 0, 'not yourself');
        for (const [query, name] of [
          ['bob', 'Bob Berg'],
          ['eri', 'Erin Eriksen'],
          ['fra', 'Frank Fischer'],
          ['dav', 'Dave Dubois'],
        ]) {
          await search.fill(query ?? '');
          await page.getByRole('option', { name: new RegExp(name ?? '') }).waitFor();
          await search.press('Enter');
          await page.getByRole('button', { name: `Remove ${name}` }).waitFor();
        }
        await page.getByRole('button', { name: 'Send invitations' }).click();
        // Bob joins, Frank is busy and Dave declines while Erin still rings.
        await page.locator('.people li:not(.ringing)', { hasText: 'Bob Berg' }).waitFor();
        await page.getByText('Frank Fischer is busy').waitFor();
        await page.getByText('Dave Dubois declined').waitFor();
        await page.locator('.people li.ringing', { hasText: 'Erin Eriksen' }).getByText('Ringing…').waitFor();
        const erin = harness.controller.view().invitees.find((entry) => entry.name === 'Erin Eriksen');
        assert.equal(erin?.status, 'ringing', 'Erin is still pending while the others settled');
        assert.equal(
          await page.locator('.outcomes li.failed').count(),
          0,
          'busy and declined are not errors',
        );
        await assertAccessible(page, 'invitations');
        await capture(page, 'meeting-invitations-one-by-one', scheme);

        await search.fill('bob');
        await page.getByText('No one matches “bob”.').waitFor(); // Bob is already in the meeting
        await search.fill('');
        const busyBefore = harness.sim.requestCount(
          (record) => record.kind === 'addParticipant' && record.method === 'POST',
        );
        await page.getByRole('button', { name: 'Try again to invite Frank Fischer' }).click();
        await waitUntil(
          () =>
            harness.sim.requestCount(
              (record) => record.kind === 'addParticipant' && record.method === 'POST',
            ) ===
            busyBefore + 1,
        );
        await page.getByText('Frank Fischer is busy').waitFor();
      } finally {
        await bridge.close();
      }
    });
  }

  for (const scheme of ['light', 'dark'] as const) {
    it(`holds a real meeting: 15 people with the bar in reach, a roster that collapses, 200 % zoom (${scheme})`, async () => {
      const bridge = await startUiBridge();
      try {
        const { harness } = bridge;
        const { page } = await openPage(chromium(), bridge, scheme);
        await signInDemo(page);
        await startMeeting(page, 'All hands');
        harness.sim.crowdJoins(meetingId(bridge), 15);
        await page.getByRole('button', { name: 'In the meeting (16)' }).waitFor();
        const long = 'Maximiliana Theodora Featherstonehaugh-Cholmondeley (Contoso Engineering, Zürich)';
        harness.sim.guestJoins(meetingId(bridge), long);
        harness.sim.guestJoins(meetingId(bridge), 'Gina Guest');
        await page.getByRole('button', { name: 'Admit all' }).waitFor();
        const bar = page.getByRole('group', { name: 'Meeting actions' });
        const inView = async () => {
          const box = await bar.boundingBox();
          const viewport = page.viewportSize();
          return !!box && !!viewport && box.y >= 0 && box.y + box.height <= viewport.height + 1;
        };
        assert.ok(await inView(), 'Copy link / Invite / Leave stay on screen with 15 people');
        await assertAccessible(page, '15 people');
        await capture(page, 'meeting-15-people', scheme);
        await page.getByRole('button', { name: 'In the meeting (16)' }).click();
        assert.equal(await page.locator('#roster-list').isHidden(), true, 'the roster collapses');
        await page.getByRole('button', { name: 'In the meeting (16)' }).click();

        const { page: zoomed } = await openPage(chromium(), bridge, { colorScheme: scheme, zoom: 2 });
        await zoomed.getByRole('heading', { name: 'All hands' }).waitFor();
        await zoomed.getByRole('button', { name: `Admit ${long}` }).waitFor();
        const overflow = await zoomed.evaluate(
          'document.documentElement.scrollWidth - document.documentElement.clientWidth',
        );
        assert.ok(Number(overflow) <= 0, `no sideways scrolling at 200 % (${overflow} px)`);
        const nameBox = await zoomed.locator('.lobby .name', { hasText: 'Maximiliana' }).boundingBox();
        assert.ok(
          nameBox && nameBox.width >= 80,
          `the long name wraps as words, not letters (${nameBox?.width} px)`,
        );
        const zoomBar = await zoomed.getByRole('group', { name: 'Meeting actions' }).boundingBox();
        assert.ok(zoomBar && zoomBar.y + zoomBar.height <= 310 + 1, 'the bar is in reach at 200 % too');
        await assertAccessible(zoomed, '200 %');
        await capture(zoomed, 'meeting-zoom-200', scheme);

        await page.getByRole('button', { name: 'Admit all' }).click();
        await page.getByRole('heading', { name: 'Waiting in the lobby' }).waitFor({ state: 'hidden' });
        await waitUntil(() => (harness.sim.meetings().at(-1)?.members ?? []).every((m) => !m.inLobby));
      } finally {
        await bridge.close();
      }
    });
  }
});
