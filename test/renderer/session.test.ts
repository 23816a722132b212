import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InMemoryCredentialStore } from '../../src/main/secrets/credential-store.js';
import { waitUntil } from '../helpers/sim-fixture.js';
import { startUiBridge } from '../helpers/ui-bridge.js';
import {
  assertAccessible,
  capture,
  focused,
  openPage,
  sharedBrowser,
  signInDemo,
  skipWithoutChromium,
} from './browser.js';

/** A remembered account whose automatic sign-in at launch is slow (the token answer is held back). */
async function slowLaunch() {
  const credentials = new InMemoryCredentialStore();
  await credentials.set('alice@meetnow.test', 'alice-demo-pass');
  const bridge = await startUiBridge({ credentials });
  bridge.harness.settings.update({
    accountSipAddress: 'alice@meetnow.test',
    discoverUrl: bridge.harness.sim.discoverUrl,
    trayClickExplained: true,
  });
  const release = bridge.harness.sim.faults.add({
    kinds: ['token'],
    times: 1,
    action: { type: 'delay', ms: 3000 },
  });
  return { bridge, release };
}

describe('sign-in, demo, trust and confirmations on the real services', { skip: skipWithoutChromium }, () => {
  const chromium = sharedBrowser();

  for (const scheme of ['light', 'dark'] as const) {
    it(`a press during the sign-in at launch is kept: the meeting starts once signed in (${scheme})`, async () => {
      const { bridge } = await slowLaunch();
      try {
        const { harness } = bridge;
        // The window is open first, so the press lands while the sign-in is surely still running.
        const { page } = await openPage(chromium(), bridge, scheme);
        const started = harness.controller.start();
        await waitUntil(() => harness.session.state.status === 'signingIn');
        await page.getByText('Signing in as alice@meetnow.test…').waitFor();
        harness.shortcuts.press('CommandOrControl+Alt+M');
        await page
          .getByText("Signing in as alice@meetnow.test. Your meeting will start when you're signed in.")
          .waitFor();
        await page.getByRole('button', { name: 'Cancel' }).waitFor();
        await assertAccessible(page, 'signing in with a press waiting');
        await capture(page, 'sign-in-press-waiting', scheme);
        await started;
        await waitUntil(() => harness.sim.meetings().length === 1);
        await page.getByLabel('Join link').waitFor();
        assert.equal(harness.desktop.clipboard, harness.sim.meetings()[0]?.joinUrl, 'the press was not lost');
      } finally {
        await bridge.close();
      }
    });
  }

  it('Cancel drops the waiting press: signed in, no meeting', async () => {
    const { bridge } = await slowLaunch();
    try {
      const { harness } = bridge;
      const { page } = await openPage(chromium(), bridge);
      const started = harness.controller.start();
      await waitUntil(() => harness.session.state.status === 'signingIn');
      harness.controller.onTrayClick();
      await page.getByRole('button', { name: 'Cancel' }).click();
      await waitUntil(() => !harness.controller.view().pendingStart);
      await started;
      await page.getByRole('button', { name: 'Start meeting now' }).waitFor();
      assert.equal(harness.sim.meetings().length, 0);
    } finally {
      await bridge.close();
    }
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`demo mode is labelled in the window, tooltip and notifications, with a way to a real account (${scheme})`, async () => {
      const bridge = await startUiBridge();
      try {
        const { harness } = bridge;
        await harness.controller.start();
        const { page } = await openPage(chromium(), bridge, scheme);
        await signInDemo(page);
        await page.locator('header .demo-badge', { hasText: 'Demo' }).waitFor();
        await page.getByText('links work only on this computer.').waitFor();
        assert.match(harness.desktop.tray?.tooltip ?? '', /^Meet Now \(demo\) · /);
        await assertAccessible(page, 'demo home');
        await capture(page, 'home-demo', scheme);
        await page.getByRole('button', { name: 'Start meeting now' }).click();
        await page.getByLabel('Join link').waitFor();
        await page.getByText('links work only on this computer.').waitFor();
        const ready = harness.desktop.notifications.find((n) => n.kind === 'meetingReady');
        assert.equal(ready?.title, 'Meeting ready (demo)');
        assert.match(ready?.body ?? '', /works only on this computer/);
        await capture(page, 'meeting-demo', scheme);
        await page.getByRole('button', { name: 'Leave', exact: true }).click();
        await page.getByRole('button', { name: 'Sign in with my account' }).click();
        await page.getByRole('heading', { name: 'Sign in' }).waitFor();
        assert.equal(harness.session.state.status, 'signedOut');
      } finally {
        await bridge.close();
      }
    });

    it(`the trust prompt: Cancel and Trust once equal, Escape cancels, it says why the host differs (${scheme})`, async () => {
      const bridge = await startUiBridge();
      try {
        const { page } = await openPage(chromium(), bridge, scheme);
        const typed = bridge.harness.sim.discoverUrl.replace('127.0.0.1', 'localhost');
        await page.getByLabel('Sign-in address').fill('alice@meetnow.test');
        await page.getByLabel('Password', { exact: true }).fill('alice-demo-pass');
        await page.getByText('Advanced').click();
        await page.getByLabel('Discovery URL').fill(typed);
        await page.getByRole('button', { name: 'Sign in' }).click();
        const prompt = page.getByRole('alertdialog', { name: 'Trust this server?' });
        await prompt.waitFor();
        await prompt.getByText('The discovery server at localhost pointed Meet Now to 127.0.0.1.').waitFor();
        await prompt.getByText('Meet Now will continue with the password you entered.').waitFor();
        assert.equal(await focused(page), 'button:Trust once');
        const cancelClass = await prompt.getByRole('button', { name: 'Cancel' }).getAttribute('class');
        assert.equal(
          cancelClass,
          await prompt.getByRole('button', { name: 'Trust once' }).getAttribute('class'),
        );
        assert.equal(
          await prompt.getByRole('button', { name: 'Always trust this server' }).getAttribute('class'),
          'link',
        );
        assert.equal(await page.getByLabel('Password', { exact: true }).inputValue(), 'alice-demo-pass');
        await assertAccessible(page, 'trust prompt');
        await capture(page, 'trust-prompt-equal', scheme);
        await page.keyboard.press('Escape');
        await prompt.waitFor({ state: 'hidden' });
        assert.equal(bridge.harness.controller.view().trustPrompt, undefined, 'Escape cancelled');
        await page.getByRole('button', { name: 'Sign in' }).click();
        await prompt.waitFor();
        await prompt.getByRole('button', { name: 'Trust once' }).click();
        await page.getByRole('button', { name: 'Start meeting now' }).waitFor();
        assert.deepEqual(bridge.harness.settings.get().approvedHosts, [], 'once is not always');
      } finally {
        await bridge.close();
      }
    });

    it(`no surprises: sign-out and quit during a meeting ask first; a second press says the link was copied again (${scheme})`, async () => {
      const bridge = await startUiBridge();
      try {
        const { harness } = bridge;
        await harness.controller.start();
        const { page } = await openPage(chromium(), bridge, scheme);
        await signInDemo(page);
        await page.getByLabel('Subject').fill('Design review');
        await page.getByLabel('Subject').press('Enter');
        await page.getByLabel('Join link').waitFor();

        harness.desktop.clipboard = '';
        harness.shortcuts.press('CommandOrControl+Alt+M');
        await waitUntil(() =>
          harness.desktop.notifications.some((n) => n.title.startsWith('Link copied again')),
        );
        const again = harness.desktop.notifications.find((n) => n.title.startsWith('Link copied again'));
        assert.match(again?.body ?? '', /You're still in “Design review”/);
        assert.equal(harness.sim.meetings().length, 1, 'no second meeting');
        assert.equal(harness.desktop.clipboard, harness.sim.meetings()[0]?.joinUrl);

        await harness.controller.onTrayCommand('signOut');
        const ask = page.getByRole('alertdialog', { name: 'Sign out during the meeting?' });
        await ask.waitFor();
        await ask.getByText('Signing out will leave “Design review”. Others can stay in it.').waitFor();
        assert.equal(await focused(page), 'button:Stay in the meeting');
        await assertAccessible(page, 'confirm sign-out');
        await capture(page, 'confirm-sign-out-during-meeting', scheme);
        await page.keyboard.press('Escape');
        await ask.waitFor({ state: 'hidden' });
        assert.equal(harness.session.state.status, 'ready', 'Escape stays signed in');

        await harness.controller.onTrayCommand('quit');
        const quit = page.getByRole('alertdialog', { name: 'Quit during the meeting?' });
        await quit.waitFor();
        assert.equal(harness.desktop.quitCalled, false);
        await quit.getByRole('button', { name: 'Quit and leave' }).click();
        await waitUntil(() => harness.desktop.quitCalled);
      } finally {
        await bridge.close();
      }
    });

    it(`starting: "Still waiting for the server…" after 8 s with Retry, Escape cancels (${scheme})`, async () => {
      const bridge = await startUiBridge();
      try {
        const { harness } = bridge;
        const { page } = await openPage(chromium(), bridge, scheme);
        await page.clock.install();
        await signInDemo(page);
        harness.sim.queueMeetingOutcome({ kind: 'never' });
        await page.getByRole('button', { name: 'Start meeting now' }).click();
        await page.getByRole('heading', { name: 'Starting your meeting…' }).waitFor();
        assert.equal(await page.getByText('Still waiting for the server…').count(), 0);
        await page.clock.fastForward(8000);
        await page.getByText('Still waiting for the server…').waitFor();
        await page.getByRole('button', { name: 'Retry' }).waitFor();
        await assertAccessible(page, 'still waiting');
        await capture(page, 'starting-still-waiting', scheme);
        await page.keyboard.press('Escape');
        await page.getByRole('button', { name: 'Start meeting now' }).waitFor();
        await waitUntil(() => harness.controller.view().meeting === undefined);
      } finally {
        await bridge.close();
      }
    });
  }

  it('the first tray click explains the choice once, then does what was chosen', async () => {
    const bridge = await startUiBridge();
    try {
      const { harness } = bridge;
      await harness.controller.start();
      const { page } = await openPage(chromium(), bridge);
      await signInDemo(page);
      harness.controller.onTrayClick();
      assert.equal(harness.desktop.windows.at(-1), 'home');
      assert.equal(harness.sim.meetings().length, 0, 'the first click starts nothing');
      await page.getByRole('heading', { name: "You're set" }).waitFor();
      await page.getByText('Try Ctrl+Alt+M now, from any app').waitFor();
      await page.getByLabel('Open this window').check();
      await waitUntil(() => harness.settings.get().trayClickAction === 'openWindow');
      await page.getByLabel('Start a meeting').check();
      await page.getByRole('button', { name: 'Got it' }).click();
      await page.getByRole('heading', { name: "You're set" }).waitFor({ state: 'hidden' });
      harness.controller.onTrayClick();
      await waitUntil(() => harness.sim.meetings().length === 1);
    } finally {
      await bridge.close();
    }
  });
});
