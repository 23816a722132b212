import { describeProblemFacts, problemLine } from '../../shared/error-catalog.js';
import type { CredentialStore } from '../secrets/credential-store.js';
import type { CachedRoute } from '../ucwa/cached-route.js';
import type { Contact, SignInOptions, UcwaClient } from '../ucwa/client.js';
import { domainOf } from '../ucwa/discovery.js';
import { UcwaError } from '../ucwa/errors.js';
import type { Invitation, InvitationMeeting } from '../ucwa/invitation.js';
import type { InviteOptions, Meeting } from '../ucwa/meeting.js';
import type { MyMeeting } from '../ucwa/online-meetings.js';
import type { TrustPolicy } from '../ucwa/trust.js';
import { describeProblem } from './describe-problem.js';
import { Emitter } from './emitter.js';
import { joinUrlProblem, type MeetingSnapshot, snapshotOf } from './meeting-snapshot.js';
import { nextSessionState, type SessionState } from './session-state.js';
import { withSignInCause } from './sign-in-problem.js';

export { describeProblem } from './describe-problem.js';
export type { MeetingSnapshot } from './meeting-snapshot.js';

/** What signing in needs; the password is not here (it comes from the keychain or the caller). */
export interface AccountSettings {
  sipAddress: string;
  /** Logon name if it differs from the SIP address (DOMAIN\user or UPN). */
  username?: string;
  discoverUrl?: string;
  approvedHosts?: readonly string[];
  trustedHosts?: readonly string[];
  /** Domains an administrator trusts (suffix match), e.g. split-domain pools. */
  trustedDomains?: readonly string[];
  cachedUserUrl?: string;
  /** The whole remembered route (token endpoint and applications URL too): a 4-request cold start. */
  cachedRoute?: CachedRoute;
  /** Single sign-on (the Windows grant with the computer's Kerberos ticket): no password used. */
  sso?: boolean;
}

export interface SessionEvents extends Record<string, unknown> {
  state: SessionState;
  meeting: MeetingSnapshot | undefined;
  /** The discovered user URL, worth persisting for the next start (not a secret). */
  userUrl: string;
  /** The whole route of this sign-in, worth persisting with the user URL (not a secret). */
  route: CachedRoute;
}

export interface SessionServiceDeps {
  /** Makes a client for one sign-in; the credentials callback reads the password at grant time. */
  createClient(
    credentials: () => Promise<{ username: string; password: string }>,
    account: AccountSettings,
  ): UcwaClient;
  credentials: CredentialStore;
}

/**
 * The one place that owns the client, the keychain entry and the session state: sign-in, a
 * single-flight "start meeting now", the live meeting, and sign-out. No Electron here.
 */
export class SessionService {
  public readonly events = new Emitter<SessionEvents>();
  private stateValue: SessionState = { status: 'signedOut' };
  private client: UcwaClient | undefined;
  private account: AccountSettings | undefined;
  private meeting: Meeting | undefined;
  private starting: Promise<MeetingSnapshot> | undefined;
  private meetingReason: string | undefined;
  private startAbort: AbortController | undefined;
  /** What the UI shows between the press and the meeting: starting, or why it failed. */
  private interim: MeetingSnapshot | undefined;
  /** A password given for this sign-in only (not remembered). */
  private transientPassword: string | undefined;
  /** Whose links we hand out: the hosts this sign-in trusts (the same policy as for credentials). */
  private trust: TrustPolicy | undefined;

  public constructor(private readonly deps: SessionServiceDeps) {}

  public get state(): SessionState {
    return this.stateValue;
  }

  private dispatch(event: Parameters<typeof nextSessionState>[1]): void {
    const next = nextSessionState(this.stateValue, event);
    if (next === this.stateValue) return;
    this.stateValue = next;
    this.events.emit('state', next);
  }

  /**
   * Signs in. With `password`, it is used (and stored in the keychain when `remember`); without,
   * the keychain entry is used.
   */
  public async signIn(
    account: AccountSettings,
    options: { password?: string; remember?: boolean; signal?: AbortSignal } = {},
  ): Promise<SessionState> {
    await this.signOut();
    this.account = account;
    this.dispatch({ type: 'signInStarted', account: account.sipAddress });
    try {
      if (options.password !== undefined) {
        if (options.remember) await this.deps.credentials.set(account.sipAddress, options.password);
        this.transientPassword = options.remember ? undefined : options.password;
      }
      const client = this.deps.createClient(() => this.credentialsFor(account), account);
      this.client = client;
      // A client we signed out no longer speaks for the session; one that re-created its
      // application after we signed it out (a recovery in flight) is signed out again.
      const current = () => this.client === client;
      client.on({
        onChannelState: (state) => {
          if (!current()) return;
          if (state === 'reconnecting') this.dispatch({ type: 'connectionLost' });
          if (state === 'pending') this.dispatch({ type: 'connectionRestored' });
        },
        onFatal: (error) => {
          if (current()) this.dispatch({ type: 'failed', problem: describeProblem(error) });
        },
        onReplaced: () => {
          if (!current()) return;
          this.dispatch({
            type: 'failed',
            problem: {
              kind: 'replaced',
              message: problemLine(describeProblemFacts({ kind: 'replaced' })),
            },
          });
        },
        onRecovered: () => {
          if (current()) this.dispatch({ type: 'connectionRestored' });
          else void client.signOut().catch(() => {});
        },
      });
      const request: SignInOptions = {
        sipAddress: account.sipAddress,
        ...(account.discoverUrl ? { discoverUrl: account.discoverUrl } : {}),
        ...(account.approvedHosts ? { approvedHosts: account.approvedHosts } : {}),
        ...(account.trustedHosts ? { trustedHosts: account.trustedHosts } : {}),
        ...(account.trustedDomains ? { trustedDomains: account.trustedDomains } : {}),
        ...(account.cachedUserUrl ? { cachedUserUrl: account.cachedUserUrl } : {}),
        ...(account.cachedRoute ? { cachedRoute: account.cachedRoute } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      };
      const signedIn = await client.signIn(request);
      this.trust = trustOf(account);
      this.events.emit('userUrl', signedIn.userUrl);
      if (signedIn.route) this.events.emit('route', signedIn.route);
      this.dispatch({ type: 'signedIn', displayName: signedIn.name });
    } catch (error) {
      this.client = undefined;
      this.dispatch({
        type: 'failed',
        problem: withSignInCause(describeProblem(error), error, account.discoverUrl),
      });
    }
    return this.stateValue;
  }

  private async credentialsFor(account: AccountSettings): Promise<{ username: string; password: string }> {
    const password = this.transientPassword ?? (await this.deps.credentials.get(account.sipAddress));
    if (password === undefined) throw new UcwaError('credentials', 'No password is stored for this account.');
    return { username: account.username || account.sipAddress, password };
  }

  /**
   * Start meeting now, single-flight: presses while a start is running share it, and a press
   * while a meeting is live returns that meeting (its link is copied again) rather than a second one.
   */
  public startMeetingNow(options: { subject?: string; deadlineMs?: number } = {}): Promise<MeetingSnapshot> {
    if (this.starting) return this.starting;
    if (this.meeting && (this.meeting.state === 'live' || this.meeting.state === 'starting')) {
      return Promise.resolve(this.snapshotOf(this.meeting));
    }
    this.starting = this.runStart(options).finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async runStart(options: { subject?: string; deadlineMs?: number }): Promise<MeetingSnapshot> {
    const client = this.client;
    if (!client || (this.stateValue.status !== 'ready' && this.stateValue.status !== 'reconnecting')) {
      throw new UcwaError('credentials', 'Sign in before starting a meeting.');
    }
    this.meetingReason = undefined;
    this.meeting = undefined;
    this.interim = { state: 'starting', info: undefined, participants: [] };
    this.events.emit('meeting', this.interim);
    let meeting: Meeting;
    try {
      this.startAbort = new AbortController();
      meeting = await client.startMeeting({
        signal: this.startAbort.signal,
        ...(options.subject ? { subject: options.subject } : {}),
        ...(options.deadlineMs ? { deadlineMs: options.deadlineMs } : {}),
      });
    } catch (error) {
      // A start the user cancelled leaves nothing to show; any other failure says why.
      const cancelled = UcwaError.is(error, 'aborted') && this.startAbort?.signal.aborted === true;
      const problem = describeProblem(error);
      this.interim = cancelled
        ? undefined
        : { state: 'failed', info: undefined, participants: [], reason: problem.message, problem };
      this.events.emit('meeting', this.interim);
      throw error;
    } finally {
      this.startAbort = undefined;
    }
    const badLink = joinUrlProblem(meeting, this.trust);
    if (badLink) {
      // A link we would not print, copy or open is no meeting for the user: leave it at once.
      await meeting.leave().catch(() => {});
      this.interim = { state: 'failed', info: undefined, participants: [], reason: badLink.message };
      this.events.emit('meeting', this.interim);
      throw badLink;
    }
    this.meeting = meeting;
    this.interim = undefined;
    meeting.listen({
      onStateChange: (_state, reason) => {
        this.meetingReason = reason;
        this.events.emit('meeting', this.snapshot());
      },
      onRosterChange: () => this.events.emit('meeting', this.snapshot()),
    });
    const snapshot = this.snapshotOf(meeting);
    this.events.emit('meeting', snapshot);
    return snapshot;
  }

  /** The meeting now: the live one, or the start in progress (or its failure). */
  public snapshot(): MeetingSnapshot | undefined {
    return this.meeting ? this.snapshotOf(this.meeting) : this.interim;
  }

  private snapshotOf(meeting: Meeting): MeetingSnapshot {
    return snapshotOf(meeting, this.trust, this.meetingReason);
  }

  /** The hosts this sign-in trusts: join links must point at one of them. */
  public get trustPolicy(): TrustPolicy | undefined {
    return this.trust;
  }

  private liveMeeting(): Meeting {
    if (this.meeting?.state !== 'live') throw new UcwaError('meeting-failed', 'There is no meeting running.');
    return this.meeting;
  }

  public invite(sipUri: string, options: InviteOptions = {}) {
    return this.liveMeeting().invite(sipUri, options);
  }

  public admit(participantId: string): Promise<void> {
    return this.liveMeeting().admit(participantId);
  }

  public deny(participantId: string): Promise<void> {
    return this.liveMeeting().deny(participantId);
  }

  /** The user's static meeting link: one request per sign-in at most. */
  public myMeetingLink(): Promise<MyMeeting> {
    if (!this.client) return Promise.reject(new UcwaError('protocol', 'Not signed in.'));
    return this.client.myMeetingLink();
  }

  /** The live meeting's invitation (text and HTML). */
  public async invitation(): Promise<Invitation> {
    const meeting = this.liveMeeting();
    const info = meeting.info;
    if (!this.client || !info) throw new UcwaError('protocol', 'The meeting has no join link yet.');
    return this.client.invitation(info);
  }

  /** The invitation for a meeting started earlier (dial-in and footer as the server offers them). */
  public invitationFor(meeting: InvitationMeeting): Promise<Invitation> {
    if (!this.client) return Promise.reject(new UcwaError('credentials', 'Sign in to copy an invitation.'));
    return this.client.invitation(meeting);
  }

  public searchPeople(query: string, limit?: number): Promise<Contact[]> {
    if (!this.client) return Promise.resolve([]);
    return this.client.searchPeople(query, limit);
  }

  /** Cancels a start in progress: the invitation is withdrawn at the server. */
  public cancelStart(): void {
    this.startAbort?.abort();
  }

  /** Leaves the meeting: others stay in it (UCWA has no single "end for everyone": A13). */
  public async endMeeting(): Promise<void> {
    const meeting = this.meeting;
    if (!meeting) return;
    await meeting.leave(); // its state changes reach listeners through the meeting's own events
  }

  /**
   * Ends the meeting for everyone the documented way: `reject` for each lobby entry and `eject`
   * for each participant (the links UCWA offers a leader), then leaves. Says how many could not
   * be removed, since a server may withhold the links for some people.
   */
  public async endForEveryone(): Promise<{ removed: number; failed: number }> {
    const meeting = this.liveMeeting();
    const people = meeting.roster();
    const results = await Promise.allSettled(
      people.map((person) => (person.inLobby ? meeting.deny(person.id) : meeting.remove(person.id))),
    );
    const failed = results.filter((result) => result.status === 'rejected').length;
    await meeting.leave();
    this.meetingReason =
      failed === 0
        ? 'You ended the meeting for everyone.'
        : `You left. ${failed} ${failed === 1 ? 'person' : 'people'} could not be removed and may still be in the meeting.`;
    this.events.emit('meeting', this.snapshot());
    return { removed: people.length - failed, failed };
  }

  /** After sleep or a network change: poll again now rather than at the end of a backoff. */
  public revalidate(): void {
    this.client?.retryNow();
  }

  public async signOut(options: { forget?: boolean } = {}): Promise<void> {
    const client = this.client;
    const account = this.account;
    this.client = undefined;
    this.meeting = undefined;
    this.interim = undefined;
    this.transientPassword = undefined;
    this.trust = undefined;
    if (client) await client.signOut();
    if (options.forget && account) await this.deps.credentials.delete(account.sipAddress);
    if (this.stateValue.status !== 'signedOut') this.dispatch({ type: 'signedOut' });
  }
}

/** The same trust the client applies to credentials: the domain, the discovery host, approvals. */
function trustOf(account: AccountSettings): TrustPolicy {
  const discoverHost = account.discoverUrl ? new URL(account.discoverUrl).hostname : undefined;
  return {
    domain: domainOf(account.sipAddress),
    trustedHosts: [...(account.trustedHosts ?? []), ...(discoverHost ? [discoverHost] : [])],
    trustedDomains: [...(account.trustedDomains ?? [])],
    approvedHosts: [...(account.approvedHosts ?? [])],
  };
}
