import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { CliIo } from '../../src/cli/io.js';
import type { StartRequest } from '../../src/cli/start-command.js';
import { type SimulatorOptions, startSimulator, type UcwaSimulator } from '../../src/simulator/server.js';
import { fastTiming } from './raw-ucwa.js';
import { alice } from './sim-fixture.js';

/** A CLI run in-process: what it writes, and a signal the test sends. */
export function fakeIo(): CliIo & { out: string[]; err: string[]; signal(): void } {
  let send: (signal: NodeJS.Signals) => void = () => {};
  const signalled = new Promise<NodeJS.Signals>((resolve) => {
    send = resolve;
  });
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    waitForSignal: () => signalled,
    signal: () => send('SIGTERM'),
    env: { XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'meetnow-host-')) },
    stdin: new PassThrough(),
  };
}

export function startRequest(sim: UcwaSimulator, extra: Partial<StartRequest> = {}): StartRequest {
  return {
    account: { sipAddress: alice.username, discoverUrl: sim.discoverUrl },
    invite: [],
    admitAll: false,
    once: false,
    waitForInvites: false,
    json: false,
    verbose: false,
    extraCaPems: [sim.caPem ?? ''],
    password: alice.password,
    ...extra,
  };
}

export async function withSim<T>(run: (sim: UcwaSimulator) => Promise<T>, options: SimulatorOptions = {}) {
  const sim = await startSimulator({ ...options, timing: { ...fastTiming, ...options.timing } });
  try {
    return await run(sim);
  } finally {
    await sim.close();
  }
}
