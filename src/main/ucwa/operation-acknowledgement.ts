import type { Clock } from './clock.js';

/**
 * Whether the server has taken an operation: any event of it (started, updated, completed) says
 * so (OperationResource.md). Set once; a start whose POST answer was lost waits for it.
 */
export class OperationAcknowledgement {
  private acknowledgedAt: number | undefined;
  private readonly waiters = new Set<() => void>();

  public constructor(private readonly clock: Clock) {}

  public get acknowledged(): boolean {
    return this.acknowledgedAt !== undefined;
  }

  /** An event of the operation came: wake whoever waits. */
  public acknowledge(): void {
    if (this.acknowledgedAt !== undefined) return;
    this.acknowledgedAt = this.clock.now();
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Waits up to `ms` (on the injected clock) for the acknowledgement; false when none came (or on abort). */
  public wait(ms: number, signal: AbortSignal): Promise<boolean> {
    if (this.acknowledgedAt !== undefined) return Promise.resolve(true);
    const ended = new AbortController();
    return new Promise<boolean>((resolve) => {
      const done = (value: boolean) => {
        this.waiters.delete(onAck);
        signal.removeEventListener('abort', onAbort);
        ended.abort();
        resolve(value);
      };
      const onAck = () => done(true);
      const onAbort = () => done(false);
      this.waiters.add(onAck);
      signal.addEventListener('abort', onAbort, { once: true });
      if (signal.aborted) onAbort();
      this.clock.sleep(ms, ended.signal).then(
        () => done(false),
        () => {},
      );
    });
  }
}
