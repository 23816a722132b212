import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';

describe('chaos soak (short version; the long one is `npm run soak -- --presses 5000`)', () => {
  it('every press ends in exactly one meeting or one typed error, with no duplicate, leak or late press', () => {
    const run = spawnSync(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', 'bench/soak.ts', '--presses', '60', '--seed', '7', '--json'],
      { encoding: 'utf8', timeout: 240_000 },
    );
    const result = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}');
    assert.equal(run.status, 0, JSON.stringify(result));
    assert.equal(result.presses, 60);
    assert.equal(result.unrecoveredCount, 0, 'every documented, recoverable fault still gave a link');
    assert.equal(result.rosterMismatchCount, 0, "the roster was the server's");
    assert.equal(result.zeroExitForLoss, 0, 'a lost meeting never exits 0');
    assert.equal(result.unsafeLines, 0);
    assert.equal(result.simulatorInternalErrors, 0, 'the simulator met none of its own bugs');
    assert.ok(result.rosterChecks > 0, 'rosters were compared');
    // The press's server is drawn from the documented meeting variants: each of them ran.
    for (const variant of [
      'repeatedOperationId=new-meeting',
      'repeatedOperationId=deduplicate',
      'admitEvents=deleted-then-added',
      'admitEvents=added-then-deleted',
      'participantTitles=empty',
      'participantTitles=names',
      'roleChangeEvents=added-then-deleted',
      'startFirstAnswer=lost-answer',
    ])
      assert.ok(result.variantsSeen.includes(variant), `${variant} ran`);
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
