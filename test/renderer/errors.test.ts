import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { describeProblemFacts, type ProblemFacts } from '../../src/shared/error-catalog.js';
import { waitUntil } from '../helpers/sim-fixture.js';
import { startUiBridge, type UiBridge } from '../helpers/ui-bridge.js';
import {
  assertAccessible,
  capture,
  openPage,
  sharedBrowser,
  signInDemo,
  skipWithoutChromium,
} from './browser.js';

async function signIn(page: Page, discoverUrl: string, password: string): Promise<void> {
  await page.getByLabel('Sign-in address').fill('alice@meetnow.test');
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByText('Advanced').click();
  await page.getByLabel('Discovery URL').fill(discoverUrl);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The window's alert, the tray tooltip (and a notification where one is sent) use the catalog's words. */
async function assertSameWords(page: Page, bridge: UiBridge, facts: () => ProblemFacts): Promise<void> {
  const alert = page.getByRole('alert').filter({ hasText: /\S/ });
  await alert.waitFor();
  const entry = describeProblemFacts(facts());
  const text = ((await alert.textContent()) ?? '')
    .replace(/\s+/g, ' ')
    .replace(/Retry$/, '')
    .trim();
  assert.equal(text, [entry.title, entry.detail, entry.action].filter(Boolean).join(' '), entry.kind);
  const tooltip = bridge.harness.desktop.tray?.tooltip ?? '';
  assert.ok(tooltip.includes(entry.title.slice(0, 60)), `tooltip "${tooltip}" names "${entry.title}"`);
}

function sessionFacts(bridge: UiBridge): ProblemFacts {
  const state = bridge.harness.session.state;
  assert.equal(state.status, 'error');
  return state.status === 'error' ? state.problem : { kind: 'none' };
}

describe('every error reads the same in window, tooltip and notification, on the real services', {
  skip: skipWithoutChromium,
}, () => {
  const chromium = sharedBrowser();

  for (const scheme of ['light', 'dark'] as const) {
    it(`sign-in failures: wrong password, unreachable, busy, a proxy's HTML page (${scheme})`, async () => {
      const cases: Array<{
        name: string;
        kind: string;
        prepare?: (bridge: UiBridge) => void;
        url?: (bridge: UiBridge) => string;
        password: string;
        keepsPassword: boolean;
      }> = [
        { name: 'wrong-password', kind: 'credentials', password: 'wrong-password', keepsPassword: false },
        {
          name: 'unreachable',
          kind: 'network',
          url: () => 'https://127.0.0.1:9/',
          password: 'alice-demo-pass',
          keepsPassword: true,
        },
        {
          name: 'busy',
          kind: 'server-busy',
          prepare: (bridge) =>
            bridge.harness.sim.faults.add({
              kinds: ['root'],
              times: Number.POSITIVE_INFINITY,
              action: { type: 'status', status: 503, code: 'ServiceUnavailable' },
            }),
          password: 'alice-demo-pass',
          keepsPassword: true,
        },
        {
          name: 'proxy-page',
          kind: 'http',
          prepare: (bridge) =>
            bridge.harness.sim.faults.add({
              kinds: ['token'],
              times: Number.POSITIVE_INFINITY,
              action: { type: 'html', status: 502 },
            }),
          password: 'alice-demo-pass',
          keepsPassword: true,
        },
      ];
      for (const testCase of cases) {
        const bridge = await startUiBridge();
        try {
          testCase.prepare?.(bridge);
          const { page } = await openPage(chromium(), bridge, scheme);
          await signIn(page, testCase.url?.(bridge) ?? bridge.harness.sim.discoverUrl, testCase.password);
          await waitUntil(() => bridge.harness.session.state.status === 'error');
          assert.equal(sessionFacts(bridge).kind, testCase.kind);
          await assertSameWords(page, bridge, () => sessionFacts(bridge));
          assert.equal(
            await page.getByLabel('Password', { exact: true }).inputValue(),
            testCase.keepsPassword ? testCase.password : '',
            `${testCase.name}: the password survives every failure but a refused password`,
          );
          const field = describeProblemFacts(sessionFacts(bridge)).field;
          assert.equal(
            await page.locator('[aria-invalid="true"]').count(),
            field ? 1 : 0,
            `${testCase.name}: the field at fault (${field ?? 'none'}) is marked`,
          );
          if (field)
            assert.equal(await page.locator(':focus').getAttribute('aria-invalid'), 'true', 'and focused');
          await assertAccessible(page, testCase.name);
          await capture(page, `sign-in-error-${testCase.name}`, scheme);
        } finally {
          await bridge.close();
        }
      }
    });

    it(`a refused start: plain words, the server's text, Retry in the window and the same notification (${scheme})`, async () => {
      const bridge = await startUiBridge();
      try {
        const { harness } = bridge;
        const { page } = await openPage(chromium(), bridge, scheme);
        await signInDemo(page);
        harness.sim.queueMeetingOutcome({
          kind: 'fail',
          reason: {
            code: 'Forbidden',
            subcode: 'NotEnabled',
            message: 'Online meetings are not enabled for this user.',
          },
        });
        await page.getByRole('button', { name: 'Start meeting now' }).click();
        const alert = page.getByRole('alert').filter({ hasText: "Your account can't host online meetings." });
        await alert.waitFor();
        await alert.getByText('Online meetings are not enabled for this user.').waitFor();
        await alert
          .getByText('Ask your IT admin to enable online meetings for you, then try again.')
          .waitFor();
        const notification = harness.desktop.notifications.find((n) => n.kind === 'failures');
        assert.equal(notification?.title, "Your account can't host online meetings. (demo)");
        assert.match(
          notification?.body ?? '',
          /Online meetings are not enabled for this user\. Ask your IT admin/,
        );
        await assertAccessible(page, 'start refused');
        await capture(page, 'home-start-refused', scheme);
        await alert.getByRole('button', { name: 'Retry' }).click();
        await page.getByLabel('Join link').waitFor();
        assert.equal(harness.sim.meetings().length, 1, 'Retry started the meeting');
      } finally {
        await bridge.close();
      }
    });
  }
});
