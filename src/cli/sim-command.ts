import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDirectory, loadDirectoryFile } from '../simulator/directory.js';
import { parseFaultSpec } from '../simulator/faults.js';
import { createKerberosAcceptor } from '../simulator/kerberos-acceptor.js';
import {
  buildProfile,
  describeProfile,
  parseVariant,
  profileChoices,
  profilePresets,
  randomProfile,
  type ServerProfile,
} from '../simulator/profile.js';
import { type SimulatorOptions, startSimulator, type UcwaSimulator } from '../simulator/server.js';
import { ExitCode, UsageError } from './exit-codes.js';
import type { CliIo } from './io.js';
import { terminalText } from './terminal-text.js';

export const simUsage = `Usage: meetnow sim [options]

Runs the UCWA simulator: a Skype for Business front end on loopback with a demo directory.

Options:
  --port N              port of the first pool (default: any free port)
  --http                plain HTTP instead of HTTPS (loopback only)
  --pools N             number of front-end pools, each its own origin (default 2)
  --root-redirect       the first pool's root redirects to the second pool
  --directory FILE      users and directory from a JSON file
  --latency MS          added to every request
  --fault KIND:ACTION[:TIMES]
                        inject a fault, e.g. events:503:2, startOnlineMeeting:callback,
                        events:drop, application:html, user:challenge, search:slow:inf
  --scrambled           random path segments per application (catches URL-building clients)
  --embed               embed resources in every event, not only in operation events
  --split-challenge     send the 401 challenge as two WWW-Authenticate headers
  --profile NAME        a preset of documented server behaviours (see below)
  --variant NAME=VALUE  one documented variant (repeatable; see below)
  --seed N              a random valid combination of variants, drawn from seed N
  --named-hosts         serve pools, lyncdiscoverinternal and lyncdiscover as named hosts on
                        their own loopback listeners; prints the --connect-to rules a client needs
  --kerberos-keytab FILE
                        accept the Windows grant (single sign-on) with Kerberos: verify each
                        "Authorization: Negotiate" token against the HTTP/<pool host> keys in FILE
                        and map user@REALM to the directory user. NTLM is not simulated: an NTLM
                        answer is refused like an invalid token. Without this option every
                        Negotiate token is refused (the 401 Negotiate challenge is still sent).
  --kerberos-realm R    the realm whose principals are directory users (default: the domain
                        in upper case, e.g. MEETNOW.TEST)
  --json                print one JSON line (discover, user, password, ca, origins) and serve
  --verbose             log each request to stderr

Profiles: ${Object.keys(profilePresets).join(', ')}
Variants (default first; each cites its source in src/simulator/profile.ts):
${Object.entries(profileChoices)
  .map(([name, values]) => `  ${name.padEnd(24)}${values.join(' | ')}`)
  .join('\n')}
`;

/** `meetnow sim`: serve until SIGINT/SIGTERM. */
export async function simCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      http: { type: 'boolean', default: false },
      pools: { type: 'string' },
      'root-redirect': { type: 'boolean', default: false },
      directory: { type: 'string' },
      latency: { type: 'string' },
      fault: { type: 'string', multiple: true },
      scrambled: { type: 'boolean', default: false },
      embed: { type: 'boolean', default: false },
      'split-challenge': { type: 'boolean', default: false },
      profile: { type: 'string' },
      variant: { type: 'string', multiple: true },
      seed: { type: 'string' },
      'named-hosts': { type: 'boolean', default: false },
      'kerberos-keytab': { type: 'string' },
      'kerberos-realm': { type: 'string' },
      json: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    io.stdout(simUsage);
    return ExitCode.ok;
  }
  const number = (name: string, text: string | undefined, min: number, max: number): number | undefined => {
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max)
      throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`);
    return value;
  };
  const directory = values.directory ? loadDirectoryFile(values.directory) : defaultDirectory();
  const overrides = Object.assign({}, ...(values.variant ?? []).map(parseVariant)) as Partial<ServerProfile>;
  const seed = number('seed', values.seed, 0, 2 ** 31);
  const profile =
    seed !== undefined
      ? { ...randomProfile(seed), ...overrides }
      : buildProfile(values.profile ?? 'lync2013-capture', overrides);
  const options: SimulatorOptions = {
    profile,
    namedHosts: values['named-hosts'],
    directory,
    http: values.http,
    rootRedirect: values['root-redirect'],
    scrambledPaths: values.scrambled,
    embedResources: values.embed,
    splitChallenge: values['split-challenge'],
    faults: (values.fault ?? []).map(parseFaultSpec),
    ...(values.port !== undefined ? { port: number('port', values.port, 0, 65535) } : {}),
    ...(values.pools !== undefined ? { pools: number('pools', values.pools, 1, 8) } : {}),
    ...(values.latency !== undefined ? { latencyMs: number('latency', values.latency, 0, 60_000) } : {}),
    ...(values.verbose ? { log: (line: string) => io.stderr(terminalText(line, 1000)) } : {}),
    ...(values['kerberos-keytab']
      ? { negotiate: await createKerberosAcceptor({ keytab: values['kerberos-keytab'] }) }
      : {}),
    ...(values['kerberos-realm'] ? { kerberosRealm: values['kerberos-realm'] } : {}),
  };
  // Listen for SIGINT/SIGTERM before anything is printed, so a supervisor that stops us as soon as
  // it reads the first line still gets a clean shutdown.
  const stopped = io.waitForSignal();
  const simulator = await startSimulator(options);
  const caDir = simulator.caPem ? mkdtempSync(join(tmpdir(), 'meetnow-sim-')) : undefined;
  const caPath = caDir ? join(caDir, 'ca.pem') : undefined;
  if (caPath && simulator.caPem) writeFileSync(caPath, simulator.caPem, { mode: 0o644 });
  const demo = directory.users[0];
  const summary = {
    discover: simulator.discoverUrl,
    user: demo?.sip.slice(4) ?? '',
    password: demo?.password ?? '',
    ...(caPath ? { ca: caPath } : {}),
    origins: Array.from({ length: simulator.poolCount }, (_, pool) => simulator.origin(pool)),
    domain: directory.domain,
    profile: describeProfile(simulator.profile),
    ...(simulator.connectTo.length > 0
      ? {
          connectTo: simulator.connectTo.map(
            (rule) => `${rule.host}:${rule.port}:${rule.toHost}:${rule.toPort}`,
          ),
        }
      : {}),
    users: directory.users.map((user) => ({
      sip: user.sip,
      name: user.name,
      password: user.password,
      behaviour: user.behaviour,
    })),
  };
  if (values.json) io.stdout(`${JSON.stringify(summary)}\n`);
  else io.stdout(describe(simulator, summary, caPath));
  if (values.verbose) logRequests(simulator, io);

  await stopped;
  await simulator.close();
  if (caDir) rmSync(caDir, { recursive: true, force: true });
  // A fault's pending delay (e.g. delay600000) is a timer with no connection left to answer: it
  // must not keep a stopped simulator running.
  io.releaseWhenDone?.();
  return ExitCode.ok;
}

function describe(
  simulator: UcwaSimulator,
  summary: {
    discover: string;
    user: string;
    password: string;
    domain: string;
    users: Array<{ sip: string; name: string; behaviour: string }>;
  },
  caPath: string | undefined,
): string {
  const lines = [
    'Meet Now UCWA simulator: a simulated Skype for Business Server front end on loopback.',
    `  discovery URL  ${summary.discover}`,
    `  demo sign-in   ${summary.user}  password ${summary.password}`,
    ...(caPath
      ? [`  CA to trust    ${caPath}   (e.g. NODE_EXTRA_CA_CERTS=${caPath})`]
      : ['  plain HTTP (loopback only)']),
    `  pools          ${Array.from({ length: simulator.poolCount }, (_, pool) => simulator.origin(pool)).join('  ')}`,
    `  directory      ${summary.users.length} people in ${summary.domain}:`,
    ...summary.users.map(
      (user) =>
        `                   ${user.sip.padEnd(28)} ${user.name.padEnd(18)} ${behaviourText(user.behaviour)}`,
    ),
    'Press Ctrl-C to stop.',
    '',
  ];
  return lines.join('\n');
}

function behaviourText(behaviour: string): string {
  const texts: Record<string, string> = {
    accept: 'joins when invited',
    lobby: 'waits in the lobby',
    decline: 'declines',
    noAnswer: 'does not answer',
    busy: 'is busy',
    doNotDisturb: 'do not disturb',
    offline: 'is offline',
  };
  return texts[behaviour] ?? behaviour;
}

function logRequests(simulator: UcwaSimulator, io: CliIo): void {
  let seen = simulator.requestLog.length;
  const timer = setInterval(() => {
    // A client chose this URL: it is data, never terminal control.
    for (const record of simulator.requestLog.slice(seen))
      io.stderr(
        terminalText(
          `${record.method} ${record.url.replace(/([?&](?:password|access_token)=)[^&]*/g, '$1xxx')} [${record.kind}]`,
          1000,
        ),
      );
    seen = simulator.requestLog.length;
  }, 200);
  timer.unref();
}

export { ExitCode };
