import { type Settings, type SettingsPatch, settingsSchema } from '../../shared/settings.js';

/** The raw key-value file underneath: conf in tests, electron-store (a conf subclass) in the app. */
export interface SettingsBackend {
  store: Record<string, unknown>;
}

/** Current layout version of the settings file; bump it with a migration below. */
export const settingsVersion = 2;

type Migration = (raw: Record<string, unknown>) => Record<string, unknown>;

/** Each entry upgrades from version N-1 to N. Never edit one that has shipped. */
const migrations: Record<number, Migration> = {
  // v1 kept one switch for all notifications and called the tray setting "leftClick".
  2: (raw) => {
    const { notificationsEnabled, leftClick, ...rest } = raw;
    const on = notificationsEnabled !== false;
    return {
      ...rest,
      ...(typeof notificationsEnabled === 'boolean'
        ? { notifications: { meetingReady: on, failures: true, participants: on, lobby: on } }
        : {}),
      ...(leftClick === 'window'
        ? { trayClickAction: 'openWindow' }
        : leftClick === 'meeting'
          ? { trayClickAction: 'startMeeting' }
          : {}),
    };
  },
};

export function migrateSettings(raw: Record<string, unknown>): Record<string, unknown> {
  let version = typeof raw.schemaVersion === 'number' ? raw.schemaVersion : 1;
  let current = raw;
  while (version < settingsVersion) {
    version += 1;
    current = migrations[version]?.(current) ?? current;
  }
  return { ...current, schemaVersion: settingsVersion };
}

/** Reads what it can: unknown keys dropped, a bad value replaced by its default, never a crash. */
export function readSettings(raw: Record<string, unknown>): Settings {
  const parsed = settingsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const repaired: Record<string, unknown> = {};
  for (const [key, shape] of Object.entries(settingsSchema.shape)) {
    const value = (shape as { safeParse(v: unknown): { success: boolean; data?: unknown } }).safeParse(
      raw[key],
    );
    if (value.success) repaired[key] = value.data;
  }
  return settingsSchema.parse(repaired);
}

/**
 * Settings with a schema, defaults and migrations over a conf-like backend. The whole object is
 * validated on every write, so nothing invalid (and nothing secret: the schema has no such
 * field) can reach the file.
 */
export class SettingsStore {
  private current: Settings;
  private readonly listeners = new Set<(settings: Settings) => void>();

  public constructor(private readonly backend: SettingsBackend) {
    const migrated = migrateSettings({ ...backend.store });
    this.current = readSettings(migrated);
    this.backend.store = { ...this.current, schemaVersion: settingsVersion };
  }

  public get(): Settings {
    return this.current;
  }

  public update(patch: Partial<Settings> | SettingsPatch): Settings {
    const next = settingsSchema.parse({
      ...this.current,
      ...patch,
      notifications: { ...this.current.notifications, ...(patch.notifications ?? {}) },
    });
    this.current = next;
    this.backend.store = { ...next, schemaVersion: settingsVersion };
    for (const listener of this.listeners) listener(next);
    return next;
  }

  public onChange(listener: (settings: Settings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** For tests: a backend that is just an object. */
export class MemorySettingsBackend implements SettingsBackend {
  public store: Record<string, unknown>;
  public constructor(initial: Record<string, unknown> = {}) {
    this.store = { ...initial };
  }
}
