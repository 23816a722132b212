import { linkedSignal } from './abort.js';
import type { ActiveMeetings } from './active-meetings.js';
import { type ApplicationLinks, readApplication } from './application.js';
import type { ApplicationSession } from './application-session.js';
import type { UcwaHttp } from './auth.js';
import { backoffDelay, type Clock } from './clock.js';
import { ApplicationReplacedError, abortError, UcwaError, UcwaHttpError } from './errors.js';
import type { EventChannel } from './event-channel.js';
import { Meeting } from './meeting.js';
import { resolveHref } from './urls.js';

export interface StartMeetingOptions {
  subject?: string;
  /** Deadline for the whole start, from the press to the join link. */
  deadlineMs?: number;
  signal?: AbortSignal;
}

export interface StartDeps {
  http: UcwaHttp;
  channel: Pick<EventChannel, 'whenPending'>;
  clock: Clock;
  random: () => number;
}

/** What a whole start needs besides the POST's own: the application, and where meetings live. */
export interface MeetingStarterDeps extends StartDeps {
  applications: Pick<ApplicationSession, 'withApplication' | 'pendingRecreation' | 'signedIn'>;
  meetings: Pick<ActiveMeetings, 'add' | 'delete'>;
  /** Makes operation ids. */
  newId: () => string;
}

/**
 * Starts an ad-hoc meeting (startOnlineMeeting) and resolves with its join link as soon as the
 * server reports success. One operationId for every retry: never two meetings for one call.
 */
export async function startMeeting(deps: MeetingStarterDeps, options: StartMeetingOptions): Promise<Meeting> {
  const deadline = new AbortController();
  // On the injected clock, so tests and long soaks see the same deadline whatever the load.
  const deadlineTimer = new AbortController();
  deps.clock.sleep(options.deadlineMs ?? 30_000, deadlineTimer.signal).then(
    () => deadline.abort(new UcwaError('timeout', 'The meeting was not ready in time.')),
    () => {},
  );
  // Sign-out ends a start in any of its waits (a lost answer's 5 s, a retry's backoff): no POST after it.
  const linked = linkedSignal(options.signal, deadline.signal, deps.applications.signedIn);
  const signal = linked.signal;
  const subject = (options.subject ?? '').slice(0, 250);
  let meeting: Meeting | undefined;
  try {
    for (let attempt = 1; ; attempt += 1) {
      meeting = await startOn(deps, subject, signal);
      try {
        await Promise.race([meeting.ready, rejectOnAbort(signal)]);
        return meeting;
      } catch (error) {
        // The application expired under the start and a new one replaced it: that start can no
        // longer finish, and nothing of it lives on; start once more on the new application.
        if (!(error instanceof ApplicationReplacedError) || attempt >= 2) throw error;
        deps.meetings.delete(meeting);
        meeting = undefined;
        const recreation = deps.applications.pendingRecreation;
        if (recreation) await recreation;
      }
    }
  } catch (error) {
    const failure: UcwaError = deadline.signal.aborted
      ? (deadline.signal.reason as UcwaError)
      : options.signal?.aborted
        ? abortError(options.signal.reason)
        : UcwaError.is(error)
          ? error
          : new UcwaError('protocol', String(error));
    if (meeting) {
      await meeting.abandon(failure);
      deps.meetings.delete(meeting);
    }
    throw failure;
  } finally {
    deadlineTimer.abort();
    linked.dispose();
  }
}

/** Creates the Meeting (registered before its POST) and POSTs it on the current application. */
function startOn(deps: MeetingStarterDeps, subject: string, signal: AbortSignal): Promise<Meeting> {
  const operationId = deps.newId().slice(0, 50);
  return deps.applications.withApplication(async (app) => {
    const startUrl = await startOnlineMeetingUrl(deps.http, app, signal);
    const created = new Meeting(
      deps.http,
      deps.clock,
      operationId,
      subject,
      () => app.self.href,
      () => deps.newId().slice(0, 50),
      app.meUri,
    );
    // Registered before the POST: events can arrive before the 201 (startOnlineMeeting_ref.md).
    deps.meetings.add(created);
    try {
      await postStart(deps, app, startUrl, created, signal);
    } catch (error) {
      deps.meetings.delete(created);
      throw error;
    }
    return created;
  });
}

function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
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

/** How long a POST whose answer was lost waits for events before it may be sent again. */
export const lostAnswerWaitMs = 5000;

/**
 * POSTs startOnlineMeeting, one press → one meeting on any server. Nothing in the docs says a
 * server deduplicates a repeated operationId (OperationResource.md: it correlates events with the
 * request), so a POST that may have landed is repeated only when no event of its operation came
 * within a few seconds. 409 AlreadyExists is the generic "Please wait and try again"
 * (ErrorsAndInformationalMessages.md): waited out, unless our events show the meeting exists.
 */
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
    if (meeting.acknowledged) return; // an earlier POST of ours got through: its events say so
    try {
      const response = await deps.http.request('POST', startUrl, {
        json: { operationId: meeting.operationId, subject: meeting.subject, importance: 'Normal' },
        signal,
      });
      const location = response.headers.get('location');
      if (location) meeting.setInvitationUrl(resolveHref(location, app.self.href));
      return;
    } catch (error) {
      const mayHaveLanded =
        UcwaError.is(error, 'network') ||
        UcwaError.is(error, 'timeout') ||
        (error instanceof UcwaHttpError && (error.status === 502 || error.status === 504));
      // The server may have acted on a POST whose answer never came: its events would say so.
      if (mayHaveLanded && (await meeting.whenAcknowledged(lostAnswerWaitMs, signal))) return;
      const alreadyExists =
        error instanceof UcwaHttpError && error.status === 409 && error.subcode === 'AlreadyExists';
      if (alreadyExists && (await meeting.whenAcknowledged(lostAnswerWaitMs / 5, signal))) return;
      const callbackChannel = error instanceof UcwaHttpError && error.subcode === 'CallbackChannelError';
      const transient =
        callbackChannel || alreadyExists || mayHaveLanded || UcwaError.is(error, 'server-busy');
      if (!transient || attempt >= 4) throw error;
      const retryAfter = error instanceof UcwaHttpError ? error.retryAfterMs : undefined;
      await deps.clock.sleep(
        Math.min(
          retryAfter ?? (callbackChannel ? 100 * attempt : backoffDelay(attempt, deps.random, 250, 4000)),
          10_000,
        ),
        signal,
      );
    }
  }
}
