import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { installTimerTracker, projectFrames } from '../../bench/soak-timers.js';

describe("the soak's timer tracker", () => {
  const root = new URL('../..', import.meta.url).pathname;
  const tracker = installTimerTracker(root);
  after(() => tracker.uninstall());

  it('names where a pending timer was armed, and forgets it once cleared or fired', async () => {
    const pendingTimer = setTimeout(() => {}, 60_000);
    const left = tracker.pending().filter((timer) => timer.delayMs === 60_000);
    assert.equal(left.length, 1);
    assert.match(left[0]?.armedAt ?? '', /test\/bench\/soak-timers\.test\.ts:\d+/);
    clearTimeout(pendingTimer);
    assert.equal(tracker.pending().filter((timer) => timer.delayMs === 60_000).length, 0);
    await new Promise<void>((resolve) => setTimeout(resolve, 1));
    assert.equal(tracker.pending().filter((timer) => timer.delayMs === 1).length, 0, 'fired timers are gone');
  });

  it('leaves out unref’d timers, as process.getActiveResourcesInfo does', () => {
    const background = setTimeout(() => {}, 60_000).unref();
    assert.equal(tracker.pending().filter((timer) => timer.delayMs === 60_000).length, 0);
    clearTimeout(background);
  });

  it('leaves util.promisify(setTimeout) working', async () => {
    const wait = promisify(setTimeout);
    assert.equal(await wait(1, 'value'), 'value');
  });

  it('keeps only project frames, shortened', () => {
    const stack = [
      'Error',
      '    at new Promise (<anonymous>)',
      `    at sleep (file://${root}src/main/ucwa/clock.ts:19:21)`,
      `    at run (${root}node_modules/undici/lib/x.js:1:1)`,
      `    at recreate (${root}src/main/ucwa/application-session.ts:120:34)`,
    ].join('\n');
    assert.equal(
      projectFrames(stack, root),
      'sleep (src/main/ucwa/clock.ts:19:21) < recreate (src/main/ucwa/application-session.ts:120:34)',
    );
  });
});
