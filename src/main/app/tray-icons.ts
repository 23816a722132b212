import type { Settings } from '../../shared/settings.js';
import type { TrayIconName } from './tray-model.js';

/** Which file set suits the panel: `-dark` files carry a light glyph for dark panels, and so on. */
export type TrayVariant = 'Template' | '-dark' | '-light';

/**
 * The tray icon follows the panel, not the window theme: macOS template images; on Windows the
 * taskbar's own theme (shouldUseDarkColorsForSystemIntegratedUI); on Linux a light glyph unless
 * the user says the panel is light (GNOME's top bar and most panels are dark).
 */
export function trayVariant(
  platform: NodeJS.Platform,
  panel: Settings['panel'],
  systemPanelDark: boolean,
): TrayVariant {
  if (platform === 'darwin') return 'Template';
  if (panel === 'dark') return '-dark';
  if (panel === 'light') return '-light';
  if (platform === 'win32') return systemPanelDark ? '-dark' : '-light';
  return '-dark';
}

/** The file name for a state: the OS picks @1.25x/@1.5x/@2x/@3x beside it by scale factor. */
export function trayIconFile(name: TrayIconName, variant: TrayVariant): string {
  return `${name}${variant}.png`;
}
