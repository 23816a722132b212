import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeSeed, runSeed } from '../helpers/conformance-seeds.js';

const seeds = Number(process.env.MEETNOW_CONFORMANCE_SEEDS ?? 200);

describe('conformance: random valid combinations of documented variants', () => {
  it(`${seeds} seeds each sign in and start one meeting, or give the documented error`, async () => {
    const failures: string[] = [];
    const outcomes = new Map<string, number>();
    for (let seed = 1; seed <= seeds; seed += 1) {
      const run = await runSeed(seed);
      outcomes.set(run.result.outcome, (outcomes.get(run.result.outcome) ?? 0) + 1);
      if (run.problems.length > 0) failures.push(describeSeed(run));
    }
    assert.deepEqual(failures, []);
    // The generator must reach both sides: sign-ins that work and each documented refusal.
    assert.ok((outcomes.get('ok') ?? 0) > 0, 'some seeds sign in and start');
    assert.ok((outcomes.get('untrusted-host') ?? 0) > 0, 'some seeds meet an untrusted host');
  });
});
