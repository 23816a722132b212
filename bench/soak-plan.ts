// What the chaos soak does to each press: the server's behaviour drawn from the same variants the
// conformance suite runs (src/simulator/profile.ts), a fault, and what the user does once the link
// is printed. Seeded, so a failing run can be repeated.
import type { HostEnd, HostOptions } from '../src/cli/host-loop.js';
import { type FaultRule, parseFaultSpec } from '../src/simulator/faults.js';
import { type MeetingVariant, profileChoices, type ServerProfile } from '../src/simulator/profile.js';

export type Random = () => number;

/** mulberry32: small, seeded, good enough to pick faults. */
export function seededRandom(seed: number): Random {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)] as T;

/** One press's fault: `recoverable` ones are documented behaviours the client must turn into a link. */
export type PressFault =
  | { kind: 'none' }
  | { kind: 'rule'; name: string; rule: FaultRule; recoverable: boolean }
  /** The first startOnlineMeeting answer (profile.ts `startFirstAnswer`): lost, 409, 500, 404. */
  | { kind: 'first-start'; answer: Exclude<ServerProfile['startFirstAnswer'], 'ok'> }
  /** What the server does to the session around the press. */
  | { kind: 'server'; name: 'fail' | 'expire' | 'revoke' | 'resync' | 'resume-during-start' };

const rule = (spec: string, recoverable: boolean): PressFault => ({
  kind: 'rule',
  name: spec,
  rule: parseFaultSpec(spec),
  recoverable,
});

export const pressFaults: readonly PressFault[] = [
  { kind: 'none' },
  { kind: 'none' },
  { kind: 'none' },
  rule('startOnlineMeeting:503', true),
  rule('startOnlineMeeting:callback', true),
  rule('startOnlineMeeting:drop', true),
  rule('startOnlineMeeting:truncate', true),
  rule('startOnlineMeeting:html', true),
  rule('startOnlineMeeting:503:inf', false),
  rule('onlineMeeting:503', true),
  rule('onlineMeeting:truncate', true),
  rule('events:drop', true),
  rule('events:503', true),
  rule('events:malformed', true),
  // Not drawn: `events:503-hour` (capped at 60 s, it would stall a lane for a minute; its own
  // scenario test proves the cap), and `events:oversize:inf` (ends the session by design, C15).
  // A 200 page that is not UCWA on the channel (a proxy's): retried, never the end (audit C5).
  rule('events:html200', true),
  { kind: 'first-start', answer: 'lost-answer' },
  { kind: 'first-start', answer: '409-already-exists' },
  { kind: 'first-start', answer: 'callback-channel-error' },
  { kind: 'first-start', answer: 'application-gone' },
  { kind: 'server', name: 'fail' },
  { kind: 'server', name: 'expire' },
  { kind: 'server', name: 'revoke' },
  { kind: 'server', name: 'resync' },
  { kind: 'server', name: 'resume-during-start' },
];

export function faultName(fault: PressFault): string {
  if (fault.kind === 'none') return 'none';
  if (fault.kind === 'rule' || fault.kind === 'server') return fault.name;
  return `first-start:${fault.answer}`;
}

/** Whether the client must answer this press with a link (the fault is a documented, passing one). */
export function mustSucceed(fault: PressFault): boolean {
  if (fault.kind === 'rule') return fault.recoverable;
  if (fault.kind === 'server') return fault.name !== 'fail';
  return true;
}

/** The meeting-shaping variants for one press, each drawn from its documented choices. */
export function drawMeetingVariants(random: Random): Partial<Pick<ServerProfile, MeetingVariant>> {
  return {
    repeatedOperationId: pick(random, profileChoices.repeatedOperationId),
    admitEvents: pick(random, profileChoices.admitEvents),
    participantTitles: pick(random, profileChoices.participantTitles),
    roleChangeEvents: pick(random, profileChoices.roleChangeEvents),
    conferenceEnd: pick(random, profileChoices.conferenceEnd),
  };
}

export interface Scenario {
  name: string;
  options: Partial<HostOptions>;
  /**
   * What happens once the link is printed: nothing, the user stops, the user waits until the roster
   * shows who came (then stops), or the server loses the meeting (application expired, or a
   * `resume` after a real gap that took the conversations with it).
   */
  afterLink: 'nothing' | 'stop' | 'roster' | 'lose-expire' | 'lose-resume-gap';
  expects: HostEnd[];
}

export const scenarios: readonly Scenario[] = [
  { name: 'once', options: { once: true }, afterLink: 'nothing', expects: ['once'] },
  {
    name: 'once+invite',
    options: { once: true, invite: ['sip:bob@meetnow.test', 'sip:erin@meetnow.test'] },
    afterLink: 'nothing',
    expects: ['once'],
  },
  {
    name: 'once+wait',
    options: {
      once: true,
      waitForInvites: true,
      invite: ['sip:dave@meetnow.test', 'sip:frank@meetnow.test'],
    },
    afterLink: 'nothing',
    expects: ['once'],
  },
  {
    name: 'host+leave-pending',
    options: { invite: ['sip:erin@meetnow.test', 'sip:carol@meetnow.test'], admitAll: true },
    afterLink: 'stop',
    expects: ['stopped'],
  },
  {
    // bob accepts, carol waits in the lobby and is admitted: the roster must match the server's.
    name: 'host+roster',
    options: { invite: ['sip:bob@meetnow.test', 'sip:carol@meetnow.test'], admitAll: true },
    afterLink: 'roster',
    expects: ['stopped'],
  },
  {
    name: 'host+lose-expire',
    options: { invite: ['sip:erin@meetnow.test'] },
    afterLink: 'lose-expire',
    expects: ['meeting-lost'],
  },
  {
    name: 'host+lose-resume-gap',
    options: {},
    afterLink: 'lose-resume-gap',
    expects: ['meeting-lost', 'meeting-ended'],
  },
];
