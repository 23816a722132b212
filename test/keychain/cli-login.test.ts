import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type CliProcess, runCli, simProcess } from '../helpers/cli-process.js';

const withSecretService = process.env.MEETNOW_SECRET_SERVICE === '1';

describe(`meetnow login / start / logout ${withSecretService ? 'with the keychain' : 'without a keychain'}`, () => {
  let sim: { summary: any; process: CliProcess };
  before(async () => {
    sim = await simProcess();
  });
  after(async () => {
    sim.process.kill();
    await sim.process.exited;
  });

  if (withSecretService) {
    it('stores the password with login, signs in from the keychain, and forgets it with logout', async () => {
      const login = runCli(['login', '--user', sim.summary.user, '--password-stdin'], {
        stdin: `${sim.summary.password}\n`,
      });
      assert.equal(await login.exited, 0, login.stderr());
      const start = runCli([
        'start',
        '--discover',
        sim.summary.discover,
        '--user',
        sim.summary.user,
        '--ca-file',
        sim.summary.ca,
        '--once',
        '--json',
      ]);
      assert.equal(await start.exited, 0, start.stderr());
      assert.ok(JSON.parse(start.stdout()).joinUrl);
      const logout = runCli(['logout', '--user', sim.summary.user]);
      assert.equal(await logout.exited, 0);
      assert.match(logout.stderr(), /removed/);
      const again = runCli([
        'start',
        '--discover',
        sim.summary.discover,
        '--user',
        sim.summary.user,
        '--ca-file',
        sim.summary.ca,
        '--once',
      ]);
      assert.equal(await again.exited, 77);
      assert.match(again.stderr(), /No password/);
    });
  } else {
    it('says plainly that the keychain is unavailable and suggests --password-stdin', async () => {
      const login = runCli(['login', '--user', sim.summary.user, '--password-stdin'], {
        stdin: 'secret-123\n',
      });
      assert.equal(await login.exited, 77);
      assert.match(login.stderr(), /keychain is not available.*--password-stdin/s);
      assert.doesNotMatch(login.stderr(), /secret-123/);
    });
  }
});
