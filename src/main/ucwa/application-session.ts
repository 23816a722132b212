import type { ApplicationLinks, ApplicationRegistration } from './application.js';
import { PoolFailedError, registerApplication } from './application-registration.js';
import type { UcwaHttp } from './auth.js';
import { backoffDelay, type Clock } from './clock.js';
import { UcwaError } from './errors.js';
import type { EventChannel } from './event-channel.js';

export interface ApplicationSessionDeps {
  http: UcwaHttp;
  clock: Clock;
  random: () => number;
  registration: ApplicationRegistration;
  channel: Pick<EventChannel, 'start' | 'stop'>;
  /** Discovery once more, for the last sign-in: where applications are created now. */
  rediscover(): Promise<{ applicationsUrl: URL }>;
  /** The conversations of the old application are gone: so are its meetings. */
  loseMeetings(reason: string, cause?: 'connection' | 'application-replaced'): void;
  /** The application was re-created after the server dropped it. */
  onRecovered(): void;
  /** The application was lost and could not be re-created. */
  onFatal(error: UcwaError): void;
}

/**
 * The application of one sign-in (CreateAnApplication.md), from its POST to sign-out: re-created
 * when the server drops it (404/410), one re-creation at a time, and never after sign-out.
 */
export class ApplicationSession {
  /** Where applications are created: learnt at sign-in, changed by rediscovery. */
  public applicationsUrl: URL | undefined;
  private app: ApplicationLinks | undefined;
  private recreating: Promise<void> | undefined;
  /**
   * Aborted by sign-out: a re-creation still in flight ends instead of starting a channel, and one
   * backing off between attempts wakes and ends at once.
   */
  private lifetime = new AbortController();

  public constructor(private readonly deps: ApplicationSessionDeps) {}

  /** The links of the current application; undefined when signed out or lost. */
  public get current(): ApplicationLinks | undefined {
    return this.app;
  }

  /** Aborted at sign-out: what this sign-in started (a start's waits and retries) ends with it. */
  public get signedIn(): AbortSignal {
    return this.lifetime.signal;
  }

  /** The re-creation in flight, if any: a start waits for it before trying again. */
  public get pendingRecreation(): Promise<void> | undefined {
    return this.recreating;
  }

  public beginSignIn(): void {
    if (this.lifetime.signal.aborted) this.lifetime = new AbortController();
  }

  /** The application a sign-in created: the one requests run on from now. */
  public adopt(app: ApplicationLinks): void {
    this.app = app;
  }

  /** Sign-out has begun: no re-creation may bring an application back. Returns the current one. */
  public beginSignOut(): ApplicationLinks | undefined {
    this.lifetime.abort();
    return this.app;
  }

  /**
   * Sign-out waits for a re-creation to end (and delete what it made) rather than leave it running,
   * but not longer than `capMs`: a POST stuck in flight ends (and is deleted) on its own time.
   */
  public async settled(capMs = 10_000): Promise<void> {
    if (!this.recreating) return;
    const cap = new AbortController();
    await Promise.race([
      this.recreating.catch(() => {}),
      this.deps.clock.sleep(capMs, cap.signal).catch(() => {}),
    ]);
    cap.abort();
  }

  public forget(): void {
    this.app = undefined;
  }

  /** POST applications at the applications URL (PoolFailedError: rediscover, RootURL.md). */
  public register(
    signal?: AbortSignal,
    policy: { rediscoverOnFailure: boolean } = { rediscoverOnFailure: true },
    waitSignal: AbortSignal = this.lifetime.signal,
  ): Promise<ApplicationLinks> {
    if (!this.applicationsUrl) throw new UcwaError('protocol', 'Not signed in.');
    const { http, clock, random } = this.deps;
    return registerApplication({ http, clock, random }, this.applicationsUrl, this.deps.registration, {
      ...policy,
      ...(signal ? { signal } : {}),
      waitSignal,
    });
  }

  /** The server dropped our application (404/410): make a new one and re-arm the channel, once at a time. */
  public recreate(): Promise<void> {
    if (this.lifetime.signal.aborted) return Promise.resolve();
    this.recreating ??= (async () => {
      // This sign-in's lifetime, kept: a sign-in that follows must not adopt what this one makes.
      const lifetime = this.lifetime.signal;
      this.deps.channel.stop();
      const previous = this.app?.self.href;
      for (let attempt = 1; ; attempt += 1) {
        try {
          const created = await this.register(undefined, undefined, lifetime).catch(
            async (error: unknown) => {
              if (!(error instanceof PoolFailedError) || lifetime.aborted) throw error;
              // C11: after a pool failover or a user move, find the new pool instead of dying.
              const again = await this.deps.rediscover();
              if (lifetime.aborted) throw error;
              this.applicationsUrl = again.applicationsUrl;
              return this.register(undefined, { rediscoverOnFailure: false }, lifetime);
            },
          );
          if (lifetime.aborted) {
            // Signed out while re-creating: the new application must not live on with its own
            // channel (it would fight the next sign-in's application for the endpoint).
            await this.deps.http.request('DELETE', created.self, { timeoutMs: 10_000 }).catch(() => {});
            return;
          }
          this.app = created;
          // MultiTabSupport.md: the same endpointId can give back the same application, whose
          // conversations live on; only a new application means our meetings are gone.
          if (this.app.self.href !== previous)
            this.deps.loseMeetings('The connection to the meeting server was reset.', 'application-replaced');
          this.deps.channel.start(this.app.events);
          this.deps.onRecovered();
          return;
        } catch (error) {
          // Signed out meanwhile: the sign-out owns the ending, this is not a lost session.
          if (lifetime.aborted) return;
          const transient =
            UcwaError.is(error, 'network') ||
            UcwaError.is(error, 'server-busy') ||
            UcwaError.is(error, 'timeout');
          if (!transient || attempt >= 5) {
            this.app = undefined;
            this.deps.loseMeetings('The connection to the meeting server was reset.');
            const fatal = UcwaError.is(error) ? error : new UcwaError('protocol', String(error));
            this.deps.onFatal(fatal);
            throw fatal;
          }
          // The POST in flight is let finish (what it made is deleted above); only the wait is cut.
          const woken = await this.deps.clock.sleep(backoffDelay(attempt, this.deps.random), lifetime).then(
            () => true,
            () => false,
          );
          if (!woken) return;
        }
      }
    })().finally(() => {
      this.recreating = undefined;
    });
    return this.recreating;
  }

  /** Runs a request that may find the application gone: re-create it once and try again. */
  public async withApplication<T>(run: (app: ApplicationLinks) => Promise<T>): Promise<T> {
    if (this.recreating) await this.recreating;
    const app = this.app;
    if (!app) throw new UcwaError('protocol', 'Not signed in.');
    try {
      return await run(app);
    } catch (error) {
      if (!UcwaError.is(error, 'application-gone')) throw error;
      // Re-create only if nobody has yet: the channel may have found the same 404 first, and a
      // second re-creation would make a third application.
      if (this.recreating) await this.recreating;
      else if (this.app === app) await this.recreate();
      if (!this.app || this.app === app) throw error;
      return run(this.app);
    }
  }
}
