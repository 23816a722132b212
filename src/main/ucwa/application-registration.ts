import { linkedSignal } from './abort.js';
import { type ApplicationLinks, type ApplicationRegistration, createApplication } from './application.js';
import type { UcwaHttp } from './auth.js';
import { backoffDelay, type Clock } from './clock.js';
import { UcwaError, UcwaHttpError } from './errors.js';

/** POST applications is retried at most this often, waiting at most this long between tries. */
const maxRegisterAttempts = 4;
const maxRegisterWaitMs = 10_000;

/** The pool could not create the application in a way that calls for rediscovery (RootURL.md). */
export class PoolFailedError extends UcwaError {
  public override readonly name = 'PoolFailedError';
  public constructor(message: string, cause: unknown) {
    super('network', message, { cause });
  }
}

/**
 * POST applications, retrying what is safe to retry (the endpointId names the application, so a
 * repeat finds the same one, MultiTabSupport.md): HTML 5xx pages, 503 with a capped Retry-After,
 * resets. 403, 502, 410 CannotRedirect and repeated connection errors say the pool is the wrong
 * place: PoolFailedError, for the caller to rediscover (RootURL.md).
 */
export async function registerApplication(
  deps: { http: UcwaHttp; clock: Clock; random: () => number },
  url: URL,
  registration: ApplicationRegistration,
  options: {
    rediscoverOnFailure: boolean;
    signal?: AbortSignal;
    /** Ends the waits between attempts, not a POST in flight (whose application may exist by now). */
    waitSignal?: AbortSignal;
  },
): Promise<ApplicationLinks> {
  const { signal } = options;
  let connectionErrors = 0;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await createApplication(deps.http, url, registration, signal);
    } catch (error) {
      if (UcwaError.is(error, 'network') || UcwaError.is(error, 'timeout')) connectionErrors += 1;
      const status = error instanceof UcwaHttpError ? error.status : undefined;
      const wrongPlace = status === 403 || status === 502 || status === 410 || connectionErrors >= 2;
      if (wrongPlace && options.rediscoverOnFailure)
        throw new PoolFailedError(
          `${url.host} failed to create the application (${(error as Error).message})`,
          error,
        );
      const transient =
        UcwaError.is(error, 'network') ||
        UcwaError.is(error, 'timeout') ||
        UcwaError.is(error, 'server-busy') ||
        (error instanceof UcwaHttpError && error.notUcwa && error.status >= 500);
      if (!transient || attempt >= maxRegisterAttempts) throw error;
      const retryAfter = error instanceof UcwaHttpError ? error.retryAfterMs : undefined;
      const wait = linkedSignal(signal, options.waitSignal);
      try {
        await deps.clock.sleep(
          Math.min(retryAfter ?? backoffDelay(attempt, deps.random, 500, 4000), maxRegisterWaitMs),
          wait.signal,
        );
      } finally {
        wait.dispose();
      }
    }
  }
}
