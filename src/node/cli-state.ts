import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * What the CLI remembers between runs (no secrets): its per-install EndpointId and the user URL
 * each account discovered, so a warm run skips discovery (revalidated on failure).
 */
export interface CliState {
  endpointId: string;
  userUrls: Record<string, string>;
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
