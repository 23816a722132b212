import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CredentialStore } from '../main/secrets/credential-store.js';
import {
  type AccountSettings,
  type MeetingSnapshot,
  SessionService,
} from '../main/session/session-service.js';
import { UcwaClient } from '../main/ucwa/client.js';
import type { Logger } from '../main/ucwa/transport.js';
import { loadCliState, saveCliState } from '../node/cli-state.js';
import { type ConnectRule, parseConnectTo } from '../node/connect-to.js';
import { createNodeFetch } from '../node/fetch.js';
import { createKerberosNegotiate } from '../node/kerberos-negotiate.js';
import {
  cachedRouteFor,
  cliRecentMeetings,
  printInvitation,
  rememberRoutes,
  trackRecentMeeting,
} from './cli-extras.js';
import { ExitCode, UsageError } from './exit-codes.js';
import { CliFailure, exitCodeFor, failureFromProblem, toCliFailure } from './failure.js';
import type { CliIo } from './io.js';

export const startUsage = `Usage: meetnow start --user SIP [options]

Signs in, starts an ad-hoc meeting and prints its join URL as soon as it is ready.

Options:
  --discover URL      discovery URL (default: autodiscovery from the SIP domain)
  --user SIP          sign-in address, e.g. alice@contoso.com
  --username LOGIN    logon name if different (DOMAIN\\user or UPN)
  --password-stdin    read the password from the first line of standard input
                      (default: the keychain entry written by "meetnow login", else a prompt)
  --sso               single sign-on: the Windows grant with your Kerberos ticket (kinit, SSSD,
                      a domain logon); no password is read or asked for. With --password-stdin
                      too, the password grant is the fallback when single sign-on fails
  --subject TEXT      meeting subject
  --invite SIP        invite someone once the meeting is ready (repeatable)
  --admit-all         admit everyone who waits in the lobby
  --once              print the link, then leave, sign out and exit
  --json              print one JSON object (joinUrl, onlineMeetingUri, conferenceId, subject)
  --invitation        print a ready-to-paste invitation (link, conference ID, dial-in numbers,
                      the organisation's footer) instead of the bare link
  --ca-file PEM       also trust this CA (NODE_EXTRA_CA_CERTS is honoured too)
  --approve-host H    allow credentials to go to H, a host or domain outside the SIP domain,
                      and its subdomains (repeatable)
  --trusted-domain D  a domain your administrator trusts for sign-in (repeatable), e.g. the DNS
                      domain of split-domain pools
  --connect-to H:P:H2:P2
                      connect to H2:P2 whenever H:P is asked for; the name H is still what the
                      certificate must show (as curl's --connect-to; repeatable)
  --verbose           log requests (URLs redacted) and error details to stderr
`;

export interface StartDeps {
  io: CliIo;
  credentials: CredentialStore;
  /** Reads the password for --password-stdin or a prompt; undefined when neither is possible. */
  readPassword(source: 'stdin' | 'prompt'): Promise<string | undefined>;
  isTty: boolean;
}

export interface StartRequest {
  account: AccountSettings;
  subject?: string;
  invite: string[];
  admitAll: boolean;
  once: boolean;
  json: boolean;
  invitation?: boolean;
  verbose: boolean;
  extraCaPems: string[];
  connectTo?: ConnectRule[];
  password?: string;
  /** Single sign-on (Kerberos through Negotiate); the password grant only as an asked-for fallback. */
  sso?: boolean;
}

export function parseStartArgs(argv: string[]): StartRequest & { passwordStdin: boolean } {
  const { values } = parseArgs({
    args: argv,
    options: {
      discover: { type: 'string' },
      user: { type: 'string' },
      username: { type: 'string' },
      'password-stdin': { type: 'boolean', default: false },
      sso: { type: 'boolean', default: false },
      subject: { type: 'string' },
      invite: { type: 'string', multiple: true },
      'admit-all': { type: 'boolean', default: false },
      once: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      invitation: { type: 'boolean', default: false },
      'ca-file': { type: 'string', multiple: true },
      'approve-host': { type: 'string', multiple: true },
      'trusted-domain': { type: 'string', multiple: true },
      'connect-to': { type: 'string', multiple: true },
      verbose: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (!values.user) throw new UsageError('--user is required');
  if (values.discover) {
    try {
      new URL(values.discover);
    } catch {
      throw new UsageError(`--discover "${values.discover}" is not a URL`);
    }
  }
  const extraCaPems = (values['ca-file'] ?? []).map((path) => {
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read --ca-file ${path}: ${(error as Error).message}`);
    }
  });
  return {
    account: {
      sipAddress: values.user.replace(/^sip:/i, ''),
      ...(values.username ? { username: values.username } : {}),
      ...(values.discover ? { discoverUrl: values.discover } : {}),
      approvedHosts: values['approve-host'] ?? [],
      trustedDomains: values['trusted-domain'] ?? [],
    },
    connectTo: (values['connect-to'] ?? []).map((spec) => {
      try {
        return parseConnectTo(spec);
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
    }),
    ...(values.subject !== undefined ? { subject: values.subject } : {}),
    invite: values.invite ?? [],
    admitAll: values['admit-all'],
    once: values.once,
    json: values.json,
    invitation: values.invitation,
    verbose: values.verbose,
    extraCaPems,
    passwordStdin: values['password-stdin'],
    sso: values.sso,
  };
}

/** Resolves the password the way `start` does, then runs `run` (a meeting, or `link --mine`). */
export async function startCommand(
  argv: string[],
  deps: StartDeps,
  run: typeof runMeeting = runMeeting,
): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    deps.io.stdout(startUsage);
    return ExitCode.ok;
  }
  const request = parseStartArgs(argv);
  let password: string | undefined;
  if (request.passwordStdin) {
    password = await deps.readPassword('stdin');
    if (!password) throw new UsageError('--password-stdin: standard input had no password on its first line');
  } else if (request.sso) {
    // Single sign-on alone: no keychain, no prompt, no password anywhere.
    return run(request, deps.io, deps.credentials);
  } else {
    password = await deps.credentials.get(request.account.sipAddress).catch(() => undefined);
    if (password === undefined && deps.isTty) password = await deps.readPassword('prompt');
    if (password === undefined) {
      throw new CliFailure(
        'credentials',
        `No password for ${request.account.sipAddress}: run "meetnow login --user ${request.account.sipAddress}" or use --password-stdin.`,
      );
    }
  }
  return run({ ...request, password }, deps.io, deps.credentials);
}

/** Signs in, starts the meeting, prints it, then hosts it (or leaves at once with --once). */
export async function runMeeting(
  request: StartRequest,
  io: CliIo,
  credentials: CredentialStore,
): Promise<number> {
  const stopped = io.waitForSignal();
  const remembered = loadCliState(io.env);
  const cachedUserUrl = remembered.userUrls[request.account.sipAddress.toLowerCase()];
  const cachedRoute = cachedRouteFor(io.env, request.account.sipAddress);
  const account = {
    ...request.account,
    ...(cachedUserUrl && !request.account.cachedUserUrl ? { cachedUserUrl } : {}),
    ...(cachedRoute && !request.account.cachedRoute ? { cachedRoute } : {}),
  };
  const node = createNodeFetch({
    extraCaPems: request.extraCaPems,
    env: io.env,
    ...(request.connectTo ? { connectTo: request.connectTo } : {}),
  });
  const logger: Logger = request.verbose
    ? { debug: (line) => io.stderr(`[ucwa] ${line}`), warn: (line) => io.stderr(`[ucwa] ${line}`) }
    : { debug: () => {}, warn: () => {} };
  const session = new SessionService({
    credentials,
    createClient: (source) =>
      new UcwaClient({
        fetch: node.fetch,
        credentials: source,
        ...(request.sso
          ? {
              windowsSignIn: {
                negotiate: createKerberosNegotiate(),
                passwordFallback: request.password !== undefined,
              },
            }
          : {}),
        userAgent: 'MeetNow-CLI/0.1',
        endpointId: remembered.endpointId,
        logger,
      }),
  });
  session.events.on('userUrl', (userUrl) => {
    const userUrls = { ...remembered.userUrls, [request.account.sipAddress.toLowerCase()]: userUrl };
    saveCliState(io.env, { ...remembered, userUrls });
  });
  rememberRoutes(session, io.env, request.account.sipAddress);
  const leftMeeting = trackRecentMeeting(session, cliRecentMeetings(io.env, logger.warn));
  try {
    const state = await Promise.race([
      session.signIn(account, request.password !== undefined ? { password: request.password } : {}),
      stopped.then(() => undefined),
    ]);
    if (!state) return 130;
    if (state.status === 'error') throw failureFromProblem(state.problem);
    const meeting = await session.startMeetingNow(request.subject ? { subject: request.subject } : {});
    if (request.invitation) await printInvitation(session, request.json, io);
    else printMeeting(meeting, request.json, io);
    for (const sip of request.invite) {
      session.invite(sip).then(
        (outcome) =>
          io.stderr(
            outcome.ok ? `invited ${outcome.to}: joined` : `invited ${outcome.to}: ${outcome.message}`,
          ),
        (error: unknown) => io.stderr(`invite ${sip}: ${toCliFailure(error).message}`),
      );
    }
    if (request.once) return ExitCode.ok;
    hostMeeting(session, request.admitAll, io);
    const ended = new Promise<void>((resolve) => {
      session.events.on('meeting', (snapshot) => {
        if (snapshot && (snapshot.state === 'ended' || snapshot.state === 'failed')) resolve();
      });
    });
    await Promise.race([stopped, ended]);
    return ExitCode.ok;
  } finally {
    leftMeeting();
    await session.signOut().catch(() => {});
    await node.close();
  }
}

function printMeeting(meeting: MeetingSnapshot, json: boolean, io: CliIo): void {
  const info = meeting.info;
  if (!info) throw new CliFailure('protocol', 'The meeting started without a join link.');
  if (json) {
    io.stdout(
      `${JSON.stringify({ joinUrl: info.joinUrl, onlineMeetingUri: info.onlineMeetingUri, conferenceId: info.conferenceId ?? null, subject: info.subject })}\n`,
    );
  } else {
    io.stdout(`${info.joinUrl}\n`);
  }
}

/** Prints one line per roster change and admits lobby arrivals when asked to. */
function hostMeeting(session: SessionService, admitAll: boolean, io: CliIo): void {
  const known = new Map<string, { name: string; inLobby: boolean }>();
  session.events.on('meeting', (snapshot) => {
    if (!snapshot) return;
    const present = new Set<string>();
    for (const participant of snapshot.participants) {
      present.add(participant.id);
      const before = known.get(participant.id);
      const name = JSON.stringify(participant.name); // quoted: a name is data, never terminal control
      if (!before || before.inLobby !== participant.inLobby) {
        io.stderr(
          participant.inLobby
            ? `lobby: ${name} is waiting${admitAll ? '' : ' (not admitted: use --admit-all)'}`
            : `joined: ${name}`,
        );
        if (participant.inLobby && admitAll) {
          session
            .admit(participant.id)
            .catch((error: unknown) => io.stderr(`admit ${name}: ${toCliFailure(error).message}`));
        }
      }
      known.set(participant.id, { name: participant.name, inLobby: participant.inLobby });
    }
    for (const [id, before] of known) {
      if (!present.has(id)) {
        io.stderr(`left: ${JSON.stringify(before.name)}`);
        known.delete(id);
      }
    }
    if (snapshot.state === 'ended' || snapshot.state === 'failed')
      io.stderr(`meeting ${snapshot.state}${snapshot.reason ? `: ${snapshot.reason}` : ''}`);
  });
}

export { exitCodeFor };
