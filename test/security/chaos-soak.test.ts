import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';

describe('chaos soak (short version; the long one is bench/soak.ts --presses 1000)', () => {
  it('every press ends in exactly one meeting or one typed error, with no duplicate, leak or late press', () => {
    const run = spawnSync(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', 'bench/soak.ts', '--presses', '25', '--seed', '7', '--json'],
      { encoding: 'utf8', timeout: 150_000 },
    );
    const result = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}');
    assert.equal(run.status, 0, JSON.stringify(result));
    assert.equal(result.presses, 25);
    assert.equal(result.duplicates, 0);
    assert.equal(result.late, 0);
    assert.equal(result.untypedErrors, 0);
    assert.equal(result.timersLeaked, 0);
    assert.equal(result.listenersEnd, result.listenersStart);
    const errors = Object.values(result.errors as Record<string, number>).reduce(
      (sum, count) => sum + count,
      0,
    );
    assert.equal(result.meetings + errors, result.presses, 'each press has exactly one outcome');
    assert.ok(result.faultsInjected > 10, 'the soak really injected faults');
  });
});
