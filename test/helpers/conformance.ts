import { createNetRequestFetch } from '../../src/main/electron/net-request-fetch.js';
import { UcwaClient } from '../../src/main/ucwa/client.js';
import { type Clock, systemClock } from '../../src/main/ucwa/clock.js';
import { UcwaError } from '../../src/main/ucwa/errors.js';
import type { Meeting } from '../../src/main/ucwa/meeting.js';
import type { FetchFn } from '../../src/main/ucwa/transport.js';
import { isHostTrusted } from '../../src/main/ucwa/trust.js';
import { createNodeFetch } from '../../src/node/fetch.js';
import type { ServerProfile } from '../../src/simulator/profile.js';
import { startSimulator, type UcwaSimulator } from '../../src/simulator/server.js';
import { fakeNetFetch, fakeNetRequest } from './electron-net.js';
import { fastTiming } from './raw-ucwa.js';
import { alice, waitUntil } from './sim-fixture.js';

/**
 * The fetch the client is given: Node's undici (the CLI), the desktop app's adapter over
 * Electron's net.request, or Electron's net.fetch as it is (to show what the transport makes
 * of its redirect and error shapes).
 */
export type FetchKind = 'undici' | 'electron-net-request' | 'electron-net-fetch';

export interface ConformanceOptions {
  fetch: FetchKind;
  /** Put the split-domain pools' DNS domain on the admin's trusted-domains list. */
  trustSplitDomain: boolean;
  /** lyncdiscover's head start for lyncdiscoverinternal (short in the randomized runs). */
  staggerMs?: number;
}

export interface ConformanceResult {
  /** `ok`, or the kind of the one clear error. */
  outcome: string;
  phase: 'sign-in' | 'start' | 'done';
  message: string | undefined;
  /** Requests up to the signed-in state, event-channel polls not counted. */
  signInRequests: number;
  liveApplications: number;
  meetingsCreated: number;
  joinUrlMatches: boolean;
  /** After inviting bob (joins) and carol (lobby, admitted): the client's roster is the server's. */
  rosterMatches: boolean;
  rosterDetail: string;
  /** Requests that carried a credential to a host the trust policy does not vouch for. */
  credentialLeaks: string[];
  /** Anything sent to the foreign host at all (method, host, path). */
  foreignRequests: string[];
}

export function splitDomainOf(sim: UcwaSimulator): string | undefined {
  const host = sim.hosts?.poolHosts[0];
  return host && !host.endsWith(`.${sim.directory.domain}`) ? host.slice(host.indexOf('.') + 1) : undefined;
}

/** Signs in by domain (no discovery URL: the client's own candidate order runs) and starts a meeting. */
export async function runConformance(
  profile: Partial<ServerProfile>,
  options: ConformanceOptions,
): Promise<ConformanceResult> {
  const sim = await startSimulator({ profile, namedHosts: true, timing: fastTiming });
  const ca = sim.caPem ?? '';
  const node = createNodeFetch({ extraCaPems: [ca], connectTo: sim.connectTo });
  const fetches: Record<FetchKind, FetchFn> = {
    undici: node.fetch,
    'electron-net-request': createNetRequestFetch(fakeNetRequest({ ca, connectTo: sim.connectTo })),
    'electron-net-fetch': fakeNetFetch({ ca, connectTo: sim.connectTo }),
  };
  const split = splitDomainOf(sim);
  const trustedDomains = options.trustSplitDomain && split ? [split] : [];
  let counting = true;
  let signInRequests = 0;
  const client = new UcwaClient({
    fetch: fetches[options.fetch],
    credentials: async () => ({ username: alice.username, password: alice.password }),
    userAgent: 'MeetNowConformance/1.0',
    endpointId: 'conformance',
    discoveryStaggerMs: options.staggerMs ?? 200,
    // A black-holed name costs this when lyncdiscover fails too (15 s in the product).
    discoveryTimeoutMs: 1500,
    // Backoffs and Retry-After waits at a twentieth: the same decisions, without the minutes.
    clock: scaledClock(0.05),
    onRequest: (_method, url) => {
      if (counting && !url.pathname.endsWith('/events')) signInRequests += 1;
    },
  });
  const result: ConformanceResult = {
    outcome: 'ok',
    phase: 'sign-in',
    message: undefined,
    signInRequests: 0,
    liveApplications: 0,
    meetingsCreated: 0,
    joinUrlMatches: false,
    rosterMatches: false,
    rosterDetail: '',
    credentialLeaks: [],
    foreignRequests: [],
  };
  try {
    await client.signIn({ sipAddress: alice.username, trustedDomains });
    counting = false;
    result.signInRequests = signInRequests;
    result.liveApplications = sim.applications().filter((app) => app.state === 'active').length;
    result.phase = 'start';
    // The deadline runs on the client's clock, here at 1/20: 160 s there is 8 s.
    const meeting = await client.startMeeting({ deadlineMs: 160_000 });
    result.meetingsCreated = sim.conferencesCreated;
    result.joinUrlMatches = sim.meetings().some((entry) => entry.joinUrl === meeting.info?.joinUrl);
    await checkRoster(sim, meeting, result);
    result.phase = 'done';
  } catch (error) {
    result.outcome = UcwaError.is(error) ? error.kind : `untyped: ${String(error)}`;
    result.message = (error as Error).message;
    result.signInRequests ||= signInRequests;
    result.meetingsCreated = sim.conferencesCreated;
  } finally {
    await client.signOut().catch(() => {});
    await node.close();
    const policy = { domain: sim.directory.domain, trustedHosts: [], trustedDomains, approvedHosts: [] };
    result.credentialLeaks = [...sim.requestLog, ...sim.foreignRequests]
      .filter((record) => record.credential && !isHostTrusted(record.host.replace(/:\d+$/, ''), policy))
      .map((record) => `${record.method} ${record.host}${record.url} (${record.credential})`);
    result.foreignRequests = sim.foreignRequests.map(
      (record) => `${record.method} ${record.host}${record.url}`,
    );
    await sim.close();
  }
  return result;
}

/** What the documentation says must happen for this profile: signed in and started, or which error. */
export function expectedOutcome(
  profile: ServerProfile,
  options: ConformanceOptions,
): { outcome: string; phase: ConformanceResult['phase'] } {
  const internalAnswers = profile.internalDiscovery === 'root';
  // Electron's net.fetch cannot report a redirect, so lyncdiscover's same-domain 302 is lost on it.
  if (
    options.fetch === 'electron-net-fetch' &&
    !internalAnswers &&
    profile.externalDiscovery === 'same-domain-302'
  )
    return { outcome: 'protocol', phase: 'sign-in' };
  if (profile.poolDomain === 'split-domain' && !options.trustSplitDomain)
    return { outcome: 'untrusted-host', phase: 'sign-in' };
  if (profile.grants === 'no-password') return { outcome: 'auth-unsupported', phase: 'sign-in' };
  if (profile.userRedirect !== 'none' && profile.redirectTarget === 'foreign-host')
    return { outcome: 'untrusted-host', phase: 'sign-in' };
  if (profile.startOnlineMeetingLink === 'hidden-by-policy')
    return { outcome: 'not-allowed', phase: 'start' };
  return { outcome: 'ok', phase: 'done' };
}

/**
 * The most requests a sign-in may take on this profile (the channel's P-GETs not counted): both
 * discovery names with their redirects, the 401/token/user round per pool, the redirect GETs,
 * POST applications with one retry or one rediscovery.
 */
export function signInRequestBound(profile: ServerProfile): number {
  // Both discovery names may be in flight (stagger passed under load) and each follows a root
  // redirect before one of them wins: the redirect can be fetched twice.
  const discovery =
    2 + (profile.externalDiscovery === 'same-domain-302' ? 1 : 0) + (profile.rootRedirect ? 2 : 0);
  const perPool = 3; // user 401, token, user
  const hops = profile.userRedirect === 'none' ? 0 : profile.redirectHops;
  // Each hop: one GET of the redirect target (root or redirect resource), then the next pool's round.
  const redirects = hops * (perPool + 1);
  const applications =
    profile.applicationsFirstAnswer === 'ok' ? 1 : 2 + discovery + perPool * (hops + 1) + hops;
  return discovery + perPool + redirects + applications;
}

/** Real time for `now()`; every sleep shortened by `factor`. */
export function scaledClock(factor: number): Clock {
  return { now: systemClock.now, sleep: (ms, signal) => systemClock.sleep(Math.ceil(ms * factor), signal) };
}

/** Invites one colleague who joins and one who waits in the lobby, admits her, and compares rosters. */
async function checkRoster(sim: UcwaSimulator, meeting: Meeting, result: ConformanceResult): Promise<void> {
  const bob = await meeting.invite('sip:bob@meetnow.test');
  const carol = meeting.invite('sip:carol@meetnow.test');
  await waitUntil(() => meeting.roster().some((participant) => participant.inLobby));
  const waiting = meeting.roster().find((participant) => participant.inLobby);
  if (waiting) await meeting.admit(waiting.id);
  await carol;
  const server = () =>
    (sim.meetings().find((entry) => entry.joinUrl === meeting.info?.joinUrl)?.members ?? [])
      .filter((member) => member.key !== alice.sip && !member.inLobby)
      .map((member) => member.name)
      .sort();
  const client = () =>
    meeting
      .roster()
      .filter((participant) => !participant.inLobby)
      .map((participant) => participant.name)
      .sort();
  await waitUntil(() => JSON.stringify(client()) === JSON.stringify(server()) && client().length === 2).catch(
    () => {},
  );
  // A leader elsewhere promotes bob while carol types: membership moves (roleChangeEvents), nobody
  // leaves; a sentinel guest in the lobby shows every earlier event has been read.
  const id = sim.meetings().find((entry) => entry.joinUrl === meeting.info?.joinUrl)?.onlineMeetingId ?? '';
  sim.changeRole(id, 'sip:bob@meetnow.test', 'Leader');
  sim.participantTyping(id, 'sip:carol@meetnow.test', true);
  sim.participantTyping(id, 'sip:carol@meetnow.test', false);
  sim.guestJoins(id, 'Sentinel');
  const bobLeads = () =>
    meeting.roster().find((participant) => participant.name === 'Bob Berg')?.role === 'Leader';
  await waitUntil(() => bobLeads() && meeting.roster().some((participant) => participant.inLobby)).catch(
    () => {},
  );
  result.rosterMatches =
    bob.ok && bobLeads() && JSON.stringify(client()) === JSON.stringify(server()) && client().length === 2;
  result.rosterDetail = `client ${JSON.stringify(client())} server ${JSON.stringify(server())}`;
}
