import { DirectoryFileError } from '../simulator/directory.js';
import { FaultSpecError } from '../simulator/faults.js';
import { ExitCode, UsageError } from './exit-codes.js';
import { type CliIo, processIo } from './io.js';
import { simCommand, simUsage } from './sim-command.js';

const usage = `Usage: meetnow <command> [options]

Commands:
  sim        run the UCWA simulator (a Skype for Business front end on loopback)

Run "meetnow <command> --help" for a command's options.
`;

/** Runs one CLI invocation and returns its exit code; errors become one readable line. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'sim':
        return await simCommand(rest, io);
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
      io.stderr(`meetnow: ${(error as Error).message}`);
      io.stderr(command === 'sim' ? simUsage : usage);
      return ExitCode.usage;
    }
    if (error instanceof DirectoryFileError) {
      io.stderr(`meetnow: ${error.message}`);
      return ExitCode.usage;
    }
    io.stderr(`meetnow: unexpected failure: ${(error as Error).message}`);
    return ExitCode.software;
  }
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}
