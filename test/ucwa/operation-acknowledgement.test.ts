import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OperationAcknowledgement } from '../../src/main/ucwa/operation-acknowledgement.js';
import { settle, VirtualClock } from '../helpers/virtual-clock.js';

describe('OperationAcknowledgement (the lost-answer wait)', () => {
  it('waits on the injected clock: false only once its time has passed', async () => {
    const clock = new VirtualClock();
    const acknowledgement = new OperationAcknowledgement(clock);
    let result: boolean | undefined;
    void acknowledgement.wait(5000, new AbortController().signal).then((value) => {
      result = value;
    });
    await clock.runUntil(4999);
    assert.equal(result, undefined, 'still waiting at 4,999 ms');
    await clock.runUntil(5000);
    await settle();
    assert.equal(result, false);
  });

  it('wakes at once with true when an event of the operation comes, and ends its timer', async () => {
    const clock = new VirtualClock();
    const acknowledgement = new OperationAcknowledgement(clock);
    const waited = acknowledgement.wait(5000, new AbortController().signal);
    await clock.runUntil(100);
    acknowledgement.acknowledge();
    assert.equal(await waited, true);
    assert.equal(acknowledgement.acknowledged, true);
    assert.equal(clock.now(), 100, 'no time had to pass');
    assert.equal(clock.pendingTimers, 0, 'its 5 s sleep ended too');
    assert.equal(await acknowledgement.wait(5000, new AbortController().signal), true, 'set once');
  });

  it('gives false on abort, even an abort that came before the wait', async () => {
    const clock = new VirtualClock();
    const acknowledgement = new OperationAcknowledgement(clock);
    const abort = new AbortController();
    const waited = acknowledgement.wait(5000, abort.signal);
    assert.equal(clock.pendingTimers, 1);
    abort.abort();
    assert.equal(await waited, false);
    assert.equal(clock.pendingTimers, 0, 'the abort ended the sleep');
    assert.equal(await acknowledgement.wait(5000, abort.signal), false);
  });
});
