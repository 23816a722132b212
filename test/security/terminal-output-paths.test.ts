import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { main } from '../../src/cli/main.js';
import { runMeeting } from '../../src/cli/start-command.js';
import { InMemoryCredentialStore } from '../../src/main/secrets/credential-store.js';
import type { UcwaSimulator } from '../../src/simulator/server.js';
import { fakeIo, startRequest, withSim } from '../helpers/cli-in-process.js';
import { waitUntil } from '../helpers/sim-fixture.js';

/**
 * Every way server (or guest) text reaches the CLI's output, driven with hostile strings: the join
 * link, a failed meeting's reason, an HTTP error's code and message, a guest's display name
 * (audit M2, M3, L1). Whatever comes in, every write is terminal-safe and every stderr write is
 * exactly one line.
 */
const nasty = fc.constantFrom(
  '\x1b]0;PWNED\x07',
  '\x1b[2J',
  '\u009b31m',
  '\u202eexe.txt',
  '\u200b',
  '\r\nINJECTED',
  '\u2028',
  '\ufeff',
  '\u{e0041}',
  '\x00',
);
const hostileText = fc
  .array(fc.oneof(nasty, fc.string({ unit: 'binary', maxLength: 30 })), { minLength: 1, maxLength: 6 })
  .map((parts) => parts.join(''));

/** An independent oracle (not the module under test): controls, format characters, separators, surrogates. */
const isUnsafeForTerminal = (character: string) => /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u.test(character);

function assertSafe(io: ReturnType<typeof fakeIo>): void {
  for (const text of [...io.out, ...io.err]) {
    const body = text.replace(/\n$/, '');
    assert.equal(body.includes('\n'), false, `one line: ${JSON.stringify(text)}`);
    assert.equal([...body].some(isUnsafeForTerminal), false, `terminal-safe: ${JSON.stringify(text)}`);
  }
}

function hostileJoinLinks(sim: UcwaSimulator, suffix: () => string): void {
  const origin = sim.origin(0);
  Object.defineProperty((sim as unknown as { context: object }).context, 'meetBase', {
    get: () => `${origin}/meet${suffix()}`,
  });
}

describe('every CLI output path is terminal-safe (property tests against a hostile server)', () => {
  it('a hostile join link is refused with one line (76), never printed; --json too', async () => {
    await withSim(async (sim) => {
      let current = '';
      hostileJoinLinks(sim, () => current);
      await fc.assert(
        fc.asyncProperty(hostileText, fc.boolean(), async (text, json) => {
          current = text;
          const io = fakeIo();
          const code = await runMeeting(
            startRequest(sim, { once: true, json }),
            io,
            new InMemoryCredentialStore(),
          );
          assertSafe(io);
          const safeUrl = /^[\x21-\x7e]*$/.test(text) && !/[#?]/.test(text);
          if (!safeUrl) {
            assert.equal(code, 76, io.err.join('\n'));
            assert.deepEqual(io.out, [], 'no link printed');
            assert.match(
              io.err.at(-1) ?? '',
              /^meetnow: The server sent an answer Meet Now does not understand\. The server sent a join link that /,
            );
          }
        }),
        { numRuns: 25 },
      );
    });
  });

  it("a failed meeting's reason and an HTTP error's code and message: one safe line each", async () => {
    await withSim(async (sim) => {
      await fc.assert(
        fc.asyncProperty(hostileText, fc.boolean(), async (text, viaHttp) => {
          let cleanup = () => {};
          if (viaHttp)
            cleanup = sim.faults.add({
              kinds: ['startOnlineMeeting'],
              times: 1,
              action: { type: 'status', status: 403, code: `Forbidden${text}`, message: text },
            });
          else
            sim.queueMeetingOutcome({
              kind: 'fail',
              reason: { code: 'ServiceFailure', subcode: 'Hostile', message: text },
            });
          const io = fakeIo();
          const code = await main(
            [
              'start',
              '--discover',
              sim.discoverUrl,
              '--user',
              'alice@meetnow.test',
              '--password-stdin',
              '--once',
            ],
            {
              ...io,
              stdin: new PassThrough().end('alice-demo-pass\n') as PassThrough,
              env: { ...io.env, NODE_EXTRA_CA_CERTS: caFile(sim) },
            },
          );
          cleanup();
          assert.notEqual(code, 0, `${code} ${io.out.join('')} ${io.err.join('\n')}`);
          assert.equal(io.err.length, 1, io.err.join('\n'));
          assertSafe(io);
        }),
        { numRuns: 20 },
      );
    });
  });

  it("a guest's display name on the roster: quoted, escaped, capped", async () => {
    await withSim(async (sim) => {
      const io = fakeIo();
      const run = runMeeting(startRequest(sim), io, new InMemoryCredentialStore());
      await waitUntil(() => io.out.length > 0, 10_000);
      const id = sim.meetings()[0]?.onlineMeetingId ?? '';
      const names = fc.sample(hostileText, 15);
      names.push(`Eve\x1b]0;PWNED\x07\u009b2J\u202eevil.exe\u202cgpj.txt`, 'E'.repeat(5000));
      for (const name of names) sim.guestJoins(id, name);
      await waitUntil(
        () => io.err.filter((line) => line.startsWith('lobby: ')).length >= names.length,
        10_000,
      );
      io.signal();
      assert.equal(await run, 0);
      assertSafe(io);
      assert.ok(
        io.err.every((line) => line.length < 400),
        'every line capped',
      );
    });
  });
});

const caFiles = new Map<UcwaSimulator, string>();
function caFile(sim: UcwaSimulator): string {
  let path = caFiles.get(sim);
  if (!path) {
    path = join(mkdtempSync(join(tmpdir(), 'meetnow-ca-')), 'ca.pem');
    writeFileSync(path, sim.caPem ?? '');
    caFiles.set(sim, path);
  }
  return path;
}
