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
