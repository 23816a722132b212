import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AppController } from '../../src/main/app/app-controller.js';
import { MemorySettingsBackend, SettingsStore } from '../../src/main/app/settings-store.js';
import { ShortcutService } from '../../src/main/app/shortcut-service.js';
import {
  createAmbientNegotiate,
  desktopSignIn,
  negotiateAllowList,
  withdrawAmbientNegotiate,
} from '../../src/main/electron/ambient-negotiate.js';
import { createNetRequestFetch } from '../../src/main/electron/net-request-fetch.js';
import { InMemoryCredentialStore } from '../../src/main/secrets/credential-store.js';
import { type AccountSettings, SessionService } from '../../src/main/session/session-service.js';
import { UcwaClient } from '../../src/main/ucwa/client.js';
import { SsoError } from '../../src/main/ucwa/negotiate.js';
import { createKerberosNegotiate } from '../../src/node/kerberos-negotiate.js';
import { payloadSchemas } from '../../src/shared/ipc-contract.js';
import { createKerberosAcceptor } from '../../src/simulator/kerberos-acceptor.js';
import { startSimulator, type UcwaSimulator } from '../../src/simulator/server.js';
import { FakeDesktop, FakeShortcuts } from '../helpers/app-fixture.js';
import { fakeNetRequest } from '../helpers/electron-net.js';
import { type Kdc, startKdc } from '../helpers/kdc.js';
import { ambientNegotiateNet, chromiumAllows, FakeAuthSession } from '../helpers/kdc-ambient-net.js';
import { kerberosUnavailable, skipLoudly } from '../helpers/kdc-fixture.js';
import { fastTiming } from '../helpers/raw-ucwa.js';
import { alice } from '../helpers/sim-fixture.js';

describe('desktop single sign-on: the allow-list comes from the trust policy', () => {
  it('covers the SIP domain, trusted and approved domains (with their subdomains) and exact hosts', () => {
    const list = negotiateAllowList({
      domain: 'contoso.com',
      trustedDomains: ['sfb.contoso-corp.example'],
      approvedHosts: ['Pool.Example.org.'],
      trustedHosts: ['lyncdiscover.contoso.com', '10.0.0.5'],
    });
    assert.equal(
      list,
      'contoso.com,*.contoso.com,sfb.contoso-corp.example,*.sfb.contoso-corp.example,pool.example.org,*.pool.example.org,lyncdiscover.contoso.com,10.0.0.5',
    );
    assert.ok(chromiumAllows(list, 'pool1.contoso.com'));
    assert.ok(chromiumAllows(list, 'contoso.com'));
    assert.ok(!chromiumAllows(list, 'evilcontoso.com'), 'a suffix only at a dot');
    assert.ok(!chromiumAllows(list, 'contoso.com.evil.example'));
  });

  it('is never "*" and never wider than the policy, whatever the settings file holds', () => {
    const list = negotiateAllowList({
      domain: '*',
      trustedDomains: ['*', '*.corp.example', 'a.example,*', ' ', 'corp example', '..'],
      approvedHosts: ['*example.com'],
      trustedHosts: ['*'],
    });
    assert.equal(list, '');
    assert.ok(!chromiumAllows(list, 'anything.example'));
  });

  it('is set before each Windows grant and withdrawn for a password sign-in', async () => {
    const session = new FakeAuthSession();
    const provider = createAmbientNegotiate(session);
    provider.prepare?.({ domain: 'meetnow.test', trustedHosts: [], approvedHosts: [] });
    assert.deepEqual(session.calls, ['meetnow.test,*.meetnow.test']);
    assert.equal(await provider.initiate('pool1.meetnow.test'), undefined, 'Chromium holds the tokens');
    withdrawAmbientNegotiate(session);
    assert.equal(session.allowList, '');
  });
});

describe('desktop single sign-on: grant selection', () => {
  it('SSO chosen: the Windows grant through Chromium; not chosen: the password grant, Chromium withdrawn', () => {
    const session = new FakeAuthSession();
    const sso = desktopSignIn({ sso: true }, session);
    assert.equal(sso.windowsSignIn?.negotiate.mechanism, "your computer's sign-in");
    assert.equal(sso.windowsSignIn?.passwordFallback, undefined, 'no silent password fallback');
    assert.deepEqual(session.calls, [], 'the allow-list waits for the sign-in’s trust policy');
    assert.deepEqual(desktopSignIn({}, session), {});
    assert.deepEqual(session.calls, ['']);
  });

  it('the sign-in IPC call takes the choice as a boolean and nothing else', () => {
    const schema = payloadSchemas['meetnow:session:sign-in'];
    assert.ok(schema.safeParse({ sipAddress: 'alice@meetnow.test', remember: false, sso: true }).success);
    assert.ok(!schema.safeParse({ sipAddress: 'alice@meetnow.test', remember: false, sso: 'yes' }).success);
  });
});

const unavailable = await kerberosUnavailable();

describe('desktop single sign-on through net.request with Chromium-like ambient Negotiate (real KDC)', () => {
  let kdc: Kdc | undefined;
  let sim: UcwaSimulator;

  before(async () => {
    if (unavailable) return;
    kdc = await startKdc();
    Object.assign(process.env, kdc.env);
    await kdc.kinit('alice');
    sim = await startSimulator({
      hostname: 'localhost',
      timing: fastTiming,
      negotiate: await createKerberosAcceptor({ keytab: kdc.keytab }),
    });
  });
  after(async () => {
    await sim?.close();
    await kdc?.close();
  });

  /** The OS ticket, as Chromium's GSSAPI library would use it; none when the library fails. */
  const osTicket = (host: string) =>
    createKerberosNegotiate()
      .initiate(host)
      .then(
        (exchange) => exchange?.token,
        () => undefined,
      );

  function desktopClient(session: FakeAuthSession): UcwaClient {
    const net = ambientNegotiateNet(fakeNetRequest({ ca: sim.caPem ?? '' }), session, osTicket);
    return new UcwaClient({
      fetch: createNetRequestFetch(net),
      credentials: async () => assert.fail('no password may be asked for'),
      windowsSignIn: { negotiate: createAmbientNegotiate(session) },
      userAgent: 'MeetNowTest/1.0',
      endpointId: 'desktop-sso',
    });
  }

  it('signs in with no password: the allow-list names the trusted hosts, Chromium answers Negotiate', async (t) => {
    if (!kdc) return skipLoudly(t, unavailable ?? 'no KDC');
    const session = new FakeAuthSession();
    const client = desktopClient(session);
    try {
      const me = await client.signIn({ sipAddress: alice.username, discoverUrl: sim.discoverUrl });
      assert.equal(me.uri, alice.sip);
      assert.deepEqual(session.calls, ['meetnow.test,*.meetnow.test,localhost']);
      const tokenPosts = sim.requestLog.filter((record) => record.kind === 'token');
      assert.deepEqual(
        tokenPosts.map((record) => record.credential ?? 'none'),
        ['none', 'negotiate'],
      );
    } finally {
      await client.signOut();
    }
  });

  it('the window\'s "Use my computer\'s sign-in" reaches the client: signed in, no password stored', async (t) => {
    if (!kdc) return skipLoudly(t, unavailable ?? 'no KDC');
    const session = new FakeAuthSession();
    const accounts: AccountSettings[] = [];
    const credentials = new InMemoryCredentialStore();
    const sessionService = new SessionService({
      credentials,
      createClient: (source, account) => {
        accounts.push(account);
        const net = ambientNegotiateNet(fakeNetRequest({ ca: sim.caPem ?? '' }), session, osTicket);
        return new UcwaClient({
          fetch: createNetRequestFetch(net),
          credentials: source,
          ...desktopSignIn(account, session),
          userAgent: 'MeetNowTest/1.0',
          endpointId: 'desktop-sso',
        });
      },
    });
    const settings = new SettingsStore(new MemorySettingsBackend());
    const newController = () =>
      new AppController({
        session: sessionService,
        settings,
        credentials,
        shortcut: new ShortcutService(new FakeShortcuts(), () => {}),
        desktop: new FakeDesktop(),
        demoServer: async () => assert.fail('no demo'),
        randomId: () => 'endpoint-fixed',
      });
    let controller = newController();
    try {
      const view = await controller.signIn({
        sipAddress: alice.username,
        discoverUrl: sim.discoverUrl,
        remember: true,
        sso: true,
      });
      assert.equal(view.status, 'ready', JSON.stringify(view));
      assert.equal(accounts[0]?.sso, true);
      assert.equal(await credentials.get(alice.username), undefined, 'no password stored');
      assert.equal(session.allowList, 'meetnow.test,*.meetnow.test,localhost');
      // The choice is remembered: the next launch signs in the same way, still with no password.
      assert.equal(settings.get().accountSso, true);
      await controller.dispose();
      controller = newController();
      await controller.start();
      assert.equal(sessionService.state.status, 'ready');
      assert.equal(accounts.length, 2);
      assert.equal(accounts[1]?.sso, true);
    } finally {
      await controller.dispose();
    }
  });

  it('a host off the allow-list: Chromium sends no token, the client says why', async (t) => {
    if (!kdc) return skipLoudly(t, unavailable ?? 'no KDC');
    const before = sim.requestLog.length;
    const session = new FakeAuthSession();
    // The sign-in's policy trusts only contoso.com: the simulator's host stays off the list.
    const provider = createAmbientNegotiate(session);
    const net = ambientNegotiateNet(fakeNetRequest({ ca: sim.caPem ?? '' }), session, osTicket);
    const fetch = createNetRequestFetch(net);
    provider.prepare?.({ domain: 'contoso.com', trustedHosts: [], approvedHosts: [] });
    const tokenUrl = new URL('/WebTicket/oauthtoken', sim.origin(0));
    const response = await fetch(tokenUrl.href, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=urn%3Amicrosoft.rtc%3Awindows',
      signal: new AbortController().signal,
      redirect: 'manual',
    });
    assert.equal(response.status, 401);
    const sent = sim.requestLog.slice(before);
    assert.deepEqual(
      sent.map((record) => record.credential ?? 'none'),
      ['none'],
      'one bare POST, no Negotiate token',
    );
  });

  it('no ticket on the computer: the 401 reaches the client, which says so and asks for no password', async (t) => {
    if (!kdc) return skipLoudly(t, unavailable ?? 'no KDC');
    process.env.KRB5CCNAME = kdc.envWithCache('desktop-empty').KRB5CCNAME;
    const session = new FakeAuthSession();
    const client = desktopClient(session);
    try {
      await assert.rejects(
        client.signIn({ sipAddress: alice.username, discoverUrl: sim.discoverUrl }),
        (error: unknown) =>
          error instanceof SsoError &&
          error.reason === 'unavailable' &&
          /no Kerberos ticket/.test(error.message),
      );
      assert.equal(session.allowList, 'meetnow.test,*.meetnow.test,localhost');
    } finally {
      process.env.KRB5CCNAME = kdc.env.KRB5CCNAME;
      await client.signOut();
    }
  });
});
