import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startUiBridge } from '../helpers/ui-bridge.js';
import {
  assertAccessible,
  capture,
  openPage,
  sharedBrowser,
  signInDemo,
  skipWithoutChromium,
} from './browser.js';

/** Nothing scrolls sideways at 200 %: everything reflows into the half-width viewport. */
async function assertReflows(page: Page, label: string): Promise<void> {
  const overflow = Number(
    await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'),
  );
  assert.ok(overflow <= 0, `${label}: ${overflow} px of sideways scrolling at 200 %`);
  await assertAccessible(page, `${label} at 200 %`);
}

describe('the new states at 200 % zoom', { skip: skipWithoutChromium }, () => {
  const chromium = sharedBrowser();

  for (const scheme of ['light', 'dark'] as const) {
    it(`home (demo, welcome), settings (recording), trust prompt, confirmation reflow at 200 % (${scheme})`, async () => {
      const bridge = await startUiBridge();
      try {
        const { harness } = bridge;
        await harness.controller.start();
        const { page } = await openPage(chromium(), bridge, { colorScheme: scheme, zoom: 2 });
        const typed = harness.sim.discoverUrl.replace('127.0.0.1', 'localhost');
        await page.getByLabel('Sign-in address').fill('alice@meetnow.test');
        await page.getByLabel('Password', { exact: true }).fill('alice-demo-pass');
        await page.getByText('Advanced').click();
        await page.getByLabel('Discovery URL').fill(typed);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByRole('alertdialog', { name: 'Trust this server?' }).waitFor();
        await assertReflows(page, 'trust prompt');
        await capture(page, 'zoom200-trust-prompt', scheme, true);
        await page.keyboard.press('Escape');
        await page.getByRole('alertdialog').waitFor({ state: 'hidden' });

        await signInDemo(page);
        await page.getByRole('heading', { name: "You're set" }).waitFor();
        await assertReflows(page, 'home');
        await capture(page, 'zoom200-home-demo-welcome', scheme, true);

        await page.getByRole('button', { name: 'Settings' }).click();
        await page.getByRole('button', { name: /Start a meeting from anywhere/ }).click();
        await page.keyboard.press('Control+KeyC');
        await page.getByText(/^Ctrl\+C is Copy in every app/).waitFor();
        await assertReflows(page, 'settings');
        await capture(page, 'zoom200-settings-refused', scheme, true);
        await page.keyboard.press('Escape');
        await page.getByRole('button', { name: '‹ Back' }).click();

        await page.getByRole('button', { name: 'Start meeting now' }).click();
        await page.getByLabel('Join link').waitFor();
        await harness.controller.onTrayCommand('signOut');
        await page.getByRole('alertdialog', { name: 'Sign out during the meeting?' }).waitFor();
        await assertReflows(page, 'confirmation');
        await capture(page, 'zoom200-confirm-sign-out', scheme, true);
      } finally {
        await bridge.close();
      }
    });
  }
});
