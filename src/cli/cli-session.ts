import type { CredentialStore } from '../main/secrets/credential-store.js';
import { type AccountSettings, SessionService } from '../main/session/session-service.js';
import { UcwaClient } from '../main/ucwa/client.js';
import type { Logger } from '../main/ucwa/transport.js';
import { loadCliState, updateCliState, usableCachedUserUrl, userUrlKey } from '../node/cli-state.js';
import { createNodeFetch } from '../node/fetch.js';
import { createKerberosNegotiate } from '../node/kerberos-negotiate.js';
import { cachedRouteFor, rememberRoutes } from './cli-extras.js';
import { errorLine } from './failure.js';
import type { CliIo } from './io.js';
import type { StartRequest } from './start-command.js';
import { terminalText } from './terminal-text.js';

/** What every signed-in CLI command (start, link) needs: one place, so they cannot drift apart. */
export interface CliSession {
  session: SessionService;
  /** The account with what cli.json remembers (user URL, route), each entry checked first. */
  account: AccountSettings;
  node: ReturnType<typeof createNodeFetch>;
  logger: Logger;
}

/**
 * The session of one CLI run: cli.json read with its self-healing, the remembered user URL and
 * route offered to the sign-in, Node's fetch (TLS always on, connect-to rules), terminal-safe
 * verbose logs, single sign-on when asked, and what the run learns written back (never a secret).
 */
export function openCliSession(request: StartRequest, io: CliIo, credentials: CredentialStore): CliSession {
  const remembered = loadCliState(io.env, (line) => io.stderr(errorLine(line)));
  const cacheKey = userUrlKey(request.account);
  const cachedUserUrl = usableCachedUserUrl(remembered.userUrls[cacheKey], request.account, (line) =>
    io.stderr(errorLine(line)),
  );
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
  // Read fresh and written in one step: the route and the recent list are written during the run too.
  session.events.on('userUrl', (userUrl) =>
    updateCliState(io.env, (state) => ({ ...state, userUrls: { ...state.userUrls, [cacheKey]: userUrl } })),
  );
  rememberRoutes(session, io.env, request.account.sipAddress);
  return { session, account, node, logger };
}
