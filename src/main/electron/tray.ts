import type { MenuItemConstructorOptions, NativeImage } from 'electron';
import type { TrayCommand, TrayIconName, TrayMenuItem, TrayModel } from '../app/tray-model.js';

/** What the renderer of the tray needs of Electron (Tray, Menu, nativeImage): a fake in tests. */
export interface TrayApi {
  setImage(image: NativeImage): void;
  setToolTip(text: string): void;
  setContextMenu(menu: Electron.Menu | null): void;
}

export interface TrayDeps {
  tray: TrayApi;
  buildMenu(template: MenuItemConstructorOptions[]): Electron.Menu;
  icon(name: TrayIconName): NativeImage;
  run(command: TrayCommand, argument?: string): void;
}

/**
 * Renders the tray from its model in one place. The context menu is set again on every render:
 * on Linux (StatusNotifierItem) a menu changed after it was set is not picked up.
 */
export function renderTray(deps: TrayDeps, model: TrayModel): void {
  deps.tray.setImage(deps.icon(model.icon));
  deps.tray.setToolTip(model.tooltip);
  deps.tray.setContextMenu(deps.buildMenu(menuTemplate(model.menu, deps.run)));
}

function menuTemplate(items: readonly TrayMenuItem[], run: TrayDeps['run']): MenuItemConstructorOptions[] {
  return items.map((item) => {
    if (item.command === 'separator') return { type: 'separator' };
    // Server text stays a plain label: '&' would otherwise be a mnemonic on Windows and Linux.
    const label = item.label.replace(/&/g, '&&');
    if (item.command === 'submenu')
      return { label, enabled: item.enabled, submenu: menuTemplate(item.submenu ?? [], run) };
    const command = item.command;
    return {
      label,
      enabled: item.enabled,
      ...(item.accelerator ? { accelerator: item.accelerator, registerAccelerator: false } : {}),
      click: () => (item.argument === undefined ? run(command) : run(command, item.argument)),
    };
  });
}
