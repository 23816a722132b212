import type { SessionState } from '../session/session-state.js';
import type { SignInRequest } from './account-memory.js';
import type { SettingsStore } from './settings-store.js';

export interface TrustPrompt {
  /** What an approval covers (the server's parent domain where safe). */
  host: string;
  /** The server that asked. */
  server: string;
  domain: string;
}

/**
 * Servers outside the user's domain: the prompt after a sign-in that stopped at one, the
 * approval (this run, or always: persisted) and its revocation. The password typed for the
 * sign-in that stopped is kept in memory only until the answer.
 */
export class ServerApproval {
  private promptValue: TrustPrompt | undefined;
  private pendingSignIn: SignInRequest | undefined;
  private sessionApproved: string[] = [];

  public constructor(private readonly settings: SettingsStore) {}

  public get prompt(): TrustPrompt | undefined {
    return this.promptValue;
  }

  public get sessionApprovedHosts(): readonly string[] {
    return this.sessionApproved;
  }

  /** After a sign-in: ask when it stopped at an untrusted host, else forget any question. */
  public afterSignIn(state: SessionState, request: SignInRequest, sipAddress: string): void {
    if (state.status === 'error' && state.problem.kind === 'untrusted-host' && state.problem.host) {
      // One approval of the server's domain, not one per pool host (protocol audit C8).
      this.promptValue = {
        host: state.problem.approvalDomain ?? state.problem.host,
        server: state.problem.host,
        domain: sipAddress.split('@')[1] ?? '',
      };
      this.pendingSignIn = request;
    } else this.reject();
  }

  /** The user trusts the host: returns the sign-in to run again, or undefined if nothing asked. */
  public approve(host: string, always: boolean): SignInRequest | undefined {
    const pending = this.pendingSignIn;
    if (!this.promptValue || this.promptValue.host !== host || !pending) return undefined;
    if (always)
      this.settings.update({ approvedHosts: [...new Set([...this.settings.get().approvedHosts, host])] });
    else this.sessionApproved = [...new Set([...this.sessionApproved, host])];
    this.promptValue = undefined;
    return pending;
  }

  public reject(): void {
    this.promptValue = undefined;
    this.pendingSignIn = undefined;
  }

  public revoke(host: string): void {
    this.settings.update({
      approvedHosts: this.settings.get().approvedHosts.filter((entry) => entry !== host),
    });
    this.sessionApproved = this.sessionApproved.filter((entry) => entry !== host);
  }
}
