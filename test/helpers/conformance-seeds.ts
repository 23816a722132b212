import {
  describeProfile,
  randomProfile,
  type ServerProfile,
  seededRandom,
} from '../../src/simulator/profile.js';
import {
  type ConformanceOptions,
  type ConformanceResult,
  expectedOutcome,
  type FetchKind,
  runConformance,
  signInRequestBound,
} from './conformance.js';

const fetchKinds: FetchKind[] = ['undici', 'electron-net-request', 'electron-net-fetch'];

export interface SeedRun {
  seed: number;
  profile: ServerProfile;
  options: ConformanceOptions;
  result: ConformanceResult;
  expected: { outcome: string; phase: string };
  /** Why this seed does not conform; empty when it does. */
  problems: string[];
}

/** One seed: a random valid profile, fetch and trust list; the documented outcome and invariants checked. */
export async function runSeed(seed: number): Promise<SeedRun> {
  const profile = randomProfile(seed);
  const random = seededRandom(seed ^ 0x5eed);
  const options: ConformanceOptions = {
    fetch: fetchKinds[Math.floor(random() * fetchKinds.length)] ?? 'undici',
    trustSplitDomain: random() < 0.8,
  };
  const result = await runConformance(profile, options);
  const expected = expectedOutcome(profile, options);
  const problems: string[] = [];
  if (result.outcome !== expected.outcome || result.phase !== expected.phase)
    problems.push(
      `${result.outcome}/${result.phase} instead of ${expected.outcome}/${expected.phase}: ${result.message}`,
    );
  if (result.credentialLeaks.length > 0)
    problems.push(`credentials leaked: ${result.credentialLeaks.join(', ')}`);
  if (result.foreignRequests.length > 0)
    problems.push(
      `${result.foreignRequests.length} requests to the foreign host: ${result.foreignRequests.join(', ')}`,
    );
  if (result.signInRequests > signInRequestBound(profile))
    problems.push(`${result.signInRequests} sign-in requests > ${signInRequestBound(profile)}`);
  if (expected.phase !== 'sign-in' && result.liveApplications !== 1)
    problems.push(`${result.liveApplications} live applications`);
  if (result.meetingsCreated !== (expected.outcome === 'ok' ? 1 : 0))
    problems.push(`${result.meetingsCreated} meetings created`);
  if (expected.outcome === 'ok' && !result.rosterMatches)
    problems.push(`roster mismatch: ${result.rosterDetail}`);
  return { seed, profile, options, result, expected, problems };
}

/** How a failing seed is printed: enough to replay it (`meetnow sim --seed N`, or the profile). */
export function describeSeed(run: SeedRun): string {
  return `seed ${run.seed} (${run.options.fetch}, split domain ${run.options.trustSplitDomain ? 'trusted' : 'not trusted'}): ${describeProfile(run.profile)} → ${run.problems.join('; ')}`;
}
