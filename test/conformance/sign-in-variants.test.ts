import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildProfile,
  defaultProfile,
  profileChoices,
  type ServerProfile,
} from '../../src/simulator/profile.js';
import {
  type ConformanceOptions,
  expectedOutcome,
  type FetchKind,
  runConformance,
  signInRequestBound,
} from '../helpers/conformance.js';

/** Every documented variant value apart from the default, one at a time. */
const variants: Array<Partial<ServerProfile>> = [
  {},
  ...Object.entries(profileChoices).flatMap(([name, values]) =>
    (values as readonly unknown[])
      .filter((value) => value !== defaultProfile[name as keyof ServerProfile])
      .map((value) => ({ [name]: value }) as Partial<ServerProfile>),
  ),
  // Combinations that only mean something together.
  { userRedirect: 'redirect-only', redirectHops: 2, redirectTarget: 'redirect-resource' },
  { userRedirect: 'redirect-with-applications', redirectTarget: 'foreign-host' },
  { poolDomain: 'split-domain', userRedirect: 'redirect-with-applications', redirectHops: 2 },
  { internalDiscovery: 'black-hole', externalDiscovery: 'same-domain-302' },
  { internalDiscovery: 'foreign-302', rootRedirect: true, applicationsFirstAnswer: 'reset' },
];

const fetchKinds: FetchKind[] = ['undici', 'electron-net-request', 'electron-net-fetch'];

export async function assertConforms(profile: ServerProfile, options: ConformanceOptions): Promise<void> {
  const result = await runConformance(profile, options);
  const expected = expectedOutcome(profile, options);
  const where = `${JSON.stringify(profile)} via ${options.fetch}: ${result.message ?? 'ok'}`;
  assert.equal(result.outcome, expected.outcome, where);
  assert.equal(result.phase, expected.phase, where);
  assert.deepEqual(result.credentialLeaks, [], `no credential to an untrusted host (${where})`);
  assert.deepEqual(result.foreignRequests, [], `nothing sent to the foreign host (${where})`);
  assert.ok(
    result.signInRequests <= signInRequestBound(profile),
    `${result.signInRequests} sign-in requests, at most ${signInRequestBound(profile)} (${where})`,
  );
  if (expected.phase !== 'sign-in')
    assert.equal(result.liveApplications, 1, `exactly one application (${where})`);
  assert.equal(
    result.meetingsCreated,
    expected.outcome === 'ok' ? 1 : 0,
    `meetings on the server (${where})`,
  );
  if (expected.outcome === 'ok') {
    assert.ok(result.joinUrlMatches, `the link is the server's meeting (${where})`);
    assert.ok(result.rosterMatches, `the roster is the server's: ${result.rosterDetail} (${where})`);
  }
}

describe('conformance: sign-in and start on every documented variant, through each fetch', () => {
  for (const fetch of fetchKinds) {
    for (const variant of variants) {
      const profile = buildProfile(undefined, variant);
      const name = Object.keys(variant).length ? JSON.stringify(variant) : 'the captured Lync 2013 server';
      it(`${name} via ${fetch}`, async () => {
        await assertConforms(profile, { fetch, trustSplitDomain: true });
      });
    }
  }
});
