import { describeProblemFacts, problemLine } from '../../shared/error-catalog.js';
import { KeychainUnavailableError } from '../secrets/credential-store.js';
import { OperationFailedError, UcwaError, UcwaHttpError, UntrustedHostError } from '../ucwa/errors.js';
import type { SessionProblem } from './session-state.js';

/** Describes an error in the error catalog's words, keeping its specific cause; never a secret. */
export function describeProblem(error: unknown): SessionProblem {
  const facts = problemFacts(error);
  return { ...facts, message: problemLine(describeProblemFacts(facts)) };
}

function problemFacts(error: unknown): Omit<SessionProblem, 'message'> {
  if (KeychainUnavailableError.is(error)) return { kind: 'keychain-unavailable', cause: error.message };
  if (error instanceof UntrustedHostError)
    return { kind: error.kind, cause: error.message, host: error.host, approvalDomain: error.approvalDomain };
  if (error instanceof UcwaHttpError)
    return {
      kind: error.kind,
      cause: error.message,
      ...(error.code ? { code: error.code } : {}),
      ...(error.subcode ? { subcode: error.subcode } : {}),
      ...(error.notUcwa ? { notUcwa: true } : {}),
    };
  if (error instanceof OperationFailedError)
    return {
      kind: error.kind,
      cause: error.message,
      ...(error.code ? { code: error.code } : {}),
      ...(error.subcode ? { subcode: error.subcode } : {}),
    };
  if (UcwaError.is(error)) return { kind: error.kind, cause: error.message };
  return { kind: 'internal' };
}
