/** The keys Chromium's menu would give for zoom, which a window without a menu must handle itself. */
export interface KeyInput {
  type: string;
  key: string;
  control: boolean;
  meta: boolean;
  alt: boolean;
}

/** +0.5 / -0.5 zoom level, 0 to reset, undefined when the key is not a zoom key. */
export function zoomStep(input: KeyInput): number | undefined {
  if (input.type !== 'keyDown' || input.alt || !(input.control || input.meta)) return undefined;
  if (input.key === '=' || input.key === '+') return 0.5;
  if (input.key === '-' || input.key === '_') return -0.5;
  if (input.key === '0') return 0;
  return undefined;
}

/** Zoom levels from 50 % to 300 % (level = log1.2 of the factor). */
export function clampZoom(level: number): number {
  return Math.min(6, Math.max(-3.8, level));
}
