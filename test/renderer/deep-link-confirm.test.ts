import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alice, waitUntil } from '../helpers/sim-fixture.js';
import { startUiBridge } from '../helpers/ui-bridge.js';
import {
  assertAccessible,
  capture,
  focused,
  openPage,
  sharedBrowser,
  skipWithoutChromium,
} from './browser.js';

describe('a meetnow://start link that invites asks in the window first', {
  skip: skipWithoutChromium,
}, () => {
  const chromium = sharedBrowser();

  for (const scheme of ['light', 'dark'] as const) {
    it(`"A link asks to start 'X' and invite N people": Start and invite; during a meeting only a notice (${scheme})`, async () => {
      const bridge = await startUiBridge({ settings: { welcomeDone: true, trayClickExplained: true } });
      try {
        const { harness } = bridge;
        await harness.controller.signIn({
          sipAddress: alice.username,
          password: alice.password,
          remember: false,
          discoverUrl: harness.sim.discoverUrl,
        });
        const { page } = await openPage(chromium(), bridge, scheme);
        await page.getByRole('heading', { name: 'Meet Now' }).waitFor();

        await harness.controller.deepLinks.open(
          'meetnow://start?subject=Standup&invite=bob@meetnow.test,carol@meetnow.test',
        );
        const ask = page.getByRole('alertdialog', { name: 'Start a meeting from a link?' });
        await ask.waitFor();
        await ask
          .getByText(
            'A link asks to start “Standup” and invite 2 people: bob@meetnow.test, carol@meetnow.test.',
          )
          .waitFor();
        assert.equal(await focused(page), 'button:Cancel', 'the choice that changes nothing has focus');
        assert.deepEqual(await ask.getByRole('button').allTextContents(), [
          'Cancel',
          'Start without inviting',
          'Start and invite',
        ]);
        await assertAccessible(page, `link start question (${scheme})`);
        await capture(page, 'confirm-link-start', scheme);
        assert.equal(harness.sim.meetings().length, 0, 'nothing before the answer');

        await ask.getByRole('button', { name: 'Start and invite' }).click();
        await page.getByRole('heading', { name: 'Standup' }).waitFor();
        await waitUntil(() => harness.controller.view().invitees.length === 2);
        assert.equal(harness.sim.meetings()[0]?.subject, 'Standup');

        await harness.controller.deepLinks.open('meetnow://start?subject=Other&invite=dave@meetnow.test');
        const notice = page.getByRole('alertdialog', { name: 'A link wanted to start another meeting' });
        await notice.waitFor();
        await notice
          .getByText(
            "A link asks to start “Other” and invite 1 person: dave@meetnow.test. You're in “Standup”, so nothing was started and nobody was invited to it.",
          )
          .waitFor();
        assert.deepEqual(await notice.getByRole('button').allTextContents(), ['OK']);
        await assertAccessible(page, `link start during a meeting (${scheme})`);
        await capture(page, 'confirm-link-start-during-meeting', scheme);
        await page.keyboard.press('Escape');
        await notice.waitFor({ state: 'hidden' });
        assert.equal(harness.sim.meetings().length, 1);
        assert.ok(
          harness.controller.view().invitees.every((invitee) => invitee.to !== 'sip:dave@meetnow.test'),
          'dave was never invited',
        );
      } finally {
        await bridge.close();
      }
    });
  }
});
