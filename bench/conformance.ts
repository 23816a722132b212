/**
 * `npm run conformance -- --seeds N [--from S]`: N random valid server profiles (seeds S…S+N-1),
 * each signed in to and started on; prints variant → outcome counts and every failing seed with
 * its profile (replay it with `meetnow sim --seed N`). Exits 1 if any seed does not conform.
 */
import { parseArgs } from 'node:util';
import { profileChoices, type ServerProfile } from '../src/simulator/profile.js';
import { describeSeed, runSeed, type SeedRun } from '../test/helpers/conformance-seeds.js';

const { values } = parseArgs({
  options: { seeds: { type: 'string', default: '2000' }, from: { type: 'string', default: '1' } },
});
const seeds = Number(values.seeds);
const from = Number(values.from);
const runs: SeedRun[] = [];
const started = Date.now();
for (let seed = from; seed < from + seeds; seed += 1) {
  const run = await runSeed(seed);
  runs.push(run);
  if (run.problems.length > 0) console.log(`FAIL ${describeSeed(run)}`);
  if ((seed - from + 1) % 100 === 0) console.error(`… ${seed - from + 1}/${seeds}`);
}

const outcomes = [...new Set(runs.map((run) => run.result.outcome))].sort();
console.log(`\n${seeds} seeds in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
console.log(
  ['variant=value'.padEnd(44), 'seeds'.padStart(6), ...outcomes.map((o) => ` ${o}`.padStart(18))].join(''),
);
for (const [name, choices] of Object.entries(profileChoices)) {
  for (const choice of choices as readonly unknown[]) {
    const matching = runs.filter((run) => run.profile[name as keyof ServerProfile] === choice);
    const counts = outcomes.map((outcome) =>
      String(matching.filter((run) => run.result.outcome === outcome).length).padStart(18),
    );
    console.log(
      [`${name}=${String(choice)}`.padEnd(44), String(matching.length).padStart(6), ...counts].join(''),
    );
  }
}
for (const fetch of ['undici', 'electron-net-request', 'electron-net-fetch']) {
  const matching = runs.filter((run) => run.options.fetch === fetch);
  const counts = outcomes.map((outcome) =>
    String(matching.filter((run) => run.result.outcome === outcome).length).padStart(18),
  );
  console.log([`fetch=${fetch}`.padEnd(44), String(matching.length).padStart(6), ...counts].join(''));
}
const requests = runs.filter((run) => run.expected.outcome === 'ok').map((run) => run.result.signInRequests);
requests.sort((a, b) => a - b);
console.log(
  `\nsign-in requests on seeds that signed in: min ${requests[0]}, median ${requests[Math.floor(requests.length / 2)]}, max ${requests.at(-1)}`,
);
const failing = runs.filter((run) => run.problems.length > 0);
console.log(`${runs.length - failing.length} conform, ${failing.length} do not`);
process.exitCode = failing.length > 0 ? 1 : 0;
