import { UcwaError } from '../ucwa/errors.js';
import { checkJoinUrl } from '../ucwa/join-url.js';
import type { Meeting, MeetingEndCause, MeetingInfo, MeetingState, Participant } from '../ucwa/meeting.js';
import type { TrustPolicy } from '../ucwa/trust.js';
import type { SessionProblem } from './session-state.js';

/** A meeting as the shell and the UI see it. Serialisable; every string came from the server. */
export interface MeetingSnapshot {
  state: MeetingState;
  info: MeetingInfo | undefined;
  participants: Participant[];
  reason?: string;
  /** Why a start failed, with the facts the error catalog words it from. */
  problem?: SessionProblem;
  /** For an ended meeting: left by us, closed by the server, or lost with the connection. */
  endCause?: MeetingEndCause;
}

/** The meeting now, as a snapshot; `reason` is the last one its state changed for. */
export function snapshotOf(
  meeting: Meeting,
  trust: TrustPolicy | undefined,
  reason: string | undefined,
): MeetingSnapshot {
  return {
    state: meeting.state,
    // A later onlineMeeting event may change the link: an untrusted one is never handed out.
    info: joinUrlProblem(meeting, trust) ? undefined : meeting.info,
    participants: meeting.roster(),
    ...(reason ? { reason } : {}),
    ...(meeting.endCause ? { endCause: meeting.endCause } : {}),
  };
}

/** Why the meeting's join link may not be handed out (not on a host this sign-in trusts), if so. */
export function joinUrlProblem(meeting: Meeting, trust: TrustPolicy | undefined): UcwaError | undefined {
  if (!meeting.info) return undefined;
  if (!trust) return new UcwaError('protocol', 'Not signed in.');
  try {
    checkJoinUrl(meeting.info.joinUrl, trust);
    return undefined;
  } catch (error) {
    return error as UcwaError;
  }
}
