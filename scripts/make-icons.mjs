// Draws the tray and app icons into assets/ (the PNGs are committed): every state in the
// light-panel, dark-panel and macOS template sets, at 16/20/24/32/48 px (1×, 1.25×, 1.5×, 2×, 3×).
// Run `node scripts/make-icons.mjs` after changing scripts/icon-drawing.mjs, then look at
// `node scripts/tray-contact-sheet.mjs`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { drawAppIcon, drawIcon, scales, states, variants } from './icon-drawing.mjs';

mkdirSync('assets/tray', { recursive: true });
mkdirSync('assets/icons', { recursive: true });
for (const name of Object.keys(states)) {
  for (const [suffix, variant] of Object.entries(variants)) {
    for (const [scale, size] of Object.entries(scales)) {
      // macOS asks only for 1× and 2× template images.
      if (variant.template && scale !== '' && scale !== '@2x') continue;
      writeFileSync(`assets/tray/${name}${suffix}${scale}.png`, drawIcon(size, name, suffix));
    }
  }
}
for (const size of [16, 32, 48, 64, 128, 256, 512, 1024])
  writeFileSync(`assets/icons/${size}x${size}.png`, drawAppIcon(size));
writeFileSync('assets/icons/icon.png', drawAppIcon(1024));
