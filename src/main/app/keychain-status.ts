import type { CredentialStore } from '../secrets/credential-store.js';
import { KeychainUnavailableError } from '../secrets/credential-store.js';

/** What the window says about the keychain: is a password stored for the account, can it be. */
export class KeychainStatus {
  public hasStoredPassword = false;
  public available = true;

  public constructor(private readonly credentials: CredentialStore) {}

  public async refresh(account: string): Promise<void> {
    if (!account) {
      this.hasStoredPassword = false;
      return;
    }
    try {
      this.hasStoredPassword = (await this.credentials.get(account)) !== undefined;
      this.available = true;
    } catch (error) {
      this.hasStoredPassword = false;
      if (KeychainUnavailableError.is(error)) this.available = false;
    }
  }
}
