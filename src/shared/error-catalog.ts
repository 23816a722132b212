/**
 * THE words for every problem Meet Now reports: a title, a detail that keeps the specific cause
 * (which domain was not found, what the server said) and the next action. The window, the tray
 * tooltip, notifications and the CLI all take their words from here, so one problem reads the
 * same everywhere. Pure and dependency-free (the window bundles it too).
 */

/** What is known about one failure; `cause` is the specific text (no secrets, shown as text). */
export interface ProblemFacts {
  kind: string;
  cause?: string | undefined;
  /** UCWA error code/subcode, when the server gave one. */
  code?: string | undefined;
  subcode?: string | undefined;
  /** The answer was an HTML page or other non-UCWA body: a proxy or sign-in page answered. */
  notUcwa?: boolean | undefined;
}

/** The form field a sign-in problem points at (focus and aria-invalid go there). */
export type ProblemField = 'sip' | 'password' | 'discover' | undefined;

export interface CatalogEntry {
  kind: string;
  title: string;
  detail: string;
  action: string;
  /** Whether trying again can help: the window offers a Retry button. */
  retry: boolean;
  field?: ProblemField;
}

type Entry = Omit<CatalogEntry, 'kind' | 'detail'> & { detail?: string };

const sentence = (text: string | undefined): string => {
  const trimmed = (text ?? '').trim();
  if (!trimmed) return '';
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
};

/** Start failures the server explains with a known code or subcode, in plain words. */
const startFailures: Record<string, Entry> = {
  Forbidden: {
    title: "Your account can't host online meetings.",
    detail: 'Skype for Business refused to create the meeting for this account.',
    action: 'Ask your IT admin to enable online meetings for you, then try again.',
    retry: true,
  },
  TooManyConversations: {
    title: 'Too many meetings are open.',
    action: 'Leave a meeting you no longer need, then try again.',
    retry: true,
  },
  Unavailable: {
    title: 'No conferencing server is available.',
    action: 'Try again in a minute. If it keeps happening, tell IT.',
    retry: true,
  },
  TemporarilyUnavailable: {
    title: 'The conferencing server is restarting.',
    action: 'Try again in a minute.',
    retry: true,
  },
  ServiceFailure: {
    title: 'The conferencing service had a problem.',
    action: 'Try again. If it keeps happening, tell IT what it said.',
    retry: true,
  },
};

const entries: Record<string, Entry> = {
  credentials: {
    title: 'The server did not accept the user name or password.',
    detail: 'Skype for Business refused this password.',
    action:
      'Check it (Caps Lock?) and try again. If you sign in to Windows with a different name, enter it under Advanced → Logon name.',
    retry: false,
    field: 'password',
  },
  network: {
    title: 'The server could not be reached.',
    action: 'Check your network or VPN. If IT gave you a server address, enter it under Advanced.',
    retry: true,
    field: 'sip',
  },
  'not-ucwa': {
    title: 'Something other than Skype for Business answered.',
    detail: 'A proxy or sign-in page answered instead of the server.',
    action: 'Ask IT, or try off the VPN.',
    retry: true,
    field: 'discover',
  },
  tls: {
    title: "The server's certificate is not trusted.",
    action: "Meet Now did not connect. Ask IT to install your company's certificate on this computer.",
    retry: false,
    field: 'discover',
  },
  'insecure-url': {
    title: 'That address is not secure.',
    action: 'Use an https:// address (plain http is allowed only on this computer).',
    retry: false,
    field: 'discover',
  },
  'untrusted-host': {
    title: 'The server needs your approval.',
    action: 'Trust it only if your IT department uses this server.',
    retry: false,
  },
  'auth-unsupported': {
    title: 'The server offers no sign-in Meet Now can use.',
    action: 'Ask IT whether the server allows web sign-in (password or Windows sign-in).',
    retry: false,
  },
  'not-allowed': {
    title: "Your account isn't allowed to do this.",
    action: 'Ask your IT department to enable it for your Skype for Business account.',
    retry: false,
  },
  // The server offers this account no myAssignedOnlineMeeting: a policy, not a fault to retry.
  'no-personal-link': {
    title: "Your organisation doesn't give you a personal meeting link.",
    action: 'Use Start meeting now instead; ask IT if you need a standing link.',
    retry: false,
  },
  sso: {
    title: 'Single sign-on did not work.',
    action:
      "Check that this computer is signed in to your company's network (a Kerberos ticket), or sign in with your password.",
    retry: true,
  },
  'no-meeting': {
    title: 'No meeting is running.',
    action: 'Start one with Start meeting now; its link is copied when it is ready.',
    retry: false,
  },
  'recent-missing': {
    title: 'That meeting is no longer in the list.',
    action: 'Start a new meeting, or copy the link of one that is listed.',
    retry: false,
  },
  'recent-ended': {
    title: 'That meeting was ended for everyone.',
    detail: 'Its join link no longer works.',
    action: 'Start a new meeting instead.',
    retry: false,
  },
  'server-busy': {
    title: 'The server is busy.',
    action: 'Try again in a minute.',
    retry: true,
  },
  protocol: {
    title: 'The server sent an answer Meet Now does not understand.',
    action: 'Try again. If it keeps happening, tell IT what it said.',
    retry: true,
  },
  http: {
    title: 'The server refused the request.',
    action: 'Try again. If it keeps happening, tell IT what it said.',
    retry: true,
  },
  'application-gone': {
    title: 'The server ended your session.',
    action: 'Sign in again.',
    retry: true,
  },
  'meeting-failed': {
    title: 'The meeting could not be started.',
    action: 'Try again. If it keeps happening, tell IT what the server said.',
    retry: true,
  },
  timeout: {
    title: 'The meeting was not ready in time.',
    detail: 'The server did not finish creating it, so Meet Now withdrew the request.',
    action: 'Try again.',
    retry: true,
  },
  aborted: { title: 'Cancelled.', detail: 'Nothing was created.', action: '', retry: true },
  replaced: {
    title: 'Signed in somewhere else.',
    detail: 'Another program signed in with this device identity.',
    action: 'Sign in again to use Meet Now here.',
    retry: false,
  },
  'keychain-unavailable': {
    title: 'The system keychain is not available.',
    action: 'Untick "Remember my password" to sign in anyway.',
    retry: false,
  },
  'shortcut-taken': {
    title: 'The shortcut is not available.',
    action: 'Choose another shortcut in Settings.',
    retry: false,
  },
  'shortcut-unsupported': {
    title: 'Global shortcuts do not work on this desktop.',
    detail: 'This Wayland session does not let apps use global shortcuts.',
    action: 'Use the tray icon, or sign in to an X11 session (such as "Ubuntu on Xorg").',
    retry: false,
  },
  'shortcut-refused': {
    title: 'That shortcut would break other apps.',
    action: 'Choose another shortcut in Settings.',
    retry: false,
  },
  ipc: {
    title: 'Meet Now did not answer.',
    action: 'Try again. If it keeps happening, quit and restart Meet Now.',
    retry: true,
  },
  internal: {
    title: 'Something went wrong inside Meet Now.',
    action: 'Try again. If it keeps happening, quit and restart Meet Now.',
    retry: true,
  },
};

/** Every kind the catalog has words for (the test walks them all). */
export const catalogKinds = Object.keys(entries);
export const startFailureCodes = Object.keys(startFailures);

/** The words for one problem. Unknown kinds get the internal entry, with their cause kept. */
export function describeProblemFacts(facts: ProblemFacts): CatalogEntry {
  // A proxy's or IIS's HTML page reached us, whatever the failing step: say so, not "refused".
  const kind =
    facts.notUcwa && (facts.kind === 'protocol' || facts.kind === 'http') ? 'not-ucwa' : facts.kind;
  const special =
    kind === 'meeting-failed'
      ? (startFailures[facts.subcode ?? ''] ?? startFailures[facts.code ?? ''])
      : undefined;
  const entry = special ?? entries[kind] ?? (entries.internal as Entry);
  // The specific cause is kept after the general words unless it only repeats the title.
  const cause = sentence(facts.cause);
  const base = sentence(entry.detail);
  const detail =
    cause && cause !== entry.title && cause !== base ? (base ? `${base} ${cause}` : cause) : base;
  return {
    kind: facts.kind,
    title: entry.title,
    detail,
    action: entry.action,
    retry: entry.retry,
    ...(entry.field ? { field: entry.field } : {}),
  };
}

/** One line for a terminal or a log: title, then the detail (the CLI adds its own flags). */
export function problemLine(entry: CatalogEntry): string {
  return [entry.title, entry.detail].filter(Boolean).join(' ');
}

/** A notification: the title as the title, the detail and the next step as the body. */
export function problemNotification(entry: CatalogEntry): { title: string; body: string } {
  return { title: entry.title, body: [entry.detail, entry.action].filter(Boolean).join(' ') };
}

/** How an invitation ended, as the server said it (InvitationOutcome without the address). */
export interface InvitationFacts {
  ok: boolean;
  subcode?: string | undefined;
  /** The server's own reason, when it gave one (shown as text). */
  message?: string | undefined;
}

export type InvitationStatus = 'joined' | 'declined' | 'busy' | 'noAnswer' | 'failed';

/**
 * The words for how an invitation ended, the same in the window, the tray and the CLI. Neutral:
 * a colleague who declines is news, not an error. Subcodes from participantInvitation's `reason`
 * (ErrorsAndInformationalMessages.md); anything else names the server's reason.
 */
const invitationEnds: Record<string, { status: InvitationStatus; words: (name: string) => string }> = {
  Declined: { status: 'declined', words: (name) => `${name} declined` },
  Busy: { status: 'busy', words: (name) => `${name} is busy` },
  DoNotDisturb: { status: 'busy', words: (name) => `${name} is busy (do not disturb)` },
  Timeout: { status: 'noAnswer', words: (name) => `${name} didn't answer` },
  Denied: { status: 'declined', words: (name) => `${name} was not admitted` },
  Unreachable: { status: 'failed', words: (name) => `Couldn't reach ${name}` },
  DestinationNotFound: { status: 'failed', words: (name) => `${name} was not found` },
  Canceled: { status: 'failed', words: (name) => `The invitation to ${name} was cancelled` },
};

export function describeInvitation(
  name: string,
  facts: InvitationFacts,
): { status: InvitationStatus; text: string } {
  if (facts.ok) return { status: 'joined', text: `${name} joined` };
  const known = facts.subcode ? invitationEnds[facts.subcode] : undefined;
  if (known) return { status: known.status, text: known.words(name) };
  const said = sentence(facts.message).replace(/\.$/, '');
  return { status: 'failed', text: `Couldn't reach ${name}: ${said || 'the server gave no reason'}` };
}
