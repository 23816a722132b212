/**
 * When the event channel sends its next P-GET: the one policy for every outcome, as a pure function
 * (time and randomness come in, nothing is kept outside the returned history), so it is tested alone.
 *
 * - An answered P-GET: the next one goes at once, out of a budget of `burst` requests refilled one
 *   per `refillMs`; a server that answers every P-GET at once gets at most 60000/refillMs + burst
 *   requests a minute (108 with the defaults: under 2 a second), not hundreds a second.
 * - A failure with Retry-After: the server's wait, but at least `retryAfterFloorMs` (0 is not "now")
 *   and at most `retryAfterCapMs` (a huge value must not outlive the application, which the server
 *   expires after a few minutes without a P-GET).
 * - Any other failure: exponential backoff with jitter, base `backoffBaseMs`, up to `backoffCapMs`.
 */
export interface PollPolicy {
  burst: number;
  refillMs: number;
  retryAfterFloorMs: number;
  retryAfterCapMs: number;
  backoffBaseMs: number;
  backoffCapMs: number;
}

export const defaultPollPolicy: PollPolicy = {
  burst: 8,
  refillMs: 600,
  retryAfterFloorMs: 1000,
  retryAfterCapMs: 60_000,
  backoffBaseMs: 1000,
  backoffCapMs: 30_000,
};

/** What the policy remembers between polls. */
export interface PollHistory {
  /** Failures in a row since the last answered P-GET. */
  failures: number;
  /** Requests that may go at once (a token bucket), as of `at`. */
  tokens: number;
  at: number;
}

export type PollOutcome = { kind: 'answered' } | { kind: 'failed'; retryAfterMs?: number };

export function initialPollHistory(now: number, policy: PollPolicy = defaultPollPolicy): PollHistory {
  return { failures: 0, tokens: policy.burst, at: now };
}

/** Capped exponential backoff with jitter: attempt n waits between half and all of min(cap, base·2^(n-1)). */
export function jitteredBackoff(attempt: number, random: number, baseMs: number, capMs: number): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(30, Math.max(0, attempt - 1)));
  return Math.round(ceiling / 2 + (clamp01(random) * ceiling) / 2);
}

/**
 * The wait before the next P-GET after `outcome` at time `now`, and the history to pass next time.
 * `random` is one draw from [0, 1).
 */
export function nextPoll(
  history: PollHistory,
  outcome: PollOutcome,
  now: number,
  random: number,
  policy: PollPolicy = defaultPollPolicy,
): { delayMs: number; history: PollHistory } {
  const elapsed = Math.max(0, now - history.at);
  const tokens = Math.min(policy.burst, history.tokens + elapsed / policy.refillMs);
  const failures = outcome.kind === 'answered' ? 0 : history.failures + 1;
  let wanted = 0;
  if (outcome.kind === 'failed') {
    const retryAfter = outcome.retryAfterMs;
    wanted =
      retryAfter !== undefined && !Number.isNaN(retryAfter)
        ? Math.min(policy.retryAfterCapMs, Math.max(policy.retryAfterFloorMs, retryAfter))
        : jitteredBackoff(failures, random, policy.backoffBaseMs, policy.backoffCapMs);
  }
  // The budget applies to every request: whatever the outcome, waiting for a token caps the rate.
  const tokensAtWanted = Math.min(policy.burst, tokens + wanted / policy.refillMs);
  const tokenWait = tokensAtWanted >= 1 ? 0 : Math.ceil((1 - tokensAtWanted) * policy.refillMs);
  const delayMs = Math.round(wanted + tokenWait);
  const tokensAtSend = Math.min(policy.burst, tokens + delayMs / policy.refillMs);
  return { delayMs, history: { failures, tokens: Math.max(0, tokensAtSend - 1), at: now + delayMs } };
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0.5;
}
