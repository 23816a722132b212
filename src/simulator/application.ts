import { registerApplicationRoutes } from './application-routes.js';
import type { MeetingOutcome, Reply, Route, SimContext } from './context.js';
import type { AppHost, Conversation } from './conversation.js';
import type { DirectoryUser } from './directory.js';
import { EventChannel, type Priority, type SimEvent } from './event-channel.js';
import { OnlineMeetingStarter } from './online-meeting-starter.js';
import { OnlineMeetingsDashboard } from './online-meetings-dashboard.js';
import { contactResource, randomGuid, randomToken, resource, sipPathSegment } from './resources.js';
import { type HttpFailure, type InputBag, ucwaError } from './wire.js';

export type ApplicationState = 'active' | 'expired' | 'gone';

export interface ApplicationInput {
  userAgent: string;
  endpointId: string;
  culture: string;
  instanceId?: string;
}

/**
 * One UCWA application (application_ref.md): the per-client session that every other resource
 * hangs off, with its dashboards, event channel and conversations.
 */
export class Application implements AppHost {
  public readonly base: string;
  public state: ApplicationState = 'active';
  public readonly events: EventChannel;
  public readonly conversations = new Map<string, Conversation>();
  public readonly communicationHref: string;
  public readonly createdAt = Date.now();
  public madeAvailable = false;
  public lastActivityAt: number | undefined;
  private readonly routes = new Map<string, Route>();
  private readonly segments = new Map<string, string>();
  private readonly putGuard = randomGuid();
  private readonly starter: OnlineMeetingStarter;
  private activityTimer: NodeJS.Timeout | undefined;
  public endReason: 'deleted' | 'expired' | 'replaced' | undefined;
  private readonly onlineMeetings: OnlineMeetingsDashboard;

  public constructor(
    public readonly id: string,
    public readonly pool: number,
    public readonly user: DirectoryUser,
    public readonly input: ApplicationInput,
    public readonly ctx: SimContext,
    private readonly onEnded: (app: Application) => void,
  ) {
    this.base = `/ucwa/oauth/v1/applications/${id}`;
    this.communicationHref = this.path('communication');
    this.events = new EventChannel(
      this.path('events'),
      ctx.timing,
      () => this.expire(),
      () => this.dropTransientState(),
    );
    this.onlineMeetings = new OnlineMeetingsDashboard(this);
    this.starter = new OnlineMeetingStarter(this);
    registerApplicationRoutes(this, this.onlineMeetings);
  }

  /** Builds a path under the application; in scrambled mode each segment is random per application. */
  public path(...segments: string[]): string {
    if (!this.ctx.scrambledPaths) return [this.base, ...segments].join('/');
    const mapped = segments.map((segment, index) => {
      // Ids (conversation GUIDs, invitation ids) stay; the fixed words are scrambled.
      if (index > 0 && !/^[a-z]+$/i.test(segment)) return segment;
      let scrambled = this.segments.get(segment);
      if (!scrambled) {
        scrambled = randomToken(10).toLowerCase();
        this.segments.set(segment, scrambled);
      }
      return scrambled;
    });
    return [this.base, ...mapped].join('/');
  }

  public register(path: string, route: Route): void {
    this.routes.set(path, route);
  }

  public unregister(path: string): void {
    this.routes.delete(path);
  }

  public route(pathname: string): Route | undefined {
    return this.routes.get(pathname);
  }

  public contactHref(sip: string): string {
    return `${this.path('people')}/${sipPathSegment(sip)}`;
  }

  public emit(priority: Priority, sender: { rel: string; href: string }, event: SimEvent): void {
    if (this.state === 'active') this.events.enqueue(priority, sender, event);
  }

  public onConversationGone(conversation: Conversation): void {
    this.conversations.delete(conversation.id);
  }

  // #region resources
  public applicationResource(): Record<string, unknown> {
    return resource(
      'application',
      this.base,
      {
        // Capture 07: culture and userAgent only (no type, endpointId or id).
        culture: this.input.culture,
        userAgent: this.input.userAgent,
        ...(this.input.instanceId ? { instanceId: this.input.instanceId } : {}),
      },
      {
        policies: this.path('policies'),
        batch: this.path('batch'),
        events: this.events.firstHref,
      },
      {
        me: this.meResource(),
        people: this.peopleResource(),
        onlineMeetings: this.onlineMeetingsResource(),
        communication: this.communicationResource(),
      },
    );
  }

  public meResource(): Record<string, unknown> {
    const available = this.madeAvailable;
    return resource(
      'me',
      this.path('me'),
      {
        name: this.user.name,
        uri: this.user.sip,
        emailAddresses: [this.user.email],
        ...(this.user.title ? { title: this.user.title } : {}),
        ...(this.user.department ? { department: this.user.department } : {}),
        ...(this.user.workPhoneNumber ? { workPhoneNumber: this.user.workPhoneNumber } : {}),
      },
      {
        makeMeAvailable: available ? undefined : this.path('me', 'makeMeAvailable'),
        // Lurker mode: presence, note, location and reportMyActivity appear only after makeMeAvailable.
        presence: available ? this.path('me', 'presence') : undefined,
        note: available ? this.path('me', 'note') : undefined,
        location: available ? this.path('me', 'location') : undefined,
        reportMyActivity: available ? this.path('me', 'reportMyActivity') : undefined,
      },
    );
  }

  public peopleResource(): Record<string, unknown> {
    return resource('people', this.path('people'), {}, { search: this.path('people', 'search') });
  }

  private onlineMeetingsResource(): Record<string, unknown> {
    return this.onlineMeetings.resource();
  }

  public communicationResource(): Record<string, unknown> {
    const invitations = this.path('communication', 'onlineMeetingInvitations');
    return resource(
      'communication',
      this.communicationHref,
      {
        [this.putGuard]: 'please pass this in a PUT request',
        supportedModalities: this.madeAvailable ? ['Messaging'] : [],
        supportedMessageFormats: ['Plain'],
        etag: String(Math.abs(hash(this.id + String(this.madeAvailable)))),
      },
      {
        conversations: `${this.path('communication', 'conversations')}?filter=active`,
        // The live form (A3): a server parameter on the shared invitations collection.
        // Hypermedia.md: a policy that forbids hosting meetings removes the link.
        startOnlineMeeting:
          this.ctx.profile.startOnlineMeetingLink === 'present'
            ? `${invitations}?onlineMeetingUri=adhoc`
            : undefined,
        joinOnlineMeeting: invitations,
      },
    );
  }
  // #endregion

  /** People search over the directory (search_ref.md): `query` required, `limit` 1–100. */
  public search(query: URLSearchParams): Reply {
    const text = query.get('query');
    if (text === null || text.trim() === '' || text.length > 256) {
      throw ucwaError(
        400,
        'BadRequest',
        'ParameterValidationFailure',
        'query is required (at most 256 characters).',
        {
          parameters: { query: text === null ? 'required' : 'invalid' },
        },
      );
    }
    const limitText = query.get('limit');
    const limit = limitText === null ? 100 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw ucwaError(400, 'BadRequest', 'ParameterValidationFailure', 'limit must be 1 to 100.', {
        parameters: { limit: 'out of range' },
      });
    }
    const needle = text.trim().toLowerCase();
    const matches = this.ctx.directory.users.filter((user) =>
      [user.name, user.email, user.sip, user.workPhoneNumber ?? ''].some((field) =>
        field.toLowerCase().includes(needle),
      ),
    );
    const page = matches.slice(0, limit);
    const self = `${this.path('people', 'search')}?${query.toString()}`;
    return {
      status: 200,
      json: resource(
        'search',
        self,
        { moreResultsAvailable: matches.length > page.length },
        {},
        // A18: no results → no `_embedded`.
        page.length > 0
          ? {
              contact: page.map((user) =>
                contactResource(user, this.contactHref(user.sip), `${this.contactHref(user.sip)}/presence`),
              ),
            }
          : undefined,
      ),
    };
  }

  /** startOnlineMeeting (startOnlineMeeting_ref.md): see online-meeting-starter.ts. */
  public startOnlineMeeting(input: InputBag, query: URLSearchParams, outcome: MeetingOutcome): Reply {
    return this.starter.start(input, query, outcome);
  }

  public makeMeAvailable(method: string, input: InputBag): Reply {
    if (method !== 'POST') throw ucwaError(405, 'MethodNotAllowed');
    if (this.madeAvailable)
      throw ucwaError(409, 'Conflict', 'AlreadyExists', 'makeMeAvailable was already called.');
    const modalities = input.stringArray('supportedModalities') ?? [];
    const unsupported = modalities.filter((modality) => !['Messaging', 'PhoneAudio'].includes(modality));
    if (unsupported.length > 0)
      throw ucwaError(403, 'Forbidden', undefined, `Unsupported modalities: ${unsupported.join(', ')}`);
    this.madeAvailable = true;
    this.lastActivityAt = Date.now();
    this.armActivityTimer();
    const meSender = { rel: 'me', href: this.path('me') };
    this.emit('medium', meSender, { link: { rel: 'me', href: this.path('me') }, type: 'updated' });
    this.emit('medium', meSender, {
      link: { rel: 'presence', href: this.path('me', 'presence') },
      type: 'added',
    });
    this.emit('medium', meSender, { link: { rel: 'note', href: this.path('me', 'note') }, type: 'added' });
    this.emit('medium', meSender, {
      link: { rel: 'location', href: this.path('me', 'location') },
      type: 'added',
    });
    this.emit(
      'medium',
      { rel: 'communication', href: this.communicationHref },
      { link: { rel: 'communication', href: this.communicationHref }, type: 'updated' },
    );
    return { status: 204 };
  }

  public reportMyActivity(method: string): Reply {
    if (method !== 'POST') throw ucwaError(405, 'MethodNotAllowed');
    if (!this.madeAvailable) throw ucwaError(409, 'Conflict', 'MakeMeAvailableRequired');
    this.lastActivityAt = Date.now();
    this.armActivityTimer();
    return { status: 204 };
  }

  private armActivityTimer(): void {
    if (this.activityTimer) clearTimeout(this.activityTimer);
    this.activityTimer = setTimeout(() => {
      // "An app that reports no activity and is in no call can be terminated" (ApplicationDashboard.md).
      if (this.conversations.size === 0) this.expire();
      else this.armActivityTimer();
    }, this.ctx.timing.activityExpiryMs);
    this.activityTimer.unref?.();
  }

  /** After a long gap (resume), the server has closed conversations and subscriptions. */
  private dropTransientState(): void {
    for (const conversation of [...this.conversations.values()]) conversation.dispose();
  }

  /** Terminated for inactivity: the next request gets 410 InactiveApplicationExpired once, then 404. */
  public expire(): void {
    this.end('expired');
  }

  public end(reason: 'deleted' | 'expired' | 'replaced'): void {
    if (this.state !== 'active') return;
    this.state = reason === 'expired' ? 'expired' : 'gone';
    this.endReason = reason;
    if (this.activityTimer) clearTimeout(this.activityTimer);
    for (const conversation of [...this.conversations.values()]) conversation.dispose();
    // A parked P-GET learns of the end at once; the 410 then counts as the one answered.
    if (reason === 'expired' && this.events.hasParkedGet) this.state = 'gone';
    this.events.close(
      reason === 'expired'
        ? ucwaError(410, 'Gone', 'InactiveApplicationExpired')
        : ucwaError(404, 'NotFound', 'ApplicationNotFound'),
    );
    this.routes.clear();
    this.onEnded(this);
  }

  /** The error any request to this application gets now; a 410 is answered once. */
  public goneError(): HttpFailure {
    if (this.state === 'expired') {
      this.state = 'gone';
      return ucwaError(410, 'Gone', 'InactiveApplicationExpired');
    }
    return ucwaError(404, 'NotFound', 'ApplicationNotFound');
  }
}

function hash(text: string): number {
  let value = 0;
  for (let i = 0; i < text.length; i += 1) value = (value * 31 + text.charCodeAt(i)) | 0;
  return value;
}
