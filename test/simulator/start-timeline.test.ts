import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setImmediate as nextLoopTurn } from 'node:timers/promises';
import {
  defaultTiming,
  type MeetingOutcome,
  type Route,
  type SimContext,
} from '../../src/simulator/context.js';
import { type AppHost, Conversation } from '../../src/simulator/conversation.js';
import { defaultDirectory } from '../../src/simulator/directory.js';
import type { SimEvent } from '../../src/simulator/event-channel.js';
import { buildProfile } from '../../src/simulator/profile.js';

/** Holds the event loop as a long GC pause or a busy soak lane does: no timer can run meanwhile. */
function blockEventLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spin
  }
}

const timing = { meetingUpdateDelayMs: 37, meetingConnectDelayMs: 89 };

/** One application's side of a conversation, in memory: what it emits and what broke. */
function inMemoryHost(timing: { meetingUpdateDelayMs: number; meetingConnectDelayMs: number }) {
  const directory = defaultDirectory();
  const user = directory.users[0];
  assert.ok(user);
  const events: Array<{ sender: string; event: SimEvent }> = [];
  const internalErrors: unknown[] = [];
  let settle: () => void = () => {};
  const settled = new Promise<void>((resolve) => {
    settle = resolve;
  });
  const ctx: SimContext = {
    directory,
    timing: { ...defaultTiming, ...timing },
    profile: buildProfile(),
    scrambledPaths: false,
    embedResources: false,
    meetBase: 'https://127.0.0.1:1/meet',
    nextMeetingOutcome: () => ({ kind: 'success' }),
    registerConference: () => {},
    unregisterConference: () => {},
    log: () => {},
    internalError: (error) => {
      internalErrors.push(error);
      settle();
    },
  };
  const routes = new Map<string, Route>();
  const base = '/ucwa/oauth/v1/applications/test';
  const host: AppHost = {
    ctx,
    user,
    communicationHref: `${base}/communication`,
    path: (...segments) => [base, ...segments].join('/'),
    register: (path, route) => routes.set(path, route),
    unregister: (path) => routes.delete(path),
    emit: (_priority, sender, event) => {
      events.push({ sender: sender.rel, event });
      if (event.type === 'completed') settle();
    },
    contactHref: (sip) => `${base}/people/${sip}`,
    onConversationGone: () => {},
  };
  return { host, events, internalErrors, settled };
}

const summary = (events: Array<{ sender: string; event: SimEvent }>) =>
  events.map(
    ({ sender, event }) => `${sender}:${event.link.rel}:${event.type}${event.in ? `@${event.in.rel}` : ''}`,
  );

/** An ordinary start: nothing holds the event loop. */
async function startNormally(outcome: MeetingOutcome) {
  const { host, events, internalErrors, settled } = inMemoryHost(timing);
  const conversation = new Conversation(host, '1test', 'op-1', 'Free loop', 'Normal', 'thread1');
  conversation.start(outcome);
  await settled;
  return { conversation, events, internalErrors };
}

/**
 * Starts a meeting while the event loop is blocked past both of its steps, with an earlier press's
 * connect step pending. Node runs overdue timers one duration's list at a time, lists in the order
 * their first timer fell due: the earlier press's connect step (same duration as this press's) puts
 * the connect list ahead of this press's update step. The soak's lanes make that happen.
 */
async function startWhileLoopIsBlocked(outcome: MeetingOutcome) {
  const { host, events, internalErrors, settled } = inMemoryHost(timing);
  const earlierPress = setTimeout(() => {}, timing.meetingConnectDelayMs);
  blockEventLoop(timing.meetingConnectDelayMs - timing.meetingUpdateDelayMs + 15);
  await nextLoopTurn(); // the loop's clock moves on: this press's timers start later than the earlier one
  const conversation = new Conversation(host, '1test', 'op-1', 'Blocked loop', 'Normal', 'thread1');
  conversation.start(outcome);
  blockEventLoop(timing.meetingConnectDelayMs + 15);
  await settled;
  clearTimeout(earlierPress);
  return { conversation, events, internalErrors };
}

const fail: MeetingOutcome = {
  kind: 'fail',
  reason: { code: 'ServiceFailure', subcode: 'Unavailable', message: 'No conferencing server.' },
};

describe('simulator startOnlineMeeting timeline after a blocked event loop', () => {
  for (const outcome of [{ kind: 'success' } as const, fail]) {
    it(`sends the events of an ordinary start (${outcome.kind}), updated (Conferencing) before the end`, async () => {
      const ordinary = await startNormally(outcome);
      const blocked = await startWhileLoopIsBlocked(outcome);
      assert.deepEqual(blocked.internalErrors, []);
      assert.deepEqual(ordinary.internalErrors, []);
      assert.deepEqual(summary(blocked.events), summary(ordinary.events));
      const order = summary(blocked.events);
      assert.ok(
        order.indexOf('communication:onlineMeetingInvitation:updated') <
          order.indexOf('communication:onlineMeetingInvitation:completed'),
        order.join('\n'),
      );
      assert.equal(blocked.conversation.state, outcome.kind === 'success' ? 'Conferenced' : 'Disconnected');
      blocked.conversation.dispose();
      ordinary.conversation.dispose();
    });
  }
});
