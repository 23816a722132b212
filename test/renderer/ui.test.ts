import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { waitUntil } from '../helpers/sim-fixture.js';
import { startUiBridge, type UiBridge } from '../helpers/ui-bridge.js';
import {
  assertAccessible,
  capture as captureShot,
  openPage as openBrowserPage,
  sharedBrowser,
  skipWithoutChromium,
} from './browser.js';

const capture = (page: Page, name: string, scheme: 'light' | 'dark') => captureShot(page, name, scheme);

describe('renderer in real Chromium, through the preload contract, on the real services', {
  skip: skipWithoutChromium,
}, () => {
  const chromium = sharedBrowser();
  const openPage = (bridge: UiBridge, scheme: 'light' | 'dark' = 'light') =>
    openBrowserPage(chromium(), bridge, scheme);

  it('demo sign-in → start → link → invite from search → join → lobby → admit → end', async () => {
    const bridge = await startUiBridge();
    try {
      const { page, dialogs } = await openPage(bridge);
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await page.getByRole('button', { name: 'Use the demo server' }).click();
      await page.getByRole('heading', { name: 'Meet Now' }).waitFor();
      await page.getByLabel('Subject').fill('UI flow');
      await page.getByLabel('Subject').press('Enter');
      await page.getByRole('heading', { name: 'UI flow' }).waitFor();
      const joinUrl = await page.getByLabel('Join link').inputValue();
      assert.equal(joinUrl, bridge.harness.sim.meetings()[0]?.joinUrl);
      assert.equal(bridge.harness.desktop.clipboard, joinUrl, 'copied when ready');
      bridge.harness.desktop.clipboard = '';
      await page.getByRole('button', { name: 'Copy link' }).click();
      await page.getByText('Copied').waitFor();
      assert.equal(bridge.harness.desktop.clipboard, joinUrl);

      const search = page.getByRole('combobox', { name: 'Invite people' });
      await search.fill('bo');
      await page.getByRole('option', { name: /Bob Berg/ }).waitFor();
      await search.press('Enter');
      await page.getByRole('button', { name: 'Remove Bob Berg' }).waitFor();
      await page.getByRole('button', { name: 'Send invitations' }).click();
      await page.locator('.people li', { hasText: 'Bob Berg' }).getByText('Attendee').waitFor();

      bridge.harness.sim.guestJoins(bridge.harness.sim.meetings()[0]?.onlineMeetingId ?? '', 'Gina Guest');
      await page.getByRole('heading', { name: 'Waiting in the lobby' }).waitFor();
      await page.getByRole('button', { name: 'Admit Gina Guest' }).click();
      await page.getByRole('heading', { name: 'Waiting in the lobby' }).waitFor({ state: 'hidden' });
      await page.locator('.people li', { hasText: 'Gina Guest' }).waitFor();
      assert.ok(
        bridge.harness.sim
          .meetings()[0]
          ?.members.some((member) => member.name === 'Gina Guest' && !member.inLobby),
      );

      await page.getByRole('button', { name: 'Leave' }).click();
      await page.getByRole('button', { name: 'Start a new meeting' }).waitFor();
      await page
        .getByRole('status')
        .filter({ hasText: 'You left the meeting. Others can stay in it.' })
        .waitFor();
      await waitUntil(
        () =>
          bridge.harness.sim.meetings().length === 0 ||
          !bridge.harness.sim.meetings()[0]?.members.some((m) => m.key.includes('alice')),
      );
      assert.deepEqual(dialogs, []);
    } finally {
      await bridge.close();
    }
  });

  it('keeps what was typed, except the password, when the password is wrong; the field at fault is marked', async () => {
    const bridge = await startUiBridge();
    try {
      const { page } = await openPage(bridge);
      await page.getByLabel('Sign-in address').fill('alice@meetnow.test');
      await page.getByLabel('Password', { exact: true }).fill('wrong-password');
      await page.getByText('Advanced').click();
      await page.getByLabel('Discovery URL').fill(bridge.harness.sim.discoverUrl);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page
        .getByRole('alert')
        .filter({ hasText: 'The server did not accept the user name or password.' })
        .waitFor();
      assert.equal(await page.getByLabel('Sign-in address').inputValue(), 'alice@meetnow.test');
      assert.equal(await page.getByLabel('Password', { exact: true }).inputValue(), '');
      assert.equal(await page.getByLabel('Password', { exact: true }).getAttribute('aria-invalid'), 'true');
      assert.equal(
        await page.locator(':focus').getAttribute('name'),
        'password',
        'focus goes to the field at fault, not the page top',
      );
      assert.equal(await page.getByLabel('Discovery URL').inputValue(), bridge.harness.sim.discoverUrl);
    } finally {
      await bridge.close();
    }
  });

  it('says the server is busy when it keeps answering 503, and keeps the password', async () => {
    const bridge = await startUiBridge();
    try {
      bridge.harness.sim.faults.add({
        kinds: ['root'],
        times: Number.POSITIVE_INFINITY,
        action: { type: 'status', status: 503, code: 'ServiceUnavailable' },
      });
      const { page } = await openPage(bridge);
      await page.getByLabel('Sign-in address').fill('alice@meetnow.test');
      await page.getByLabel('Password', { exact: true }).fill('alice-demo-pass');
      await page.getByText('Advanced').click();
      await page.getByLabel('Discovery URL').fill(bridge.harness.sim.discoverUrl);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page
        .getByRole('alert')
        .filter({ hasText: 'The server is busy.' })
        .filter({ hasText: 'Try again in a minute.' })
        .waitFor();
      assert.equal(await page.getByLabel('Password', { exact: true }).inputValue(), 'alice-demo-pass');
    } finally {
      await bridge.close();
    }
  });

  it('shows a shortcut taken by another application in Settings', async () => {
    const bridge = await startUiBridge({ taken: ['CommandOrControl+Alt+M'] });
    try {
      await bridge.harness.controller.start();
      const { page } = await openPage(bridge);
      await page.getByRole('button', { name: 'Use the demo server' }).click();
      await page.getByRole('button', { name: 'Settings' }).click();
      await page.getByRole('heading', { name: 'Settings' }).waitFor();
      await page.getByText('The shortcut is not available. Ctrl+Alt+M is used by another app.').waitFor();
      await page.getByLabel(/Start a meeting from anywhere/).click();
      await page.getByLabel(/Start a meeting from anywhere/).press('Control+Shift+KeyJ');
      await page.getByText('Set to Ctrl+Shift+J.').waitFor();
      assert.ok(bridge.harness.shortcuts.registered.has('CommandOrControl+Shift+J'));
    } finally {
      await bridge.close();
    }
  });

  it('shows a hostile display name as text and runs no script', async () => {
    const bridge = await startUiBridge();
    try {
      const { page, dialogs } = await openPage(bridge);
      await page.getByRole('button', { name: 'Use the demo server' }).click();
      await page.getByRole('button', { name: 'Start meeting now' }).click();
      await page.getByLabel('Join link').waitFor();
      const hostile = '<img src=x onerror=alert(1)>';
      bridge.harness.sim.guestJoins(bridge.harness.sim.meetings()[0]?.onlineMeetingId ?? '', hostile);
      await page.getByText(hostile, { exact: true }).waitFor();
      assert.equal(await page.locator('img').count(), 0, 'no element was made from the name');
      assert.deepEqual(dialogs, []);
      assert.equal(
        await page.evaluate(() => (globalThis as unknown as { alertCalled?: boolean }).alertCalled ?? false),
        false,
      );
    } finally {
      await bridge.close();
    }
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`every view is accessible (axe) and captured in ${scheme}`, async () => {
      const bridge = await startUiBridge({ taken: [] });
      try {
        await bridge.harness.controller.start();
        const { page } = await openPage(bridge, scheme);
        await page.getByRole('heading', { name: 'Sign in' }).waitFor();
        await assertAccessible(page, 'sign-in');
        await capture(page, 'sign-in', scheme);

        await page.getByLabel('Sign-in address').fill('alice@meetnow.test');
        await page.getByLabel('Password', { exact: true }).fill('alice-demo-pass');
        await page.getByText('Advanced').click();
        await page
          .getByLabel('Discovery URL')
          .fill(bridge.harness.sim.discoverUrl.replace('127.0.0.1', 'localhost'));
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByRole('alertdialog', { name: 'Trust this server?' }).waitFor();
        await assertAccessible(page, 'trust prompt');
        await capture(page, 'trust-prompt', scheme);
        await page.getByRole('button', { name: 'Trust once' }).click();

        await page.getByRole('button', { name: 'Start meeting now' }).waitFor();
        await assertAccessible(page, 'home');
        await capture(page, 'home', scheme);

        bridge.harness.sim.queueMeetingOutcome({ kind: 'never' });
        await page.getByRole('button', { name: 'Start meeting now' }).click();
        await page.getByRole('heading', { name: 'Starting your meeting…' }).waitFor();
        await assertAccessible(page, 'starting');
        await capture(page, 'starting', scheme);
        await page.getByRole('button', { name: 'Cancel' }).click();
        await page.getByRole('button', { name: 'Start meeting now' }).waitFor();
        await page.getByRole('button', { name: 'Start meeting now' }).click();
        await page.getByLabel('Join link').waitFor();
        await bridge.harness.controller.invite(['sip:bob@meetnow.test']);
        bridge.harness.sim.guestJoins(
          bridge.harness.sim.meetings().at(-1)?.onlineMeetingId ?? '',
          'Gina Guest',
        );
        await page.getByRole('button', { name: 'Admit Gina Guest' }).waitFor();
        await page.getByRole('combobox', { name: 'Invite people' }).fill('car');
        await page.getByRole('option', { name: /Carol Chen/ }).waitFor();
        await assertAccessible(page, 'meeting');
        await capture(page, 'meeting', scheme);

        await page.getByRole('combobox', { name: 'Invite people' }).press('Escape');
        await page.getByRole('button', { name: 'Leave' }).click();
        await page.getByRole('button', { name: 'Start a new meeting' }).waitFor();
        await assertAccessible(page, 'ended');
        await capture(page, 'meeting-ended', scheme);
        await page.getByRole('button', { name: 'Start a new meeting' }).click();
        await page.getByRole('button', { name: 'Settings' }).click();
        await page.getByRole('heading', { name: 'Settings' }).waitFor();
        await assertAccessible(page, 'settings');
        await capture(page, 'settings', scheme);
      } finally {
        await bridge.close();
      }
    });
  }
});
