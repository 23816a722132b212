import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** Where an XDG autostart entry lives (Linux desktops read ~/.config/autostart). */
export function autostartPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config'), 'autostart', 'meetnow.desktop');
}

/** The autostart entry: starts hidden in the tray (the window is not opened at login). */
export function autostartEntry(execPath: string): string {
  const quoted = /[\s"'\\]/.test(execPath) ? `"${execPath.replace(/(["\\`$])/g, '\\$1')}"` : execPath;
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Meet Now',
    'Comment=Start a Skype for Business meeting in one click',
    `Exec=${quoted} --hidden`,
    'Icon=meetnow',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export function setLinuxAutostart(
  enabled: boolean,
  execPath: string,
  env: NodeJS.ProcessEnv = process.env,
): void {
  const path = autostartPath(env);
  if (!enabled) {
    rmSync(path, { force: true });
    return;
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, autostartEntry(execPath), { mode: 0o644 });
}
