import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { defaultDirectory } from '../../src/simulator/directory.js';
import { createKerberosAcceptor } from '../../src/simulator/kerberos-acceptor.js';
import type { NegotiateAcceptor } from '../../src/simulator/negotiate-acceptor.js';
import { type SimulatorOptions, startSimulator, type UcwaSimulator } from '../../src/simulator/server.js';
import { runCli } from '../helpers/cli-process.js';
import { type Kdc, type KerberosEnv, startKdc } from '../helpers/kdc.js';
import { kerberosUnavailable, shiftCacheClock, skipLoudly } from '../helpers/kdc-fixture.js';
import { fastTiming } from '../helpers/raw-ucwa.js';
import { alice } from '../helpers/sim-fixture.js';

const unavailable = await kerberosUnavailable();
const kerberosPasswords = { alice: 'alice-kerberos-pass', bob: 'bob-kerberos-pass' };
/** Every secret that exists in these tests: none may reach the CLI by any way in. */
const allPasswords = [
  ...Object.values(kerberosPasswords),
  ...defaultDirectory().users.map((user) => user.password),
];

describe('meetnow start --sso: the real CLI signs in with a Kerberos ticket and no password', () => {
  let kdc: Kdc | undefined;
  let acceptor: NegotiateAcceptor;
  let dir: string;

  before(async () => {
    if (unavailable) return;
    // The pools of a named-hosts simulator are pool1/pool2.meetnow.test: SPNs HTTP/<pool FQDN>.
    kdc = await startKdc({
      users: kerberosPasswords,
      serviceHosts: ['pool1.meetnow.test', 'pool2.meetnow.test'],
    });
    Object.assign(process.env, kdc.env); // for the simulator's acceptor in this process
    acceptor = await createKerberosAcceptor({ keytab: kdc.keytab });
    dir = mkdtempSync(join(tmpdir(), 'meetnow-cli-sso-'));
  });
  after(async () => {
    await kdc?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function withSim<T>(options: SimulatorOptions, body: (sim: UcwaSimulator) => Promise<T>): Promise<T> {
    const sim = await startSimulator({
      namedHosts: true,
      timing: fastTiming,
      negotiate: acceptor,
      ...options,
    });
    try {
      return await body(sim);
    } finally {
      await sim.close();
    }
  }

  async function startSso(sim: UcwaSimulator, cache: KerberosEnv) {
    const ca = join(dir, `ca-${portOf(sim)}.pem`);
    writeFileSync(ca, sim.caPem ?? '');
    const rules = sim.connectTo.map((rule) => `${rule.host}:${rule.port}:${rule.toHost}:${rule.toPort}`);
    return startSsoWith(ca, rules, cache);
  }

  /** Runs `meetnow start --sso` by autodiscovery; stdin is closed empty, the environment checked. */
  async function startSsoWith(ca: string, connectTo: readonly string[], cache: KerberosEnv) {
    const args = [
      'start',
      '--sso',
      '--once',
      '--json',
      '--user',
      alice.username,
      '--ca-file',
      ca,
      ...connectTo.flatMap((rule) => ['--connect-to', rule]),
    ];
    const env = { KRB5_CONFIG: cache.KRB5_CONFIG, KRB5CCNAME: cache.KRB5CCNAME };
    const seenEnv = Object.values({ ...process.env, ...env }).join('\n');
    for (const password of allPasswords) {
      assert.ok(!args.join(' ').includes(password), 'no password on the command line');
      assert.ok(!seenEnv.includes(password), 'no password in the environment');
    }
    const run = runCli(args, { stdin: '', env });
    const code = await run.exited;
    return { code, stdout: run.stdout(), stderr: run.stderr() };
  }

  const portOf = (sim: UcwaSimulator) => new URL(sim.origin(0)).port;
  const tokenCredentials = (sim: UcwaSimulator) =>
    sim.requestLog.filter((record) => record.kind === 'token').map((record) => record.credential ?? 'none');

  it('signs in and starts a meeting: exit 0, the join link, a Negotiate token and no password', async (t) => {
    if (!kdc) return skipLoudly(t, unavailable ?? 'no KDC');
    await kdc.kinit('alice');
    await withSim({}, async (sim) => {
      const result = await startSso(sim, kdc!.env);
      assert.equal(result.code, 0, result.stderr);
      const printed = JSON.parse(result.stdout.trim().split('\n')[0] ?? '{}');
      assert.match(printed.joinUrl, /^https:\/\//);
      assert.deepEqual(tokenCredentials(sim), ['none', 'negotiate']);
      assert.ok(!sim.requestLog.some((record) => record.credential === 'password'));
      const signIn = sim.requestLog.filter((record) =>
        ['root', 'user', 'token', 'applications'].includes(record.kind),
      );
      // Counted for the report (pool requests; discovery hosts are listeners of their own).
      assert.equal(
        signIn.length,
        6,
        signIn.map((record) => `${record.method} ${record.kind} ${record.status}`).join('\n'),
      );
    });
  });

  it('`meetnow sim --kerberos-keytab` and `meetnow start --sso`: two real processes, one meeting', async (t) => {
    if (!kdc) return skipLoudly(t, unavailable ?? 'no KDC');
    await kdc.kinit('alice');
    const sim = runCli(['sim', '--json', '--named-hosts', '--kerberos-keytab', kdc.keytab], { env: kdc.env });
    try {
      const summary = JSON.parse(await sim.firstLine) as { ca: string; connectTo: string[] };
      const result = await startSsoWith(summary.ca, summary.connectTo, kdc.env);
      assert.equal(result.code, 0, result.stderr);
      assert.match(JSON.parse(result.stdout.trim()).joinUrl, /^https:\/\//);
    } finally {
      sim.kill('SIGTERM');
      await sim.exited;
    }
  });

  it('`meetnow sim --help` says NTLM is not simulated', async () => {
    const help = runCli(['sim', '--help']);
    assert.equal(await help.exited, 0);
    assert.match(help.stdout(), /NTLM is not simulated/);
  });

  it('no ticket: exit 77 and a plain next step', async (t) => {
    if (!kdc) return skipLoudly(t, unavailable ?? 'no KDC');
    await withSim({}, async (sim) => {
      const result = await startSso(sim, kdc!.envWithCache('cli-empty'));
      assert.equal(result.code, 77, result.stderr);
      assert.match(result.stderr, /has none\. Sign in to your domain \(or run kinit\)/);
      assert.deepEqual(tokenCredentials(sim), ['none']);
    });
  });

  it('an expired ticket: exit 77, "renew it"', async (t) => {
    if (!kdc) return skipLoudly(t, unavailable ?? 'no KDC');
    const cache = kdc.envWithCache('cli-expired');
    await kdc.kinit('alice', { env: cache });
    shiftCacheClock(cache, 11 * 3600);
    await withSim({}, async (sim) => {
      const result = await startSso(sim, cache);
      assert.equal(result.code, 77, result.stderr);
      assert.match(result.stderr, /Kerberos ticket has expired/);
    });
  });

  it('a ticket of a realm the server does not map: exit 77, refused, no password tried', async (t) => {
    if (!kdc) return skipLoudly(t, unavailable ?? 'no KDC');
    await kdc.kinit('alice');
    await withSim({ kerberosRealm: 'CORP.OTHER.TEST' }, async (sim) => {
      const result = await startSso(sim, kdc!.env);
      assert.equal(result.code, 77, result.stderr);
      assert.match(result.stderr, /did not accept your computer's sign-in/);
      assert.deepEqual(tokenCredentials(sim), ['none', 'negotiate']);
    });
  });

  it('a redirect to an untrusted host that asks for Negotiate: exit 77, that host gets nothing', async (t) => {
    if (!kdc) return skipLoudly(t, unavailable ?? 'no KDC');
    await kdc.kinit('alice');
    await withSim({ preset: 'hostile-redirect' }, async (sim) => {
      const result = await startSso(sim, kdc!.env);
      assert.equal(result.code, 77, result.stderr);
      assert.match(result.stderr, /ucwa\.foreign-cloud\.example/);
      assert.deepEqual(sim.foreignRequests, [], 'nothing at all reached the foreign host');
    });
  });

  // Last: it stops the KDC.
  it('KDC down: exit 77, the KDC cannot be reached', async (t) => {
    if (!kdc) return skipLoudly(t, unavailable ?? 'no KDC');
    const cache = kdc.envWithCache('cli-kdc-down');
    await kdc.kinit('alice', { env: cache });
    await kdc.stopKdc();
    await withSim({}, async (sim) => {
      const result = await startSso(sim, cache);
      assert.equal(result.code, 77, result.stderr);
      assert.match(result.stderr, /Kerberos server \(KDC\) cannot be reached/);
    });
  });
});
