import type { ProblemFacts } from '../../shared/error-catalog.js';

/**
 * A failure the user can read; `kind` is stable for code, `message` is for people (the error
 * catalog's words), and the facts (cause, code, subcode) let every surface word it the same way.
 */
export interface SessionProblem extends ProblemFacts {
  kind: string;
  message: string;
  /** For `untrusted-host`: the host that needs the user's approval. */
  host?: string;
  /** For `untrusted-host`: what one approval covers (the host's parent domain where safe). */
  approvalDomain?: string;
}

/**
 * The session as the tray, the window and the CLI see it. Serialisable, no secrets.
 * signedOut → signingIn → ready ⇄ reconnecting → error (with the reason).
 */
export type SessionState =
  | { status: 'signedOut' }
  | { status: 'signingIn'; account: string }
  | { status: 'ready'; account: string; displayName: string | undefined }
  | { status: 'reconnecting'; account: string; displayName: string | undefined }
  | { status: 'error'; account: string | undefined; problem: SessionProblem };

export type SessionEvent =
  | { type: 'signInStarted'; account: string }
  | { type: 'signedIn'; displayName: string | undefined }
  | { type: 'connectionLost' }
  | { type: 'connectionRestored' }
  | { type: 'failed'; problem: SessionProblem }
  | { type: 'signedOut' };

/** The session reducer: every transition is here, and impossible ones leave the state as it is. */
export function nextSessionState(state: SessionState, event: SessionEvent): SessionState {
  switch (event.type) {
    case 'signInStarted':
      return { status: 'signingIn', account: event.account };
    case 'signedIn':
      return state.status === 'signingIn'
        ? { status: 'ready', account: state.account, displayName: event.displayName }
        : state;
    case 'connectionLost':
      return state.status === 'ready'
        ? { status: 'reconnecting', account: state.account, displayName: state.displayName }
        : state;
    case 'connectionRestored':
      return state.status === 'reconnecting'
        ? { status: 'ready', account: state.account, displayName: state.displayName }
        : state;
    case 'failed':
      return {
        status: 'error',
        account: 'account' in state ? state.account : undefined,
        problem: event.problem,
      };
    case 'signedOut':
      return { status: 'signedOut' };
    default:
      return assertNever(event);
  }
}

export function assertNever(value: never): never {
  throw new Error(`unexpected ${JSON.stringify(value)}`);
}
