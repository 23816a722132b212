import type { FaultAction } from './faults.js';
import type { ServerProfile } from './profile.js';

/** The profile's one-off failure of the first POST applications, as a fault (faults.ts). */
export function firstApplicationsFault(profile: ServerProfile): FaultAction | undefined {
  switch (profile.applicationsFirstAnswer) {
    case 'ok':
      return undefined;
    case 'iis-500': // a half-started IIS application pool
      return { type: 'html', status: 500 };
    case '503-retry-after':
      return { type: 'status', status: 503, code: 'ServiceUnavailable', retryAfterSec: 1 };
    case 'reset':
      return { type: 'drop' };
    case '502': // a reverse proxy whose back end is down: its own HTML page
      return { type: 'html', status: 502 };
    case '403': // RootURL.md lists "HTTP 403 Client Forbidden" among the failures that call for rediscovery
      return { type: 'status', status: 403, code: 'Forbidden', message: 'Client forbidden.' };
  }
}

/** The profile's one-off answer to the first startOnlineMeeting POST, as a fault. */
export function firstStartFault(profile: ServerProfile): FaultAction | undefined {
  switch (profile.startFirstAnswer) {
    case 'ok':
      return undefined;
    case 'lost-answer':
      return { type: 'lose-answer' };
    case '409-already-exists':
      return {
        type: 'status',
        status: 409,
        code: 'Conflict',
        subcode: 'AlreadyExists',
        message: 'The requested resource already exists. Please wait and try again.',
      };
    case 'callback-channel-error':
      return { type: 'status', status: 500, code: 'ServiceFailure', subcode: 'CallbackChannelError' };
    case 'application-gone': // the application really expires under the start (ApplicationDashboard.md)
      return { type: 'expire-application' };
  }
}
