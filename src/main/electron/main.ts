import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  ClipboardItem,
  clipboard,
  session as electronSession,
  globalShortcut,
  ipcMain,
  Menu,
  Notification,
  nativeImage,
  nativeTheme,
  net,
  powerMonitor,
  protocol,
  screen,
  shell,
  Tray,
} from 'electron';
import ElectronStore from 'electron-store';
import { platformOf } from '../../shared/accelerator.js';
import type { Settings } from '../../shared/settings.js';
import { startSimulator, type UcwaSimulator } from '../../simulator/server.js';
import { AppController } from '../app/app-controller.js';
import { findDeepLink } from '../app/deep-link.js';
import { createIpcDispatcher } from '../app/ipc-handlers.js';
import type { DesktopPorts } from '../app/ports.js';
import { SettingsStore } from '../app/settings-store.js';
import { ShortcutService } from '../app/shortcut-service.js';
import { trayIconFile, trayVariant } from '../app/tray-icons.js';
import type { TrayIconName } from '../app/tray-model.js';
import { KeytarCredentialStore } from '../secrets/keytar-store.js';
import { SessionService } from '../session/session-service.js';
import { UcwaClient } from '../ucwa/client.js';
import type { FetchFn } from '../ucwa/transport.js';
import { desktopSignIn } from './ambient-negotiate.js';
import { serveAppFile } from './app-protocol.js';
import { setLinuxAutostart } from './autostart.js';
import { type DeepLinkWiring, wireDeepLinks } from './deep-links.js';
import { pushView, registerIpc } from './ipc.js';
import { createNetRequestFetch } from './net-request-fetch.js';
import { showNotification } from './notifications.js';
import { placeNearTray } from './placement.js';
import { renderTray } from './tray.js';
import { lockDownContents, secureWebPreferences } from './window-security.js';
import { clampZoom, zoomStep } from './zoom.js';

// The composition root: the only place where Electron meets the services. Everything below
// src/main/electron is plain TypeScript that the tests run under Node.

const here = dirname(fileURLToPath(import.meta.url));
const distRoot = join(here, '..', '..');
const rendererDir = join(distRoot, 'renderer');
const preloadPath = join(distRoot, 'preload', 'index.cjs');
const assetsDir = app.isPackaged ? join(process.resourcesPath, 'assets') : join(distRoot, '..', 'assets');
const windowSize = { width: 400, height: 620 };
/** The smallest the meeting card stays usable at (the window is resizable; zoom is allowed). */
const minimumSize = { width: 340, height: 420 };

protocol.registerSchemesAsPrivileged([
  { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false } },
]);

if (process.platform === 'win32') app.setAppUserModelId('test.meetnow.app');
// Wayland: global shortcuts go through the desktop portal, which matches the app by its
// desktopName (package.json) and may ask the user for consent.
if (
  process.platform === 'linux' &&
  process.env.XDG_SESSION_TYPE === 'wayland' &&
  process.env.MEETNOW_NO_PORTAL !== '1'
) {
  app.commandLine.appendSwitch('enable-features', 'GlobalShortcutsPortal');
}

function waylandWithoutPortal(): boolean {
  return (
    process.platform === 'linux' &&
    process.env.XDG_SESSION_TYPE === 'wayland' &&
    !app.commandLine.getSwitchValue('enable-features').includes('GlobalShortcutsPortal')
  );
}

// One instance: a second launch (e.g. the OS opening a meetnow:// link) hands its arguments over.
const deepLinks = app.requestSingleInstanceLock()
  ? wireDeepLinks(app, {
      argv: process.argv,
      execPath: process.execPath,
      defaultApp: process.defaultApp === true,
    })
  : undefined;
if (!deepLinks) app.quit();
else void app.whenReady().then(() => start(deepLinks));

async function start(deepLinks: DeepLinkWiring): Promise<void> {
  // #region Security — do not relax without review
  protocol.handle('app', (request) => serveAppFile(rendererDir, request.url));
  electronSession.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) =>
    callback(false),
  );
  electronSession.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents));
  // #endregion

  const store = new ElectronStore<Record<string, unknown>>({ name: 'settings', clearInvalidConfig: true });
  const settings = new SettingsStore(store);
  const credentials = new KeytarCredentialStore();
  // Chromium's stack: the system proxy, PAC, proxy authentication and the OS certificate store
  // apply. net.request rather than net.fetch, so that redirects reach the client (see the adapter).
  const fetchFn: FetchFn = createNetRequestFetch((options) => net.request(options));
  const session = new SessionService({
    credentials,
    createClient: (source, account) =>
      new UcwaClient({
        fetch: fetchFn,
        credentials: source,
        // Chromium answers Negotiate only with SSO chosen, and only for this sign-in's trusted hosts.
        ...desktopSignIn(account, electronSession.defaultSession),
        userAgent: `MeetNow/${app.getVersion()}`,
        endpointId: settings.get().endpointId || randomUUID(),
        culture: app.getLocale() || 'en-US',
      }),
  });

  let window: BrowserWindow | undefined;
  let pendingView: string | undefined;
  let simulator: UcwaSimulator | undefined;
  const tray = new Tray(trayIcon('signed-out', settings.get().panel));
  tray.setToolTip('Meet Now');

  const showWindow: DesktopPorts['showWindow'] = (view) => {
    pendingView = view;
    if (!window || window.isDestroyed()) window = createWindow();
    const bounds = tray.getBounds();
    const display = screen.getDisplayNearestPoint({ x: bounds.x, y: bounds.y });
    const position = placeNearTray(bounds, windowSize, display.workArea);
    window.setPosition(position.x, position.y);
    window.show();
    window.focus();
    window.webContents.send('meetnow:navigate', view);
  };

  const desktop: DesktopPorts = {
    notify: (request) => {
      if (Notification.isSupported())
        showNotification((options) => new Notification(options), process.platform, request);
    },
    copyText: (text) => clipboard.writeText(text),
    // Electron 45's clipboard is the W3C one: one item carrying both types, written atomically.
    copyRich: (content) =>
      void clipboard.write([new ClipboardItem({ 'text/plain': content.text, 'text/html': content.html })]),
    openExternal: (url) => shell.openExternal(url),
    renderTray: (model) =>
      renderTray(
        {
          tray,
          buildMenu: (template) => Menu.buildFromTemplate(template),
          icon: (name) => trayIcon(name, settings.get().panel),
          run: (command, argument) => void controller.onTrayCommand(command, argument),
        },
        model,
      ),
    showWindow,
    setLaunchAtLogin: async (enabled) => {
      if (process.platform === 'linux') setLinuxAutostart(enabled, process.env.APPIMAGE ?? process.execPath);
      else app.setLoginItemSettings({ openAtLogin: enabled, args: ['--hidden'] });
    },
    quit: () => app.quit(),
  };

  const unsupportedShortcut = waylandWithoutPortal()
    ? 'This Wayland session does not let apps use global shortcuts.'
    : undefined;
  let controller!: AppController;
  const shortcut = new ShortcutService(
    globalShortcut,
    () => controller.onShortcutPress(),
    unsupportedShortcut,
    platformOf(process.platform),
  );
  controller = new AppController({
    session,
    settings,
    credentials,
    shortcut,
    desktop,
    randomId: randomUUID,
    platform: platformOf(process.platform),
    log: (line) => console.warn(`[meetnow] ${line}`),
    demoServer: async () => {
      // Plain HTTP on loopback: Chromium would not trust a throwaway CA, and loopback never leaves the machine.
      simulator ??= await startSimulator({ http: true });
      const demo = simulator.directory.users[0];
      if (!demo) throw new Error('the demo directory is empty');
      return {
        discoverUrl: simulator.discoverUrl,
        sipAddress: demo.sip.slice(4),
        password: demo.password,
        caPem: undefined,
      };
    },
  });

  const unregister = registerIpc(ipcMain, createIpcDispatcher(controller));
  controller.onView((view) => pushView(window?.webContents, view));
  tray.on('click', () => controller.onTrayClick());
  powerMonitor.on('resume', () => controller.revalidate());
  powerMonitor.on('unlock-screen', () => controller.revalidate());
  nativeTheme.on('updated', () => controller.refresh()); // light/dark tray icons
  // Electron has no network-change event in the main process: watch net.isOnline() and
  // revalidate at once when the machine comes back online.
  let online = net.isOnline();
  const onlineWatch = setInterval(() => {
    const now = net.isOnline();
    if (now && !online) controller.revalidate();
    online = now;
  }, 5000);
  onlineWatch.unref();

  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    // The documented sign-out (DELETE application), bounded so quitting never hangs.
    void Promise.race([controller.dispose(), new Promise((resolve) => setTimeout(resolve, 3000))]).finally(
      async () => {
        unregister();
        await simulator?.close();
        app.exit(0);
      },
    );
  });
  app.on('window-all-closed', () => {
    // A tray app keeps running with no window.
  });

  await controller.start();
  const launchedByLink = findDeepLink(process.argv) !== undefined;
  if (
    !process.argv.includes('--hidden') &&
    !launchedByLink &&
    controller.view().session.status !== 'signedOut'
  )
    showWindow('home');
  deepLinks.ready({
    open: (link) => void controller.deepLinks.open(link),
    showWindow: () => showWindow('home'),
  });

  function createWindow(): BrowserWindow {
    const created = new BrowserWindow({
      ...windowSize,
      minWidth: minimumSize.width,
      minHeight: minimumSize.height,
      show: false,
      resizable: true,
      fullscreenable: false,
      skipTaskbar: process.platform !== 'linux',
      title: 'Meet Now',
      backgroundColor: nativeTheme.shouldUseDarkColors ? '#1f1f23' : '#ffffff', // = CSS --bg: no flash
      webPreferences: secureWebPreferences(preloadPath),
    });
    created.removeMenu();
    // With no menu, zoom needs its keys handled here (Ctrl+= / Ctrl+- / Ctrl+0).
    created.webContents.on('before-input-event', (event, input) => {
      const step = zoomStep(input);
      if (step === undefined) return;
      event.preventDefault();
      const contents = created.webContents;
      contents.setZoomLevel(step === 0 ? 0 : clampZoom(contents.getZoomLevel() + step));
    });
    // Created on demand, destroyed when closed: a tray app keeps no renderer alive for nothing.
    // Settings is gone with it, so the shortcut starts meetings again.
    created.on('closed', () => {
      window = undefined;
      controller.setShortcutTrial(false);
    });
    created.on('hide', () => controller.setShortcutTrial(false));
    created.webContents.on('did-finish-load', () => {
      pushView(created.webContents, controller.view());
      if (pendingView) created.webContents.send('meetnow:navigate', pendingView);
    });
    void created.loadURL('app://meetnow/index.html');
    return created;
  }
}

function trayIcon(name: TrayIconName, panel: Settings['panel']): Electron.NativeImage {
  const variant = trayVariant(process.platform, panel, nativeTheme.shouldUseDarkColorsForSystemIntegratedUI);
  const file = join(assetsDir, 'tray', trayIconFile(name, variant));
  return existsSync(file) ? nativeImage.createFromPath(file) : nativeImage.createEmpty();
}
