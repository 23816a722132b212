import { RecentMeetingsStore } from '../main/app/recent-meetings.js';
import type { SessionService } from '../main/session/session-service.js';
import { type CachedRoute, readCachedRoute } from '../main/ucwa/cached-route.js';
import { loadCliState, updateCliState } from '../node/cli-state.js';
import type { CliIo } from './io.js';

const accountKey = (sipAddress: string) => sipAddress.replace(/^sip:/i, '').toLowerCase();

/** The route this account used last time, if the state file has a valid one. */
export function cachedRouteFor(env: NodeJS.ProcessEnv, sipAddress: string): CachedRoute | undefined {
  return readCachedRoute(loadCliState(env).routes?.[accountKey(sipAddress)]);
}

/** Remembers each sign-in's route (no secret in it) for the next cold start. */
export function rememberRoutes(session: SessionService, env: NodeJS.ProcessEnv, sipAddress: string): void {
  session.events.on('route', (route) => {
    updateCliState(env, (state) => ({
      ...state,
      routes: { ...state.routes, [accountKey(sipAddress)]: route },
    }));
  });
}

/** The CLI's own recent-meetings list, in its state file. */
export function cliRecentMeetings(env: NodeJS.ProcessEnv, log: (line: string) => void): RecentMeetingsStore {
  return new RecentMeetingsStore(
    {
      get: () => ({ recentMeetingsEnabled: true, recentMeetings: loadCliState(env).recent ?? [] }),
      update: (patch) => updateCliState(env, (state) => ({ ...state, recent: patch.recentMeetings })),
    },
    log,
  );
}

/**
 * Records the meeting this run starts: once ready, the names seen as they join, and the end
 * (or this run leaving it). Returns what to call when the run leaves.
 */
export function trackRecentMeeting(session: SessionService, recent: RecentMeetingsStore): () => void {
  let joinUrl: string | undefined;
  let seen = new Set<string>();
  let ended = false;
  session.events.on('meeting', (snapshot) => {
    if (!snapshot?.info || ended) return;
    if (joinUrl === undefined && snapshot.state === 'live') {
      joinUrl = snapshot.info.joinUrl;
      recent.recordStarted(snapshot.info);
    }
    if (joinUrl === undefined) return;
    const names = snapshot.participants.map((participant) => participant.name).filter(Boolean);
    if (names.some((name) => !seen.has(name))) {
      seen = new Set([...seen, ...names]);
      recent.recordParticipants(joinUrl, names);
    }
    if (snapshot.state === 'ended' || snapshot.state === 'failed') {
      ended = true;
      recent.recordEnded(joinUrl);
    }
  });
  return () => {
    if (joinUrl !== undefined && !ended) {
      ended = true;
      recent.recordEnded(joinUrl);
    }
  };
}

/** `start --invitation`: the invitation text (or, with --json, the usual object plus it). */
export async function printInvitation(session: SessionService, json: boolean, io: CliIo): Promise<void> {
  const invitation = await session.invitation();
  const info = session.snapshot()?.info;
  if (json && info) {
    io.stdout(
      `${JSON.stringify({
        joinUrl: info.joinUrl,
        onlineMeetingUri: info.onlineMeetingUri,
        conferenceId: info.conferenceId ?? null,
        subject: info.subject,
        invitation: invitation.text,
        invitationHtml: invitation.html,
      })}\n`,
    );
  } else {
    io.stdout(invitation.text);
  }
}
