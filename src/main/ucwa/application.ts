import type { UcwaHttp } from './auth.js';
import { UcwaError } from './errors.js';
import { embedded, link, requireLink, requireResource, stringProp } from './resource.js';

/** The links of an application this client uses, resolved against the applications URL. */
export interface ApplicationLinks {
  self: URL;
  events: URL;
  /** Absent when the account's policy does not allow hosting meetings (Hypermedia.md). */
  startOnlineMeeting: URL | undefined;
  search: URL | undefined;
  me: URL | undefined;
  makeMeAvailable: URL | undefined;
  meName: string | undefined;
  meUri: string | undefined;
  /** The onlineMeetings dashboard's links (OnlineMeetingsDashboard.md); each may be absent. */
  myAssignedOnlineMeeting?: URL | undefined;
  phoneDialInInformation?: URL | undefined;
  onlineMeetingInvitationCustomization?: URL | undefined;
}

export interface ApplicationRegistration {
  userAgent: string;
  endpointId: string;
  culture: string;
}

/** POST applications (CreateAnApplication.md): one request gives every link the app needs. */
export async function createApplication(
  http: UcwaHttp,
  applicationsUrl: URL,
  registration: ApplicationRegistration,
  signal?: AbortSignal,
): Promise<ApplicationLinks> {
  const response = await http.request('POST', applicationsUrl, {
    json: {
      userAgent: registration.userAgent,
      endpointId: registration.endpointId,
      culture: registration.culture,
    },
    ...(signal ? { signal } : {}),
  });
  return readApplication(response.json, applicationsUrl.href);
}

export function readApplication(json: unknown, base: string): ApplicationLinks {
  const app = requireResource(json, 'application');
  const communication = embedded(app, 'communication');
  const me = embedded(app, 'me');
  const people = embedded(app, 'people');
  const onlineMeetings = embedded(app, 'onlineMeetings');
  if (!communication) throw new UcwaError('protocol', 'The application has no communication dashboard.');
  return {
    self: requireLink(app, 'self', base, 'application'),
    events: requireLink(app, 'events', base, 'application'),
    startOnlineMeeting: link(communication, 'startOnlineMeeting', base),
    search: link(people, 'search', base),
    me: link(me, 'self', base),
    makeMeAvailable: link(me, 'makeMeAvailable', base),
    meName: stringProp(me, 'name'),
    meUri: stringProp(me, 'uri'),
    myAssignedOnlineMeeting: link(onlineMeetings, 'myAssignedOnlineMeeting', base),
    phoneDialInInformation: link(onlineMeetings, 'phoneDialInInformation', base),
    onlineMeetingInvitationCustomization: link(onlineMeetings, 'onlineMeetingInvitationCustomization', base),
  };
}
