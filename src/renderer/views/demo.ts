import type { AppView } from '../../shared/ipc-contract.js';
import { call } from '../api.js';
import { el } from '../dom.js';

/** The demo server's banner: its links work only on this computer, and the way to a real account. */
export function demoBanner(): { root: HTMLElement; update(view: AppView): void } {
  const root = el(
    'aside',
    { class: 'demo-banner', attrs: { 'aria-label': 'Demo mode', hidden: true } },
    el('strong', {}, 'Demo server: '),
    el('span', {}, 'links work only on this computer. '),
    el(
      'button',
      {
        class: 'link',
        attrs: { type: 'button' },
        on: { click: () => void call('meetnow:session:sign-out', { forget: false }) },
      },
      'Sign in with my account',
    ),
  );
  return { root, update: (view) => (root.hidden = !view.settings.demoMode) };
}
