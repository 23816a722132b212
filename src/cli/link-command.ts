import type { CredentialStore } from '../main/secrets/credential-store.js';
import { checkJoinUrl } from '../main/ucwa/join-url.js';
import { openCliSession } from './cli-session.js';
import { ExitCode, UsageError } from './exit-codes.js';
import { failureFromProblem } from './failure.js';
import type { CliIo } from './io.js';
import { type StartDeps, type StartRequest, startCommand } from './start-command.js';
import { terminalJson } from './terminal-text.js';

export const linkUsage = `Usage: meetnow link --mine --user SIP [options]

Prints your personal meeting link (Skype for Business "my meeting": the static join URL the
server assigns you; nothing is created). One request after sign-in.

Options:
  --mine              required: the static link of the signed-in user
  --json              print one JSON object (joinUrl, onlineMeetingUri, conferenceId)
  Sign-in options as for "meetnow start": --user, --discover, --username, --password-stdin,
  --sso, --ca-file, --approve-host, --trusted-domain, --connect-to, --verbose
`;

const startOnly = ['--subject', '--invite', '--admit-all', '--once', '--invitation'];

export async function linkCommand(argv: string[], deps: StartDeps): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    deps.io.stdout(linkUsage);
    return ExitCode.ok;
  }
  if (!argv.includes('--mine')) throw new UsageError('link: --mine is required (the only link it prints)');
  const misplaced = argv.find((arg) => startOnly.includes(arg.split('=')[0] ?? ''));
  if (misplaced) throw new UsageError(`link: ${misplaced} belongs to "meetnow start"`);
  return startCommand(
    argv.filter((arg) => arg !== '--mine'),
    deps,
    printMyLink,
  );
}

/** Signs in (a remembered route when there is one), prints the static link, signs out. */
async function printMyLink(request: StartRequest, io: CliIo, credentials: CredentialStore): Promise<number> {
  const { session, account, node } = openCliSession(request, io, credentials);
  try {
    const state = await session.signIn(
      account,
      request.password !== undefined ? { password: request.password } : {},
    );
    if (state.status === 'error') throw failureFromProblem(state.problem);
    const mine = await session.myMeetingLink();
    // The same rule as for a meeting's link: an https URL on a trusted host, or nothing printed.
    const joinUrl = checkJoinUrl(
      mine.joinUrl,
      session.trustPolicy ?? { domain: '', trustedHosts: [], approvedHosts: [] },
    ).href;
    io.stdout(
      request.json
        ? `${terminalJson({ joinUrl, onlineMeetingUri: mine.onlineMeetingUri ?? null, conferenceId: mine.conferenceId ?? null })}\n`
        : `${joinUrl}\n`,
    );
    return ExitCode.ok;
  } finally {
    await session.signOut().catch(() => {});
    await node.close();
  }
}
