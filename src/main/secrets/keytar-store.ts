import { type CredentialStore, KeychainUnavailableError, keychainService } from './credential-store.js';

type Keytar = typeof import('keytar');

/**
 * The OS keychain through keytar (Keychain on macOS, Credential Vault on Windows, Secret Service
 * on Linux). keytar is loaded on first use, so a machine without libsecret fails with a clear
 * KeychainUnavailableError instead of at start-up. Accounts are SIP addresses, lower-cased.
 */
export class KeytarCredentialStore implements CredentialStore {
  private keytar: Promise<Keytar> | undefined;

  public constructor(
    private readonly service = keychainService,
    private readonly load: () => Promise<Keytar> = async () => {
      const module = (await import('keytar')) as Keytar & { default?: Keytar };
      return module.default ?? module;
    },
  ) {}

  private async call<T>(run: (keytar: Keytar) => Promise<T>): Promise<T> {
    this.keytar ??= this.load();
    let keytar: Keytar;
    try {
      keytar = await this.keytar;
    } catch (error) {
      this.keytar = undefined;
      throw new KeychainUnavailableError(
        `The system keychain library could not be loaded (${(error as Error).message}).`,
        { cause: error },
      );
    }
    try {
      return await run(keytar);
    } catch (error) {
      // keytar's messages name the backend failure (e.g. "Cannot autolaunch D-Bus"), never the secret.
      throw new KeychainUnavailableError(
        `The system keychain is not available: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  public async get(account: string): Promise<string | undefined> {
    const password = await this.call((keytar) => keytar.getPassword(this.service, account.toLowerCase()));
    return password ?? undefined;
  }

  public async set(account: string, password: string): Promise<void> {
    await this.call((keytar) => keytar.setPassword(this.service, account.toLowerCase(), password));
  }

  public async delete(account: string): Promise<boolean> {
    return this.call((keytar) => keytar.deletePassword(this.service, account.toLowerCase()));
  }
}
