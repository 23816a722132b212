import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { domainOf } from '../main/ucwa/discovery.js';
import { isHostTrusted } from '../main/ucwa/trust.js';
import { assertSecureUrl } from '../main/ucwa/urls.js';

/**
 * What the CLI remembers between runs (no secrets): its per-install EndpointId, the user URL and
 * the whole route (token endpoint, applications URL) each account used, so a cold run skips
 * discovery and the challenge (revalidated on failure), and the meetings it started.
 */
export interface CliState {
  endpointId: string;
  userUrls: Record<string, string>;
  /** Per account (lower-case SIP address); read with readCachedRoute, which drops bad ones. */
  routes?: Record<string, unknown>;
  /** The recent-meetings list (recent-meetings.ts validates each entry). */
  recent?: unknown[];
}

/** Says what was wrong with the file and what was done about it (never fatal). */
export type StateLog = (line: string) => void;

export function cliStatePath(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'meetnow', 'cli.json');
}

/** What UCWA accepts as an EndpointId, and what we generate (a UUID). */
const endpointIdShape = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * Reads cli.json and keeps only what is valid: a bad EndpointId is replaced, a cached URL that is not
 * an https URL is dropped, each with a log line. Nothing in it can stop a run.
 */
export function loadCliState(env: NodeJS.ProcessEnv, log: StateLog = () => {}): CliState {
  const path = cliStatePath(env);
  let raw: Partial<Record<keyof CliState, unknown>> | undefined;
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) raw = parsed;
    else log(`${path} is not a JSON object: starting afresh.`);
  } catch (error) {
    // Missing is normal; anything else is worth a line (nothing in it is precious).
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      log(`${path} could not be read (${(error as Error).message}): starting afresh.`);
  }
  if (!raw) return saved(env, { endpointId: randomUUID(), userUrls: {} });
  let changed = false;
  let endpointId = typeof raw.endpointId === 'string' ? raw.endpointId : '';
  if (!endpointIdShape.test(endpointId)) {
    log(`${path}: the endpointId is invalid; using a new one.`);
    endpointId = randomUUID();
    changed = true;
  }
  const userUrls: Record<string, string> = {};
  const entries =
    typeof raw.userUrls === 'object' && raw.userUrls !== null ? Object.entries(raw.userUrls) : [];
  for (const [key, url] of entries) {
    if (typeof url === 'string' && isSecureUrl(url)) userUrls[key] = url;
    else {
      log(`${path}: dropped the cached server address for ${key.slice(0, 100)} (not an https URL).`);
      changed = true;
    }
  }
  // Routes and the recent list are validated entry by entry where they are read
  // (readCachedRoute, recent-meetings.ts); here only their shape is kept.
  const state: CliState = {
    endpointId,
    userUrls,
    ...(isRecord(raw.routes) ? { routes: raw.routes } : {}),
    ...(Array.isArray(raw.recent) ? { recent: raw.recent.slice(0, 100) } : {}),
  };
  return changed ? saved(env, state) : state;
}

function isSecureUrl(value: string): boolean {
  try {
    assertSecureUrl(new URL(value));
    return true;
  } catch {
    return false;
  }
}

/** A user URL is cached per account and per discovery URL: an explicit --discover never meets another's cache. */
export function userUrlKey(account: { sipAddress: string; discoverUrl?: string }): string {
  const sip = account.sipAddress.toLowerCase();
  return account.discoverUrl ? `${sip} via ${account.discoverUrl}` : sip;
}

/**
 * The cached user URL if credentials may go there (the same rule as for sign-in); a poisoned entry is
 * ignored with a line, and discovery runs instead.
 */
export function usableCachedUserUrl(
  cached: string | undefined,
  account: {
    sipAddress: string;
    discoverUrl?: string;
    approvedHosts?: readonly string[];
    trustedDomains?: readonly string[];
  },
  log: StateLog,
): string | undefined {
  if (cached === undefined) return undefined;
  try {
    const url = new URL(cached);
    const trust = {
      domain: domainOf(account.sipAddress),
      trustedHosts: account.discoverUrl ? [new URL(account.discoverUrl).hostname] : [],
      approvedHosts: account.approvedHosts ?? [],
      trustedDomains: account.trustedDomains ?? [],
    };
    if (isHostTrusted(url.hostname, trust)) return cached;
  } catch {
    // An unparsable entry or address: same as untrusted.
  }
  log('ignoring the cached server address in cli.json (not a trusted host): discovering again.');
  return undefined;
}

function saved(env: NodeJS.ProcessEnv, state: CliState): CliState {
  saveCliState(env, state);
  return state;
}

export function saveCliState(env: NodeJS.ProcessEnv, state: CliState): void {
  const path = cliStatePath(env);
  const temporary = `${path}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, path);
  } catch {
    // A read-only home (or a cli.json that is a directory) must not stop a meeting from starting,
    // nor leave a temporary file behind on every run.
    try {
      rmSync(temporary, { force: true });
    } catch {
      // Nothing more to do: the folder itself is not writable.
    }
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads, changes and writes the state file in one step (each CLI run is its own process). */
export function updateCliState(env: NodeJS.ProcessEnv, change: (state: CliState) => CliState): void {
  saveCliState(env, change(loadCliState(env)));
}
