import { UcwaError, UcwaHttpError } from '../ucwa/errors.js';
import type { SessionProblem } from './session-state.js';

/**
 * "No server found" says nothing a user can act on: name the cause (timed out, refused, not found)
 * and the host, from the error's cause chain and the discovery URL the user gave.
 */
export function withSignInCause(
  problem: SessionProblem,
  error: unknown,
  discoverUrl: string | undefined,
): SessionProblem {
  if (!UcwaError.is(error, 'network')) return problem;
  const cause = error.cause;
  const host = discoverUrl ? hostOf(discoverUrl) : undefined;
  let why: string | undefined;
  if (UcwaError.is(cause, 'timeout')) why = `Timed out waiting for ${host ?? 'the discovery servers'}.`;
  else if (cause instanceof UcwaHttpError)
    why = cause.message.endsWith('.') ? cause.message : `${cause.message}.`;
  else if (UcwaError.is(cause, 'network'))
    why = `${cause.message.replace(/\.$/, '')}${connectionWords(cause)}.`;
  return why && !problem.message.includes(why)
    ? { ...problem, message: `${problem.message} ${why}` }
    : problem;
}

function connectionWords(error: Error): string {
  const code = /\(([A-Z_]+)\)/.exec(error.message)?.[1];
  const words: Record<string, string> = {
    ECONNREFUSED: ': the connection was refused',
    ENOTFOUND: ': no such host',
    EAI_AGAIN: ': the host name could not be looked up',
    ETIMEDOUT: ': timed out',
    UND_ERR_CONNECT_TIMEOUT: ': timed out',
    ECONNRESET: ': the connection was reset',
  };
  return (code && words[code]) || '';
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}
