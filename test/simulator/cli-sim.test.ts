import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { RawUcwa } from '../helpers/raw-ucwa.js';

const bin = fileURLToPath(new URL('../../bin/meetnow.js', import.meta.url));

function runSim(args: string[]) {
  const child = spawn(process.execPath, [bin, 'sim', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = createInterface({ input: child.stdout });
  const firstLine = new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`meetnow sim exited ${code}`)));
  });
  firstLine.catch(() => {}); // a test that expects an early exit does not read the first line
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return { child, firstLine, exited, stderr: () => stderr };
}

describe('meetnow sim (CLI)', () => {
  it('prints exactly one JSON line with discover, user, password and ca, serves, and stops on SIGTERM', async () => {
    const sim = runSim(['--json']);
    const summary = JSON.parse(await sim.firstLine);
    assert.match(
      summary.discover,
      /^https:\/\/127\.0\.0\.1:\d+\/Autodiscover\/AutodiscoverService\.svc\/root$/,
    );
    assert.equal(summary.user, 'alice@meetnow.test');
    assert.equal(typeof summary.password, 'string');
    assert.ok(existsSync(summary.ca));
    const ucwa = new RawUcwa(readFileSync(summary.ca, 'utf8'));
    const app = await ucwa.signIn(summary.discover, summary.user, summary.password);
    assert.equal(app.rel, 'application');
    sim.child.kill('SIGTERM');
    assert.equal(await sim.exited, 0);
    assert.equal(existsSync(summary.ca), false, 'the CA file is removed on exit');
  });

  it('serves plain HTTP on loopback with --http, and applies --fault from the command line', async () => {
    const sim = runSim(['--json', '--http', '--fault', 'root:503:1']);
    const summary = JSON.parse(await sim.firstLine);
    assert.match(summary.discover, /^http:\/\/127\.0\.0\.1:/);
    assert.equal(summary.ca, undefined);
    const ucwa = new RawUcwa(undefined);
    assert.equal((await ucwa.get(summary.discover)).status, 503);
    assert.equal((await ucwa.get(summary.discover)).status, 200);
    sim.child.kill('SIGINT');
    assert.equal(await sim.exited, 0);
  });

  it('prints readable text by default, naming the discovery URL and the demo credentials', async () => {
    const sim = runSim([]);
    const first = await sim.firstLine;
    assert.match(first, /Meet Now UCWA simulator/);
    sim.child.kill('SIGTERM');
    assert.equal(await sim.exited, 0);
  });

  it('exits 64 with one readable line on a bad option', async () => {
    const sim = runSim(['--fault', 'nonsense']);
    assert.equal(await sim.exited, 64);
    assert.match(sim.stderr(), /^meetnow: fault "nonsense"/);
    assert.doesNotMatch(sim.stderr(), /at .*\.js:\d+/, 'no stack trace');
  });
});
