// Chaos soak: many "start meeting now" presses and sign-ins under random faults and latency, each
// press hosted through the CLI's own host loop (src/cli/host-loop.ts): some print the link and
// leave (--once, with invitations), some host and are stopped with invitations still pending, some
// lose their meeting (the server expires the application under it).
// Invariants: each press ends in exactly one outcome within its deadline, with the exit code its
// cause calls for (a lost meeting is never 0), never two meetings for one press, every line it
// prints terminal-safe, no leaked timers or listeners, and the heap after GC does not trend up
// beyond --heap-bound-kb per press (a least-squares slope over the samples after warm-up).
// `node --expose-gc --import tsx bench/soak.ts --presses 1000` (the suite runs a short one).
import { parseArgs } from 'node:util';
import { type HostEnd, type HostOptions, hostMeeting } from '../src/cli/host-loop.js';
import { isUnsafeForTerminal } from '../src/cli/terminal-text.js';
import { InMemoryCredentialStore } from '../src/main/secrets/credential-store.js';
import { SessionService } from '../src/main/session/session-service.js';
import { UcwaClient } from '../src/main/ucwa/client.js';
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
    'heap-every': { type: 'string', default: '50' },
    'heap-bound-kb': { type: 'string', default: '0.5' },
  },
});
const presses = Number(values.presses);
const heapEvery = Number(values['heap-every']);
const heapBoundKbPerPress = Number(values['heap-bound-kb']);
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
  timing: {
    meetingUpdateDelayMs: 5,
    meetingConnectDelayMs: 15,
    eventTimeoutMs: 2000,
    callbackGraceMs: 200,
    inviteAnswerMs: 50,
  },
});
const node = createNodeFetch({ extraCaPems: [sim.caPem ?? ''] });
const credentials = new InMemoryCredentialStore();
await credentials.set(alice.username, alice.password);
const session = new SessionService({
  credentials,
  createClient: (source) =>
    new UcwaClient({
      fetch: node.fetch,
      credentials: source,
      userAgent: 'soak',
      endpointId: 'soak',
      random,
      ...(process.env.MEETNOW_SOAK_TRACE === 'http'
        ? {
            logger: {
              debug: (line: string) => process.stderr.write(`  ${line}\n`),
              warn: (line: string) => process.stderr.write(`  ! ${line}\n`),
            },
          }
        : {}),
    }),
});
const account = { sipAddress: alice.username, discoverUrl: sim.discoverUrl };
const errors: Record<string, number> = {};
let meetings = 0;
let duplicates = 0;
let late = 0;
let faultsInjected = 0;
let signIns = 0;
const deadlineMs = 5000;
/** Leaving, even with invitations pending, or noticing a lost meeting takes at most this long. */
const endBoundMs = 5000;
const ends: Record<string, number> = {};
const wrongEnds: string[] = [];
let zeroForLoss = 0;
let slowEnds = 0;
let lines = 0;
let unsafeLines = 0;

interface Scenario {
  name: string;
  options: Partial<HostOptions>;
  /** What happens once the link is printed. */
  afterLink: 'nothing' | 'stop' | 'lose';
  expects: HostEnd[];
}
const scenarios: Scenario[] = [
  { name: 'once', options: { once: true }, afterLink: 'nothing', expects: ['once'] },
  {
    name: 'once+invite',
    options: { once: true, invite: ['sip:bob@meetnow.test', 'sip:erin@meetnow.test'] },
    afterLink: 'nothing',
    expects: ['once'],
  },
  {
    name: 'once+wait',
    options: { once: true, waitForInvites: true, invite: ['sip:dave@meetnow.test'] },
    afterLink: 'nothing',
    expects: ['once'],
  },
  {
    name: 'host+leave-pending',
    options: { invite: ['sip:erin@meetnow.test', 'sip:carol@meetnow.test'], admitAll: true },
    afterLink: 'stop',
    expects: ['stopped'],
  },
  {
    name: 'host+lose',
    options: { invite: ['sip:erin@meetnow.test'] },
    afterLink: 'lose',
    expects: ['meeting-lost'],
  },
];

/** One press through the CLI host loop; the soak plays the user (a signal) and the server (a loss). */
async function hostPress(plan: Scenario) {
  let stop: () => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  const pressStarted = performance.now();
  let linkAt = 0;
  let triggeredAt = 0;
  const out = {
    stdout: (text: string) => {
      check(text.replace(/\n$/, ''));
      linkAt = performance.now();
      if (plan.afterLink === 'stop') {
        triggeredAt = linkAt;
        stop();
      } else if (plan.afterLink === 'lose') {
        triggeredAt = linkAt;
        sim.expireApplications();
        sim.injectResync(); // release the parked P-GET so the client meets the expiry now
      }
    },
    stderr: check,
  };
  const outcome = await hostMeeting(
    session,
    {
      invite: [],
      admitAll: false,
      once: false,
      waitForInvites: false,
      json: random() < 0.5,
      deadlineMs,
      ...plan.options,
    },
    out,
    stopped,
  );
  const endedAt = performance.now();
  const kind = outcome.kind ?? outcome.end;
  return {
    ...outcome,
    kind,
    linkMs: (linkAt || endedAt) - pressStarted,
    endMs: triggeredAt ? endedAt - triggeredAt : 0,
  };
}

/** Waits (polling the state, bounded) until the session has one live application with a parked P-GET. */
async function recovered(): Promise<void> {
  const until = performance.now() + 10_000;
  const healthy = () =>
    session.state.status === 'ready' &&
    sim.applications().filter((app) => app.state === 'active' && app.parked).length === 1;
  while (!healthy() && performance.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
}

function check(line: string): void {
  lines += 1;
  if (line.includes('\n') || [...line].some(isUnsafeForTerminal)) unsafeLines += 1;
}

const started = performance.now();
await session.signIn(account);
signIns += 1;
const heapStart = heapMB();
/** Heap after GC every N presses (after trimming the simulator's logs): flat means no leak. */
const heapSamples: number[] = [];
const listenersStart = session.events.listenerCount();

for (let press = 0; press < presses; press += 1) {
  if (session.state.status !== 'ready' && session.state.status !== 'reconnecting') {
    await session.signIn(account);
    signIns += 1;
  }
  if (press > 0 && press % heapEvery === 0) {
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
  const plan = pick(scenarios);
  const outcome = await hostPress(plan);
  if (process.env.MEETNOW_SOAK_TRACE)
    process.stderr.write(
      `${press} ${String(chosen === 'none' || typeof chosen === 'string' ? chosen : chosen.action.type)} ${plan.name} → ${outcome.end} ${outcome.code} ${Math.round(performance.now() - pressStarted)} ms ${outcome.line ?? ''}\n`,
    );
  ends[outcome.end] = (ends[outcome.end] ?? 0) + 1;
  if (outcome.end === 'start-failed') {
    errors[outcome.kind] = (errors[outcome.kind] ?? 0) + 1;
  } else meetings += 1;
  if (
    !plan.expects.includes(outcome.end) &&
    outcome.end !== 'start-failed' &&
    outcome.end !== 'session-failed'
  )
    wrongEnds.push(`${plan.name} → ${outcome.end}`);
  if (
    (outcome.end === 'meeting-lost' || outcome.end === 'meeting-ended' || outcome.end === 'session-failed') &&
    outcome.code === 0
  )
    zeroForLoss += 1;
  if (outcome.linkMs > deadlineMs + 3000) late += 1;
  if (outcome.endMs > endBoundMs) slowEnds += 1;
  if (performance.now() - pressStarted > deadlineMs + endBoundMs + 3000) late += 1;
  const created = sim.conferencesCreated - createdBefore;
  if (created > 1) duplicates += 1;
  // The client re-creates its application after a loss; a sign-out during that re-creation leaves
  // a second, orphaned event channel behind (a UcwaClient bug reported with issue 15, client.ts is
  // not ours to change here), so the next press waits for the recovery to finish first.
  if (outcome.end === 'meeting-lost') await recovered();
  for (const cleanup of cleanups) cleanup();
}

await session.signOut();
const heapEnd = heapMB();
const listenersEnd = session.events.listenerCount();
await node.close();
await sim.close();
await new Promise((resolve) => setTimeout(resolve, 50));
/**
 * The heap trend: a least-squares slope (KB per press) over the samples after the first fifth (the
 * warm-up: JIT, caches and pools filling). Flat is ~0; a leak of a few hundred bytes a press shows.
 */
function slopeKbPerPress(samples: readonly number[], every: number): number | undefined {
  const from = Math.floor(samples.length / 5);
  const points = samples.slice(from).map((mb, index) => ({ x: (from + index + 1) * every, y: mb * 1024 }));
  if (points.length < 3) return undefined;
  const meanX = points.reduce((sum, p) => sum + p.x, 0) / points.length;
  const meanY = points.reduce((sum, p) => sum + p.y, 0) / points.length;
  const covariance = points.reduce((sum, p) => sum + (p.x - meanX) * (p.y - meanY), 0);
  const variance = points.reduce((sum, p) => sum + (p.x - meanX) ** 2, 0);
  return Math.round((covariance / variance) * 1000) / 1000;
}
const heapSlope = slopeKbPerPress(heapSamples, heapEvery);
const result = {
  presses,
  signIns,
  faultsInjected,
  meetings,
  errors,
  duplicates,
  late,
  untypedErrors: Object.keys(errors).filter((kind) => kind.startsWith('untyped')).length,
  ends,
  wrongEnds: wrongEnds.slice(0, 20),
  wrongEndCount: wrongEnds.length,
  zeroExitForLoss: zeroForLoss,
  slowEnds,
  linesPrinted: lines,
  unsafeLines,
  listenersStart,
  listenersEnd,
  timersLeaked: Math.max(0, timers() - timersBefore),
  heapStartMB: heapStart,
  heapEndMB: heapEnd,
  heapEvery: heapEvery,
  heapSamplesMB: heapSamples,
  heapSlopeKbPerPress: heapSlope,
  heapBoundKbPerPress,
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
  listenersEnd === listenersStart &&
  wrongEnds.length === 0 &&
  zeroForLoss === 0 &&
  slowEnds === 0 &&
  unsafeLines === 0 &&
  (heapSlope === undefined || heapSlope <= heapBoundKbPerPress);
process.exitCode = ok ? 0 : 1;
