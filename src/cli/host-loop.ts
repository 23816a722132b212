import type { MeetingSnapshot, SessionService } from '../main/session/session-service.js';
import type { SessionState } from '../main/session/session-state.js';
import { maxJoinUrlLength } from '../main/ucwa/join-url.js';
import type { MeetingInfo } from '../main/ucwa/meeting.js';
import { describeInvitation } from '../shared/error-catalog.js';
import { ExitCode } from './exit-codes.js';
import { cliMessages, exitCodeFor, errorLine as printedLine, toCliFailure } from './failure.js';
import { quotedName, terminalJson, terminalText } from './terminal-text.js';

export interface HostOptions {
  subject?: string;
  invite: readonly string[];
  admitAll: boolean;
  /** Print the link, send the invitations, then leave. */
  once: boolean;
  /** With `once`: wait for each invitation's outcome (accepted, declined, timed out) before leaving. */
  waitForInvites: boolean;
  json: boolean;
  deadlineMs?: number;
  /** Prints something else in place of the link (the CLI's --invitation); must print one answer. */
  printLink?: () => Promise<void>;
}

/** Where the host loop writes: stdout gets the link, stderr one line per event. */
export interface HostOutput {
  stdout(text: string): void;
  stderr(line: string): void;
}

/** Every way a hosted meeting ends, so a caller (the CLI, the soak) can tell them apart. */
export type HostEnd =
  | 'once' // link printed (and invitations sent or settled), then left
  | 'stopped' // a signal: the user left
  | 'left' // the meeting ended because we left it
  | 'meeting-ended' // the server closed the meeting
  | 'meeting-lost' // the connection or the application was lost with the meeting in it
  | 'session-failed' // the session stopped for good (certificate changed, replaced, credentials)
  | 'start-failed'; // no meeting came of the start

/** How hosting ended: the sysexits code and the one line that says why. */
export interface HostOutcome {
  end: HostEnd;
  code: number;
  /** For stderr; already terminal-safe. Undefined when the link on stdout says it all. */
  line: string | undefined;
  /** For a failure: its stable kind (server-busy, tls, protocol…). */
  kind?: string;
}

/**
 * Starts a meeting on a signed-in session, prints its link, invites, and hosts it until the first of
 * every way it can end: a signal, the meeting ending or being lost, or the session failing. Always
 * leaves the meeting before it resolves, and resolves exactly once.
 */
export async function hostMeeting(
  session: SessionService,
  options: HostOptions,
  out: HostOutput,
  stopped: Promise<unknown>,
): Promise<HostOutcome> {
  const start = session.startMeetingNow({
    ...(options.subject ? { subject: options.subject } : {}),
    ...(options.deadlineMs ? { deadlineMs: options.deadlineMs } : {}),
  });
  start.catch(() => {});
  const first = await Promise.race([
    start.then((meeting) => ({ meeting })),
    stopped.then(() => 'stopped' as const),
  ]).catch((error: unknown) => ({ error }));
  if (first === 'stopped') {
    session.cancelStart();
    await start.catch(() => {});
    await session.endMeeting().catch(() => {});
    return { end: 'stopped', code: 130, line: undefined };
  }
  if ('error' in first) return failed('start-failed', first.error);
  const info = first.meeting.info;
  if (!info) return failed('start-failed', new Error(cliMessages.noJoinLink));
  if (options.printLink) await options.printLink();
  else printMeeting(info, options.json, out);
  const watch = watchSession(session, options.admitAll, out);
  const invitations = options.invite.map((sip) => inviteOne(session, sip, out));
  try {
    const stop = stopped.then(
      (): HostOutcome => ({ end: 'stopped', code: ExitCode.ok, line: cliMessages.youLeft }),
    );
    if (options.once) {
      const sent = Promise.all(
        invitations.map((item) => (options.waitForInvites ? item.settled : item.sent)),
      );
      return await Promise.race([
        sent.then((): HostOutcome => ({ end: 'once', code: ExitCode.ok, line: undefined })),
        watch.ended,
        stop,
      ]);
    }
    return await Promise.race([watch.ended, stop]);
  } finally {
    // Outcomes that arrive while we leave are ours, not news: only what happened before is printed.
    for (const item of invitations) item.silence();
    watch.dispose();
    await session.endMeeting().catch(() => {});
  }
}

function failed(end: HostEnd, error: unknown): HostOutcome {
  const failure = toCliFailure(error);
  return { end, code: exitCodeFor(failure.kind), line: printedLine(failure.message), kind: failure.kind };
}

function printMeeting(info: MeetingInfo, json: boolean, out: HostOutput): void {
  if (json) {
    out.stdout(
      `${terminalJson({ joinUrl: info.joinUrl, onlineMeetingUri: info.onlineMeetingUri, conferenceId: info.conferenceId ?? null, subject: info.subject })}\n`,
    );
  } else {
    // The session only hands out a checked link (printable ASCII on a trusted host); escaped anyway.
    out.stdout(`${terminalText(info.joinUrl, maxJoinUrlLength)}\n`);
  }
}

interface Invitation {
  sent: Promise<void>;
  settled: Promise<void>;
  silence(): void;
}

/** One invitation: "sent" once the server took it, "settled" once its outcome is known. */
function inviteOne(session: SessionService, sip: string, out: HostOutput): Invitation {
  let quiet = false;
  const say = (line: string) => {
    if (!quiet) out.stderr(line);
  };
  let markSent: () => void = () => {};
  const sent = new Promise<void>((resolve) => {
    markSent = resolve;
  });
  const who = terminalText(sip.startsWith('sip:') ? sip : `sip:${sip}`);
  const settled = Promise.resolve()
    .then(() =>
      session.invite(sip, {
        onSent: () => {
          say(`invited ${who}: invitation sent`);
          markSent();
        },
      }),
    )
    .then(
      (outcome) => say(terminalText(describeInvitation(outcome.to, outcome).text)),
      (error: unknown) => say(`invite ${who}: ${terminalText(toCliFailure(error).message)}`),
    )
    .finally(markSent);
  return {
    sent,
    settled,
    silence: () => {
      quiet = true;
    },
  };
}

/**
 * Prints one line per roster change and connection change, admits lobby arrivals when asked to, and
 * resolves `ended` at the first end: the meeting ending, being lost, or the session failing.
 */
function watchSession(
  session: SessionService,
  admitAll: boolean,
  out: HostOutput,
): { ended: Promise<HostOutcome>; dispose(): void } {
  let finish: (outcome: HostOutcome) => void = () => {};
  const ended = new Promise<HostOutcome>((resolve) => {
    finish = resolve;
  });
  const known = new Map<string, { name: string; inLobby: boolean }>();
  const onMeeting = (snapshot: MeetingSnapshot | undefined) => {
    if (!snapshot) return;
    printRoster(snapshot, known, admitAll, session, out);
    const outcome = meetingOutcome(snapshot);
    if (outcome) finish(outcome);
  };
  const onState = (state: SessionState) => {
    if (state.status === 'reconnecting') out.stderr(cliMessages.reconnecting);
    else if (state.status === 'ready') out.stderr(cliMessages.reconnected);
    else if (state.status === 'error') {
      const code = exitCodeFor(state.problem.kind);
      finish({ end: 'session-failed', code, line: printedLine(state.problem.message) });
    }
  };
  const disposers = [session.events.on('meeting', onMeeting), session.events.on('state', onState)];
  // It may have ended before we listened.
  if (session.state.status === 'error') onState(session.state);
  onMeeting(session.snapshot());
  return {
    ended,
    dispose: () => {
      for (const dispose of disposers) dispose();
    },
  };
}

function meetingOutcome(snapshot: MeetingSnapshot): HostOutcome | undefined {
  const reason = snapshot.reason ?? '';
  if (snapshot.state === 'failed')
    return {
      end: 'meeting-lost',
      code: exitCodeFor('meeting-failed'),
      line: printedLine(`${cliMessages.meetingFailed} ${reason}`),
    };
  if (snapshot.state !== 'ended') return undefined;
  switch (snapshot.endCause) {
    case 'left':
      return { end: 'left', code: ExitCode.ok, line: cliMessages.youLeft };
    case 'server':
      return {
        end: 'meeting-ended',
        code: exitCodeFor('meeting-ended'),
        line: printedLine(`${cliMessages.meetingEndedByServer} ${reason}`),
      };
    default:
      return {
        end: 'meeting-lost',
        code: exitCodeFor('meeting-lost'),
        line: printedLine(`${cliMessages.meetingLost} ${reason}`),
      };
  }
}

function printRoster(
  snapshot: MeetingSnapshot,
  known: Map<string, { name: string; inLobby: boolean }>,
  admitAll: boolean,
  session: SessionService,
  out: HostOutput,
): void {
  const present = new Set<string>();
  for (const participant of snapshot.participants) {
    present.add(participant.id);
    const before = known.get(participant.id);
    const name = quotedName(participant.name); // quoted and escaped: a name is data, never terminal control
    if (!before || before.inLobby !== participant.inLobby) {
      out.stderr(
        participant.inLobby
          ? `lobby: ${name} is waiting${admitAll ? '' : ' (not admitted: use --admit-all)'}`
          : `joined: ${name}`,
      );
      if (participant.inLobby && admitAll) {
        session
          .admit(participant.id)
          .catch((error: unknown) =>
            out.stderr(`admit ${name}: ${terminalText(toCliFailure(error).message)}`),
          );
      }
    }
    known.set(participant.id, { name: participant.name, inLobby: participant.inLobby });
  }
  for (const [id, before] of known) {
    if (!present.has(id)) {
      out.stderr(`left: ${quotedName(before.name)}`);
      known.delete(id);
    }
  }
}
