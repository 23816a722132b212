import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseStartArgs, runMeeting } from '../../src/cli/start-command.js';
import { InMemoryCredentialStore } from '../../src/main/secrets/credential-store.js';
import { cliStatePath, loadCliState, usableCachedUserUrl, userUrlKey } from '../../src/node/cli-state.js';
import { fakeIo, startRequest, withSim } from '../helpers/cli-in-process.js';

const freshEnv = () => ({ XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'meetnow-state-')) });
function writeState(env: { XDG_CONFIG_HOME: string }, content: string): void {
  mkdirSync(join(env.XDG_CONFIG_HOME, 'meetnow'), { recursive: true });
  writeFileSync(cliStatePath(env), content);
}

describe('cli.json heals itself (audit L2, L3, L4, L9)', () => {
  it('an empty or malformed endpointId is replaced, with a line, and the file repaired', () => {
    for (const endpointId of ['', ' ', 'a b', 'x'.repeat(101), 42, null]) {
      const env = freshEnv();
      writeState(env, JSON.stringify({ endpointId, userUrls: {} }));
      const lines: string[] = [];
      const state = loadCliState(env, (line) => lines.push(line));
      assert.match(state.endpointId, /^[0-9a-f-]{36}$/, String(endpointId));
      assert.equal(lines.length, 1);
      assert.match(lines[0] ?? '', /endpointId is invalid; using a new one/);
      assert.equal(JSON.parse(readFileSync(cliStatePath(env), 'utf8')).endpointId, state.endpointId);
    }
  });

  it('a run with endpointId "" in cli.json starts its meeting (before: 400 on every run)', async () => {
    await withSim(async (sim) => {
      const io = fakeIo();
      writeState(io.env as { XDG_CONFIG_HOME: string }, '{"endpointId":"","userUrls":{}}');
      const code = await runMeeting(startRequest(sim, { once: true }), io, new InMemoryCredentialStore());
      assert.equal(code, 0, io.err.join('\n'));
      assert.match(io.err[0] ?? '', /^meetnow: .*cli\.json: the endpointId is invalid/);
    });
  });

  it('a poisoned cached server address is dropped and discovery runs (before: 77 on every run)', async () => {
    await withSim(async (sim) => {
      for (const poisoned of [
        'https://evil.invalid/x',
        'file:///etc/passwd',
        'javascript:alert(1)',
        'not a url',
      ]) {
        const io = fakeIo();
        const account = { sipAddress: 'alice@meetnow.test', discoverUrl: sim.discoverUrl };
        writeState(
          io.env as { XDG_CONFIG_HOME: string },
          JSON.stringify({ endpointId: 'state-test', userUrls: { [userUrlKey(account)]: poisoned } }),
        );
        const code = await runMeeting(startRequest(sim, { once: true }), io, new InMemoryCredentialStore());
        assert.equal(code, 0, `${poisoned}: ${io.err.join('\n')}`);
        assert.ok(
          io.err.some((line) => /cached server address/.test(line)),
          poisoned,
        );
      }
    });
  });

  it('an explicit --discover never uses a cache made by another discovery URL', () => {
    const a = userUrlKey({ sipAddress: 'Alice@meetnow.test', discoverUrl: 'https://127.0.0.1:1/root' });
    const b = userUrlKey({ sipAddress: 'alice@meetnow.test', discoverUrl: 'http://localhost:2/root' });
    assert.notEqual(a, b);
    assert.equal(userUrlKey({ sipAddress: 'ALICE@meetnow.test' }), 'alice@meetnow.test');
    const lines: string[] = [];
    const account = { sipAddress: 'alice@meetnow.test', discoverUrl: 'http://localhost:2/root' };
    assert.equal(
      usableCachedUserUrl('https://127.0.0.1:1/user', account, (line) => lines.push(line)),
      undefined,
    );
    assert.equal(lines.length, 1);
    assert.equal(
      usableCachedUserUrl('https://pool.meetnow.test/user', account, () => {}),
      'https://pool.meetnow.test/user',
      'a host in the domain is fine',
    );
  });

  it('cli.json being a directory leaves no temporary file behind, run after run', () => {
    const env = freshEnv();
    mkdirSync(cliStatePath(env), { recursive: true });
    for (let run = 0; run < 3; run += 1) loadCliState(env, () => {});
    assert.deepEqual(readdirSync(join(env.XDG_CONFIG_HOME, 'meetnow')), ['cli.json']);
  });

  it('garbage, an array or the wrong types: start afresh with one line, never fatal', () => {
    for (const content of ['garbage', '[]', '"x"', '{"endpointId": {"a":1}, "userUrls": "x"}']) {
      const env = freshEnv();
      writeState(env, content);
      const lines: string[] = [];
      const state = loadCliState(env, (line) => lines.push(line));
      assert.match(state.endpointId, /^[0-9a-f-]{36}$/);
      assert.deepEqual(state.userUrls, {});
      assert.ok(lines.length >= 1, content);
    }
  });

  it('--discover must be an http(s) URL: javascript:, file: and ftp: are usage errors', () => {
    for (const url of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'ftp://x.test/',
      'http://evil.example/',
    ]) {
      assert.throws(
        () => parseStartArgs(['--user', 'a@b.test', '--discover', url]),
        (error: Error) => error.name === 'UsageError',
        url,
      );
    }
    assert.doesNotThrow(() => parseStartArgs(['--user', 'a@b.test', '--discover', 'http://127.0.0.1:9/x']));
  });
});

describe('exit codes for server trouble (audit L11)', () => {
  it('a 5xx that outlasted the retries is temporary (75), a 4xx is the protocol (76)', async () => {
    const { toCliFailure, exitCodeFor } = await import('../../src/cli/failure.js');
    const { UcwaHttpError } = await import('../../src/main/ucwa/errors.js');
    const error = (status: number, subcode?: string) =>
      new UcwaHttpError(
        'http',
        status,
        'ServiceFailure',
        subcode,
        `x answered ${status}`,
        undefined,
        undefined,
        false,
      );
    assert.equal(exitCodeFor(toCliFailure(error(500, 'CallbackChannelError')).kind), 75);
    assert.equal(exitCodeFor(toCliFailure(error(403)).kind), 76);
  });
});
