// Chaos soak: many "start meeting now" presses and sign-ins under random faults and latency, each
// press hosted through the CLI's own host loop (src/cli/host-loop.ts). The server's behaviour for
// each press is drawn from the documented variants the conformance suite runs (soak-plan.ts):
// repeated operationIds making a second meeting or not, membership events in either order, empty
// participant titles, lost answers, a first 409, application expiry under the start, `resume`
// during a start and after a real gap, 200 pages on the event channel.
// Invariants: each press ends in exactly one outcome within its deadline, with the exit code its
// cause calls for (a lost meeting is never 0), never two meetings for one press, a press with a
// recoverable fault gets its link, the roster equals the server's, every printed line is
// terminal-safe, no leaked timers or listeners, and the heap after GC does not trend up beyond
// --heap-bound-kb per press (a least-squares slope over the samples after warm-up).
// `node --expose-gc --import tsx bench/soak.ts --presses 1000` (the suite runs a short one).
import { parseArgs } from 'node:util';
import { type HostOptions, hostMeeting } from '../src/cli/host-loop.js';
import { isUnsafeForTerminal } from '../src/cli/terminal-text.js';
import { InMemoryCredentialStore } from '../src/main/secrets/credential-store.js';
import { SessionService } from '../src/main/session/session-service.js';
import { UcwaClient } from '../src/main/ucwa/client.js';
import { createNodeFetch } from '../src/node/fetch.js';
import { startSimulator } from '../src/simulator/server.js';
import { alice } from '../test/helpers/sim-fixture.js';
import {
  drawMeetingVariants,
  faultName,
  mustSucceed,
  type PressFault,
  pick,
  pressFaults,
  type Scenario,
  scenarios,
  seededRandom,
} from './soak-plan.js';
import { percentile, slopeKbPerPress } from './soak-stats.js';

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
const random = seededRandom(Number(values.seed));
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
const unrecovered: string[] = [];
let zeroForLoss = 0;
let slowEnds = 0;
let lines = 0;
let unsafeLines = 0;
let rosterChecks = 0;
const rosterMismatches: string[] = [];
const linkTimesMs: number[] = [];

/** Names of who is in (not the lobby), the organiser left out: the client's and the server's. */
function rosters(joinUrl: string): { client: string[]; server: string[] } {
  const server = (sim.meetings().find((entry) => entry.joinUrl === joinUrl)?.members ?? [])
    .filter((member) => member.key !== alice.sip && !member.inLobby)
    .map((member) => member.name)
    .sort();
  const client = (session.snapshot()?.participants ?? [])
    .filter((participant) => !participant.inLobby)
    .map((participant) => participant.name)
    .sort();
  return { client, server };
}

/** Polls a condition on the event loop's turn (a benchmark, not a test: bounded, no fixed sleeps). */
async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return true;
}

/** Once bob joined and carol was admitted, the client's roster must be the server's list. */
async function checkRoster(joinUrl: string, stop: () => void): Promise<void> {
  rosterChecks += 1;
  const same = () => {
    const { client, server } = rosters(joinUrl);
    return client.length === 2 && JSON.stringify(client) === JSON.stringify(server);
  };
  if (!(await until(same, endBoundMs))) {
    const { client, server } = rosters(joinUrl);
    rosterMismatches.push(`client ${JSON.stringify(client)} server ${JSON.stringify(server)}`);
  }
  stop();
}

/** The server loses a live meeting: the application expires, or a `resume` after a real gap. */
function loseMeeting(how: 'lose-expire' | 'lose-resume-gap', joinUrl: string): void {
  if (how === 'lose-expire') {
    sim.expireApplications();
    sim.injectResync(); // release the parked P-GET so the client meets the expiry now
    return;
  }
  sim.injectResume(undefined, { conversationsSurvive: false });
  const meeting = sim.meetings().find((entry) => entry.joinUrl === joinUrl);
  // Something must happen for the parked P-GET to answer with the resume (as in the scenario test).
  if (meeting) sim.guestJoins(meeting.onlineMeetingId, 'Wakes the channel');
}

/** One press through the CLI host loop; the soak plays the user (a signal) and the server (a loss). */
async function hostPress(plan: Scenario, fault: PressFault) {
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
      const joinUrl = session.snapshot()?.info?.joinUrl ?? '';
      if (plan.afterLink === 'stop') {
        triggeredAt = linkAt;
        stop();
      } else if (plan.afterLink === 'roster') {
        void checkRoster(joinUrl, () => {
          triggeredAt = performance.now();
          stop();
        });
      } else if (plan.afterLink !== 'nothing') {
        triggeredAt = linkAt;
        loseMeeting(plan.afterLink, joinUrl);
      }
    },
    stderr: check,
  };
  const hosting = hostMeeting(
    session,
    {
      invite: [],
      admitAll: false,
      once: false,
      waitForInvites: false,
      json: random() < 0.5,
      deadlineMs,
      ...plan.options,
    } satisfies HostOptions,
    out,
    stopped,
  );
  // A `resume` (conversations kept) answering the parked P-GET while the start POST is in flight.
  if (fault.kind === 'server' && fault.name === 'resume-during-start')
    sim.injectResume(undefined, { conversationsSurvive: true });
  const outcome = await hosting;
  const endedAt = performance.now();
  const kind = outcome.kind ?? outcome.end;
  return {
    ...outcome,
    kind,
    linked: linkAt > 0,
    linkMs: (linkAt || endedAt) - pressStarted,
    endMs: triggeredAt ? endedAt - triggeredAt : 0,
  };
}

/** Waits (polling the state, bounded) until the session has one live application with a parked P-GET. */
async function recovered(): Promise<void> {
  await until(
    () =>
      session.state.status === 'ready' &&
      sim.applications().filter((app) => app.state === 'active' && app.parked).length === 1,
    10_000,
  );
}

function check(line: string): void {
  lines += 1;
  if (line.includes('\n') || [...line].some(isUnsafeForTerminal)) unsafeLines += 1;
}

/** Arms the press's fault on the server; returns what undoes it. */
function inject(fault: PressFault): () => void {
  switch (fault.kind) {
    case 'none':
      return () => {};
    case 'rule':
      return sim.faults.add({ ...fault.rule });
    case 'first-start':
      return sim.useMeetingVariants({ startFirstAnswer: fault.answer });
    case 'server':
      if (fault.name === 'fail')
        sim.queueMeetingOutcome({
          kind: 'fail',
          reason: {
            code: 'ServiceFailure',
            subcode: 'Unavailable',
            message: 'No conferencing server is available.',
          },
        });
      else if (fault.name === 'expire') sim.expireApplications();
      else if (fault.name === 'revoke') sim.revokeTokens();
      else if (fault.name === 'resync') sim.injectResync();
      return () => {};
  }
}

const started = performance.now();
await session.signIn(account);
signIns += 1;
const heapStart = heapMB();
/** Heap after GC every N presses (after trimming the simulator's logs): flat means no leak. */
const heapSamples: number[] = [];
const listenersStart = session.events.listenerCount();
const variantsSeen = new Set<string>();

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
  const variants = drawMeetingVariants(random);
  sim.useMeetingVariants(variants);
  for (const [key, value] of Object.entries(variants)) variantsSeen.add(`${key}=${value}`);
  const fault = pick(random, pressFaults);
  if (fault.kind === 'first-start') variantsSeen.add(`startFirstAnswer=${fault.answer}`);
  if (fault.kind !== 'none') faultsInjected += 1;
  const undo = inject(fault);
  const createdBefore = sim.conferencesCreated;
  const pressStarted = performance.now();
  const plan = pick(random, scenarios);
  const outcome = await hostPress(plan, fault);
  if (process.env.MEETNOW_SOAK_TRACE)
    process.stderr.write(
      `${press} ${faultName(fault)} ${JSON.stringify(variants)} ${plan.name} → ${outcome.end} ${outcome.code} ${Math.round(performance.now() - pressStarted)} ms ${outcome.line ?? ''}\n`,
    );
  ends[outcome.end] = (ends[outcome.end] ?? 0) + 1;
  if (outcome.end === 'start-failed') {
    errors[outcome.kind] = (errors[outcome.kind] ?? 0) + 1;
    if (mustSucceed(fault))
      unrecovered.push(`${faultName(fault)} ${plan.name}: ${outcome.line ?? outcome.kind}`);
  } else meetings += 1;
  if (outcome.linked) linkTimesMs.push(outcome.linkMs);
  if (
    !plan.expects.includes(outcome.end) &&
    outcome.end !== 'start-failed' &&
    outcome.end !== 'session-failed'
  )
    wrongEnds.push(`${plan.name} (${faultName(fault)}) → ${outcome.end}`);
  if (
    (outcome.end === 'meeting-lost' || outcome.end === 'meeting-ended' || outcome.end === 'session-failed') &&
    outcome.code === 0
  )
    zeroForLoss += 1;
  if (outcome.linkMs > deadlineMs + 3000) late += 1;
  if (outcome.endMs > endBoundMs + (plan.afterLink === 'roster' ? endBoundMs : 0)) slowEnds += 1;
  if (performance.now() - pressStarted > deadlineMs + 2 * endBoundMs + 3000) late += 1;
  const created = sim.conferencesCreated - createdBefore;
  if (created > 1) duplicates += 1;
  if (outcome.end === 'meeting-lost' || outcome.end === 'meeting-ended') await recovered();
  undo();
}

await session.signOut();
const heapEnd = heapMB();
const listenersEnd = session.events.listenerCount();
await node.close();
await sim.close();
await new Promise((resolve) => setTimeout(resolve, 50));
const heapSlope = slopeKbPerPress(heapSamples, heapEvery);
const result = {
  presses,
  signIns,
  faultsInjected,
  meetings,
  errors,
  duplicates,
  late,
  unrecoveredCount: unrecovered.length,
  unrecovered: unrecovered.slice(0, 20),
  untypedErrors: Object.keys(errors).filter((kind) => kind.startsWith('untyped')).length,
  ends,
  wrongEnds: wrongEnds.slice(0, 20),
  wrongEndCount: wrongEnds.length,
  zeroExitForLoss: zeroForLoss,
  slowEnds,
  rosterChecks,
  rosterMismatchCount: rosterMismatches.length,
  rosterMismatches: rosterMismatches.slice(0, 20),
  pressToLinkMs: {
    p50: percentile(linkTimesMs, 50),
    p95: percentile(linkTimesMs, 95),
    links: linkTimesMs.length,
  },
  variantsSeen: [...variantsSeen].sort(),
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
  result.unrecoveredCount === 0 &&
  result.untypedErrors === 0 &&
  result.meetings + Object.values(errors).reduce((a, b) => a + b, 0) === presses &&
  result.timersLeaked === 0 &&
  listenersEnd === listenersStart &&
  wrongEnds.length === 0 &&
  zeroForLoss === 0 &&
  slowEnds === 0 &&
  unsafeLines === 0 &&
  rosterMismatches.length === 0 &&
  (heapSlope === undefined || heapSlope <= heapBoundKbPerPress);
process.exitCode = ok ? 0 : 1;
