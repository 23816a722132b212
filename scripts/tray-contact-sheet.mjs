// A contact sheet of every tray icon, at every size, on light and dark panels, each pixel drawn
// as a 4 × 4 block so a person can judge it: `node scripts/tray-contact-sheet.mjs [out.png]`
// (default test-results/tray-contact-sheet.png). Rows: state × panel; columns: 16/20/24/32/48 px.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { iconPixel, png, scales, states } from './icon-drawing.mjs';

const panels = { '-light': [243, 243, 243], '-dark': [0, 0, 0] };
const out = process.argv[2] ?? 'test-results/tray-contact-sheet.png';
const zoom = 4;
const cell = 48 * zoom + 16;
const rows = Object.keys(states).flatMap((name) =>
  Object.entries(panels).map(([variant, background]) => ({ name, variant, background })),
);
const sizes = Object.values(scales);
const icons = rows.map((row) =>
  sizes.map((size) => ({ size, pixel: iconPixel(size, row.name, row.variant) })),
);
const sheet = png(cell * sizes.length, cell * rows.length, (x, y) => {
  const row = Math.floor(y / cell);
  const { size, pixel } = icons[row][Math.floor(x / cell)];
  const background = rows[row].background;
  const ix = Math.floor(((x % cell) - 8) / zoom);
  const iy = Math.floor(((y % cell) - 8) / zoom);
  if (ix < 0 || iy < 0 || ix >= size || iy >= size) return [...background, 255];
  const [r, g, b, a] = pixel(ix, iy);
  return [r, g, b].map((c, i) => Math.round((c * a + background[i] * (255 - a)) / 255)).concat(255);
});
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, sheet);
console.log(`wrote ${out}: ${rows.length} rows (state × panel) × ${sizes.length} sizes`);
