import { describeProblemFacts } from '../../shared/error-catalog.js';
import type { AppView, MeetingView, SessionView } from '../../shared/ipc-contract.js';
import type { Settings } from '../../shared/settings.js';
import type { MeetingSnapshot } from '../session/session-service.js';
import type { SessionState } from '../session/session-state.js';

// What the window may see of the session, the meeting and the settings: serialisable, no secrets.

export function toSessionView(state: SessionState): SessionView {
  if (state.status === 'error')
    return {
      status: 'error',
      account: state.account,
      problem: { ...describeProblemFacts(state.problem), message: state.problem.message },
    };
  return state;
}

export function toMeetingView(snapshot: MeetingSnapshot | undefined): MeetingView | undefined {
  if (!snapshot) return undefined;
  return {
    state: snapshot.state,
    joinUrl: snapshot.info?.joinUrl,
    conferenceId: snapshot.info?.conferenceId,
    subject: snapshot.info?.subject,
    participants: snapshot.participants.map(({ id, name, uri, inLobby, role, anonymous }) => ({
      id,
      name,
      uri,
      inLobby,
      role,
      anonymous,
    })),
    ...(snapshot.reason ? { reason: snapshot.reason } : {}),
    ...(snapshot.problem ? { problem: describeProblemFacts(snapshot.problem) } : {}),
  };
}

export function publicSettings(settings: Settings): AppView['settings'] {
  const {
    shortcut,
    trayClickAction,
    copyLinkWhenReady,
    notifications,
    defaultSubject,
    launchAtLogin,
    approvedHosts,
    demoMode,
    panel,
    welcomeDone,
    trayClickExplained,
    recentMeetingsEnabled,
  } = settings;
  return {
    shortcut,
    trayClickAction,
    copyLinkWhenReady,
    notifications,
    defaultSubject,
    launchAtLogin,
    approvedHosts,
    demoMode,
    panel,
    welcomeDone,
    trayClickExplained,
    recentMeetingsEnabled,
  };
}
