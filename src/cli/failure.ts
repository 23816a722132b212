import { KeychainUnavailableError } from '../main/secrets/credential-store.js';
import { describeProblem } from '../main/session/session-service.js';
import type { SessionProblem } from '../main/session/session-state.js';
import { UcwaError, UcwaHttpError } from '../main/ucwa/errors.js';
import { describeProblemFacts, problemLine } from '../shared/error-catalog.js';
import { ExitCode, UsageError } from './exit-codes.js';
import { terminalText } from './terminal-text.js';

/** The CLI's own user-facing lines (to move into the shared error catalog). */
export const cliMessages = {
  youLeft: 'meeting ended: you left the meeting.',
  meetingLost: 'The meeting was lost:',
  meetingEndedByServer: 'The server ended the meeting:',
  meetingFailed: 'The meeting failed:',
  noJoinLink: 'The meeting started without a join link.',
  reconnecting: 'connection lost: reconnecting…',
  reconnected: 'connection restored',
  noKeychain:
    'The system keychain is not available (no Secret Service is running), so no stored password can be read: use --password-stdin.',
  tlsChecksOff:
    'NODE_TLS_REJECT_UNAUTHORIZED=0 is set: Meet Now never turns certificate checks off. Unset it (use --ca-file to trust a private CA).',
} as const;

/** One stderr line for a failure: prefixed, terminal-safe and capped, whatever the server sent. */
export function errorLine(message: string): string {
  return `meetnow: ${terminalText(message)}`;
}

/** sysexits for each kind of failure (issue: 77 refused/untrusted, 69 unreachable, 76 protocol, 75 temporary). */
export function exitCodeFor(kind: string): number {
  switch (kind) {
    case 'credentials':
    case 'sso':
    case 'untrusted-host':
    case 'tls':
    case 'auth-unsupported':
    case 'not-allowed':
    case 'keychain-unavailable':
    case 'replaced':
      return ExitCode.noPermission;
    case 'network':
      return ExitCode.unavailable;
    case 'protocol':
    case 'http':
      return ExitCode.protocol;
    case 'insecure-url':
    case 'usage':
      return ExitCode.usage;
    case 'server-busy':
    case 'timeout':
    case 'application-gone':
    case 'meeting-failed':
    case 'meeting-lost':
    case 'meeting-ended':
    case 'server-error':
    case 'aborted':
      return ExitCode.tempFail;
    default:
      return ExitCode.software;
  }
}

export class CliFailure extends Error {
  public override readonly name = 'CliFailure';
  public constructor(
    public readonly kind: string,
    message: string,
    public readonly detail?: string,
  ) {
    super(message);
  }
}

export function failureFromProblem(problem: SessionProblem): CliFailure {
  return new CliFailure(
    problem.kind,
    `${problemLine(describeProblemFacts(problem))}${approvalHint(problem.approvalDomain)}`,
  );
}

/** How to approve a host outside the domain from the command line. */
function approvalHint(domain: string | undefined): string {
  return domain ? ` If your IT department uses it, run again with --approve-host ${domain}.` : '';
}

/** One readable line for any error; the detail (cause chain, no secrets) only with --verbose. */
export function toCliFailure(error: unknown): CliFailure {
  if (error instanceof CliFailure) return error;
  if (error instanceof UsageError) return new CliFailure('usage', error.message);
  if (KeychainUnavailableError.is(error))
    return new CliFailure('keychain-unavailable', `${error.message} Use --password-stdin instead.`);
  if (UcwaError.is(error)) {
    // A 5xx the retries did not get past is the server's trouble, worth trying again (75), not a
    // protocol violation (76).
    const kind =
      error instanceof UcwaHttpError && error.kind === 'http' && error.status >= 500
        ? 'server-error'
        : error.kind;
    const problem = describeProblem(error);
    return new CliFailure(
      kind,
      `${problemLine(describeProblemFacts(problem))}${approvalHint(problem.approvalDomain)}`,
      causeChain(error),
    );
  }
  return new CliFailure('internal', (error as Error)?.message ?? String(error), (error as Error)?.stack);
}

function causeChain(error: Error): string | undefined {
  const parts: string[] = [];
  let current: unknown = error.cause;
  while (current instanceof Error && parts.length < 5) {
    parts.push(`${current.name}: ${current.message}`);
    current = current.cause;
  }
  return parts.length > 0 ? `caused by ${parts.join(' ← ')}` : undefined;
}
