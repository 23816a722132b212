import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeychainUnavailableError } from '../../src/main/secrets/credential-store.js';
import { KeytarCredentialStore } from '../../src/main/secrets/keytar-store.js';

// scripts/test.sh runs this file twice: inside dbus-run-session with gnome-keyring-daemon
// (MEETNOW_SECRET_SERVICE=1), and with no session bus at all.
const withSecretService = process.env.MEETNOW_SECRET_SERVICE === '1';

describe(`KeytarCredentialStore ${withSecretService ? 'with a real Secret Service' : 'with no Secret Service'}`, () => {
  const store = new KeytarCredentialStore(`Meet Now test ${process.pid}`);
  const account = 'Alice@MeetNow.test';

  if (withSecretService) {
    it('stores, reads back and deletes a password in gnome-keyring', async () => {
      assert.equal(await store.get(account), undefined);
      await store.set(account, 'pa55 wörd "quoted"');
      assert.equal(await store.get(account), 'pa55 wörd "quoted"');
      assert.equal(
        await store.get('alice@meetnow.test'),
        'pa55 wörd "quoted"',
        'accounts are case-insensitive',
      );
      await store.set(account, 'changed');
      assert.equal(await store.get(account), 'changed');
      assert.equal(await store.delete(account), true);
      assert.equal(await store.get(account), undefined);
      assert.equal(await store.delete(account), false);
    });
  } else {
    it('fails with a clear KeychainUnavailableError, never a silent fallback', async () => {
      await assert.rejects(store.set(account, 'secret-value'), (error: unknown) => {
        assert.ok(KeychainUnavailableError.is(error));
        assert.match((error as Error).message, /keychain is not available/);
        assert.doesNotMatch((error as Error).message, /secret-value/);
        return true;
      });
      await assert.rejects(store.get(account), KeychainUnavailableError);
    });
  }
});
