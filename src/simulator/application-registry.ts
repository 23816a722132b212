import { Application } from './application.js';
import type { Reply, RequestContext, SimContext } from './context.js';
import type { DirectoryUser } from './directory.js';
import { applicationsPath } from './paths.js';
import { randomDigits, resource } from './resources.js';
import { throwIfInvalid, ucwaError } from './wire.js';

/**
 * The applications collection (CreateAnApplication.md, applications_ref.md, MultiTabSupport.md):
 * creation with validation, the same-endpoint rule the profile selects, and bookkeeping of ended
 * applications so that their URLs keep answering 404/410.
 */
export class ApplicationRegistry {
  public readonly apps = new Map<string, Application>();

  public constructor(private readonly context: SimContext) {}

  public get(id: string): Application | undefined {
    return this.apps.get(id);
  }

  public async handle(ctx: RequestContext, user: DirectoryUser, homePool: number): Promise<Reply> {
    if (ctx.method === 'GET') return { status: 200, json: resource('applications', applicationsPath, {}) };
    if (ctx.method !== 'POST') throw ucwaError(405, 'MethodNotAllowed');
    const input = await ctx.input();
    const fields = {
      userAgent: input.string('userAgent'),
      endpointId: input.string('endpointId'),
      culture: input.string('culture'),
    };
    const invalid: Record<string, string> = {};
    for (const [name, value] of Object.entries(fields)) {
      if (!value) invalid[name] = 'required';
      else if (value.length > 100) invalid[name] = 'at most 100 characters';
    }
    throwIfInvalid(invalid);
    // PROTOCOL.md: applications on a pool that does not home the user answer 410 Gone/CannotRedirect.
    if (homePool !== ctx.pool)
      throw ucwaError(410, 'Gone', 'CannotRedirect', 'This user is homed on another pool.');
    const instanceId = input.string('instanceId');
    const endpointId = fields.endpointId ?? '';
    const culture = fields.culture ?? 'en-US';
    const userAgent = fields.userAgent ?? '';
    for (const existing of this.apps.values()) {
      if (
        existing.state !== 'active' ||
        existing.user.sip !== user.sip ||
        existing.input.endpointId !== endpointId
      )
        continue;
      if (instanceId && existing.input.instanceId === instanceId) {
        return { status: 200, json: existing.applicationResource() }; // MultiTabSupport.md: same instance → 200
      }
      const sameResource = existing.input.culture === culture && existing.input.userAgent === userAgent;
      if (this.context.profile.sameEndpoint === 'same-application' && sameResource) {
        // MultiTabSupport.md: same culture, endpointId, type and userAgent → the same application resource.
        return { status: 200, json: existing.applicationResource() };
      }
      existing.end('replaced'); // the `replaces` variant (and a different culture or userAgent): a new one
    }
    const id = randomDigits(12);
    const app = new Application(
      id,
      ctx.pool,
      user,
      { userAgent, endpointId, culture, ...(instanceId ? { instanceId } : {}) },
      this.context,
      () => {},
    );
    this.apps.set(id, app);
    this.pruneEnded();
    // Capture 07: 201 Created with the application in the body and no ETag header.
    return { status: 201, json: app.applicationResource() };
  }

  /** Runs `run` on every active application (of one user when given); returns how many. */
  public each(sip: string | undefined, run: (app: Application) => void): number {
    let count = 0;
    for (const app of [...this.apps.values()]) {
      if (app.state === 'active' && (sip === undefined || app.user.sip === sip)) {
        run(app);
        count += 1;
      }
    }
    return count;
  }

  public forgetEnded(): void {
    for (const [id, app] of this.apps) if (app.state === 'gone') this.apps.delete(id);
  }

  /** Keeps a bounded number of ended applications (so their URLs still answer 404/410) in long runs. */
  private pruneEnded(): void {
    const ended = [...this.apps.values()].filter((app) => app.state === 'gone');
    for (const app of ended.slice(0, Math.max(0, ended.length - 1000))) this.apps.delete(app.id);
  }
}
