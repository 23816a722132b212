import type { Reply, Route, SimContext } from './context.js';
import type { Conversation } from './conversation.js';
import type { OnlineMeetingsDashboard } from './online-meetings-dashboard.js';
import { contactResource, resource } from './resources.js';
import { type InputBag, ucwaError } from './wire.js';

/** What an application lends its routes table. */
export interface ApplicationRoutesScope {
  readonly base: string;
  readonly ctx: SimContext;
  readonly communicationHref: string;
  readonly conversations: ReadonlyMap<string, Conversation>;
  readonly madeAvailable: boolean;
  readonly lastActivityAt: number | undefined;
  path(...segments: string[]): string;
  register(path: string, route: Route): void;
  contactHref(sip: string): string;
  applicationResource(): Record<string, unknown>;
  meResource(): Record<string, unknown>;
  peopleResource(): Record<string, unknown>;
  communicationResource(): Record<string, unknown>;
  makeMeAvailable(method: string, input: InputBag): Reply;
  reportMyActivity(method: string): Reply;
  end(reason: 'deleted'): void;
}

/**
 * The fixed routes of one application (application_ref.md and the dashboards it embeds): what
 * each path answers, and to which methods. Meetings and conversations register their own.
 */
export function registerApplicationRoutes(
  app: ApplicationRoutesScope,
  onlineMeetings: OnlineMeetingsDashboard,
): void {
  const getOnly = (kind: Route['kind'], render: () => unknown): Route => ({
    kind,
    handle: (ctx) => {
      if (ctx.method !== 'GET') throw ucwaError(405, 'MethodNotAllowed');
      return { status: 200, json: render() };
    },
  });
  app.register(app.base, {
    kind: 'application',
    handle: (ctx) => {
      if (ctx.method === 'GET') return { status: 200, json: app.applicationResource() };
      if (ctx.method === 'DELETE') {
        app.end('deleted');
        return { status: 204 };
      }
      throw ucwaError(405, 'MethodNotAllowed');
    },
  });
  app.register(app.path('events'), { kind: 'events', handle: () => ({ status: 500 }) }); // served by the server
  app.register(
    app.path('policies'),
    getOnly('policies', () =>
      resource('policies', app.path('policies'), {
        audioOnlyMeetingPolicy: 'Disabled',
        conferencingPolicy: 'Enabled',
        telephonyMode: 'Uc',
        emergencyNumbers: [],
      }),
    ),
  );
  app.register(app.path('batch'), {
    kind: 'batch',
    // BatchingRequests.md: multipart/batching. This client-facing simulator does not implement
    // batching and says so the documented way ("unsupported API").
    handle: () => {
      throw ucwaError(409, 'Conflict', undefined, 'Batching is not supported by this server.');
    },
  });
  app.register(
    app.path('me'),
    getOnly('me', () => app.meResource()),
  );
  app.register(app.path('me', 'makeMeAvailable'), {
    kind: 'makeMeAvailable',
    handle: async (ctx) => app.makeMeAvailable(ctx.method, await ctx.input()),
  });
  app.register(app.path('me', 'reportMyActivity'), {
    kind: 'reportMyActivity',
    handle: (ctx) => app.reportMyActivity(ctx.method),
  });
  app.register(
    app.path('me', 'presence'),
    getOnly('presence', () => {
      if (!app.madeAvailable) throw ucwaError(404, 'NotFound', 'ResourceNotFound');
      // MeDashboard.md / PROTOCOL.md: after inactiveTimeout (default 5 min) the user shows
      // IdleOnline; after awayTimeout (undocumented; 15 min chosen) Away.
      const quietMs = app.lastActivityAt === undefined ? 0 : Date.now() - app.lastActivityAt;
      const availability = quietMs > 15 * 60_000 ? 'Away' : quietMs > 5 * 60_000 ? 'IdleOnline' : 'Online';
      return resource('presence', app.path('me', 'presence'), { availability });
    }),
  );
  app.register(
    app.path('people'),
    getOnly('people', () => app.peopleResource()),
  );
  app.register(
    app.path('people', 'search'),
    getOnly('search', () => ({})),
  );
  onlineMeetings.registerRoutes();
  app.register(
    app.communicationHref,
    getOnly('communication', () => app.communicationResource()),
  );
  app.register(
    app.path('communication', 'conversations'),
    getOnly('conversations', () =>
      resource(
        'conversations',
        `${app.path('communication', 'conversations')}?filter=active`,
        {},
        {},
        {
          conversation: [...app.conversations.values()].map((conversation) =>
            conversation.conversationResource(),
          ),
        },
      ),
    ),
  );
  app.register(app.path('communication', 'onlineMeetingInvitations'), {
    kind: 'startOnlineMeeting',
    handle: () => ({ status: 500 }), // served by the server, which knows the outcome queue
  });
  for (const user of app.ctx.directory.users) {
    app.register(
      app.contactHref(user.sip),
      getOnly('contact', () =>
        contactResource(user, app.contactHref(user.sip), `${app.contactHref(user.sip)}/presence`),
      ),
    );
  }
}
