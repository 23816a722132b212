import { linkedSignal } from '../../src/main/ucwa/abort.js';
import { UcwaClient, type UcwaClientOptions } from '../../src/main/ucwa/client.js';
import type { Clock } from '../../src/main/ucwa/clock.js';
import { systemClock } from '../../src/main/ucwa/clock.js';
import { createNodeFetch } from '../../src/node/fetch.js';
import { type SimulatorOptions, startSimulator, type UcwaSimulator } from '../../src/simulator/server.js';
import { fastTiming } from './raw-ucwa.js';
import { alice } from './sim-fixture.js';

/** Real time, but `now()` can be moved forward: token lifetimes without waiting hours. */
export class SkewClock implements Clock {
  public offsetMs = 0;
  public now(): number {
    return systemClock.now() + this.offsetMs;
  }
  public sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return systemClock.sleep(ms, signal);
  }
}

/**
 * The system clock, counting each sleep until it ends (fires or is aborted): "nothing left to
 * wake". `wake(ms)` ends every pending sleep of that length now, as if its time had come.
 */
export class CountingClock implements Clock {
  /** Sleeps not yet ended: id → the ms asked for. */
  public readonly pending = new Map<number, { ms: number; wake: () => void }>();
  private next = 0;
  public now(): number {
    return systemClock.now();
  }
  public sleep(ms: number, signal?: AbortSignal): Promise<void> {
    const id = this.next++;
    const woken = new AbortController();
    const linked = linkedSignal(signal, woken.signal);
    this.pending.set(id, { ms, wake: () => woken.abort() });
    return systemClock
      .sleep(ms, linked.signal)
      .catch((error: unknown) => {
        if (!woken.signal.aborted || signal?.aborted) throw error;
      })
      .finally(() => {
        linked.dispose();
        this.pending.delete(id);
      });
  }
  public sleepsOf(ms: number): number {
    return [...this.pending.values()].filter((sleep) => sleep.ms === ms).length;
  }
  public wake(ms: number): void {
    for (const sleep of [...this.pending.values()]) if (sleep.ms === ms) sleep.wake();
  }
}

export interface ClientSession {
  sim: UcwaSimulator;
  client: UcwaClient;
  requests: string[];
  clock: SkewClock;
  close(): Promise<void>;
}

/** A simulator and a UcwaClient talking to it over real HTTPS; nothing signed in yet. */
export async function clientAndSim(
  simOptions: SimulatorOptions = {},
  clientOptions: Partial<UcwaClientOptions> = {},
): Promise<ClientSession> {
  const sim = await startSimulator({ ...simOptions, timing: { ...fastTiming, ...simOptions.timing } });
  const node = createNodeFetch(sim.caPem ? { extraCaPems: [sim.caPem] } : {});
  const requests: string[] = [];
  const clock = new SkewClock();
  const client = new UcwaClient({
    fetch: node.fetch,
    credentials: async () => ({ username: alice.username, password: alice.password }),
    userAgent: 'MeetNowTest/1.0',
    endpointId: 'test-endpoint',
    clock,
    random: () => 0.5,
    onRequest: (method, url) => requests.push(`${method} ${url.pathname}${url.search}`),
    ...clientOptions,
  });
  return {
    sim,
    client,
    requests,
    clock,
    close: async () => {
      await client.signOut().catch(() => {});
      await node.close();
      await sim.close();
    },
  };
}

export async function signedInClient(
  simOptions: SimulatorOptions = {},
  clientOptions: Partial<UcwaClientOptions> = {},
): Promise<ClientSession> {
  const session = await clientAndSim(simOptions, clientOptions);
  await session.client.signIn({ sipAddress: alice.username, discoverUrl: session.sim.discoverUrl });
  return session;
}

/** Counts requests that are not event-channel polls. */
export const commandRequests = (requests: readonly string[]) =>
  requests.filter((line) => !/\/events\?/.test(line));
