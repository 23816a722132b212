import { KeytarCredentialStore } from '../main/secrets/keytar-store.js';
import { DirectoryFileError } from '../simulator/directory.js';
import { FaultSpecError } from '../simulator/faults.js';
import { demoCommand } from './demo-command.js';
import { ExitCode, UsageError } from './exit-codes.js';
import { cliMessages, errorLine, exitCodeFor, toCliFailure } from './failure.js';
import { type CliIo, processIo } from './io.js';
import { linkCommand, linkUsage } from './link-command.js';
import { loginCommand, logoutCommand } from './login-command.js';
import { promptHidden, readFirstLine } from './password.js';
import { recentCommand, recentUsage } from './recent-command.js';
import { simCommand, simUsage } from './sim-command.js';
import { startCommand, startUsage } from './start-command.js';

const usage = `Usage: meetnow <command> [options]

Commands:
  start      sign in, start a meeting now and print its join link
  link       print your personal meeting link (--mine), creating nothing
  recent     list the meetings "meetnow start" started here (--json)
  demo       start the built-in simulator and a meeting on it, in one command
  login      store a password in the system keychain
  logout     delete it
  sim        run the UCWA simulator (a Skype for Business front end on loopback)

Run "meetnow <command> --help" for a command's options.
`;

/** Runs one CLI invocation and returns its exit code; errors become one readable line. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  // Node would let this variable switch certificate checks off for every request: refuse to run.
  if (io.env.NODE_TLS_REJECT_UNAUTHORIZED === '0') {
    io.stderr(errorLine(cliMessages.tlsChecksOff));
    return ExitCode.config;
  }
  try {
    switch (command) {
      case 'sim':
        return await simCommand(rest, io);
      case 'start':
        return await startCommand(rest, signInDeps(io));
      case 'link':
        return await linkCommand(rest, signInDeps(io));
      case 'recent':
        return recentCommand(rest, io);
      case 'demo':
        return await demoCommand(rest, io);
      case 'login':
        return await loginCommand(rest, io, new KeytarCredentialStore(), (source) =>
          readPassword(io, source),
        );
      case 'logout':
        return await logoutCommand(rest, io, new KeytarCredentialStore());
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.stdout(usage);
        return command === undefined ? ExitCode.usage : ExitCode.ok;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error) || error instanceof FaultSpecError) {
      io.stderr(errorLine((error as Error).message));
      const usages: Record<string, string> = {
        sim: simUsage,
        start: startUsage,
        link: linkUsage,
        recent: recentUsage,
      };
      io.stderr(usages[command ?? ''] ?? usage);
      return ExitCode.usage;
    }
    if (error instanceof DirectoryFileError) {
      io.stderr(errorLine(error.message));
      return ExitCode.usage;
    }
    const failure = toCliFailure(error);
    io.stderr(errorLine(failure.message));
    if (rest.includes('--verbose') && failure.detail) io.stderr(errorLine(failure.detail));
    return exitCodeFor(failure.kind);
  }
}

/** What the commands that sign in need: the keychain and a way to read a password. */
function signInDeps(io: CliIo) {
  return {
    io,
    credentials: new KeytarCredentialStore(),
    readPassword: (source: 'stdin' | 'prompt') => readPassword(io, source),
    isTty: io.stdin.isTTY === true,
  };
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

async function readPassword(io: CliIo, source: 'stdin' | 'prompt'): Promise<string | undefined> {
  if (source === 'stdin') return readFirstLine(io.stdin as never);
  if (io.stdin.isTTY !== true) return undefined;
  return promptHidden('Password: ', io.stdin as never, process.stderr);
}
