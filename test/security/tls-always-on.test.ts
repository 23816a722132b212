import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseStartArgs } from '../../src/cli/start-command.js';
import { UcwaClient } from '../../src/main/ucwa/client.js';
import { systemClock } from '../../src/main/ucwa/clock.js';
import { UcwaError } from '../../src/main/ucwa/errors.js';
import { isCertificateErrorCode, Transport } from '../../src/main/ucwa/transport.js';
import { createNodeFetch } from '../../src/node/fetch.js';
import { startSimulator } from '../../src/simulator/server.js';
import { runCli } from '../helpers/cli-process.js';
import { fastTiming } from '../helpers/raw-ucwa.js';
import { alice } from '../helpers/sim-fixture.js';

describe('TLS verification cannot be switched off (audit M4, L5, L6)', () => {
  it('NODE_TLS_REJECT_UNAUTHORIZED=0 does not turn off the checks of the CLI fetch', async () => {
    const sim = await startSimulator({ timing: fastTiming });
    const saved = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    const warn = process.emitWarning;
    process.emitWarning = () => {}; // Node warns once about the variable; the point is what happens next
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
    const node = createNodeFetch({ env: {} }); // no CA for the simulator's certificate
    let sentPassword = false;
    try {
      const client = new UcwaClient({
        fetch: node.fetch,
        credentials: async () => {
          sentPassword = true;
          return { username: alice.username, password: alice.password };
        },
        userAgent: 'tls-test',
        endpointId: 'tls-test',
      });
      await assert.rejects(
        client.signIn({ sipAddress: alice.username, discoverUrl: sim.discoverUrl }),
        (error: unknown) => UcwaError.is(error, 'tls'),
      );
      assert.equal(sentPassword, false, 'the password never goes to an unverified server');
    } finally {
      if (saved === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      else process.env.NODE_TLS_REJECT_UNAUTHORIZED = saved;
      process.emitWarning = warn;
      await node.close();
      await sim.close();
    }
  });

  it('the CLI refuses to start, with one clear line, when NODE_TLS_REJECT_UNAUTHORIZED=0', async () => {
    const run = runCli(['start', '--user', 'alice@meetnow.test', '--password-stdin', '--once'], {
      stdin: 'x\n',
      env: { NODE_TLS_REJECT_UNAUTHORIZED: '0' },
    });
    assert.equal(await run.exited, 78);
    assert.equal(run.stdout(), '');
    assert.equal(run.stderr().trim().split('\n').length, 1, run.stderr());
    assert.match(
      run.stderr(),
      /^meetnow: NODE_TLS_REJECT_UNAUTHORIZED=0 is set: Meet Now never turns certificate checks off/,
    );
  });

  it('--ca-file must hold PEM certificates: /etc/passwd, /dev/null and a binary are usage errors', () => {
    for (const path of ['/etc/passwd', '/dev/null', '/bin/ls']) {
      assert.throws(
        () => parseStartArgs(['--user', 'a@b.test', '--ca-file', path]),
        (error: Error) => error.name === 'UsageError' && /PEM certificate/.test(error.message),
        path,
      );
    }
    const broken = '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n';
    const file = `${mkdtempSync('/tmp/meetnow-ca-')}/broken.pem`;
    writeFileSync(file, broken);
    assert.throws(
      () => parseStartArgs(['--user', 'a@b.test', '--ca-file', file]),
      /not a valid PEM certificate/,
    );
  });

  it('a real CA file is accepted as it is', async () => {
    const sim = await startSimulator({ timing: fastTiming });
    try {
      const file = `${mkdtempSync('/tmp/meetnow-ca-')}/ca.pem`;
      writeFileSync(file, sim.caPem ?? '');
      assert.match(
        parseStartArgs(['--user', 'a@b.test', '--ca-file', file]).extraCaPems[0] ?? '',
        /BEGIN CERTIFICATE/,
      );
    } finally {
      await sim.close();
    }
  });

  it('every certificate error code (INVALID_PURPOSE included) is "not trusted", not "unreachable"', async () => {
    const codes = [
      'INVALID_PURPOSE',
      'CERT_HAS_EXPIRED',
      'CERT_NOT_YET_VALID',
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      'SELF_SIGNED_CERT_IN_CHAIN',
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
      'ERR_TLS_CERT_ALTNAME_INVALID',
      'HOSTNAME_MISMATCH',
      'CERT_REVOKED',
      'CERT_UNTRUSTED',
      'CERT_REJECTED',
      'INVALID_CA',
      'PATH_LENGTH_EXCEEDED',
      'CERT_SIGNATURE_FAILURE',
    ];
    for (const code of codes) {
      assert.equal(isCertificateErrorCode(code), true, code);
      const transport = new Transport(async () => {
        throw Object.assign(new TypeError('fetch failed'), {
          cause: Object.assign(new Error(code), { code }),
        });
      }, systemClock);
      await assert.rejects(
        transport.send({ method: 'GET', url: new URL('https://pool.meetnow.test/x'), timeoutMs: 1000 }),
        (error: unknown) => UcwaError.is(error, 'tls') && error.message.includes(code),
        code,
      );
    }
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET'])
      assert.equal(isCertificateErrorCode(code), false, code);
  });
});
