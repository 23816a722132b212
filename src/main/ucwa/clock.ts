import { jitteredBackoff } from './backoff-policy.js';
import { abortError } from './errors.js';

/** Time as the protocol code sees it; tests pass a fake. */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or rejects with an `aborted` UcwaError when the signal fires. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortError(signal.reason));
        return;
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortError(signal?.reason));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/** Capped exponential backoff with full jitter (1 s, 2 s, 4 s … up to `capMs`). */
export function backoffDelay(attempt: number, random: () => number, baseMs = 1000, capMs = 30_000): number {
  return jitteredBackoff(attempt, random(), baseMs, capMs);
}
