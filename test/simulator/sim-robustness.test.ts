import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Agent, fetch } from 'undici';
import { installTimerTracker } from '../../bench/soak-timers.js';
import { DirectoryFileError, parseDirectory } from '../../src/simulator/directory.js';
import { parseFaultSpec } from '../../src/simulator/faults.js';
import { startSimulator } from '../../src/simulator/server.js';
import { simProcess } from '../helpers/cli-process.js';
import { waitUntil } from '../helpers/sim-fixture.js';

describe('simulator robustness (audit L10)', () => {
  it('stops on SIGTERM even while a delay fault holds a request', async () => {
    const sim = await simProcess(['--fault', 'root:delay600000:inf', '--verbose']);
    const agent = new Agent({ connect: { ca: sim.summary.ca ? await readCa(sim.summary.ca) : undefined } });
    const held = fetch(sim.summary.discover, { dispatcher: agent }).catch(() => 'dropped');
    await waitUntil(() => sim.process.stderr().includes('[root]'), 10_000); // the request is held now
    sim.process.kill('SIGTERM');
    // Before the fix this waited for the 600 s delay timer (the test would time out).
    assert.equal(await sim.process.exited, 0);
    assert.equal(await held, 'dropped');
    await agent.close();
  });

  it('keeps no timer armed once closed, even with a delay fault and latency pending', async () => {
    const tracker = installTimerTracker(new URL('../..', import.meta.url).pathname);
    const sim = await startSimulator();
    const agent = new Agent({ connect: { ca: sim.caPem } });
    try {
      sim.faults.add(parseFaultSpec('root:delay600000:inf'));
      const held = fetch(sim.discoverUrl, { dispatcher: agent }).catch(() => 'dropped');
      const simulatorTimers = () =>
        tracker.pending().filter((timer) => timer.armedAt.includes('src/simulator/'));
      await waitUntil(() => simulatorTimers().some((timer) => timer.delayMs === 600_000));
      await sim.close();
      assert.deepEqual(simulatorTimers(), [], 'the 600 s delay ended with close()');
      assert.equal(await held, 'dropped');
      const root = sim.requestLog.find((record) => record.kind === 'root');
      assert.equal(root?.status, -1, 'the held request was dropped, not answered after close()');
    } finally {
      tracker.uninstall();
      await agent.close();
    }
  });

  it('refuses a directory pool that is negative or not a whole number, at load', () => {
    for (const pool of [-1, 0.5, 8, '1', Number.NaN]) {
      assert.throws(
        () => parseDirectory({ domain: 'x.test', users: [{ sip: 'a@x.test', name: 'A', pool }] }, 'dir.json'),
        (error: unknown) =>
          error instanceof DirectoryFileError &&
          /dir\.json: user 0 has pool .*whole number from 0 to 7/.test(error.message),
        String(pool),
      );
    }
    assert.equal(
      parseDirectory({ domain: 'x.test', users: [{ sip: 'a@x.test', name: 'A', pool: 1 }] }).users[0]?.pool,
      1,
    );
  });
});

async function readCa(path: string): Promise<string> {
  return (await import('node:fs')).readFileSync(path, 'utf8');
}
