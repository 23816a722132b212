import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  defaultPollPolicy,
  initialPollHistory,
  jitteredBackoff,
  nextPoll,
  type PollHistory,
  type PollOutcome,
} from '../../src/main/ucwa/backoff-policy.js';

/** Runs the policy alone against a server whose every answer is `outcome`, for `ms` of virtual time. */
function requestsIn(ms: number, outcome: PollOutcome, heldMs = 0): number {
  let history: PollHistory = initialPollHistory(0);
  let now = 0;
  let requests = 0;
  while (now < ms) {
    requests += 1;
    now += heldMs;
    const next = nextPoll(history, outcome, now, 0.5);
    history = next.history;
    now += next.delayMs;
  }
  return requests;
}

describe('the event channel poll policy (a pure function)', () => {
  it('immediate answers: a burst, then at most one request per 600 ms (≤ 2/s)', () => {
    assert.equal(requestsIn(60_000, { kind: 'answered' }), 108);
    assert.equal(requestsIn(600_000, { kind: 'answered' }), 1008);
    assert.equal(
      nextPoll(initialPollHistory(0), { kind: 'answered' }, 0, 0.5).delayMs,
      0,
      'the first go at once',
    );
  });

  it('a P-GET the server held costs nothing: the next goes at once', () => {
    let history = initialPollHistory(0);
    for (let held = 1; held <= 100; held += 1) {
      const next = nextPoll(history, { kind: 'answered' }, held * 180_000, 0.5);
      assert.equal(next.delayMs, 0);
      history = next.history;
    }
  });

  it('Retry-After is floored at 1 s and capped at 60 s (0, negative, NaN-free huge values)', () => {
    const wait = (retryAfterMs: number) =>
      nextPoll(initialPollHistory(0), { kind: 'failed', retryAfterMs }, 0, 0.5).delayMs;
    assert.equal(wait(0), 1000);
    assert.equal(wait(-5), 1000);
    assert.equal(wait(10_000), 10_000);
    assert.equal(wait(1e12), 60_000, 'Retry-After: 10^9 s');
    assert.equal(wait(Number.POSITIVE_INFINITY), 60_000);
    assert.equal(requestsIn(60_000, { kind: 'failed', retryAfterMs: 0 }), 60);
    assert.equal(requestsIn(600_000, { kind: 'failed', retryAfterMs: 1e12 }), 10);
  });

  it('failures without Retry-After back off exponentially with jitter, up to 30 s', () => {
    let history = initialPollHistory(0);
    const delays: number[] = [];
    let now = 0;
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const next = nextPoll(history, { kind: 'failed' }, now, 1);
      delays.push(next.delayMs);
      history = next.history;
      now += next.delayMs;
    }
    assert.deepEqual(delays.slice(0, 6), [1000, 2000, 4000, 8000, 16_000, 30_000]);
    assert.ok(delays.every((delay) => delay <= 30_000));
    const answered = nextPoll(history, { kind: 'answered' }, now + 100, 0.5);
    assert.equal(answered.history.failures, 0, 'an answer resets the backoff');
  });

  it('properties: every delay within [0, 60 s]; the rate never above burst + minutes·100', () => {
    const outcome = fc.oneof(
      fc.constant<PollOutcome>({ kind: 'answered' }),
      fc.constant<PollOutcome>({ kind: 'failed' }),
      fc
        .double({ min: -1e15, max: 1e15, noNaN: true })
        .map((retryAfterMs): PollOutcome => ({ kind: 'failed', retryAfterMs })),
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(outcome, fc.integer({ min: 0, max: 200_000 }), fc.double({ min: 0, max: 1, noNaN: true })),
          {
            minLength: 1,
            maxLength: 300,
          },
        ),
        (steps) => {
          let history = initialPollHistory(0);
          let now = 0;
          for (const [step, held, random] of steps) {
            now += held;
            const next = nextPoll(history, step, now, random);
            if (!(next.delayMs >= 0 && next.delayMs <= defaultPollPolicy.retryAfterCapMs)) return false;
            history = next.history;
            now += next.delayMs;
          }
          const minutes = now / 60_000;
          return (
            steps.length <=
            defaultPollPolicy.burst + Math.ceil(minutes * (60_000 / defaultPollPolicy.refillMs)) + 1
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it('jitteredBackoff: between half and all of the ceiling', () => {
    assert.equal(jitteredBackoff(1, 0, 1000, 30_000), 500);
    assert.equal(jitteredBackoff(1, 1, 1000, 30_000), 1000);
    assert.equal(jitteredBackoff(60, 1, 1000, 30_000), 30_000);
  });
});
