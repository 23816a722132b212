import { readFileSync } from 'node:fs';

/** How a simulated colleague answers an invitation to a meeting. */
export type InviteBehaviour =
  | 'accept' // joins after `answerDelayMs`
  | 'lobby' // arrives in the lobby and waits to be admitted
  | 'decline'
  | 'noAnswer' // never answers; the invitation times out
  | 'busy'
  | 'doNotDisturb'
  | 'offline';

export const inviteBehaviours: readonly InviteBehaviour[] = [
  'accept',
  'lobby',
  'decline',
  'noAnswer',
  'busy',
  'doNotDisturb',
  'offline',
];

/** One person in the simulated enterprise directory. */
export interface DirectoryUser {
  /** SIP URI, `sip:` prefix included. */
  readonly sip: string;
  readonly name: string;
  /** Down-level logon name, e.g. `MEETNOW\alice`. */
  readonly login: string;
  readonly password: string;
  readonly email: string;
  readonly title?: string;
  readonly department?: string;
  readonly workPhoneNumber?: string;
  /** Index of the pool that homes this user (0 = the first pool). */
  readonly pool: number;
  readonly behaviour: InviteBehaviour;
}

export interface Directory {
  /** The SIP domain every demo user belongs to. */
  readonly domain: string;
  /** NetBIOS-style domain used in `DOMAIN\user` logons. */
  readonly netbios: string;
  readonly users: readonly DirectoryUser[];
}

export class DirectoryFileError extends Error {
  public override readonly name = 'DirectoryFileError';
}

/** The built-in directory: a small team in one demo domain, one person per invite outcome. */
export function defaultDirectory(): Directory {
  const domain = 'meetnow.test';
  const netbios = 'MEETNOW';
  const person = (
    id: string,
    name: string,
    title: string,
    department: string,
    behaviour: InviteBehaviour,
    phone: string,
  ): DirectoryUser => ({
    sip: `sip:${id}@${domain}`,
    name,
    login: `${netbios}\\${id}`,
    password: `${id}-demo-pass`,
    email: `${id}@${domain}`,
    title,
    department,
    workPhoneNumber: `tel:+1425555${phone}`,
    pool: 0,
    behaviour,
  });
  return {
    domain,
    netbios,
    users: [
      person('alice', 'Alice Andersen', 'Product Manager', 'Product', 'accept', '0101'),
      person('bob', 'Bob Berg', 'Software Engineer', 'Engineering', 'accept', '0102'),
      person('carol', 'Carol Chen', 'Designer (guest access)', 'Design', 'lobby', '0103'),
      person('dave', 'Dave Dubois', 'Sales Lead', 'Sales', 'decline', '0104'),
      person('erin', 'Erin Eriksen', 'Support Engineer', 'Support', 'noAnswer', '0105'),
      person('frank', 'Frank Fischer', 'Finance Analyst', 'Finance', 'busy', '0106'),
      person('grace', 'Grace Gallo', 'Legal Counsel', 'Legal', 'doNotDisturb', '0107'),
      person('heidi', 'Heidi Hansen', 'Field Engineer', 'Engineering', 'offline', '0108'),
      person('ivan', 'Ivan Ilic', 'Engineering Manager', 'Engineering', 'accept', '0109'),
    ],
  };
}

/**
 * Reads a directory from JSON: `{ "domain": "...", "users": [{ "sip", "name", "password", ... }] }`.
 * Missing optional fields get the defaults the built-in directory uses.
 */
export function loadDirectoryFile(path: string): Directory {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new DirectoryFileError(`cannot read directory file ${path}: ${(error as Error).message}`);
  }
  return parseDirectory(raw, path);
}

export function parseDirectory(raw: unknown, source = 'directory'): Directory {
  if (!isRecord(raw) || typeof raw.domain !== 'string' || !Array.isArray(raw.users)) {
    throw new DirectoryFileError(`${source}: expected {"domain": string, "users": [...]}`);
  }
  const domain = raw.domain.toLowerCase();
  const netbios =
    typeof raw.netbios === 'string' ? raw.netbios : (domain.split('.')[0]?.toUpperCase() ?? 'DEMO');
  const users = raw.users.map((entry, index): DirectoryUser => {
    if (!isRecord(entry) || typeof entry.sip !== 'string' || typeof entry.name !== 'string') {
      throw new DirectoryFileError(`${source}: user ${index} needs "sip" and "name" strings`);
    }
    const sip = entry.sip.startsWith('sip:') ? entry.sip : `sip:${entry.sip}`;
    const local = sip.slice(4).split('@')[0] ?? '';
    const behaviour = entry.behaviour ?? 'accept';
    if (!inviteBehaviours.includes(behaviour as InviteBehaviour)) {
      throw new DirectoryFileError(`${source}: user ${index} has unknown behaviour ${String(behaviour)}`);
    }
    const pool = entry.pool ?? 0;
    if (typeof pool !== 'number' || !Number.isInteger(pool) || pool < 0 || pool > 7) {
      // Pools are numbered 0 to 7 (--pools 1..8): anything else would fail every sign-in with a 500.
      throw new DirectoryFileError(
        `${source}: user ${index} has pool ${String(pool)}; expected a whole number from 0 to 7`,
      );
    }
    return {
      sip,
      name: entry.name,
      login: typeof entry.login === 'string' ? entry.login : `${netbios}\\${local}`,
      password: typeof entry.password === 'string' ? entry.password : `${local}-demo-pass`,
      email: typeof entry.email === 'string' ? entry.email : sip.slice(4),
      ...(typeof entry.title === 'string' ? { title: entry.title } : {}),
      ...(typeof entry.department === 'string' ? { department: entry.department } : {}),
      ...(typeof entry.workPhoneNumber === 'string' ? { workPhoneNumber: entry.workPhoneNumber } : {}),
      pool,
      behaviour: behaviour as InviteBehaviour,
    };
  });
  return { domain, netbios, users };
}

/** Finds the user a token request names: SIP address, UPN/e-mail or `DOMAIN\login`, any case. */
export function findUserByLogin(directory: Directory, username: string): DirectoryUser | undefined {
  const wanted = username.trim().toLowerCase().replace(/^sip:/, '');
  return directory.users.find(
    (user) =>
      user.sip.slice(4).toLowerCase() === wanted ||
      user.email.toLowerCase() === wanted ||
      user.login.toLowerCase() === wanted,
  );
}

export function findUserBySip(directory: Directory, sip: string): DirectoryUser | undefined {
  const wanted = (sip.startsWith('sip:') ? sip : `sip:${sip}`).toLowerCase();
  return directory.users.find((user) => user.sip.toLowerCase() === wanted);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
