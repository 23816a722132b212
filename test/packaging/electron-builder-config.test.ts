import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import yaml from 'js-yaml';

const config = yaml.load(readFileSync('electron-builder.yml', 'utf8')) as Record<string, any>;

describe('electron-builder.yml', () => {
  it("passes electron-builder's own configuration schema", async () => {
    await validateConfiguration(structuredClone(config) as never, new DebugLogger(false));
  });

  it('is checked for real: the same validator rejects a broken configuration', async () => {
    await assert.rejects(
      validateConfiguration(
        { ...structuredClone(config), linux: { target: 42 }, notAnOption: true } as never,
        new DebugLogger(false),
      ),
    );
  });

  it('builds AppImage and deb, NSIS and dmg, with icons, the desktop entry and its categories', () => {
    assert.deepEqual(config.linux.target, ['AppImage', 'deb']);
    assert.deepEqual(config.win.target, ['nsis']);
    assert.deepEqual(config.mac.target, ['dmg']);
    assert.match(config.linux.desktop.entry.Categories, /Network;.*InstantMessaging;/);
    for (const icon of [config.win.icon, config.mac.icon, 'assets/icons/512x512.png'])
      assert.ok(existsSync(icon), icon);
  });

  it('sets the security fuses', () => {
    assert.equal(config.electronFuses.runAsNode, false);
    assert.equal(config.electronFuses.enableNodeOptionsEnvironmentVariable, false);
    assert.equal(config.electronFuses.enableNodeCliInspectArguments, false);
    assert.equal(config.electronFuses.onlyLoadAppFromAsar, true);
    assert.equal(config.electronFuses.enableEmbeddedAsarIntegrityValidation, true);
  });

  it('ships every tray icon the app asks for, in each variant', () => {
    const states = ['signed-out', 'signing-in', 'ready', 'starting', 'in-meeting', 'reconnecting', 'error'];
    for (const state of states) {
      for (const variant of ['-light', '-dark', 'Template']) {
        for (const scale of ['', '@2x'])
          assert.ok(existsSync(`assets/tray/${state}${variant}${scale}.png`), `${state}${variant}${scale}`);
      }
    }
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    assert.equal(
      pkg.desktopName,
      'meetnow.desktop',
      'the Wayland shortcut portal matches the app by its desktop file',
    );
    assert.equal(pkg.main, 'dist/main/electron/main.js');
  });
});
