import type { MeetingOutcome, Reply } from './context.js';
import { type AppHost, Conversation } from './conversation.js';
import type { EventChannel } from './event-channel.js';
import { randomGuid, randomToken } from './resources.js';
import { type InputBag, throwIfInvalid, ucwaError } from './wire.js';

/** What startOnlineMeeting needs from the application it starts meetings in. */
export interface MeetingHost extends AppHost {
  readonly conversations: Map<string, Conversation>;
  readonly events: Pick<EventChannel, 'hasParkedGet' | 'lastReleaseAt' | 'everPolled'>;
}

/**
 * The startOnlineMeeting POST of one application: its synchronous checks and errors, the
 * operationIds it has seen, and a new Conversation whose timeline it starts.
 */
export class OnlineMeetingStarter {
  private readonly operationIds = new Set<string>();
  private invitationCounter = 0;

  public constructor(private readonly app: MeetingHost) {}

  /** startOnlineMeeting (startOnlineMeeting_ref.md), with the seed's documented synchronous errors. */
  public start(input: InputBag, query: URLSearchParams, outcome: MeetingOutcome): Reply {
    if (query.get('onlineMeetingUri') !== 'adhoc') {
      // joinOnlineMeeting needs a meeting to join; this simulator only hosts ad-hoc meetings.
      const target = input.string('onlineMeetingUri');
      if (!target)
        throw ucwaError(400, 'BadRequest', 'ParameterValidationFailure', 'onlineMeetingUri is required.', {
          parameters: { onlineMeetingUri: 'required' },
        });
      throw ucwaError(404, 'NotFound', 'DestinationNotFound', 'No such meeting.');
    }
    if (!this.hasEventChannel()) throw ucwaError(500, 'ServiceFailure', 'CallbackChannelError');
    const operationId = input.string('operationId');
    const subject = input.string('subject') ?? '';
    const importance = input.string('importance') ?? 'Normal';
    const threadId = input.string('threadId') ?? randomGuid().replace(/-/g, '');
    const invalid: Record<string, string> = {};
    if (operationId !== undefined && operationId.length > 50) invalid.operationId = 'at most 50 characters';
    if (subject.length > 250) invalid.subject = 'at most 250 characters';
    if (!['Normal', 'Urgent', 'Emergency'].includes(importance))
      invalid.importance = 'Normal, Urgent or Emergency';
    throwIfInvalid(invalid);
    if (operationId !== undefined) {
      if (this.operationIds.has(operationId) && this.app.ctx.profile.repeatedOperationId === 'deduplicate')
        throw ucwaError(
          409,
          'Conflict',
          'AlreadyExists',
          'An operation with this operationId already exists.',
        );
      this.operationIds.add(operationId);
    }
    if (
      input.string('threadId') &&
      [...this.app.conversations.values()].some((c) => c.threadId === threadId)
    ) {
      throw ucwaError(409, 'Conflict', 'ThreadIdAlreadyExists');
    }
    this.invitationCounter += 1;
    const conversation = new Conversation(
      this.app,
      `${this.invitationCounter}${randomToken(4).toLowerCase()}`,
      operationId,
      subject,
      importance,
      threadId,
    );
    this.app.conversations.set(conversation.id, conversation);
    conversation.start(outcome);
    return {
      status: 201,
      headers: { Location: conversation.invitationHref },
      // Race mode: hold the 201 so batch A reaches the event channel first.
      ...(outcome.kind === 'race' ? { delayMs: 150 } : {}),
    };
  }

  /** CallbackChannelError when no P-GET is parked and none was released just now (A14). */
  private hasEventChannel(): boolean {
    const { events } = this.app;
    if (events.hasParkedGet) return true;
    const last = events.lastReleaseAt;
    return (
      events.everPolled && last !== undefined && Date.now() - last <= this.app.ctx.timing.callbackGraceMs
    );
  }
}
