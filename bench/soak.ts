// Chaos soak: many "start meeting now" presses and sign-ins under random faults and latency.
// Invariants: each press ends in exactly one meeting or one clear error within its deadline,
// never two meetings for one press, no leaked timers or listeners, memory flat.
// `node --expose-gc --import tsx bench/soak.ts --presses 1000` (the suite runs a short one).
import { parseArgs } from 'node:util';
import { InMemoryCredentialStore } from '../src/main/secrets/credential-store.js';
import { SessionService } from '../src/main/session/session-service.js';
import { UcwaClient } from '../src/main/ucwa/client.js';
import { UcwaError } from '../src/main/ucwa/errors.js';
import { createNodeFetch } from '../src/node/fetch.js';
import { type FaultRule, parseFaultSpec } from '../src/simulator/faults.js';
import { startSimulator } from '../src/simulator/server.js';
import { alice } from '../test/helpers/sim-fixture.js';

const { values } = parseArgs({
  options: {
    presses: { type: 'string', default: '200' },
    seed: { type: 'string', default: '42' },
    json: { type: 'boolean', default: false },
    'keep-sim-logs': { type: 'boolean', default: false },
  },
});
const presses = Number(values.presses);
let seed = Number(values.seed);
const random = () => {
  // mulberry32: a seeded generator, so a failing run can be repeated.
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const faultPool: Array<FaultRule | 'fail' | 'none' | 'expire' | 'revoke' | 'resync'> = [
  'none',
  'none',
  'none',
  parseFaultSpec('startOnlineMeeting:503'),
  parseFaultSpec('startOnlineMeeting:callback'),
  parseFaultSpec('startOnlineMeeting:drop'),
  parseFaultSpec('startOnlineMeeting:truncate'),
  parseFaultSpec('startOnlineMeeting:html'),
  parseFaultSpec('onlineMeeting:503'),
  parseFaultSpec('events:drop'),
  parseFaultSpec('events:503'),
  parseFaultSpec('events:malformed'),
  parseFaultSpec('onlineMeeting:truncate'),
  parseFaultSpec('startOnlineMeeting:503:inf'),
  'fail',
  'expire',
  'revoke',
  'resync',
];
const gc = (globalThis as { gc?: () => void }).gc;
const heapMB = () => {
  gc?.();
  return Math.round((process.memoryUsage().heapUsed / 1048576) * 10) / 10;
};
const timers = () => process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;

const timersBefore = timers();
const sim = await startSimulator({
  timing: { meetingUpdateDelayMs: 5, meetingConnectDelayMs: 15, eventTimeoutMs: 2000, callbackGraceMs: 200 },
});
const node = createNodeFetch({ extraCaPems: [sim.caPem ?? ''] });
const credentials = new InMemoryCredentialStore();
await credentials.set(alice.username, alice.password);
const session = new SessionService({
  credentials,
  createClient: (source) =>
    new UcwaClient({ fetch: node.fetch, credentials: source, userAgent: 'soak', endpointId: 'soak', random }),
});
const account = { sipAddress: alice.username, discoverUrl: sim.discoverUrl };
const errors: Record<string, number> = {};
let meetings = 0;
let duplicates = 0;
let late = 0;
let faultsInjected = 0;
let signIns = 0;
const deadlineMs = 5000;
const started = performance.now();
await session.signIn(account);
signIns += 1;
const heapStart = heapMB();
/** Heap after GC every 50 presses (after trimming the simulator's logs): flat means no leak. */
const heapSamples: number[] = [];
const listenersStart = session.events.listenerCount();

for (let press = 0; press < presses; press += 1) {
  if (session.state.status !== 'ready' && session.state.status !== 'reconnecting') {
    await session.signIn(account);
    signIns += 1;
  }
  if (press > 0 && press % 50 === 0) {
    // The simulator shares this heap: drop its request log and advertised-URL book so the
    // memory figure is the client's (keep them with --keep-sim-logs to see the total).
    if (!values['keep-sim-logs']) sim.trimBookkeeping();
    heapSamples.push(heapMB());
    // MEETNOW_SOAK_SNAPSHOTS=100,350 writes heap snapshots there, to diff what grows.
    if (process.env.MEETNOW_SOAK_SNAPSHOTS?.split(',').includes(String(press))) {
      (await import('node:v8')).writeHeapSnapshot(`/tmp/soak-${press}.heapsnapshot`);
    }
    await session.signOut();
    await session.signIn(account);
    signIns += 1;
  }
  sim.setLatency(Math.floor(random() * 20));
  const chosen = pick(faultPool);
  const cleanups: Array<() => void> = [];
  if (chosen !== 'none') faultsInjected += 1;
  if (chosen === 'fail')
    sim.queueMeetingOutcome({
      kind: 'fail',
      reason: {
        code: 'ServiceFailure',
        subcode: 'Unavailable',
        message: 'No conferencing server is available.',
      },
    });
  else if (chosen === 'expire') sim.expireApplications();
  else if (chosen === 'revoke') sim.revokeTokens();
  else if (chosen === 'resync') sim.injectResync();
  else if (chosen !== 'none') cleanups.push(sim.faults.add({ ...chosen }));
  const createdBefore = sim.conferencesCreated;
  const pressStarted = performance.now();
  try {
    const snapshot = await session.startMeetingNow({ deadlineMs });
    if (!snapshot.info?.joinUrl) throw new Error('a meeting without a link');
    meetings += 1;
    await session.endMeeting();
  } catch (error) {
    const kind = UcwaError.is(error) ? error.kind : `untyped:${(error as Error).message}`;
    errors[kind] = (errors[kind] ?? 0) + 1;
  }
  if (performance.now() - pressStarted > deadlineMs + 3000) late += 1;
  const created = sim.conferencesCreated - createdBefore;
  if (created > 1) duplicates += 1;
  for (const cleanup of cleanups) cleanup();
}

await session.signOut();
const heapEnd = heapMB();
const listenersEnd = session.events.listenerCount();
await node.close();
await sim.close();
await new Promise((resolve) => setTimeout(resolve, 50));
const result = {
  presses,
  signIns,
  faultsInjected,
  meetings,
  errors,
  duplicates,
  late,
  untypedErrors: Object.keys(errors).filter((kind) => kind.startsWith('untyped')).length,
  listenersStart,
  listenersEnd,
  timersLeaked: Math.max(0, timers() - timersBefore),
  heapStartMB: heapStart,
  heapEndMB: heapEnd,
  heapEvery50MB: heapSamples,
  seconds: Math.round((performance.now() - started) / 100) / 10,
};
if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
else process.stdout.write(`Chaos soak: ${JSON.stringify(result, null, 2)}\n`);
const ok =
  result.duplicates === 0 &&
  result.late === 0 &&
  result.untypedErrors === 0 &&
  result.meetings + Object.values(errors).reduce((a, b) => a + b, 0) === presses &&
  result.timersLeaked === 0 &&
  listenersEnd === listenersStart;
process.exitCode = ok ? 0 : 1;
