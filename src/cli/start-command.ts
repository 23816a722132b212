import { parseArgs } from 'node:util';
import { type CredentialStore, KeychainUnavailableError } from '../main/secrets/credential-store.js';
import type { AccountSettings } from '../main/session/session-service.js';
import { type ConnectRule, parseConnectTo } from '../node/connect-to.js';
import { checkDiscoverUrl, readCaFile } from './arguments.js';
import { cliRecentMeetings, printInvitation, trackRecentMeeting } from './cli-extras.js';
import { openCliSession } from './cli-session.js';
import { ExitCode, UsageError } from './exit-codes.js';
import { CliFailure, cliMessages, exitCodeFor, failureFromProblem } from './failure.js';
import { type HostOptions, type HostOutcome, hostMeeting } from './host-loop.js';
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
  --once              print the link and send the invitations, then leave, sign out and exit
  --wait-invites      with --once: wait for each invitation's answer before leaving
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

export interface StartRequest extends HostOptions {
  account: AccountSettings;
  /** Print a ready-to-paste invitation instead of the bare link. */
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
      'wait-invites': { type: 'boolean', default: false },
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
    waitForInvites: values['wait-invites'],
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
  return run({ ...request, password }, deps.io, deps.credentials);
}

/** Signs in, starts the meeting, prints it, then hosts it (or leaves at once with --once). */
export async function runMeeting(
  request: StartRequest,
  io: CliIo,
  credentials: CredentialStore,
): Promise<number> {
  const stopped = io.waitForSignal();
  const { session, account, node, logger } = openCliSession(request, io, credentials);
  const leftMeeting = trackRecentMeeting(session, cliRecentMeetings(io.env, logger.warn));
  let outcome: HostOutcome | undefined;
  try {
    const state = await Promise.race([
      session.signIn(account, request.password !== undefined ? { password: request.password } : {}),
      stopped.then(() => undefined),
    ]);
    if (!state) return 130;
    if (state.status === 'error') throw failureFromProblem(state.problem);
    const options = request.invitation
      ? { ...request, printLink: () => printInvitation(session, request.json, io) }
      : request;
    outcome = await hostMeeting(session, options, { stdout: io.stdout, stderr: io.stderr }, stopped);
    return outcome.code;
  } finally {
    leftMeeting();
    await session.signOut().catch(() => {});
    await node.close();
    // The one line that says how it ended comes last, once we have left and signed out.
    if (outcome?.line) io.stderr(outcome.line);
    // Nothing left to do: a recovery still in flight inside the client must not keep us running.
    io.releaseWhenDone?.();
  }
}

export { exitCodeFor };
