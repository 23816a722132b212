import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const meetnowBin = fileURLToPath(new URL('../../bin/meetnow.js', import.meta.url));

export interface CliProcess {
  firstLine: Promise<string>;
  exited: Promise<number | null>;
  stdout(): string;
  stderr(): string;
  kill(signal?: NodeJS.Signals): void;
}

/** Runs the built CLI as a subprocess, optionally writing `stdin` and closing it. */
export function runCli(
  args: string[],
  options: { stdin?: string; env?: NodeJS.ProcessEnv } = {},
): CliProcess {
  // Each run gets its own config folder unless a test shares one on purpose.
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'meetnow-cli-')),
    ...options.env,
  };
  const child = spawn(process.execPath, [meetnowBin, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => {
    out += chunk;
  });
  child.stderr.on('data', (chunk) => {
    err += chunk;
  });
  if (options.stdin !== undefined) child.stdin.end(options.stdin);
  const lines = createInterface({ input: child.stdout });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const firstLine = new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    void exited.then((code) => reject(new Error(`exited ${code} before printing: ${err}`)));
  });
  firstLine.catch(() => {});
  return {
    firstLine,
    exited,
    stdout: () => out,
    stderr: () => err,
    kill: (signal = 'SIGTERM') => child.kill(signal),
  };
}

/** Starts `meetnow sim --json` with extra options and returns its summary. */
export async function simProcess(extra: string[] = []): Promise<{ summary: any; process: CliProcess }> {
  const process = runCli(['sim', '--json', ...extra]);
  const summary = JSON.parse(await process.firstLine);
  return { summary, process };
}
