import { invisibleCharacter, withoutInvisible } from '../../shared/invisible-text.js';

/**
 * `meetnow://` links from other tools (a launcher, a calendar, a script). Parsed strictly: the
 * only actions are the three below, the only parameters are `subject` and `invite` on `start`;
 * anything else is ignored and logged, lengths are capped. The result cannot name a server, an
 * account or a setting, so a link can never sign in anywhere new, change settings or carry
 * credentials: it only asks the running app to do what its own button does.
 */
export type DeepLink =
  | { action: 'start'; subject: string | undefined; invite: string[] }
  | { action: 'copy-link' }
  | { action: 'my-link' };

export const deepLinkScheme = 'meetnow';
const maxLinkLength = 4096;
const maxSubject = 250;
const maxInvites = 20;
const maxSip = 256;
const sipPattern = /^(?:sip:)?[^@\s:;/?#<>"]+@[a-z0-9.-]+\.[a-z]{2,}$/i;

/** A name or value safe for a log line: quoted, control characters out, short. */
const forLog = (text: string) => JSON.stringify(text.replace(/[\p{Cc}]/gu, '?').slice(0, 40));
const clean = withoutInvisible;

/** The link among a second launch's arguments (`app meetnow://…` or the OS's `--` form). */
export function findDeepLink(argv: readonly string[]): string | undefined {
  return argv.find((arg) => arg.toLowerCase().startsWith(`${deepLinkScheme}://`));
}

/** The action a link asks for, or undefined (logged) when it asks for nothing this app does. */
export function parseDeepLink(text: string, log: (line: string) => void): DeepLink | undefined {
  if (text.length > maxLinkLength) {
    log(`deep link ignored: longer than ${maxLinkLength} characters`);
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    log('deep link ignored: not a URL');
    return undefined;
  }
  if (url.protocol !== `${deepLinkScheme}:`) {
    log(`deep link ignored: scheme ${forLog(url.protocol)}`);
    return undefined;
  }
  if (url.username || url.password || url.port || (url.pathname !== '' && url.pathname !== '/')) {
    log('deep link ignored: only meetnow://ACTION?PARAMETERS is understood');
    return undefined;
  }
  const action = url.hostname.toLowerCase();
  const ignoreParams = (allowed: readonly string[]) => {
    for (const name of new Set(url.searchParams.keys()))
      if (!allowed.includes(name)) log(`deep link: parameter ${forLog(name)} ignored`);
  };
  switch (action) {
    case 'copy-link':
    case 'my-link':
      ignoreParams([]);
      return { action };
    case 'start':
      ignoreParams(['subject', 'invite']);
      return { action, subject: subjectOf(url.searchParams, log), invite: invitesOf(url.searchParams, log) };
    default:
      log(`deep link ignored: unknown action ${forLog(action)}`);
      return undefined;
  }
}

function subjectOf(params: URLSearchParams, log: (line: string) => void): string | undefined {
  const subjects = params.getAll('subject');
  if (subjects.length > 1) log('deep link: more than one subject; the first is used');
  const subject = clean(subjects[0] ?? '');
  if (subject.length > maxSubject) log(`deep link: subject cut to ${maxSubject} characters`);
  return subject === '' ? undefined : subject.slice(0, maxSubject);
}

function invitesOf(params: URLSearchParams, log: (line: string) => void): string[] {
  const invites: string[] = [];
  for (const value of params.getAll('invite').flatMap((item) => item.split(','))) {
    const sip = value.trim();
    if (sip === '') continue;
    // An address with an invisible character could pass for another one in the confirmation.
    if (sip.length > maxSip || !sipPattern.test(sip) || invisibleCharacter.test(sip)) {
      log(`deep link: invite ${forLog(sip)} is not a SIP address; ignored`);
      continue;
    }
    if (invites.length >= maxInvites) {
      log(`deep link: more than ${maxInvites} invitees; the rest ignored`);
      break;
    }
    const normalised = `sip:${sip.replace(/^sip:/i, '')}`;
    if (!invites.includes(normalised)) invites.push(normalised);
  }
  return invites;
}
