/** The keychain service name shared by the CLI and the desktop app. */
export const keychainService = 'Meet Now (Skype for Business)';

/** Where the password lives: the OS keychain in the product, memory in tests. */
export interface CredentialStore {
  /** The stored password for an account, or undefined when there is none. */
  get(account: string): Promise<string | undefined>;
  set(account: string, password: string): Promise<void>;
  /** True when something was deleted. */
  delete(account: string): Promise<boolean>;
}

/**
 * The keychain cannot be used (no Secret Service on Linux, locked keychain, library missing).
 * Never answered by a silent plaintext fallback: the caller tells the user and offers a choice.
 */
export class KeychainUnavailableError extends Error {
  public override readonly name = 'KeychainUnavailableError';
  public readonly kind = 'keychain-unavailable';
  public static is(value: unknown): value is KeychainUnavailableError {
    return value instanceof Error && value.name === 'KeychainUnavailableError';
  }
}

/** For tests and for "do not remember my password": lives as long as the process. */
export class InMemoryCredentialStore implements CredentialStore {
  private readonly entries = new Map<string, string>();
  public async get(account: string): Promise<string | undefined> {
    return this.entries.get(account.toLowerCase());
  }
  public async set(account: string, password: string): Promise<void> {
    this.entries.set(account.toLowerCase(), password);
  }
  public async delete(account: string): Promise<boolean> {
    return this.entries.delete(account.toLowerCase());
  }
}
