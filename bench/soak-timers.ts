// Where a timer left at the end of a soak was made. `process.getActiveResourcesInfo()` only counts
// ref'd Timeouts; this wraps the global setTimeout/setInterval (which the client and the simulator
// use) to keep, for each pending timer, the place that armed it, so a "1 timer leaked" says where.
// Only the soak (and a simulator test) installs it: the stack capture costs a few microseconds a timer.

import { promisify } from 'node:util';

/** A pending timer and the first project frames of the stack that armed it. */
export interface PendingTimer {
  delayMs: number;
  armedAt: string;
}

type AnyTimer = ReturnType<typeof setTimeout>;

export interface TimerTracker {
  /** Ref'd timers armed since install that have neither fired nor been cleared. */
  pending(): PendingTimer[];
  uninstall(): void;
}

/** Frames in this project's code (not node internals or dependencies), shortened to path:line. */
export function projectFrames(stack: string, root: string, max = 4): string {
  return stack
    .split('\n')
    .slice(1)
    .map((line) => line.trim())
    .filter(
      (line) =>
        line.includes(root) && !line.includes('node_modules') && !line.includes('bench/soak-timers.ts'),
    )
    .slice(0, max)
    .map((line) => line.replace(/^at /, '').replace(root, '').replace('file://', ''))
    .join(' < ');
}

export function installTimerTracker(root: string): TimerTracker {
  const original = { setTimeout, clearTimeout, setInterval, clearInterval };
  const live = new Map<AnyTimer, { delayMs: number; stack: string }>();
  const arm = (timer: AnyTimer, delayMs: number | undefined) => {
    const holder: { stack?: string } = {};
    // Deep enough to get past undici's and the promise machinery's frames to ours.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 40;
    Error.captureStackTrace(holder);
    Error.stackTraceLimit = limit;
    live.set(timer, { delayMs: delayMs ?? 0, stack: holder.stack ?? '' });
  };
  const patchedSetTimeout = ((
    callback: (...args: unknown[]) => void,
    delayMs?: number,
    ...args: unknown[]
  ) => {
    const timer = original.setTimeout(
      (...callbackArgs: unknown[]) => {
        live.delete(timer);
        callback(...callbackArgs);
      },
      delayMs,
      ...args,
    );
    arm(timer, delayMs);
    return timer;
  }) as typeof setTimeout;
  const patchedSetInterval = ((
    callback: (...args: unknown[]) => void,
    delayMs?: number,
    ...args: unknown[]
  ) => {
    const timer = original.setInterval(callback, delayMs, ...args);
    arm(timer, delayMs);
    return timer;
  }) as typeof setInterval;
  const patchedClear = (timer: AnyTimer | string | number | undefined) => {
    if (timer !== undefined && typeof timer === 'object') live.delete(timer);
    original.clearTimeout(timer);
  };
  // util.promisify(setTimeout) keeps working: the custom promisified form is copied over.
  const custom = (original.setTimeout as unknown as Record<symbol, unknown>)[promisify.custom];
  globalThis.setTimeout = Object.assign(patchedSetTimeout, { [promisify.custom]: custom });
  globalThis.setInterval = patchedSetInterval;
  globalThis.clearTimeout = patchedClear as typeof clearTimeout;
  globalThis.clearInterval = patchedClear as typeof clearInterval;
  return {
    pending: () =>
      [...live.entries()]
        .filter(([timer]) => timer.hasRef())
        .map(([, { delayMs, stack }]) => ({ delayMs, armedAt: projectFrames(stack, root) })),
    uninstall: () => Object.assign(globalThis, original),
  };
}
