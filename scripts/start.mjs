// `npm start`: the desktop app where an Electron binary exists; otherwise it says exactly that
// and runs the terminal demo instead, so the main job always works.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function electronBinary() {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const name =
      process.platform === 'darwin'
        ? 'Electron.app/Contents/MacOS/Electron'
        : process.platform === 'win32'
          ? 'electron.exe'
          : 'electron';
    const path = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, name);
    return existsSync(path) ? path : undefined;
  }
  try {
    const pathFile = join(dirname(require.resolve('electron/package.json')), 'path.txt');
    if (!existsSync(pathFile)) return undefined;
    const path = join(dirname(pathFile), 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

const binary = electronBinary();
const run = (command, args) => {
  const child = spawn(command, args, { stdio: 'inherit', cwd: root });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
};

if (binary) {
  run(binary, [root, ...process.argv.slice(2)]);
} else {
  process.stderr.write(
    [
      'Meet Now: the Electron binary is not installed, so the desktop app cannot open here.',
      '  Electron downloads it from outside the npm registry. Where that is possible, run',
      '  "node node_modules/electron/install.js" once (or set ELECTRON_OVERRIDE_DIST_PATH to an',
      '  unpacked Electron), then "npm start" opens the tray app.',
      'Meanwhile, the same engine runs in the terminal: starting the built-in demo server and a meeting.',
      '',
    ].join('\n'),
  );
  run(process.execPath, [join(root, 'bin', 'meetnow.js'), 'demo', ...process.argv.slice(2)]);
}
