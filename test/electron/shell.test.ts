import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import type { IpcMain, IpcMainInvokeEvent, MenuItemConstructorOptions } from 'electron';
import { trayModel } from '../../src/main/app/tray-model.js';
import { serveAppFile } from '../../src/main/electron/app-protocol.js';
import { autostartEntry, setLinuxAutostart } from '../../src/main/electron/autostart.js';
import { registerIpc } from '../../src/main/electron/ipc.js';
import { showNotification } from '../../src/main/electron/notifications.js';
import { placeNearTray } from '../../src/main/electron/placement.js';
import { renderTray } from '../../src/main/electron/tray.js';
import {
  contentSecurityPolicy,
  lockDownContents,
  secureWebPreferences,
} from '../../src/main/electron/window-security.js';
import { invokeChannelNames } from '../../src/shared/channels.js';
import { invokeChannels } from '../../src/shared/ipc-contract.js';
import { defaultSettings } from '../../src/shared/settings.js';

/** A typed fake of ipcMain: records handlers, lets a test invoke them with any sender. */
class FakeIpcMain implements Pick<IpcMain, 'handle' | 'removeHandler'> {
  public readonly handlers = new Map<string, (event: IpcMainInvokeEvent, ...args: any[]) => unknown>();
  public handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: any[]) => unknown): void {
    this.handlers.set(channel, listener);
  }
  public removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  public invoke(channel: string, frameUrl: string | null, payload: unknown, mainFrame = true) {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    const frame = frameUrl === null ? null : { url: frameUrl };
    const event = {
      senderFrame: frame,
      sender: { mainFrame: mainFrame ? frame : { url: 'other' } },
    } as unknown as IpcMainInvokeEvent;
    return handler(event, payload);
  }
}

describe('Electron shell (against typed fakes)', () => {
  it('registers exactly the contract channels and refuses senders that are not our main frame', async () => {
    const ipc = new FakeIpcMain();
    const calls: string[] = [];
    const unregister = registerIpc(ipc, async (channel) => {
      calls.push(channel);
      return { ok: true, value: null };
    });
    assert.deepEqual([...ipc.handlers.keys()].sort(), [...invokeChannelNames].sort());
    assert.deepEqual(
      [...invokeChannels].sort(),
      [...invokeChannelNames].sort(),
      'the preload list and the contract agree',
    );
    assert.deepEqual(await ipc.invoke('meetnow:state:get', 'app://meetnow/index.html', undefined), {
      ok: true,
      value: null,
    });
    for (const [url, mainFrame] of [
      ['https://evil.example/', true],
      ['file:///etc/passwd', true],
      ['app://meetnow/index.html', false],
      [null, true],
    ] as const) {
      const result = (await ipc.invoke('meetnow:meeting:start', url, {}, mainFrame)) as {
        ok: boolean;
        error?: { code: string };
      };
      assert.equal(result.ok, false);
      assert.equal(result.error?.code, 'forbidden');
    }
    assert.deepEqual(calls, ['meetnow:state:get'], 'refused calls never reach the app');
    unregister();
    assert.equal(ipc.handlers.size, 0);
  });

  it('creates windows isolated, sandboxed and without Node, and denies navigation, pop-ups and webviews', () => {
    const prefs = secureWebPreferences('/x/preload.cjs');
    assert.equal(prefs.contextIsolation, true);
    assert.equal(prefs.sandbox, true);
    assert.equal(prefs.nodeIntegration, false);
    assert.equal(prefs.webviewTag, false);
    assert.equal(prefs.webSecurity, true);
    assert.equal(prefs.allowRunningInsecureContent, false);
    const listeners = new Map<string, (event: { preventDefault(): void }) => void>();
    let openHandler: ((details: unknown) => { action: string }) | undefined;
    lockDownContents({
      on: ((name: string, listener: (event: { preventDefault(): void }) => void) =>
        listeners.set(name, listener)) as never,
      setWindowOpenHandler: ((handler: (details: unknown) => { action: string }) => {
        openHandler = handler;
      }) as never,
    });
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      let prevented = false;
      listeners.get(name)?.({ preventDefault: () => (prevented = true) });
      assert.ok(prevented, name);
    }
    assert.deepEqual(openHandler?.({ url: 'https://evil.example/' }), { action: 'deny' });
    assert.match(contentSecurityPolicy, /default-src 'none'/);
    assert.match(contentSecurityPolicy, /script-src 'self'(;|$)/);
    assert.doesNotMatch(contentSecurityPolicy, /unsafe-inline|unsafe-eval/);
  });

  it('serves app:// only from the renderer folder, with the CSP, and never outside it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'meetnow-renderer-'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>x</title>');
    writeFileSync(join(root, 'secret.txt'), 'no');
    const index = await serveAppFile(root, 'app://meetnow/');
    assert.equal(index.status, 200);
    assert.equal(index.headers.get('content-security-policy'), contentSecurityPolicy);
    assert.equal(index.headers.get('content-type'), 'text/html; charset=utf-8');
    for (const url of [
      'app://meetnow/../../etc/passwd',
      'app://meetnow/%2e%2e/%2e%2e/etc/passwd',
      'app://meetnow/secret.txt',
      'app://other/index.html',
      'app://meetnow/missing.js',
    ]) {
      assert.equal((await serveAppFile(root, url)).status, 404, url);
    }
  });

  it('renders the tray from its model and sets the context menu again on every render', () => {
    const calls: string[] = [];
    let template: MenuItemConstructorOptions[] = [];
    const run: string[] = [];
    const deps = {
      tray: {
        setImage: () => calls.push('image'),
        setToolTip: (text: string) => calls.push(`tooltip:${text}`),
        setContextMenu: () => calls.push('menu'),
      },
      buildMenu: (items: MenuItemConstructorOptions[]) => {
        template = items;
        return {} as Electron.Menu;
      },
      icon: () => ({}) as Electron.NativeImage,
      run: (command: string) => run.push(command),
    };
    const model = trayModel(
      { status: 'ready', account: 'a@b.test', displayName: 'A' },
      undefined,
      defaultSettings,
      { accelerator: 'CommandOrControl+Alt+M', display: 'Ctrl+Alt+M', status: 'registered' },
    );
    renderTray(deps, model);
    renderTray(deps, model);
    assert.equal(calls.filter((call) => call === 'menu').length, 2);
    const start = template[0];
    assert.equal(start?.label, 'Start meeting now');
    assert.equal(start?.accelerator, 'CommandOrControl+Alt+M');
    assert.equal(start?.registerAccelerator, false, 'the global shortcut is not registered twice');
    const click = start?.click as (() => void) | undefined;
    assert.ok(click);
    click();
    assert.deepEqual(run, ['startMeeting']);
    assert.ok(template.some((item) => item.type === 'separator'));
  });

  it('shows notifications with action buttons on macOS only, and wires click and actions', () => {
    const created: any[] = [];
    const fake = (options: any) => {
      const handlers = new Map<string, (...args: any[]) => void>();
      const notification = {
        options,
        handlers,
        shown: false,
        on: (name: string, handler: any) => handlers.set(name, handler),
        show: () => (notification.shown = true),
      };
      created.push(notification);
      return notification;
    };
    const ran: string[] = [];
    const request = {
      kind: 'meetingReady' as const,
      title: 'Meeting ready',
      body: 'b',
      onClick: () => ran.push('click'),
      actions: [
        { label: 'Open', run: () => ran.push('open') },
        { label: 'Copy link', run: () => ran.push('copy') },
      ],
    };
    showNotification(fake, 'darwin', request);
    showNotification(fake, 'linux', request);
    assert.deepEqual(
      created[0].options.actions.map((a: any) => a.text),
      ['Open', 'Copy link'],
    );
    assert.equal(created[1].options.actions, undefined, 'Linux notifications have no buttons');
    created[0].handlers.get('action')({}, 1);
    created[1].handlers.get('click')();
    assert.deepEqual(ran, ['copy', 'click']);
    assert.ok(created.every((n) => n.shown));
  });

  it('places the window near the tray and inside the work area, with a fallback for zero bounds', () => {
    const workArea = { x: 0, y: 0, width: 1920, height: 1040 };
    assert.deepEqual(
      placeNearTray({ x: 1800, y: 0, width: 24, height: 24 }, { width: 400, height: 620 }, workArea),
      { x: 1512, y: 32 },
    );
    assert.deepEqual(
      placeNearTray(
        { x: 1800, y: 1050, width: 24, height: 24 },
        { width: 400, height: 620 },
        { x: 0, y: 0, width: 1920, height: 1040 },
      ),
      { x: 1512, y: 412 },
    );
    assert.deepEqual(
      placeNearTray({ x: 0, y: 0, width: 0, height: 0 }, { width: 400, height: 620 }, workArea),
      { x: 1512, y: 8 },
    );
  });

  it('writes and removes an XDG autostart entry that starts hidden', () => {
    const home = mkdtempSync(join(tmpdir(), 'meetnow-home-'));
    const env = { XDG_CONFIG_HOME: join(home, '.config') };
    setLinuxAutostart(true, '/opt/Meet Now/meetnow', env);
    const path = join(home, '.config', 'autostart', 'meetnow.desktop');
    const entry = readFileSync(path, 'utf8');
    assert.match(entry, /^\[Desktop Entry\]/);
    assert.match(entry, /^Exec="\/opt\/Meet Now\/meetnow" --hidden$/m);
    setLinuxAutostart(false, '/opt/Meet Now/meetnow', env);
    assert.throws(() => statSync(path));
    assert.match(autostartEntry('/usr/bin/meetnow'), /^Exec=\/usr\/bin\/meetnow --hidden$/m);
  });
});

describe('the Electron boundary', () => {
  it('no module outside src/main/electron and src/preload imports electron or electron-store', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (path.endsWith('.ts')) {
          const rel = relative('src', path);
          if (rel.startsWith('main/electron/') || rel.startsWith('preload/')) continue;
          const text = readFileSync(path, 'utf8');
          // Type-only imports are erased; value imports would try to load Electron under Node.
          if (
            /^import\s+(?!type\b)[^;]*from\s+['"](electron|electron-store)['"]/m.test(text) ||
            /require\(['"]electron/.test(text)
          )
            offenders.push(rel);
        }
      }
    };
    walk('src');
    assert.deepEqual(offenders, []);
    mkdirSync('test-results', { recursive: true });
  });
});
