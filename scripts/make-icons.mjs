// Draws the tray and app icons (no image tools needed): a video-camera glyph with a status badge
// per state, light/dark variants, macOS template images, at the sizes each OS asks for.
// Run `node scripts/make-icons.mjs` after changing it; the PNGs are committed under assets/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const states = {
  'signed-out': { badge: null, dim: true },
  'signing-in': { badge: [245, 166, 35], dim: true },
  ready: { badge: [46, 160, 67], dim: false },
  starting: { badge: [245, 166, 35], dim: false },
  'in-meeting': { badge: [215, 38, 61], dim: false },
  reconnecting: { badge: [245, 130, 32], dim: true },
  error: { badge: [215, 38, 61], dim: true, cross: true },
};

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes) => {
  let c = 0xffffffff;
  for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function png(size, pixel) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y += 1) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x += 1) {
      const [r, g, b, a] = pixel(x, y);
      raw.set([r, g, b, a], y * (size * 4 + 1) + 1 + x * 4);
    }
  }
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// Signed distances in a 0..1 square.
const roundRect = (px, py, x0, y0, x1, y1, r) => {
  const cx = Math.max(x0 + r - px, 0, px - (x1 - r));
  const cy = Math.max(y0 + r - py, 0, py - (y1 - r));
  const inside =
    Math.min(Math.max(x0 + r - px, px - (x1 - r)), 0) + Math.min(Math.max(y0 + r - py, py - (y1 - r)), 0);
  return Math.hypot(cx, cy) - r + (cx === 0 && cy === 0 ? inside : 0);
};
const triangle = (px, py) => Math.max(0.62 - px, px - 0.9, Math.abs(py - 0.5) - (px - 0.62) * 0.75 - 0.06);
const circle = (px, py, cx, cy, r) => Math.hypot(px - cx, py - cy) - r;

function drawIcon(size, { glyph, badge, dim, cross, template }) {
  return png(size, (x, y) => {
    let r = 0;
    let g = 0;
    let b = 0;
    let alpha = 0;
    const samples = 4;
    for (let sy = 0; sy < samples; sy += 1) {
      for (let sx = 0; sx < samples; sx += 1) {
        const px = (x + (sx + 0.5) / samples) / size;
        const py = (y + (sy + 0.5) / samples) / size;
        const body = Math.min(roundRect(px, py, 0.08, 0.28, 0.64, 0.72, 0.08), triangle(px, py));
        const badgeDistance = badge ? circle(px, py, 0.76, 0.76, 0.2) : 1;
        const ring = badge ? circle(px, py, 0.76, 0.76, 0.27) : 1;
        let colour = null;
        if (badgeDistance <= 0) {
          const onCross =
            cross && Math.min(Math.abs(px - 0.76 - (py - 0.76)), Math.abs(px - 0.76 + (py - 0.76))) < 0.045;
          colour = template ? [0, 0, 0, onCross ? 0 : 255] : onCross ? [255, 255, 255, 255] : [...badge, 255];
        } else if (body <= 0 && ring > 0) {
          colour = [...glyph, template ? 255 : dim ? 150 : 255];
        }
        if (colour) {
          r += colour[0] * colour[3];
          g += colour[1] * colour[3];
          b += colour[2] * colour[3];
          alpha += colour[3];
        }
      }
    }
    const n = samples * samples;
    return alpha === 0
      ? [0, 0, 0, 0]
      : [Math.round(r / alpha), Math.round(g / alpha), Math.round(b / alpha), Math.round(alpha / n)];
  });
}

mkdirSync('assets/tray', { recursive: true });
mkdirSync('assets/icons', { recursive: true });
for (const [name, state] of Object.entries(states)) {
  for (const [suffix, glyph, template] of [
    ['-light', [32, 32, 32], false],
    ['-dark', [240, 240, 240], false],
    ['Template', [0, 0, 0], true],
  ]) {
    writeFileSync(`assets/tray/${name}${suffix}.png`, drawIcon(16, { glyph, ...state, template }));
    writeFileSync(`assets/tray/${name}${suffix}@2x.png`, drawIcon(32, { glyph, ...state, template }));
    if (!template)
      writeFileSync(`assets/tray/${name}${suffix}@3x.png`, drawIcon(48, { glyph, ...state, template }));
  }
}
const appIcon = (size) =>
  drawIcon(size, { glyph: [0, 120, 212], badge: [46, 160, 67], dim: false, template: false });
for (const size of [16, 32, 48, 64, 128, 256, 512, 1024])
  writeFileSync(`assets/icons/${size}x${size}.png`, appIcon(size));
writeFileSync('assets/icons/icon.png', appIcon(1024));
