export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Where a tray popover goes: centred under (or over) the tray icon and kept inside the work
 * area. With no usable tray bounds (Linux often reports zeros), it goes to the work area's
 * top-right (or bottom-right) corner instead.
 */
export function placeNearTray(
  tray: Rect | undefined,
  size: { width: number; height: number },
  workArea: Rect,
): { x: number; y: number } {
  const margin = 8;
  const clampX = (x: number) =>
    Math.min(Math.max(x, workArea.x + margin), workArea.x + workArea.width - size.width - margin);
  const clampY = (y: number) =>
    Math.min(Math.max(y, workArea.y + margin), workArea.y + workArea.height - size.height - margin);
  if (!tray || (tray.width === 0 && tray.height === 0)) {
    return { x: clampX(workArea.x + workArea.width - size.width - margin), y: clampY(workArea.y + margin) };
  }
  const trayCentreX = tray.x + tray.width / 2;
  const trayIsLow = tray.y > workArea.y + workArea.height / 2;
  const y = trayIsLow ? tray.y - size.height - margin : tray.y + tray.height + margin;
  return { x: Math.round(clampX(trayCentreX - size.width / 2)), y: Math.round(clampY(y)) };
}
