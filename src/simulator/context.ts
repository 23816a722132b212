import type { Directory } from './directory.js';
import type { EventChannelTiming } from './event-channel.js';
import type { ServerProfile } from './profile.js';
import type { InputBag, UcwaErrorBody } from './wire.js';

/** Every delay the simulator uses, in milliseconds unless named otherwise. Tests shorten them. */
export interface SimulatorTiming extends EventChannelTiming {
  /** startOnlineMeeting: invitation `updated` after this (§7.1 step 2). */
  meetingUpdateDelayMs: number;
  /** startOnlineMeeting: the meeting is Conferenced and the invitation completes after this. */
  meetingConnectDelayMs: number;
  /** How long a simulated invitee takes to answer. */
  inviteAnswerMs: number;
  /** An unanswered participantInvitation fails after this (participantInvitation_ref.md: ~30 s). */
  inviteNoAnswerMs: number;
  /** After makeMeAvailable, an application that reports no activity and is in no call is ended after this. */
  activityExpiryMs: number;
  /** A P-GET released this recently still counts as "pending" for CallbackChannelError purposes. */
  callbackGraceMs: number;
  /** `expires_in` of issued tokens, in seconds. */
  tokenLifetimeSec: number;
}

export const defaultTiming: SimulatorTiming = {
  idleExpiryMs: 15 * 60_000,
  resumeAfterMs: 5 * 60_000,
  meetingUpdateDelayMs: 300,
  meetingConnectDelayMs: 800,
  inviteAnswerMs: 1500,
  inviteNoAnswerMs: 30_000,
  activityExpiryMs: 15 * 60_000,
  callbackGraceMs: 1000,
  tokenLifetimeSec: 8 * 3600,
};

/** What the next startOnlineMeeting does (§7.3); consumed one per meeting. */
export type MeetingOutcome =
  | { kind: 'success' }
  | { kind: 'race' } // batch A is delivered before the 201
  | { kind: 'coalesced' } // only `completed`, no `started`
  | { kind: 'never' } // stays Connecting forever
  | { kind: 'fail'; reason: UcwaErrorBody };

export interface RequestContext {
  readonly method: string;
  readonly url: URL;
  readonly pool: number;
  readonly origin: string;
  input(): Promise<InputBag>;
  onClose(callback: () => void): void;
}

export interface Reply {
  status: number;
  json?: unknown;
  text?: string;
  contentType?: string;
  headers?: Record<string, string | string[]>;
  /** Send these headers and status, but wait this long first (race mode). */
  delayMs?: number;
}

export type RouteKind =
  | 'root'
  | 'user'
  | 'redirect'
  | 'token'
  | 'applications'
  | 'application'
  | 'events'
  | 'policies'
  | 'batch'
  | 'me'
  | 'makeMeAvailable'
  | 'reportMyActivity'
  | 'presence'
  | 'people'
  | 'search'
  | 'contact'
  | 'onlineMeetings'
  | 'myOnlineMeetings'
  | 'myAssignedOnlineMeeting'
  | 'phoneDialInInformation'
  | 'onlineMeetingInvitationCustomization'
  | 'communication'
  | 'conversations'
  | 'startOnlineMeeting'
  | 'onlineMeetingInvitation'
  | 'cancel'
  | 'conversation'
  | 'onlineMeeting'
  | 'participants'
  | 'participant'
  | 'admit'
  | 'reject'
  | 'eject'
  | 'addParticipant'
  | 'participantInvitation'
  | 'meet';

export interface Route {
  kind: RouteKind;
  handle(ctx: RequestContext): Promise<Reply> | Reply;
}

/** What an application needs from the simulator around it. */
export interface SimContext {
  readonly directory: Directory;
  readonly timing: SimulatorTiming;
  readonly profile: ServerProfile;
  readonly scrambledPaths: boolean;
  /** Embed resources in non-operation events too (operation events always embed). */
  readonly embedResources: boolean;
  /** Base URL for meeting join links, e.g. `https://127.0.0.1:4443/meet`. */
  readonly meetBase: string;
  nextMeetingOutcome(): MeetingOutcome;
  registerConference(conference: { onlineMeetingId: string; organizerSip: string }, handle: unknown): void;
  unregisterConference(onlineMeetingId: string): void;
  log(message: string): void;
  /** A simulator bug inside a timer: reported and counted, never thrown into the event loop. */
  internalError(error: unknown): void;
}
