import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { UcwaClientOptions } from '../../src/main/ucwa/client.js';
import { type NegotiateProvider, SsoError, type SsoFailure } from '../../src/main/ucwa/negotiate.js';
import { createKerberosNegotiate } from '../../src/node/kerberos-negotiate.js';
import { createKerberosAcceptor } from '../../src/simulator/kerberos-acceptor.js';
import type { NegotiateAcceptor } from '../../src/simulator/negotiate-acceptor.js';
import type { SimulatorOptions } from '../../src/simulator/server.js';
import { type ClientSession, clientAndSim } from '../helpers/client-fixture.js';
import { type Kdc, type KerberosEnv, startKdc } from '../helpers/kdc.js';
import { kerberosUnavailable, shiftCacheClock, skipLoudly } from '../helpers/kdc-fixture.js';
import { alice } from '../helpers/sim-fixture.js';

const unavailable = await kerberosUnavailable();

/** A provider that counts what it was asked for, around the real GSSAPI one. */
function countingProvider(): NegotiateProvider & { hosts: string[] } {
  const real = createKerberosNegotiate();
  const hosts: string[] = [];
  return {
    mechanism: real.mechanism,
    hosts,
    initiate: (host) => {
      hosts.push(host);
      return real.initiate(host);
    },
  };
}

const noPassword: UcwaClientOptions['credentials'] = async () => {
  throw new Error('single sign-on asked for a password');
};

describe('the Windows grant over Negotiate against a real MIT KDC (in process)', () => {
  let kdc: Kdc | undefined;
  let acceptor: NegotiateAcceptor;

  before(async () => {
    if (unavailable) return;
    kdc = await startKdc({ users: { alice: 'alice-kerberos-pass', bob: 'bob-kerberos-pass' } });
    // The Kerberos library of this process (client and acceptor) reads only the throwaway realm.
    Object.assign(process.env, kdc.env);
    acceptor = await createKerberosAcceptor({ keytab: kdc.keytab });
  });
  after(async () => {
    await kdc?.close();
  });

  /** `cache`: which ticket cache the client's library uses for this test. */
  async function session(
    cache: KerberosEnv,
    simOptions: SimulatorOptions = {},
    provider: NegotiateProvider = countingProvider(),
  ): Promise<ClientSession> {
    process.env.KRB5CCNAME = cache.KRB5CCNAME;
    return clientAndSim(
      { hostname: 'localhost', negotiate: acceptor, ...simOptions },
      { credentials: noPassword, windowsSignIn: { negotiate: provider } },
    );
  }

  async function expectSsoFailure(
    run: ClientSession,
    reason: SsoFailure,
    pattern: RegExp,
  ): Promise<SsoError> {
    const error = await run.client
      .signIn({ sipAddress: alice.username, discoverUrl: run.sim.discoverUrl })
      .then(
        () => assert.fail('signed in'),
        (caught: unknown) => caught,
      );
    assert.ok(error instanceof SsoError, `an SsoError, not ${String(error)}`);
    assert.equal(error.reason, reason, error.message);
    assert.match(error.message, pattern);
    const credentials = run.sim.requestLog.map((record) => record.credential);
    assert.ok(!credentials.includes('password'), 'no password grant');
    assert.equal(run.sim.tokens.issuedCount, 0, 'no token issued');
    return error;
  }

  /** A sign-in that must fail for `reason`, then `more` checks on what the server saw. */
  async function ssoFails(
    cache: KerberosEnv,
    simOptions: SimulatorOptions,
    reason: SsoFailure,
    pattern: RegExp,
    more: (run: ClientSession) => void = () => {},
    provider?: NegotiateProvider,
  ): Promise<void> {
    const run = await session(cache, simOptions, provider);
    try {
      await expectSsoFailure(run, reason, pattern);
      more(run);
    } finally {
      await run.close();
    }
  }

  /** A fresh cache with alice's ticket, its clock moved by `shiftSeconds`. */
  async function ticket(name: string, shiftSeconds = 0): Promise<KerberosEnv> {
    const cache = (kdc as Kdc).envWithCache(name);
    await (kdc as Kdc).kinit('alice', { env: cache });
    if (shiftSeconds) shiftCacheClock(cache, shiftSeconds);
    return cache;
  }

  it('signs in and starts a meeting with a ticket and no password', async (t) => {
    if (!kdc) return skipLoudly(t, unavailable ?? 'no KDC');
    await kdc.kinit('alice');
    const provider = countingProvider();
    const run = await session(kdc.env, {}, provider);
    try {
      const me = await run.client.signIn({ sipAddress: alice.username, discoverUrl: run.sim.discoverUrl });
      assert.equal(me.uri, alice.sip, 'the principal alice@MEETNOW.TEST is the directory user alice');
      const meeting = await run.client.startMeeting({ subject: 'SSO' });
      assert.match(meeting.info?.joinUrl ?? '', /^https:\/\//);
      assert.deepEqual(provider.hosts, ['localhost'], 'one SPNEGO token, for HTTP@localhost');
      const tokenPosts = run.sim.requestLog.filter((record) => record.kind === 'token');
      assert.deepEqual(
        tokenPosts.map((record) => [record.status, record.credential ?? 'none']),
        [
          [401, 'none'],
          [200, 'negotiate'],
        ],
        'a bare windows-grant POST (401 Negotiate), then the same POST with the token',
      );
      assert.ok(!run.sim.requestLog.some((record) => record.credential === 'password'));
      const signInRequests = run.requests.filter(
        (line) => !/\/events\?|onlineMeeting|conversation/i.test(line),
      );
      // Counted for the report: discovery, user (401), token (401), token (200), user, applications.
      assert.equal(signInRequests.length, 6, signInRequests.join('\n'));
    } finally {
      await run.close();
    }
  });

  it('renews the token by single sign-on again, before it expires, with no password', async (t) => {
    if (!kdc) return skipLoudly(t, unavailable ?? 'no KDC');
    await kdc.kinit('alice');
    const run = await session(kdc.env, { timing: { tokenLifetimeSec: 100 } });
    try {
      await run.client.signIn({ sipAddress: alice.username, discoverUrl: run.sim.discoverUrl });
      const grants = run.client.tokenGrants;
      run.clock.offsetMs = 85_000; // 85 % of the token's life used
      await run.client.searchPeople('bob');
      assert.equal(run.client.tokenGrants, grants + 1);
      assert.deepEqual(
        run.sim.requestLog
          .filter((record) => record.kind === 'token')
          .map((record) => record.credential ?? 'none'),
        ['none', 'negotiate', 'none', 'negotiate'],
      );
    } finally {
      await run.close();
    }
  });

  it('verifies the server: a final Negotiate token that is not the acceptor’s fails the sign-in', async (t) => {
    if (!kdc) return skipLoudly(t, unavailable ?? 'no KDC');
    await kdc.kinit('alice');
    const forging: NegotiateAcceptor = {
      accept: async (token, host) => {
        const real = await acceptor.accept(token, host);
        return {
          principal: real.principal,
          reply: 'oYGJMIGGoAMKAQChCwYJKoZIhvcSAQICooFxBG9gbQYJKoZIhvcSAQICAgIAb14wXKADAgEFoQMCAQ8=',
        };
      },
    };
    const run = await session(kdc.env, { negotiate: forging });
    try {
      const error = await run.client
        .signIn({ sipAddress: alice.username, discoverUrl: run.sim.discoverUrl })
        .then(
          () => assert.fail('signed in with a forged server token'),
          (caught: unknown) => caught,
        );
      assert.ok(error instanceof SsoError && error.reason === 'server-unverified', String(error));
    } finally {
      await run.close();
    }
  });

  it('no ticket: says to sign in to the domain or run kinit, sends no token', async (t) => {
    if (!kdc) return skipLoudly(t, unavailable ?? 'no KDC');
    await ssoFails(kdc.envWithCache('empty'), {}, 'no-ticket', /has none.*kinit/, (run) =>
      assert.ok(!run.sim.requestLog.some((record) => record.credential === 'negotiate')),
    );
  });

  it('an expired ticket: says to renew it', async (t) => {
    if (!kdc) return skipLoudly(t, unavailable ?? 'no KDC');
    // Past the realm's 10 h ticket life.
    await ssoFails(await ticket('expired', 11 * 3600), {}, 'ticket-expired', /expired\. Renew it/);
  });

  it('clock skew: says to correct the time', async (t) => {
    if (!kdc) return skipLoudly(t, unavailable ?? 'no KDC');
    // An hour off; MIT's tolerance is 5 minutes.
    await ssoFails(await ticket('skewed', 3600), {}, 'clock-skew', /clock is too far/);
  });

  it('no service principal for the host: names the SPN to register', async (t) => {
    if (!kdc) return skipLoudly(t, unavailable ?? 'no KDC');
    // The pool is 127.0.0.1, and the realm has only HTTP/localhost.
    await ssoFails(
      await ticket('no-spn'),
      { hostname: '127.0.0.1' },
      'no-service-principal',
      /HTTP\/127\.0\.0\.1/,
    );
  });

  it('a principal of another realm: the server refuses it, and no password is tried', async (t) => {
    if (!kdc) return skipLoudly(t, unavailable ?? 'no KDC');
    await ssoFails(
      await ticket('other-realm'),
      { kerberosRealm: 'CORP.OTHER.TEST' },
      'refused',
      /did not accept your computer's sign-in/,
    );
  });

  it('with the fallback asked for, a refused sign-on falls back to the password grant', async (t) => {
    if (!kdc) return skipLoudly(t, unavailable ?? 'no KDC');
    process.env.KRB5CCNAME = kdc.envWithCache('none-for-fallback').KRB5CCNAME;
    const run = await clientAndSim(
      { hostname: 'localhost', negotiate: acceptor },
      { windowsSignIn: { negotiate: countingProvider(), passwordFallback: true } },
    );
    try {
      await run.client.signIn({ sipAddress: alice.username, discoverUrl: run.sim.discoverUrl });
      const tokenPosts = run.sim.requestLog.filter((record) => record.kind === 'token');
      assert.deepEqual(
        tokenPosts.map((record) => record.credential ?? 'none'),
        ['none', 'password'],
        'the windows grant (no ticket, so no token), then the password grant',
      );
    } finally {
      await run.close();
    }
  });

  it('a server that does not offer the Windows grant: says so, and asks for no password', async (t) => {
    if (!kdc) return skipLoudly(t, unavailable ?? 'no KDC');
    await ssoFails(
      await ticket('not-offered'),
      { profile: { windowsGrant: 'not-offered' } },
      'not-offered',
      /does not offer single sign-on/,
      (run) => assert.ok(!run.sim.requestLog.some((record) => record.kind === 'token'), 'no token request'),
    );
  });

  it('an NTLM-only front end: says Kerberos must be enabled, sends no token', async (t) => {
    if (!kdc) return skipLoudly(t, unavailable ?? 'no KDC');
    const provider = countingProvider();
    await ssoFails(
      await ticket('ntlm-only'),
      { profile: { windowsGrant: 'ntlm-only' } },
      'ntlm-only',
      /offers only NTLM/,
      () => assert.deepEqual(provider.hosts, []),
      provider,
    );
  });

  // Last: it stops the KDC.
  it('KDC down: says the Kerberos server cannot be reached', async (t) => {
    if (!kdc) return skipLoudly(t, unavailable ?? 'no KDC');
    const cache = await ticket('kdc-down'); // a TGT, but no service ticket yet
    await kdc.stopKdc();
    await ssoFails(cache, {}, 'kdc-unreachable', /KDC\) cannot be reached/);
  });
});
