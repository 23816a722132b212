import type { MenuItemConstructorOptions, NativeImage } from 'electron';
import type { TrayCommand, TrayIconName, TrayModel } from '../app/tray-model.js';

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
  run(command: TrayCommand): void;
}

/**
 * Renders the tray from its model in one place. The context menu is set again on every render:
 * on Linux (StatusNotifierItem) a menu changed after it was set is not picked up.
 */
export function renderTray(deps: TrayDeps, model: TrayModel): void {
  deps.tray.setImage(deps.icon(model.icon));
  deps.tray.setToolTip(model.tooltip);
  const template: MenuItemConstructorOptions[] = model.menu.map((item) =>
    item.command === 'separator'
      ? { type: 'separator' }
      : {
          label: item.label,
          enabled: item.enabled,
          ...(item.accelerator ? { accelerator: item.accelerator, registerAccelerator: false } : {}),
          click: () => deps.run(item.command as TrayCommand),
        },
  );
  deps.tray.setContextMenu(deps.buildMenu(template));
}
