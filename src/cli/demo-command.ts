import { parseArgs } from 'node:util';
import { InMemoryCredentialStore } from '../main/secrets/credential-store.js';
import { startSimulator } from '../simulator/server.js';
import { ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';
import { runMeeting } from './start-command.js';

export const demoUsage = `Usage: meetnow demo [--once] [--json] [--subject TEXT]

Starts the built-in UCWA simulator, signs in as its demo user and starts a meeting, in one
command. Bob is invited and joins; open the printed link in a browser to join as a guest and
you are admitted from the lobby. Ctrl-C leaves the meeting and stops the simulator.
`;

export async function demoCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      once: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      subject: { type: 'string' },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    io.stdout(demoUsage);
    return ExitCode.ok;
  }
  const simulator = await startSimulator();
  try {
    const demo = simulator.directory.users[0];
    if (!demo || !simulator.caPem) throw new Error('the simulator has no demo user');
    io.stderr(
      `Demo server ${simulator.discoverUrl} (simulated Skype for Business); signing in as ${demo.sip.slice(4)}.`,
    );
    return await runMeeting(
      {
        account: { sipAddress: demo.sip.slice(4), discoverUrl: simulator.discoverUrl },
        subject: values.subject ?? 'Meet Now demo',
        invite: values.once
          ? []
          : simulator.directory.users
              .filter((user) => user.behaviour === 'accept')
              .slice(1, 2)
              .map((user) => user.sip),
        admitAll: true,
        once: values.once,
        waitForInvites: false,
        json: values.json,
        verbose: values.verbose,
        extraCaPems: [simulator.caPem],
        password: demo.password,
      },
      io,
      new InMemoryCredentialStore(),
    );
  } finally {
    await simulator.close();
  }
}
