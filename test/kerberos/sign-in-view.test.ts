import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { type Browser, chromium } from 'playwright-core';
import { createKerberosNegotiate } from '../../src/node/kerberos-negotiate.js';
import { createKerberosAcceptor } from '../../src/simulator/kerberos-acceptor.js';
import { type Kdc, startKdc } from '../helpers/kdc.js';
import { kerberosUnavailable, skipLoudly } from '../helpers/kdc-fixture.js';
import { startUiBridge } from '../helpers/ui-bridge.js';

const chromiumPath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));
const unavailable =
  (await kerberosUnavailable()) ?? (chromiumPath ? undefined : 'no Debian chromium installed');
const shots = 'test-results/screenshots';

describe('the sign-in view offers "Use my computer\'s sign-in" (Chromium, real KDC)', () => {
  let kdc: Kdc | undefined;
  let browser: Browser | undefined;

  before(async () => {
    if (unavailable) return;
    kdc = await startKdc();
    Object.assign(process.env, kdc.env);
    await kdc.kinit('alice');
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    mkdirSync(shots, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await kdc?.close();
  });

  it('ticked, it hides the password and signs in with the ticket alone', async (t) => {
    if (!kdc || !browser) return skipLoudly(t, unavailable ?? 'no KDC');
    const bridge = await startUiBridge({
      sim: { hostname: 'localhost', negotiate: await createKerberosAcceptor({ keytab: kdc.keytab }) },
      // What the desktop's composition root does, with GSSAPI standing in for Chromium's own.
      clientOptions: (account) =>
        account.sso ? { windowsSignIn: { negotiate: createKerberosNegotiate() } } : {},
    });
    try {
      const page = await (await browser.newContext({ viewport: { width: 400, height: 620 } })).newPage();
      await page.goto(bridge.url);
      await page.getByLabel('Sign-in address').fill('alice@meetnow.test');
      await page.getByText('Advanced').click();
      await page.getByLabel('Discovery URL').fill(bridge.harness.sim.discoverUrl);
      const password = page.getByLabel('Password', { exact: true });
      assert.ok(await password.isVisible());
      await page.getByLabel("Use my computer's sign-in").check();
      assert.ok(!(await password.isVisible()), 'no password field with single sign-on');
      await page.screenshot({ path: `${shots}/sign-in-sso-light.png` });
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Meet Now' }).waitFor();
      const tokenPosts = bridge.harness.sim.requestLog.filter((record) => record.kind === 'token');
      assert.deepEqual(
        tokenPosts.map((record) => record.credential ?? 'none'),
        ['none', 'negotiate'],
      );
      assert.equal(await bridge.harness.credentials.get('alice@meetnow.test'), undefined, 'nothing stored');
    } finally {
      await bridge.close();
    }
  });
});
