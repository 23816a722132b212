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
// Lanes (--lanes, default 4) press side by side, each against its own simulator, in one process:
// the heap figure is the whole process's, sampled after GC between rounds when no press is in flight.
// `node --expose-gc --import tsx bench/soak.ts --presses 1000` (the suite runs a short one).
import { parseArgs } from 'node:util';
import { SoakLane, Tally } from './soak-lane.js';
import { percentile, slopeKbPerPress } from './soak-stats.js';
import { installTimerTracker } from './soak-timers.js';

// Before any lane arms a timer: a timer left at the end is reported with where it was armed.
const timerTracker = installTimerTracker(new URL('..', import.meta.url).pathname);

const { values } = parseArgs({
  options: {
    presses: { type: 'string', default: '200' },
    lanes: { type: 'string', default: '4' },
    seed: { type: 'string', default: '42' },
    json: { type: 'boolean', default: false },
    'keep-sim-logs': { type: 'boolean', default: false },
    'heap-every': { type: 'string', default: '50' },
    'heap-bound-kb': { type: 'string', default: '0.5' },
  },
});
const presses = Number(values.presses);
const laneCount = Math.max(1, Math.min(Number(values.lanes), presses));
/** Presses between heap samples (all lanes together). */
const heapEvery = Math.max(laneCount, Number(values['heap-every']));
const heapBoundKbPerPress = Number(values['heap-bound-kb']);
const seed = Number(values.seed);
const gc = (globalThis as { gc?: () => void }).gc;
const heapMB = () => {
  gc?.();
  return Math.round((process.memoryUsage().heapUsed / 1048576) * 10) / 10;
};
const timers = () => process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;

const timersBefore = timers();
const tally = new Tally();
const lanes: SoakLane[] = [];
for (let lane = 0; lane < laneCount; lane += 1)
  lanes.push(await SoakLane.open(seed * 1000 + lane, tally, process.env.MEETNOW_SOAK_TRACE));
const started = performance.now();
await Promise.all(lanes.map((lane) => lane.signIn()));
const heapStart = heapMB();
/** Heap after GC between rounds (the simulators' logs trimmed first): flat means no leak. */
const heapSamples: number[] = [];
const listenersStart = lanes.reduce((sum, lane) => sum + lane.session.events.listenerCount(), 0);

// Rounds of heapEvery presses shared out between the lanes; between rounds every lane is idle.
for (let done = 0; done < presses; ) {
  const round = Math.min(heapEvery, presses - done);
  await Promise.all(
    lanes.map((lane, index) => lane.run(Math.floor(round / laneCount) + (index < round % laneCount ? 1 : 0))),
  );
  done += round;
  if (done >= presses) break;
  for (const lane of lanes) await lane.between(values['keep-sim-logs'] ?? false);
  heapSamples.push(heapMB());
  // MEETNOW_SOAK_SNAPSHOTS=1000,4000 writes heap snapshots there, to diff what grows.
  if (process.env.MEETNOW_SOAK_SNAPSHOTS?.split(',').includes(String(done))) {
    (await import('node:v8')).writeHeapSnapshot(`/tmp/soak-${done}.heapsnapshot`);
  }
}

const listenersEnd = lanes.reduce((sum, lane) => sum + lane.session.events.listenerCount(), 0);
for (const lane of lanes) await lane.close();
const heapEnd = heapMB();
await new Promise((resolve) => setTimeout(resolve, 50));
const heapSlope = slopeKbPerPress(heapSamples, heapEvery);
const errorCount = Object.values(tally.errors).reduce((a, b) => a + b, 0);
const result = {
  presses: tally.presses,
  lanes: laneCount,
  signIns: tally.signIns,
  faultsInjected: tally.faultsInjected,
  meetings: tally.meetings,
  errors: tally.errors,
  duplicates: tally.duplicates,
  late: tally.late,
  unrecoveredCount: tally.unrecovered.length,
  unrecovered: tally.unrecovered.slice(0, 20),
  untypedErrors: Object.keys(tally.errors).filter((kind) => kind.startsWith('untyped')).length,
  ends: tally.ends,
  wrongEnds: tally.wrongEnds.slice(0, 20),
  wrongEndCount: tally.wrongEnds.length,
  zeroExitForLoss: tally.zeroExitForLoss,
  slowEnds: tally.slowEnds,
  rosterChecks: tally.rosterChecks,
  simulatorInternalErrors: tally.simulatorInternalErrors,
  rosterMismatchCount: tally.rosterMismatches.length,
  rosterMismatches: tally.rosterMismatches.slice(0, 20),
  pressToLinkMs: {
    p50: percentile(tally.linkTimesMs, 50),
    p95: percentile(tally.linkTimesMs, 95),
    links: tally.linkTimesMs.length,
  },
  variantsSeen: [...tally.variantsSeen].sort(),
  linesPrinted: tally.linesPrinted,
  unsafeLines: tally.unsafeLines,
  listenersStart,
  listenersEnd,
  timersLeaked: Math.max(0, timers() - timersBefore),
  timersLeft: timerTracker.pending().slice(0, 10),
  heapStartMB: heapStart,
  heapEndMB: heapEnd,
  heapEvery,
  heapSamplesMB: heapSamples,
  heapSlopeKbPerPress: heapSlope,
  heapBoundKbPerPress,
  seconds: Math.round((performance.now() - started) / 100) / 10,
};
if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
else process.stdout.write(`Chaos soak: ${JSON.stringify(result, null, 2)}\n`);
const ok =
  result.presses === presses &&
  result.duplicates === 0 &&
  result.late === 0 &&
  result.unrecoveredCount === 0 &&
  result.untypedErrors === 0 &&
  result.meetings + errorCount === presses &&
  result.timersLeaked === 0 &&
  listenersEnd === listenersStart &&
  result.wrongEndCount === 0 &&
  result.zeroExitForLoss === 0 &&
  result.slowEnds === 0 &&
  result.unsafeLines === 0 &&
  result.rosterMismatchCount === 0 &&
  (heapSlope === undefined || heapSlope <= heapBoundKbPerPress);
process.exitCode = ok ? 0 : 1;
