import { type ApplicationLinks, readApplication } from './application.js';
import type { UcwaHttp } from './auth.js';
import { backoffDelay, type Clock } from './clock.js';
import { UcwaError, UcwaHttpError } from './errors.js';
import type { EventChannel } from './event-channel.js';
import type { Meeting } from './meeting.js';
import { resolveHref } from './urls.js';

export interface StartDeps {
  http: UcwaHttp;
  channel: Pick<EventChannel, 'whenPending'>;
  clock: Clock;
  random: () => number;
}

/**
 * The startOnlineMeeting link, read again from the application when the cached one is absent:
 * Hypermedia.md, "The absence of a link indicates that the client is not allowed to access that
 * resource either due to current state, policies, or other reasons."
 */
export async function startOnlineMeetingUrl(
  http: UcwaHttp,
  app: ApplicationLinks,
  signal: AbortSignal,
): Promise<URL> {
  if (app.startOnlineMeeting) return app.startOnlineMeeting;
  const fresh = readApplication((await http.request('GET', app.self, { signal })).json, app.self.href);
  if (fresh.startOnlineMeeting) {
    app.startOnlineMeeting = fresh.startOnlineMeeting;
    return fresh.startOnlineMeeting;
  }
  throw new UcwaError(
    'not-allowed',
    'Your account is not allowed to host online meetings: the server offers no way to start one. Ask your IT department to enable meetings for your account.',
  );
}

/** POSTs startOnlineMeeting with one operationId for every retry (startOnlineMeeting_ref.md). */
export async function postStart(
  deps: StartDeps,
  app: ApplicationLinks,
  startUrl: URL,
  meeting: Meeting,
  signal: AbortSignal,
): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    // startOnlineMeeting needs the callback channel (500 CallbackChannelError otherwise).
    await deps.channel.whenPending(signal);
    try {
      const response = await deps.http.request('POST', startUrl, {
        json: { operationId: meeting.operationId, subject: meeting.subject, importance: 'Normal' },
        signal,
      });
      const location = response.headers.get('location');
      if (location) meeting.setInvitationUrl(resolveHref(location, app.self.href));
      return;
    } catch (error) {
      if (error instanceof UcwaHttpError && error.status === 409 && error.subcode === 'AlreadyExists') {
        return; // an earlier attempt of ours got through and its answer was lost: wait for its events
      }
      const callbackChannel = error instanceof UcwaHttpError && error.subcode === 'CallbackChannelError';
      const transient =
        callbackChannel ||
        UcwaError.is(error, 'network') ||
        UcwaError.is(error, 'server-busy') ||
        (error instanceof UcwaHttpError && (error.status === 502 || error.status === 504));
      if (!transient || attempt >= 4) throw error;
      const retryAfter = error instanceof UcwaHttpError ? error.retryAfterMs : undefined;
      await deps.clock.sleep(
        retryAfter ?? (callbackChannel ? 100 * attempt : backoffDelay(attempt, deps.random, 250, 4000)),
        signal,
      );
    }
  }
}
