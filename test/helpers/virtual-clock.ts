import type { Clock } from '../../src/main/ucwa/clock.js';
import { abortError } from '../../src/main/ucwa/errors.js';

interface Timer {
  at: number;
  resolve: () => void;
}

/** Time that moves only when the test says: minutes of polling run in milliseconds. */
export class VirtualClock implements Clock {
  private time = 0;
  private timers: Timer[] = [];

  public now(): number {
    return this.time;
  }

  /** Sleeps not yet run or aborted. */
  public get pendingTimers(): number {
    return this.timers.length;
  }

  public sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortError(signal.reason));
        return;
      }
      const timer: Timer = {
        at: this.time + Math.max(0, ms),
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.timers = this.timers.filter((item) => item !== timer);
        reject(abortError(signal?.reason));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.timers.push(timer);
    });
  }

  /** Runs everything due up to `until`, in time order, letting promise chains settle between. */
  public async runUntil(until: number): Promise<void> {
    for (;;) {
      await settle();
      const next = this.timers.reduce<Timer | undefined>(
        (earliest, timer) => (!earliest || timer.at < earliest.at ? timer : earliest),
        undefined,
      );
      if (!next || next.at > until) break;
      this.timers = this.timers.filter((timer) => timer !== next);
      this.time = Math.max(this.time, next.at);
      next.resolve();
    }
    this.time = Math.max(this.time, until);
  }
}

/** Lets every queued promise reaction run (a macrotask turn comes after all microtasks). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
