// The drawing behind the tray and app icons, shared by make-icons.mjs and tray-contact-sheet.mjs:
// a video-camera glyph and, per state, a badge whose SHAPE tells the state (colour only helps):
// none = ready, solid dot = in a meeting, ellipsis = signing in / starting / reconnecting,
// "!" = problem, a slash through the glyph = signed out. No image tools needed.
import { deflateSync } from 'node:zlib';

/** Badge colours per panel: darker on light panels, brighter on dark ones (≥ 3:1 on both). */
const badgeColours = {
  live: { light: [26, 127, 55], dark: [63, 185, 80] },
  busy: { light: [138, 74, 0], dark: [245, 166, 35] },
  error: { light: [198, 40, 40], dark: [255, 107, 107] },
};

export const states = {
  'signed-out': { badge: 'slash', dim: true },
  'signing-in': { badge: 'ellipsis', colour: 'busy', dim: true },
  ready: { badge: 'none', dim: false },
  starting: { badge: 'ellipsis', colour: 'busy', dim: false },
  'in-meeting': { badge: 'dot', colour: 'live', dim: false },
  reconnecting: { badge: 'ellipsis', colour: 'busy', dim: true },
  error: { badge: 'bang', colour: 'error', dim: true },
};

/** The file sets: `-light` for light panels (dark glyph), `-dark` for dark panels (light glyph). */
export const variants = {
  '-light': { glyph: [32, 32, 32], panel: 'light', template: false },
  '-dark': { glyph: [240, 240, 240], panel: 'dark', template: false },
  Template: { glyph: [0, 0, 0], panel: 'light', template: true },
};

/** Scale suffix → pixel size: Windows at 125/150 % and 22/24 px Linux panels get their own. */
export const scales = { '': 16, '@1.25x': 20, '@1.5x': 24, '@2x': 32, '@3x': 48 };

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

/** An RGBA PNG from a pixel function. */
export function png(width, height, pixel) {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y += 1) {
    raw[y * (width * 4 + 1)] = 0;
    for (let x = 0; x < width; x += 1) raw.set(pixel(x, y), y * (width * 4 + 1) + 1 + x * 4);
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
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
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
const segment = (px, py, ax, ay, bx, by) => {
  const t = Math.max(
    0,
    Math.min(1, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)),
  );
  return Math.hypot(px - (ax + t * (bx - ax)), py - (ay + t * (by - ay)));
};

/** What covers one sample point: 'badge', 'badgeMark' (the "!"), 'glyph', or nothing. */
function sample(px, py, badge) {
  const glyph = Math.min(roundRect(px, py, 0.08, 0.28, 0.64, 0.72, 0.08), triangle(px, py)) <= 0;
  switch (badge) {
    case 'dot': {
      if (circle(px, py, 0.76, 0.76, 0.21) <= 0) return 'badge';
      return glyph && circle(px, py, 0.76, 0.76, 0.29) > 0 ? 'glyph' : null;
    }
    case 'bang': {
      if (circle(px, py, 0.76, 0.76, 0.23) <= 0) {
        const stem = Math.abs(px - 0.76) < 0.045 && py > 0.61 && py < 0.8;
        const point = circle(px, py, 0.76, 0.87, 0.045) <= 0;
        return stem || point ? 'badgeMark' : 'badge';
      }
      return glyph && circle(px, py, 0.76, 0.76, 0.31) > 0 ? 'glyph' : null;
    }
    case 'ellipsis': {
      const dots = [0.56, 0.75, 0.94].some((cx) => circle(px, py, cx, 0.86, 0.075) <= 0);
      if (dots) return 'badge';
      const clear = roundRect(px, py, 0.44, 0.74, 1.06, 0.98, 0.1) > 0;
      return glyph && clear ? 'glyph' : null;
    }
    case 'slash': {
      const line = segment(px, py, 0.14, 0.1, 0.9, 0.9);
      if (line < 0.05) return 'glyph';
      return glyph && line > 0.11 ? 'glyph' : null;
    }
    default:
      return glyph ? 'glyph' : null;
  }
}

/** One icon as a PNG. */
export function drawIcon(size, stateName, variantName) {
  return png(size, size, iconPixel(size, stateName, variantName));
}

/** One icon as a pixel function (x, y) → RGBA, supersampled so small sizes stay crisp. */
export function iconPixel(size, stateName, variantName) {
  const state = states[stateName];
  const variant = variants[variantName];
  const badgeRgb = state.colour ? badgeColours[state.colour][variant.panel] : variant.glyph;
  return (x, y) => {
    let r = 0;
    let g = 0;
    let b = 0;
    let alpha = 0;
    const samples = 4;
    for (let sy = 0; sy < samples; sy += 1) {
      for (let sx = 0; sx < samples; sx += 1) {
        const hit = sample((x + (sx + 0.5) / samples) / size, (y + (sy + 0.5) / samples) / size, state.badge);
        let colour = null;
        if (hit === 'glyph') colour = [...variant.glyph, variant.template ? 255 : state.dim ? 170 : 255];
        else if (hit === 'badge') colour = [...(variant.template ? [0, 0, 0] : badgeRgb), 255];
        else if (hit === 'badgeMark') colour = variant.template ? null : [255, 255, 255, 255];
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
  };
}

/** The app icon: the camera on a blue tile, no badge. */
export function drawAppIcon(size) {
  return png(size, size, (x, y) => {
    const px = (x + 0.5) / size;
    const py = (y + 0.5) / size;
    if (roundRect(px, py, 0, 0, 1, 1, 0.2) > 0) return [0, 0, 0, 0];
    return sample(px, py, 'none') === 'glyph' ? [255, 255, 255, 255] : [0, 99, 177, 255];
  });
}
