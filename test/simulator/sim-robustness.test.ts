import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Agent, fetch } from 'undici';
import { DirectoryFileError, parseDirectory } from '../../src/simulator/directory.js';
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
