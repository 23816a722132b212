import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';

/** The Electron binary, if this machine has one (ELECTRON_OVERRIDE_DIST_PATH or an installed dist). */
function electronBinary(): string | undefined {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const path = join(
      override,
      process.platform === 'darwin'
        ? 'Electron.app/Contents/MacOS/Electron'
        : process.platform === 'win32'
          ? 'electron.exe'
          : 'electron',
    );
    return existsSync(path) ? path : undefined;
  }
  const require = createRequire(import.meta.url);
  const pathFile = join(dirname(require.resolve('electron/package.json')), 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const path = join(dirname(pathFile), 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(path) ? path : undefined;
}

const binary = electronBinary();
const skip = binary
  ? false
  : 'SKIPPED, not passed: no Electron binary on this machine (set ELECTRON_OVERRIDE_DIST_PATH to run the real app)';
if (!binary) process.stdout.write(`\n  ⚠ Electron end-to-end test ${skip}\n\n`);

describe('the real Electron app (Playwright _electron)', () => {
  it('starts hidden in the tray, hardens its window and exposes only the contract to the page', {
    skip,
  }, async () => {
    const { _electron } = await import('playwright-core');
    const home = mkdtempSync(join(tmpdir(), 'meetnow-e2e-'));
    const app = await _electron.launch({
      executablePath: binary,
      args: ['.', '--no-sandbox'],
      env: {
        ...process.env,
        HOME: home,
        XDG_CONFIG_HOME: join(home, '.config'),
        ELECTRON_ENABLE_LOGGING: '1',
      },
    });
    try {
      const window = await app.firstWindow();
      const bridge = await window.evaluate(() => {
        const page = globalThis as unknown as Record<string, unknown>;
        return {
          keys: Object.keys((page.meetNow as object) ?? {}).sort(),
          require: typeof page.require,
          process: typeof page.process,
        };
      });
      assert.deepEqual(bridge, {
        keys: ['invoke', 'onNavigate', 'onView'],
        require: 'undefined',
        process: 'undefined',
      });
      // Electron no longer exposes a window's resolved preferences; isolation and sandbox are
      // observed from the page above (no require, no process) and unit-tested on the options.
      const prefs = await app.evaluate(({ BrowserWindow }) => ({
        url: BrowserWindow.getAllWindows()[0]?.webContents.getURL(),
      }));
      assert.match(prefs.url ?? '', /^app:\/\/meetnow\//);
    } finally {
      await app.close();
    }
  });
});
