import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isHostTrusted } from '../../src/main/ucwa/trust.js';
import { buildProfile, type ServerProfile } from '../../src/simulator/profile.js';
import { startSimulator } from '../../src/simulator/server.js';
import { runCli } from '../helpers/cli-process.js';
import { expectedOutcome, splitDomainOf } from '../helpers/conformance.js';
import { fastTiming } from '../helpers/raw-ucwa.js';
import { alice } from '../helpers/sim-fixture.js';

/** sysexits the README promises for each documented outcome. */
const exitCodes: Record<string, number> = {
  ok: 0,
  'untrusted-host': 77,
  'auth-unsupported': 77,
  'not-allowed': 77,
  protocol: 76,
};

const variants: Array<Partial<ServerProfile>> = [
  {},
  { internalDiscovery: 'root' },
  { internalDiscovery: 'refused' },
  { internalDiscovery: 'black-hole' },
  { internalDiscovery: 'tls-mismatch' },
  { internalDiscovery: 'foreign-302' },
  { internalDiscovery: 'captive-portal' },
  { externalDiscovery: 'same-domain-302' },
  { rootRedirect: true },
  { userRedirect: 'redirect-only' },
  { userRedirect: 'redirect-with-applications', redirectTarget: 'redirect-resource' },
  { userRedirect: 'redirect-only', redirectHops: 2 },
  { userRedirect: 'redirect-only', redirectTarget: 'foreign-host' },
  { poolDomain: 'split-domain', userRedirect: 'redirect-only' },
  { applicationsFirstAnswer: 'iis-500' },
  { applicationsFirstAnswer: '503-retry-after' },
  { applicationsFirstAnswer: 'reset' },
  { applicationsFirstAnswer: '502' },
  { applicationsFirstAnswer: '403' },
  { sameEndpoint: 'replaces' },
  { startOnlineMeetingLink: 'hidden-by-policy' },
  { grants: 'no-password' },
  { challenge: 'split' },
  { jsonContentType: 'plain' },
];

describe('conformance: the real CLI (a subprocess) against every sign-in variant, by autodiscovery', () => {
  for (const variant of variants) {
    const profile = buildProfile(undefined, variant);
    const expected = expectedOutcome(profile, { fetch: 'undici', trustSplitDomain: true });
    const name = Object.keys(variant).length ? JSON.stringify(variant) : 'the captured Lync 2013 server';
    it(`${name} → ${expected.outcome} (exit ${exitCodes[expected.outcome]})`, async () => {
      const sim = await startSimulator({ profile, namedHosts: true, timing: fastTiming });
      const dir = mkdtempSync(join(tmpdir(), 'meetnow-conformance-'));
      try {
        const ca = join(dir, 'ca.pem');
        writeFileSync(ca, sim.caPem ?? '');
        const split = splitDomainOf(sim);
        const run = runCli(
          [
            'start',
            '--once',
            '--json',
            '--user',
            alice.username,
            '--password-stdin',
            '--ca-file',
            ca,
            ...sim.connectTo.flatMap((rule) => [
              '--connect-to',
              `${rule.host}:${rule.port}:${rule.toHost}:${rule.toPort}`,
            ]),
            ...(split ? ['--trusted-domain', split] : []),
          ],
          { stdin: `${alice.password}\n` },
        );
        const code = await run.exited;
        const output = run.stdout() + run.stderr();
        assert.equal(code, exitCodes[expected.outcome], output);
        assert.doesNotMatch(output, new RegExp(alice.password), 'the password never appears');
        if (expected.outcome === 'ok') {
          const printed = JSON.parse(run.stdout().trim());
          assert.equal(sim.conferencesCreated, 1, 'one meeting on the server');
          assert.ok(
            sim.requestLog.some(
              (record) => record.url.includes('/onlineMeetings/') || record.kind === 'onlineMeeting',
            ),
          );
          assert.match(
            printed.joinUrl,
            /^https:\/\/pool\d\./,
            'the link of the server that made the meeting',
          );
        } else {
          assert.equal(run.stdout(), '', 'nothing on stdout');
          assert.equal(run.stderr().trim().split('\n').length, 1, `one line on stderr: ${run.stderr()}`);
          assert.equal(sim.conferencesCreated, 0);
          if (expected.outcome === 'untrusted-host')
            assert.match(
              run.stderr(),
              /run again with --approve-host foreign-cloud\.example\./,
              'says how to approve it',
            );
        }
        const policy = {
          domain: sim.directory.domain,
          trustedHosts: [],
          trustedDomains: split ? [split] : [],
          approvedHosts: [],
        };
        const leaks = sim.requestLog.filter(
          (record) => record.credential && !isHostTrusted(record.host.replace(/:\d+$/, ''), policy),
        );
        assert.deepEqual(leaks, [], 'no credential to an untrusted host');
        assert.equal(sim.foreignRequests.length, 0, 'nothing sent to the foreign host');
      } finally {
        await sim.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
