import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before } from 'node:test';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { UiBridge } from '../helpers/ui-bridge.js';

// Shared by the renderer tests: Debian's Chromium through playwright-core, axe, screenshots.

export const chromiumPath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) =>
  existsSync(path),
);
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const shots = 'test-results/screenshots';
mkdirSync(shots, { recursive: true });

export const skipWithoutChromium = chromiumPath ? false : 'no Debian chromium installed';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface PageOptions {
  colorScheme?: 'light' | 'dark';
  /** 2 emulates 200 % zoom: half the CSS viewport at twice the pixel density. */
  zoom?: 1 | 2;
  height?: number;
}

export async function openPage(
  browser: Browser,
  bridge: UiBridge,
  options: PageOptions | 'light' | 'dark' = {},
): Promise<{ page: Page; dialogs: string[] }> {
  const {
    colorScheme = 'light',
    zoom = 1,
    height = 620,
  } = typeof options === 'string' ? { colorScheme: options } : options;
  const context = await browser.newContext({
    viewport: { width: Math.round(400 / zoom), height: Math.round(height / zoom) },
    deviceScaleFactor: zoom,
    colorScheme,
  });
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(bridge.url);
  return { page, dialogs };
}

/** axe-core in the page: no serious or critical violation. */
export async function assertAccessible(page: Page, label: string): Promise<void> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run(
            context: unknown,
            options: unknown,
          ): Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }>;
        };
      }
    ).axe;
    const result = await axe.run((globalThis as unknown as { document: unknown }).document, {
      resultTypes: ['violations'],
    });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      count: violation.nodes.length,
    }));
  });
  const serious = violations.filter(
    (violation) => violation.impact === 'serious' || violation.impact === 'critical',
  );
  assert.deepEqual(serious, [], `${label}: ${JSON.stringify(violations)}`);
}

export async function capture(
  page: Page,
  name: string,
  scheme: 'light' | 'dark',
  fullPage = false,
): Promise<void> {
  await page.screenshot({ path: `${shots}/${name}-${scheme}.png`, fullPage });
}

/** What has the keyboard focus: its role-ish tag and accessible text. */
export function focused(page: Page): Promise<string> {
  // A string, so this Node-side file needs no DOM types.
  return page.evaluate(`(() => {
    const active = document.activeElement;
    if (!active || active === document.body) return 'body';
    const label = active.getAttribute('aria-label') || active.textContent.trim() || active.id;
    return active.tagName.toLowerCase() + ':' + label;
  })()`);
}

/** Signs in to the demo server from the sign-in screen. */
export async function signInDemo(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Use the demo server' }).click();
  await page.getByRole('button', { name: 'Start meeting now' }).waitFor();
}

/** Polls an async condition (page state) until it holds; fails after the deadline. No fixed sleeps. */
export async function eventually(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** One Chromium for a describe block: launched before its tests, closed after. */
export function sharedBrowser(): () => Browser {
  let browser: Browser | undefined;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('Chromium is not running (called outside a test?)');
    return browser;
  };
}
