// One lane of the chaos soak: its own simulator, session and seeded draws, pressing "start meeting
// now" through the CLI's host loop (src/cli/host-loop.ts) and tallying what happened. Lanes run side
// by side in one process (one heap, one event loop), so a long soak takes minutes, not hours, and
// every press's fault still belongs to exactly one server.
import { type HostOptions, hostMeeting } from '../src/cli/host-loop.js';
import { isUnsafeForTerminal } from '../src/cli/terminal-text.js';
import { InMemoryCredentialStore } from '../src/main/secrets/credential-store.js';
import { SessionService } from '../src/main/session/session-service.js';
import { UcwaClient } from '../src/main/ucwa/client.js';
import { createNodeFetch } from '../src/node/fetch.js';
import { startSimulator, type UcwaSimulator } from '../src/simulator/server.js';
import { alice, waitUntil } from '../test/helpers/sim-fixture.js';
import {
  drawMeetingVariants,
  faultName,
  mustSucceed,
  type PressFault,
  pick,
  pressFaults,
  type Random,
  type Scenario,
  scenarios,
  seededRandom,
} from './soak-plan.js';

/** MEETNOW_SOAK_FAULTS=startOnlineMeeting:html,none draws only those (to chase one failure). */
const onlyFaults = pressFaults.filter((fault) =>
  (process.env.MEETNOW_SOAK_FAULTS ?? '').split(',').includes(faultName(fault)),
);

/** The soak's deadline for one start: the client waits 5 s for a lost answer's events, then re-POSTs. */
export const deadlineMs = 10_000;
/** Leaving, even with invitations pending, or noticing a lost meeting takes at most this long. */
export const endBoundMs = 5000;

/** What every lane adds to. */
export class Tally {
  public presses = 0;
  public signIns = 0;
  public faultsInjected = 0;
  public meetings = 0;
  public duplicates = 0;
  public late = 0;
  public zeroExitForLoss = 0;
  public slowEnds = 0;
  public linesPrinted = 0;
  public unsafeLines = 0;
  public rosterChecks = 0;
  public simulatorInternalErrors = 0;
  public readonly errors: Record<string, number> = {};
  public readonly ends: Record<string, number> = {};
  public readonly wrongEnds: string[] = [];
  public readonly unrecovered: string[] = [];
  public readonly rosterMismatches: string[] = [];
  public readonly linkTimesMs: number[] = [];
  public readonly variantsSeen = new Set<string>();
}

export class SoakLane {
  private readonly random: Random;
  private constructor(
    private readonly sim: UcwaSimulator,
    private readonly node: ReturnType<typeof createNodeFetch>,
    public readonly session: SessionService,
    private readonly tally: Tally,
    random: Random,
    private readonly trace: boolean,
  ) {
    this.random = random;
  }

  public static async open(seed: number, tally: Tally, trace: string | undefined): Promise<SoakLane> {
    const random = seededRandom(seed);
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
          endpointId: `soak-${seed}`,
          // Its own stream: the client draws as often as timing makes it, the plan stays repeatable.
          random: seededRandom(seed ^ 0x5bd1e995),
          ...(trace === 'http'
            ? {
                logger: {
                  debug: (line: string) => process.stderr.write(`  ${line}\n`),
                  warn: (line: string) => process.stderr.write(`  ! ${line}\n`),
                },
              }
            : {}),
        }),
    });
    return new SoakLane(sim, node, session, tally, random, trace !== undefined);
  }

  private get account() {
    return { sipAddress: alice.username, discoverUrl: this.sim.discoverUrl };
  }

  public async signIn(): Promise<void> {
    await this.session.signIn(this.account);
    this.tally.signIns += 1;
  }

  /** Between rounds: drop the simulator's logs (they share the heap) and sign in afresh. */
  public async between(keepSimLogs: boolean): Promise<void> {
    if (!keepSimLogs) this.sim.trimBookkeeping();
    await this.session.signOut();
    await this.signIn();
  }

  public async close(): Promise<void> {
    this.tally.simulatorInternalErrors += this.sim.internalErrors;
    await this.session.signOut();
    await this.node.close();
    await this.sim.close();
  }

  public async run(count: number): Promise<void> {
    for (let index = 0; index < count; index += 1) await this.press();
  }

  private async press(): Promise<void> {
    const { sim, session, tally, random } = this;
    if (session.state.status !== 'ready' && session.state.status !== 'reconnecting') await this.signIn();
    sim.setLatency(Math.floor(random() * 20));
    const variants = drawMeetingVariants(random);
    sim.useMeetingVariants(variants);
    for (const [key, value] of Object.entries(variants)) tally.variantsSeen.add(`${key}=${value}`);
    const fault = pick(random, onlyFaults.length > 0 ? onlyFaults : pressFaults);
    if (fault.kind === 'first-start') tally.variantsSeen.add(`startFirstAnswer=${fault.answer}`);
    if (fault.kind !== 'none') tally.faultsInjected += 1;
    const undo = this.inject(fault);
    const createdBefore = sim.conferencesCreated;
    const pressStarted = performance.now();
    const plan = pick(random, scenarios);
    const outcome = await this.hostPress(plan, fault);
    tally.presses += 1;
    if (this.trace)
      process.stderr.write(
        `${tally.presses} ${new URL(sim.discoverUrl).port} ${faultName(fault)} ${JSON.stringify(variants)} ${plan.name} → ${outcome.end} ${outcome.code} ${Math.round(performance.now() - pressStarted)} ms ${outcome.line ?? ''}\n`,
      );
    tally.ends[outcome.end] = (tally.ends[outcome.end] ?? 0) + 1;
    if (outcome.end === 'start-failed') {
      tally.errors[outcome.kind] = (tally.errors[outcome.kind] ?? 0) + 1;
      if (mustSucceed(fault))
        tally.unrecovered.push(`${faultName(fault)} ${plan.name}: ${outcome.line ?? outcome.kind}`);
    } else tally.meetings += 1;
    if (outcome.linked) tally.linkTimesMs.push(outcome.linkMs);
    if (
      !plan.expects.includes(outcome.end) &&
      outcome.end !== 'start-failed' &&
      outcome.end !== 'session-failed'
    )
      tally.wrongEnds.push(`${plan.name} (${faultName(fault)}) → ${outcome.end}`);
    const loss =
      outcome.end === 'meeting-lost' || outcome.end === 'meeting-ended' || outcome.end === 'session-failed';
    if (loss && outcome.code === 0) tally.zeroExitForLoss += 1;
    if (outcome.linkMs > deadlineMs + 3000) tally.late += 1;
    if (outcome.endMs > endBoundMs + (plan.afterLink === 'roster' ? endBoundMs : 0)) tally.slowEnds += 1;
    if (performance.now() - pressStarted > deadlineMs + 2 * endBoundMs + 3000) tally.late += 1;
    if (sim.conferencesCreated - createdBefore > 1) tally.duplicates += 1;
    if (outcome.end === 'meeting-lost' || outcome.end === 'meeting-ended') await this.recovered();
    undo();
  }

  /** Arms the press's fault on this lane's server; returns what undoes it. */
  private inject(fault: PressFault): () => void {
    const { sim } = this;
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

  /** One press through the CLI host loop; the lane plays the user (a signal) and the server (a loss). */
  private async hostPress(plan: Scenario, fault: PressFault) {
    let stop: () => void = () => {};
    const stopped = new Promise<void>((resolve) => {
      stop = resolve;
    });
    const pressStarted = performance.now();
    let linkAt = 0;
    let triggeredAt = 0;
    const out = {
      stdout: (text: string) => {
        this.check(text.replace(/\n$/, ''));
        linkAt = performance.now();
        const joinUrl = this.session.snapshot()?.info?.joinUrl ?? '';
        if (plan.afterLink === 'stop') {
          triggeredAt = linkAt;
          stop();
        } else if (plan.afterLink === 'roster') {
          void this.checkRoster(joinUrl).then(() => {
            triggeredAt = performance.now();
            stop();
          });
        } else if (plan.afterLink !== 'nothing') {
          triggeredAt = linkAt;
          this.loseMeeting(plan.afterLink, joinUrl);
        }
      },
      stderr: (line: string) => this.check(line),
    };
    const options: HostOptions = {
      invite: [],
      admitAll: false,
      once: false,
      waitForInvites: false,
      json: this.random() < 0.5,
      deadlineMs,
      ...plan.options,
    };
    const hosting = hostMeeting(this.session, options, out, stopped);
    // A `resume` (conversations kept) answering the parked P-GET while the start POST is in flight.
    if (fault.kind === 'server' && fault.name === 'resume-during-start')
      this.sim.injectResume(undefined, { conversationsSurvive: true });
    const outcome = await hosting;
    const endedAt = performance.now();
    return {
      ...outcome,
      kind: outcome.kind ?? outcome.end,
      linked: linkAt > 0,
      linkMs: (linkAt || endedAt) - pressStarted,
      endMs: triggeredAt ? endedAt - triggeredAt : 0,
    };
  }

  /** Names of who is in (not the lobby), the organiser left out: the client's and the server's. */
  private rosters(joinUrl: string): { client: string[]; server: string[] } {
    const server = (this.sim.meetings().find((entry) => entry.joinUrl === joinUrl)?.members ?? [])
      .filter((member) => member.key !== alice.sip && !member.inLobby)
      .map((member) => member.name)
      .sort();
    const client = (this.session.snapshot()?.participants ?? [])
      .filter((participant) => !participant.inLobby)
      .map((participant) => participant.name)
      .sort();
    return { client, server };
  }

  /** Once bob joined and carol was admitted, the client's roster must be the server's list. */
  private async checkRoster(joinUrl: string): Promise<void> {
    this.tally.rosterChecks += 1;
    const same = () => {
      const { client, server } = this.rosters(joinUrl);
      return client.length === 2 && JSON.stringify(client) === JSON.stringify(server);
    };
    if (!(await until(same, endBoundMs))) {
      const { client, server } = this.rosters(joinUrl);
      this.tally.rosterMismatches.push(`client ${JSON.stringify(client)} server ${JSON.stringify(server)}`);
      return;
    }
    // A leader elsewhere promotes bob and carol types: membership moves, nobody leaves.
    const id = this.sim.meetings().find((entry) => entry.joinUrl === joinUrl)?.onlineMeetingId ?? '';
    this.sim.changeRole(id, 'sip:bob@meetnow.test', 'Leader');
    this.sim.participantTyping(id, 'sip:carol@meetnow.test', true);
    this.sim.participantTyping(id, 'sip:carol@meetnow.test', false);
    const bobLeads = () =>
      this.session.snapshot()?.participants.find((participant) => participant.name === 'Bob Berg')?.role ===
      'Leader';
    if (!(await until(() => bobLeads() && same(), endBoundMs))) {
      const { client, server } = this.rosters(joinUrl);
      this.tally.rosterMismatches.push(
        `after a promotion: client ${JSON.stringify(client)} server ${JSON.stringify(server)}`,
      );
    }
  }

  /** The server loses a live meeting: the application expires, or a `resume` after a real gap. */
  private loseMeeting(how: 'lose-expire' | 'lose-resume-gap', joinUrl: string): void {
    const { sim } = this;
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

  /** After a loss the client re-creates its application: the next press waits for that (bounded). */
  private async recovered(): Promise<void> {
    await until(
      () =>
        this.session.state.status === 'ready' &&
        this.sim.applications().filter((app) => app.state === 'active' && app.parked).length === 1,
      10_000,
    );
  }

  private check(line: string): void {
    this.tally.linesPrinted += 1;
    if (line.includes('\n') || [...line].some(isUnsafeForTerminal)) this.tally.unsafeLines += 1;
  }
}

/** Whether the condition came true within the time (a benchmark: bounded polling, no fixed sleeps). */
const until = (condition: () => boolean, timeoutMs: number): Promise<boolean> =>
  waitUntil(condition, timeoutMs).then(
    () => true,
    () => false,
  );
