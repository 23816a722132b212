import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { inflateSync } from 'node:zlib';
import { trayIconFile, trayVariant } from '../../src/main/app/tray-icons.js';
import type { TrayIconName } from '../../src/main/app/tray-model.js';

const states: TrayIconName[] = [
  'signed-out',
  'signing-in',
  'ready',
  'starting',
  'in-meeting',
  'reconnecting',
  'error',
];
const scales: Record<string, number> = { '': 16, '@1.25x': 20, '@1.5x': 24, '@2x': 32, '@3x': 48 };
/** Real panels: Windows 11 light taskbar, white, KDE light; GNOME top bar, Windows 10 taskbar, dark KDE. */
const panels = {
  '-light': [
    [243, 243, 243],
    [255, 255, 255],
    [220, 220, 220],
  ],
  '-dark': [
    [0, 0, 0],
    [31, 31, 31],
    [45, 45, 45],
  ],
} as const;

/** The 8-bit RGBA PNGs scripts/make-icons.mjs writes (any row filter). */
function decodePng(buffer: Buffer): { width: number; height: number; pixels: Uint8Array } {
  assert.equal(buffer.readUInt32BE(12), 0x49484452, 'IHDR first');
  const width = buffer.readUInt32BE(16);
  const height = buffer.readUInt32BE(20);
  assert.deepEqual([buffer[24], buffer[25]], [8, 6], '8-bit RGBA');
  const idat: Buffer[] = [];
  for (let offset = 8; offset < buffer.length; ) {
    const length = buffer.readUInt32BE(offset);
    if (buffer.toString('ascii', offset + 4, offset + 8) === 'IDAT')
      idat.push(buffer.subarray(offset + 8, offset + 8 + length));
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y += 1) {
    const filter = raw[y * (stride + 1)] ?? 0;
    for (let x = 0; x < stride; x += 1) {
      const left = x >= 4 ? (pixels[y * stride + x - 4] ?? 0) : 0;
      const up = y > 0 ? (pixels[(y - 1) * stride + x] ?? 0) : 0;
      const corner = x >= 4 && y > 0 ? (pixels[(y - 1) * stride + x - 4] ?? 0) : 0;
      const p = left + up - corner;
      const paeth =
        Math.abs(p - left) <= Math.abs(p - up) && Math.abs(p - left) <= Math.abs(p - corner)
          ? left
          : Math.abs(p - up) <= Math.abs(p - corner)
            ? up
            : corner;
      const predictor = [0, left, up, (left + up) >> 1, paeth][filter] ?? 0;
      pixels[y * stride + x] = ((raw[y * (stride + 1) + 1 + x] ?? 0) + predictor) & 0xff;
    }
  }
  return { width, height, pixels };
}

const luminance = (rgb: readonly number[]) => {
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a: readonly number[], b: readonly number[]) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};

/** The icon's colours that cover whole pixels (glyph and badge), with how often each occurs. */
function solidColours(pixels: Uint8Array): Map<string, { rgba: number[]; count: number }> {
  const colours = new Map<string, { rgba: number[]; count: number }>();
  for (let at = 0; at < pixels.length; at += 4) {
    const rgba = [...pixels.subarray(at, at + 4)];
    if ((rgba[3] ?? 0) < 160) continue; // edges and transparency
    const key = rgba.join(',');
    const entry = colours.get(key) ?? { rgba, count: 0 };
    entry.count += 1;
    colours.set(key, entry);
  }
  return colours;
}

describe('tray icons', () => {
  it('exist for every state, panel and size (1×, 1.25×, 1.5×, 2×, 3×) and macOS templates', () => {
    for (const state of states) {
      for (const variant of ['-light', '-dark'] as const)
        for (const [scale, size] of Object.entries(scales)) {
          const file = `assets/tray/${state}${variant}${scale}.png`;
          assert.ok(existsSync(file), file);
          const { width, height } = decodePng(readFileSync(file));
          assert.deepEqual([width, height], [size, size], file);
        }
      for (const scale of ['', '@2x']) assert.ok(existsSync(`assets/tray/${state}Template${scale}.png`));
    }
  });

  it('keep the glyph and the badge at 3:1 or more against every panel they are meant for', () => {
    for (const state of states)
      for (const [variant, backgrounds] of Object.entries(panels))
        for (const [scale] of Object.entries(scales)) {
          const file = `assets/tray/${state}${variant}${scale}.png`;
          // The glyph is the most frequent solid colour, the badge the most frequent of another
          // hue; antialiased edge pixels are neither.
          const ranked = [...solidColours(decodePng(readFileSync(file)).pixels).values()].sort(
            (x, y) => y.count - x.count,
          );
          const glyph = ranked[0];
          assert.ok(glyph, `${file} has solid pixels`);
          const isGrey = (rgba: number[]) => rgba[0] === rgba[1] && rgba[1] === rgba[2];
          const badge = ranked.find((entry) => !isGrey(entry.rgba));
          const colours = [glyph, ...(badge ? [badge] : [])];
          for (const background of backgrounds)
            for (const { rgba } of colours) {
              const [r = 0, g = 0, b = 0, a = 255] = rgba;
              const seen = [r, g, b].map((c, i) => (c * a + (background[i] ?? 0) * (255 - a)) / 255);
              const ratio = contrast(seen, background);
              assert.ok(ratio >= 3, `${file} on rgb(${background}): ${rgba} has ${ratio.toFixed(2)}:1`);
            }
        }
  });

  it('tell states apart by shape, not only colour: no two states draw the same alpha mask', () => {
    const mask = (state: TrayIconName) => {
      const { pixels } = decodePng(readFileSync(`assets/tray/${state}-dark@2x.png`));
      return [...pixels.filter((_, index) => index % 4 === 3)].map((a) => (a > 100 ? 1 : 0));
    };
    // One state per shape class (signing in, starting and reconnecting share the "passing" ellipsis).
    const classes: TrayIconName[] = ['ready', 'in-meeting', 'starting', 'error', 'signed-out'];
    for (const a of classes)
      for (const b of classes) {
        if (a >= b) continue;
        const [ma, mb] = [mask(a), mask(b)];
        const differing = ma.filter((bit, index) => bit !== mb[index]).length;
        assert.ok(differing >= 10, `${a} and ${b} differ in shape by ${differing} px at 32 px`);
      }
    const inMeeting = solidColours(decodePng(readFileSync('assets/tray/in-meeting-dark@2x.png')).pixels);
    const error = solidColours(decodePng(readFileSync('assets/tray/error-dark@2x.png')).pixels);
    const reds = [...error.keys()].filter((key) => inMeeting.has(key) && !key.startsWith('240,240,240'));
    assert.deepEqual(reds, [], 'in a meeting does not use the error colour');
  });

  it('follow the panel, not the window theme', () => {
    assert.equal(trayVariant('linux', 'auto', false), '-dark', 'a light glyph by default on Linux');
    assert.equal(trayVariant('linux', 'light', false), '-light', 'unless the user says the panel is light');
    assert.equal(trayVariant('win32', 'auto', true), '-dark', 'the Windows taskbar theme decides');
    assert.equal(trayVariant('win32', 'auto', false), '-light');
    assert.equal(trayVariant('darwin', 'dark', false), 'Template');
    assert.equal(trayIconFile('in-meeting', '-dark'), 'in-meeting-dark.png');
  });

  it('the contact sheet script draws every state on both panels', () => {
    const out = 'test-results/tray-contact-sheet.png';
    const printed = execFileSync(process.execPath, ['scripts/tray-contact-sheet.mjs', out], {
      encoding: 'utf8',
    });
    assert.match(printed, /14 rows \(state × panel\) × 5 sizes/);
    const sheet = decodePng(readFileSync(out));
    assert.deepEqual([sheet.width, sheet.height], [(48 * 4 + 16) * 5, (48 * 4 + 16) * 14]);
  });
});
