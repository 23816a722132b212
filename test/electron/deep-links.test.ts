import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import type { MenuItemConstructorOptions } from 'electron';
import { trayModel } from '../../src/main/app/tray-model.js';
import { type DeepLinkApp, wireDeepLinks } from '../../src/main/electron/deep-links.js';
import { renderTray } from '../../src/main/electron/tray.js';
import { defaultSettings } from '../../src/shared/settings.js';

/** Electron's `app` as far as deep links go: records registrations and lets a test emit events. */
class FakeApp implements DeepLinkApp {
  public readonly registered: Array<{ protocol: string; path?: string; args?: string[] }> = [];
  private readonly listeners = new Map<string, (...args: any[]) => void>();
  public on(event: 'second-instance' | 'open-url', listener: (...args: any[]) => void): this {
    this.listeners.set(event, listener);
    return this;
  }
  public setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean {
    this.registered.push({ protocol, ...(path ? { path } : {}), ...(args ? { args } : {}) });
    return true;
  }
  public secondInstance(argv: string[]): void {
    this.listeners.get('second-instance')?.({}, argv);
  }
  /** Returns whether the default handling was prevented. */
  public openUrl(url: string): boolean {
    let prevented = false;
    this.listeners.get('open-url')?.({ preventDefault: () => (prevented = true) }, url);
    return prevented;
  }
}

const packaged = { argv: ['/opt/Meet Now/meetnow'], execPath: '/opt/Meet Now/meetnow', defaultApp: false };

describe('meetnow:// wiring (against a typed fake of app)', () => {
  it('registers the scheme: plainly when packaged, with the app folder under `electron .`', () => {
    const installed = new FakeApp();
    wireDeepLinks(installed, packaged);
    assert.deepEqual(installed.registered, [{ protocol: 'meetnow' }]);
    const development = new FakeApp();
    wireDeepLinks(development, {
      argv: ['/usr/bin/electron', '.'],
      execPath: '/usr/bin/electron',
      defaultApp: true,
    });
    assert.deepEqual(development.registered, [
      { protocol: 'meetnow', path: '/usr/bin/electron', args: [resolve('.')] },
    ]);
  });

  it('holds the first launch’s link and early open-url until ready, then forwards second launches', () => {
    const app = new FakeApp();
    const wiring = wireDeepLinks(app, { ...packaged, argv: [...packaged.argv, 'meetnow://start?subject=A'] });
    assert.equal(app.openUrl('meetnow://copy-link'), true, 'macOS: the default handling is prevented');
    const opened: string[] = [];
    let windows = 0;
    wiring.ready({ open: (link) => opened.push(link), showWindow: () => (windows += 1) });
    assert.deepEqual(opened, ['meetnow://start?subject=A', 'meetnow://copy-link'], 'in order, once ready');
    app.secondInstance(['/opt/Meet Now/meetnow', '--', 'meetnow://my-link']);
    assert.deepEqual(opened.at(-1), 'meetnow://my-link');
    assert.equal(windows, 0);
    app.secondInstance(['/opt/Meet Now/meetnow']);
    assert.equal(windows, 1, 'a second launch without a link brings the window up');
    assert.equal(opened.length, 3);
  });

  it('renders the tray’s Recent meetings submenu; each item runs its command on its meeting', () => {
    const run: Array<[string, string | undefined]> = [];
    let template: MenuItemConstructorOptions[] = [];
    const joinUrl = 'https://meet.meetnow.test/alice/ABC';
    renderTray(
      {
        tray: { setImage: () => {}, setToolTip: () => {}, setContextMenu: () => {} },
        buildMenu: (items) => {
          template = items;
          return {} as Electron.Menu;
        },
        icon: () => ({}) as Electron.NativeImage,
        run: (command, argument) => run.push([command, argument]),
      },
      trayModel(
        { status: 'ready', account: 'a@b.test', displayName: 'A' },
        undefined,
        defaultSettings,
        { accelerator: 'CommandOrControl+Alt+M', display: 'Ctrl+Alt+M', status: 'registered' },
        [{ subject: 'R&D sync', startedAt: '2026-12-01T10:00:00.000Z', participants: [], joinUrl }],
      ),
    );
    const recent = template.find((item) => item.label === 'Recent meetings');
    const meeting = (recent?.submenu as MenuItemConstructorOptions[] | undefined)?.[0];
    assert.match(meeting?.label ?? '', /^\u2068R&&D sync\u2069 · /, "'&' is shown, not taken as a mnemonic");
    const actions = meeting?.submenu as MenuItemConstructorOptions[];
    assert.deepEqual(
      actions.map((item) => item.label),
      ['Copy link', 'Open in Skype for Business'],
    );
    for (const item of actions) (item.click as () => void)();
    const myLink = template.find((item) => item.label === 'Copy my personal meeting link')?.click as
      | (() => void)
      | undefined;
    assert.ok(myLink);
    myLink();
    assert.deepEqual(run, [
      ['copyRecentLink', joinUrl],
      ['joinRecent', joinUrl],
      ['copyMyLink', undefined],
    ]);
  });
});
