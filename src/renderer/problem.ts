import type { CatalogEntry } from '../shared/error-catalog.js';
import { describeProblemFacts } from '../shared/error-catalog.js';
import type { IpcError } from '../shared/ipc-contract.js';
import { el } from './dom.js';

/** An IPC failure in the catalog's words (the code is the error kind, the message its cause). */
export function ipcProblem(error: IpcError): CatalogEntry {
  return describeProblemFacts({ kind: error.code, cause: error.message });
}

/**
 * Fills an alert region with a problem: the title in bold, the specific detail, the next step,
 * and Retry when trying again can help. Same words as the tray tooltip and the notification.
 */
export function showProblem(
  region: HTMLElement,
  entry: CatalogEntry | undefined,
  onRetry?: () => void,
): void {
  if (!entry) {
    region.replaceChildren();
    region.hidden = true;
    return;
  }
  region.hidden = false;
  const parts: Node[] = [el('strong', { class: 'problem-title' }, entry.title)];
  if (entry.detail) parts.push(el('span', { class: 'problem-detail' }, ` ${entry.detail}`));
  if (entry.action) parts.push(el('span', { class: 'problem-action' }, ` ${entry.action}`));
  if (entry.retry && onRetry)
    parts.push(
      el(
        'button',
        { class: 'secondary small retry', attrs: { type: 'button' }, on: { click: onRetry } },
        'Retry',
      ),
    );
  region.replaceChildren(...parts);
}

const svgNs = 'http://www.w3.org/2000/svg';

/** The app's camera logo, drawn (no image request; the CSP allows none but 'self'). */
export function logo(): SVGSVGElement {
  const svg = document.createElementNS(svgNs, 'svg');
  svg.setAttribute('viewBox', '0 0 32 32');
  svg.setAttribute('class', 'logo');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const shape = (tag: string, attrs: Record<string, string>) => {
    const node = document.createElementNS(svgNs, tag);
    for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
    svg.append(node);
  };
  shape('rect', { x: '0', y: '0', width: '32', height: '32', rx: '7', class: 'logo-bg' });
  shape('rect', { x: '5', y: '10', width: '15', height: '12', rx: '2.5', class: 'logo-fg' });
  shape('path', { d: 'M21 14.5 27 11v10l-6-3.5z', class: 'logo-fg' });
  return svg;
}
