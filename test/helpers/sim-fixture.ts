import { type SimulatorOptions, startSimulator, type UcwaSimulator } from '../../src/simulator/server.js';
import { fastTiming, RawEventLoop, RawUcwa } from './raw-ucwa.js';

export const alice = {
  username: 'alice@meetnow.test',
  password: 'alice-demo-pass',
  sip: 'sip:alice@meetnow.test',
};

export interface SignedIn {
  sim: UcwaSimulator;
  ucwa: RawUcwa;
  app: any;
  loop: RawEventLoop;
  close(): Promise<void>;
}

/** A simulator with short timings, alice signed in through raw HTTP, and her event channel running. */
export async function signedIn(options: SimulatorOptions = {}, loopQuery = ''): Promise<SignedIn> {
  const sim = await startSimulator({ ...options, timing: { ...fastTiming, ...options.timing } });
  const ucwa = new RawUcwa(sim.caPem);
  const app = await ucwa.signIn(sim.discoverUrl, alice.username, alice.password);
  const loop = new RawEventLoop(ucwa, app._links.events.href, loopQuery);
  await waitUntil(() => sim.applications().some((entry) => entry.parked));
  return {
    sim,
    ucwa,
    app,
    loop,
    close: async () => {
      loop.stop();
      await sim.close();
    },
  };
}

export async function startSim(
  options: SimulatorOptions = {},
): Promise<{ sim: UcwaSimulator; ucwa: RawUcwa }> {
  const sim = await startSimulator({ ...options, timing: { ...fastTiming, ...options.timing } });
  return { sim, ucwa: new RawUcwa(sim.caPem) };
}

/** Polls a condition on the event loop's turn (no fixed sleeps); fails after the deadline. */
export async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Starts a meeting the documented way and waits for the invitation's `completed`. */
export async function startMeeting(
  session: SignedIn,
  subject = 'Quick sync',
  operationId = `op-${Math.random().toString(36).slice(2, 10)}`,
): Promise<{ completed: any; conversation: any; onlineMeeting: any; operationId: string }> {
  const href = session.app._embedded.communication._links.startOnlineMeeting.href;
  const response = await session.ucwa.post(href, { operationId, subject, importance: 'Normal' });
  if (response.status !== 201) throw new Error(`startOnlineMeeting ${response.status} ${response.text}`);
  const completed = await session.loop.waitFor(
    (event) =>
      event.link.rel === 'onlineMeetingInvitation' &&
      event.type === 'completed' &&
      event._embedded?.onlineMeetingInvitation?.operationId === operationId,
  );
  const conversation = (
    await session.ucwa.get(completed._embedded.onlineMeetingInvitation._links.conversation.href)
  ).json;
  const onlineMeeting = conversation._links.onlineMeeting
    ? (await session.ucwa.get(conversation._links.onlineMeeting.href)).json
    : undefined;
  return { completed, conversation, onlineMeeting, operationId };
}
