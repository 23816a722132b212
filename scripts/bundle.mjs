// Bundles what tsc alone cannot ship: the sandboxed preload must be one CommonJS file (a
// sandboxed preload cannot require the project's other modules).
import { build } from 'esbuild';

await build({
  entryPoints: ['src/preload/index.ts'],
  outfile: 'dist/preload/index.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['electron'],
  sourcemap: false,
  logLevel: 'warning',
});

// The renderer: one script (the CSP allows only 'self' scripts, no inline), its page and styles.
await build({
  entryPoints: ['src/renderer/main.ts'],
  outfile: 'dist/renderer/main.js',
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'chrome120',
  minify: false,
  logLevel: 'warning',
});
const { copyFileSync, mkdirSync } = await import('node:fs');
mkdirSync('dist/renderer', { recursive: true });
copyFileSync('src/renderer/index.html', 'dist/renderer/index.html');
copyFileSync('src/renderer/styles.css', 'dist/renderer/styles.css');
