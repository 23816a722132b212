import type { UcwaHttp, UcwaRequestOptions } from './auth.js';
import type { Clock } from './clock.js';
import { UcwaError, UcwaHttpError } from './errors.js';
import type { HttpResponse } from './transport.js';

/** A meeting's own requests: each one counted (tests and benchmarks read `count`). */
export class MeetingRequests {
  public count = 0;
  /** Aborted when the meeting is over: a GET backing off for a retry gives up instead of waking later. */
  private readonly lifetime = new AbortController();

  public constructor(
    private readonly http: UcwaHttp,
    private readonly clock: Clock,
  ) {}

  /** GETs are safe to repeat: a dropped connection or a busy server gets two more tries. */
  public async get(url: URL): Promise<HttpResponse> {
    for (let attempt = 1; ; attempt += 1) {
      this.count += 1;
      try {
        return await this.http.request('GET', url);
      } catch (error) {
        const transient =
          UcwaError.is(error, 'network') ||
          UcwaError.is(error, 'server-busy') ||
          UcwaError.is(error, 'timeout') ||
          (error instanceof UcwaHttpError && error.status >= 500);
        if (!transient || attempt >= 3) throw error;
        const retryAfter = error instanceof UcwaHttpError ? error.retryAfterMs : undefined;
        await this.clock.sleep(Math.min(retryAfter ?? 200 * attempt, 5000), this.lifetime.signal);
      }
    }
  }

  /** The meeting is over: no retry waits any longer. */
  public close(): void {
    this.lifetime.abort();
  }

  /** Sent once: a POST may have acted even when its answer was lost. */
  public post(url: URL, options?: UcwaRequestOptions): Promise<HttpResponse> {
    this.count += 1;
    return this.http.request('POST', url, options);
  }
}
