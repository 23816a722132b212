import { parseArgs } from 'node:util';
import { type CredentialStore, KeychainUnavailableError } from '../main/secrets/credential-store.js';
import { type AccountSettings, SessionService } from '../main/session/session-service.js';
import { UcwaClient } from '../main/ucwa/client.js';
import type { Logger } from '../main/ucwa/transport.js';
import { loadCliState, saveCliState, usableCachedUserUrl, userUrlKey } from '../node/cli-state.js';
import { createNodeFetch } from '../node/fetch.js';
import { checkDiscoverUrl, readCaFile } from './arguments.js';
import { ExitCode, UsageError } from './exit-codes.js';
import { CliFailure, cliMessages, errorLine, exitCodeFor, failureFromProblem } from './failure.js';
import { type HostOptions, type HostOutcome, hostMeeting } from './host-loop.js';
import type { CliIo } from './io.js';
import { terminalText } from './terminal-text.js';

export const startUsage = `Usage: meetnow start --user SIP [options]

Signs in, starts an ad-hoc meeting and prints its join URL as soon as it is ready.

Options:
  --discover URL      discovery URL (default: autodiscovery from the SIP domain)
  --user SIP          sign-in address, e.g. alice@contoso.com
  --username LOGIN    logon name if different (DOMAIN\\user or UPN)
  --password-stdin    read the password from the first line of standard input
                      (default: the keychain entry written by "meetnow login", else a prompt)
  --subject TEXT      meeting subject
  --invite SIP        invite someone once the meeting is ready (repeatable)
  --admit-all         admit everyone who waits in the lobby
  --once              print the link and send the invitations, then leave, sign out and exit
  --wait-invites      with --once: wait for each invitation's answer before leaving
  --json              print one JSON object (joinUrl, onlineMeetingUri, conferenceId, subject)
  --ca-file PEM       also trust this CA (NODE_EXTRA_CA_CERTS is honoured too)
  --approve-host H    allow credentials to go to host H outside the SIP domain (repeatable)
  --verbose           log requests (URLs redacted) and error details to stderr
`;

export interface StartDeps {
  io: CliIo;
  credentials: CredentialStore;
  /** Reads the password for --password-stdin or a prompt; undefined when neither is possible. */
  readPassword(source: 'stdin' | 'prompt'): Promise<string | undefined>;
  isTty: boolean;
}

export interface StartRequest extends HostOptions {
  account: AccountSettings;
  verbose: boolean;
  extraCaPems: string[];
  password?: string;
}

export function parseStartArgs(argv: string[]): StartRequest & { passwordStdin: boolean } {
  const { values } = parseArgs({
    args: argv,
    options: {
      discover: { type: 'string' },
      user: { type: 'string' },
      username: { type: 'string' },
      'password-stdin': { type: 'boolean', default: false },
      subject: { type: 'string' },
      invite: { type: 'string', multiple: true },
      'admit-all': { type: 'boolean', default: false },
      once: { type: 'boolean', default: false },
      'wait-invites': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      'ca-file': { type: 'string', multiple: true },
      'approve-host': { type: 'string', multiple: true },
      verbose: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (!values.user) throw new UsageError('--user is required');
  if (values.discover) checkDiscoverUrl(values.discover);
  if (values['wait-invites'] && !values.once)
    throw new UsageError('--wait-invites only makes sense with --once');
  const extraCaPems = (values['ca-file'] ?? []).map(readCaFile);
  return {
    account: {
      sipAddress: values.user.replace(/^sip:/i, ''),
      ...(values.username ? { username: values.username } : {}),
      ...(values.discover ? { discoverUrl: values.discover } : {}),
      approvedHosts: values['approve-host'] ?? [],
    },
    ...(values.subject !== undefined ? { subject: values.subject } : {}),
    invite: values.invite ?? [],
    admitAll: values['admit-all'],
    once: values.once,
    waitForInvites: values['wait-invites'],
    json: values.json,
    verbose: values.verbose,
    extraCaPems,
    passwordStdin: values['password-stdin'],
  };
}

export async function startCommand(argv: string[], deps: StartDeps): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    deps.io.stdout(startUsage);
    return ExitCode.ok;
  }
  const request = parseStartArgs(argv);
  let password: string | undefined;
  if (request.passwordStdin) {
    password = await deps.readPassword('stdin');
    if (!password) throw new UsageError('--password-stdin: standard input had no password on its first line');
  } else {
    password = await deps.credentials.get(request.account.sipAddress).catch((error: unknown) => {
      // No keychain is not "no password": say so, or the hint to log in leads nowhere.
      if (KeychainUnavailableError.is(error))
        throw new CliFailure('keychain-unavailable', cliMessages.noKeychain);
      return undefined;
    });
    if (password === undefined && deps.isTty) password = await deps.readPassword('prompt');
    if (password === undefined) {
      throw new CliFailure(
        'credentials',
        `No password for ${request.account.sipAddress}: run "meetnow login --user ${request.account.sipAddress}" or use --password-stdin.`,
      );
    }
  }
  return runMeeting({ ...request, password }, deps.io, deps.credentials);
}

/** Signs in, starts the meeting, prints it, then hosts it (or leaves at once with --once). */
export async function runMeeting(
  request: StartRequest,
  io: CliIo,
  credentials: CredentialStore,
): Promise<number> {
  const stopped = io.waitForSignal();
  const remembered = loadCliState(io.env, (line) => io.stderr(errorLine(line)));
  const cacheKey = userUrlKey(request.account);
  const cachedUserUrl = usableCachedUserUrl(remembered.userUrls[cacheKey], request.account, (line) =>
    io.stderr(errorLine(line)),
  );
  const account = {
    ...request.account,
    ...(cachedUserUrl && !request.account.cachedUserUrl ? { cachedUserUrl } : {}),
  };
  const node = createNodeFetch({ extraCaPems: request.extraCaPems, env: io.env });
  const logger: Logger = request.verbose
    ? {
        debug: (line) => io.stderr(`[ucwa] ${terminalText(line, 1000)}`),
        warn: (line) => io.stderr(`[ucwa] ${terminalText(line, 1000)}`),
      }
    : { debug: () => {}, warn: () => {} };
  const session = new SessionService({
    credentials,
    createClient: (source) =>
      new UcwaClient({
        fetch: node.fetch,
        credentials: source,
        userAgent: 'MeetNow-CLI/0.1',
        endpointId: remembered.endpointId,
        logger,
      }),
  });
  session.events.on('userUrl', (userUrl) => {
    const userUrls = { ...remembered.userUrls, [cacheKey]: userUrl };
    saveCliState(io.env, { ...remembered, userUrls });
  });
  let outcome: HostOutcome | undefined;
  try {
    const state = await Promise.race([
      session.signIn(account, request.password !== undefined ? { password: request.password } : {}),
      stopped.then(() => undefined),
    ]);
    if (!state) return 130;
    if (state.status === 'error') throw failureFromProblem(state.problem);
    outcome = await hostMeeting(session, request, { stdout: io.stdout, stderr: io.stderr }, stopped);
    return outcome.code;
  } finally {
    await session.signOut().catch(() => {});
    await node.close();
    // The one line that says how it ended comes last, once we have left and signed out.
    if (outcome?.line) io.stderr(outcome.line);
    // Nothing left to do: a recovery still in flight inside the client must not keep us running.
    io.releaseWhenDone?.();
  }
}

export { exitCodeFor };
