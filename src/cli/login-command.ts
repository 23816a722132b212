import { parseArgs } from 'node:util';
import type { CredentialStore } from '../main/secrets/credential-store.js';
import { ExitCode, UsageError } from './exit-codes.js';
import type { CliIo } from './io.js';

export const loginUsage = `Usage: meetnow login --user SIP [--password-stdin]
       meetnow logout --user SIP

login stores the password in the system keychain (the entry the desktop app uses too);
logout deletes it. Without --password-stdin, login asks on the terminal.
`;

export async function loginCommand(
  argv: string[],
  io: CliIo,
  credentials: CredentialStore,
  readPassword: (source: 'stdin' | 'prompt') => Promise<string | undefined>,
): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      user: { type: 'string' },
      'password-stdin': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    io.stdout(loginUsage);
    return ExitCode.ok;
  }
  if (!values.user) throw new UsageError('--user is required');
  const password = await readPassword(values['password-stdin'] ? 'stdin' : 'prompt');
  if (!password) throw new UsageError('no password given');
  await credentials.set(values.user.replace(/^sip:/i, ''), password);
  io.stderr(`Password for ${values.user} stored in the system keychain.`);
  return ExitCode.ok;
}

export async function logoutCommand(
  argv: string[],
  io: CliIo,
  credentials: CredentialStore,
): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { user: { type: 'string' }, help: { type: 'boolean', default: false } },
    strict: true,
  });
  if (values.help) {
    io.stdout(loginUsage);
    return ExitCode.ok;
  }
  if (!values.user) throw new UsageError('--user is required');
  const deleted = await credentials.delete(values.user.replace(/^sip:/i, ''));
  io.stderr(
    deleted
      ? `Password for ${values.user} removed from the system keychain.`
      : `No password was stored for ${values.user}.`,
  );
  return ExitCode.ok;
}
