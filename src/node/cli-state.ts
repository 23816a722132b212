import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

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

export function cliStatePath(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'meetnow', 'cli.json');
}

export function loadCliState(env: NodeJS.ProcessEnv): CliState {
  const path = cliStatePath(env);
  try {
    const raw = JSON.parse(readFileSync(path, 'utf8')) as Partial<CliState>;
    if (typeof raw.endpointId === 'string' && raw.endpointId.length <= 100) {
      const userUrls = typeof raw.userUrls === 'object' && raw.userUrls !== null ? raw.userUrls : {};
      return {
        endpointId: raw.endpointId,
        userUrls: Object.fromEntries(Object.entries(userUrls).filter(([, url]) => typeof url === 'string')),
        ...(isRecord(raw.routes) ? { routes: raw.routes } : {}),
        ...(Array.isArray(raw.recent) ? { recent: raw.recent.slice(0, 100) } : {}),
      };
    }
  } catch {
    // Missing or unreadable: start afresh (nothing in it is precious).
  }
  const fresh = { endpointId: randomUUID(), userUrls: {} };
  saveCliState(env, fresh);
  return fresh;
}

export function saveCliState(env: NodeJS.ProcessEnv, state: CliState): void {
  const path = cliStatePath(env);
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, path);
  } catch {
    // A read-only home must not stop a meeting from starting.
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads, changes and writes the state file in one step (each CLI run is its own process). */
export function updateCliState(env: NodeJS.ProcessEnv, change: (state: CliState) => CliState): void {
  saveCliState(env, change(loadCliState(env)));
}
