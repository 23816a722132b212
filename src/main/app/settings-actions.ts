import { checkShortcut, type Platform } from '../../shared/accelerator.js';
import { problemNotification } from '../../shared/error-catalog.js';
import type { Settings, SettingsPatch } from '../../shared/settings.js';
import type { Announcer } from './announcer.js';
import type { DesktopPorts } from './ports.js';
import type { RecentMeetingsService } from './recent-meetings-service.js';
import type { SettingsStore } from './settings-store.js';
import { ShortcutRefusedError, type ShortcutService } from './shortcut-service.js';

export interface SettingsActionsDeps {
  settings: SettingsStore;
  shortcut: ShortcutService;
  desktop: DesktopPorts;
  announcer: Announcer;
  recent: Pick<RecentMeetingsService, 'setEnabled'>;
  platform: Platform;
}

/** A change from Settings saved and carried out: the shortcut, launch at login, the recent list. */
export class SettingsActions {
  public constructor(private readonly deps: SettingsActionsDeps) {}

  /** Registers the saved shortcut (at launch), saying so when it cannot be had. */
  public applyShortcut(): void {
    this.deps.shortcut.apply(this.deps.settings.get().shortcut);
    const problem = this.deps.shortcut.status.problem;
    if (!problem) return;
    const words = problemNotification(problem);
    this.deps.announcer.notify('failures', words.title, words.body, () =>
      this.deps.desktop.showWindow('settings'),
    );
  }

  public async update(patch: SettingsPatch): Promise<Settings> {
    if (patch.shortcut) {
      // Refused before saving, so the working shortcut stays registered.
      const check = checkShortcut(patch.shortcut.trim(), this.deps.platform);
      if (!check.ok) throw new ShortcutRefusedError(check.reason);
    }
    const before = this.deps.settings.get();
    const next = this.deps.settings.update(patch);
    if (patch.shortcut !== undefined && patch.shortcut !== before.shortcut) this.applyShortcut();
    if (patch.launchAtLogin !== undefined && patch.launchAtLogin !== before.launchAtLogin)
      await this.deps.desktop.setLaunchAtLogin(next.launchAtLogin);
    if (patch.recentMeetingsEnabled !== undefined) this.deps.recent.setEnabled(next.recentMeetingsEnabled);
    return next;
  }
}
