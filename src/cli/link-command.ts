import type { CredentialStore } from '../main/secrets/credential-store.js';
import { SessionService } from '../main/session/session-service.js';
import { UcwaClient } from '../main/ucwa/client.js';
import type { Logger } from '../main/ucwa/transport.js';
import { loadCliState, updateCliState } from '../node/cli-state.js';
import { createNodeFetch } from '../node/fetch.js';
import { createKerberosNegotiate } from '../node/kerberos-negotiate.js';
import { cachedRouteFor, rememberRoutes } from './cli-extras.js';
import { ExitCode, UsageError } from './exit-codes.js';
import { failureFromProblem } from './failure.js';
import type { CliIo } from './io.js';
import { type StartDeps, type StartRequest, startCommand } from './start-command.js';

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
  const remembered = loadCliState(io.env);
  const sip = request.account.sipAddress;
  const cachedRoute = cachedRouteFor(io.env, sip);
  const cachedUserUrl = remembered.userUrls[sip.toLowerCase()];
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
  session.events.on('userUrl', (userUrl) =>
    updateCliState(io.env, (state) => ({
      ...state,
      userUrls: { ...state.userUrls, [sip.toLowerCase()]: userUrl },
    })),
  );
  rememberRoutes(session, io.env, sip);
  try {
    const state = await session.signIn(
      {
        ...request.account,
        ...(cachedUserUrl ? { cachedUserUrl } : {}),
        ...(cachedRoute ? { cachedRoute } : {}),
      },
      request.password !== undefined ? { password: request.password } : {},
    );
    if (state.status === 'error') throw failureFromProblem(state.problem);
    const mine = await session.myMeetingLink();
    io.stdout(
      request.json
        ? `${JSON.stringify({ joinUrl: mine.joinUrl, onlineMeetingUri: mine.onlineMeetingUri ?? null, conferenceId: mine.conferenceId ?? null })}\n`
        : `${mine.joinUrl}\n`,
    );
    return ExitCode.ok;
  } finally {
    await session.signOut().catch(() => {});
    await node.close();
  }
}
