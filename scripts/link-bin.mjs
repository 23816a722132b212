// npx looks up commands in node_modules/.bin but never links the project's own `bin`, and
// would otherwise fetch an unrelated registry package called "meetnow". Linking it here (run by
// `prepare`, i.e. by `npm ci`) makes `npx meetnow` run this checkout's CLI.
import { chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const binDir = join(root, 'node_modules', '.bin');
const target = join(root, 'bin', 'meetnow.js');
mkdirSync(binDir, { recursive: true });
const link = join(binDir, 'meetnow');
rmSync(link, { force: true });
if (process.platform === 'win32') {
  writeFileSync(`${link}.cmd`, `@node "${target}" %*\r\n`);
} else {
  symlinkSync(relative(binDir, target), link);
  chmodSync(target, 0o755);
}
