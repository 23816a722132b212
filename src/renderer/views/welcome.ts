import type { AppView } from '../../shared/ipc-contract.js';
import { call } from '../api.js';
import { el } from '../dom.js';

/**
 * The one-time "You're set" card: where the tray icon lives, that closing the window does not
 * quit, a shortcut to try now, and what a tray click should do (asked once, then done).
 */
export function welcomeCard(): { root: HTMLElement; update(view: AppView): void } {
  const where = el('p', {});
  const tryIt = el('p', {});
  const gnome = el('p', { class: 'hint' });
  const start = el('input', {
    attrs: { type: 'radio', name: 'welcome-click', id: 'welcome-start' },
    on: { change: () => void call('meetnow:settings:update', { trayClickAction: 'startMeeting' }) },
  });
  const open = el('input', {
    attrs: { type: 'radio', name: 'welcome-click', id: 'welcome-open' },
    on: { change: () => void call('meetnow:settings:update', { trayClickAction: 'openWindow' }) },
  });
  const done = el(
    'button',
    {
      class: 'secondary',
      attrs: { type: 'button' },
      on: {
        click: () => void call('meetnow:settings:update', { welcomeDone: true, trayClickExplained: true }),
      },
    },
    'Got it',
  );
  const root = el(
    'section',
    { class: 'welcome card', attrs: { 'aria-labelledby': 'welcome-title', hidden: true } },
    el('h2', { attrs: { id: 'welcome-title' } }, "You're set"),
    where,
    tryIt,
    el(
      'fieldset',
      {},
      el('legend', {}, 'Clicking the tray icon will'),
      el(
        'div',
        { class: 'check' },
        start,
        el('label', { attrs: { for: 'welcome-start' } }, 'Start a meeting'),
      ),
      el(
        'div',
        { class: 'check' },
        open,
        el('label', { attrs: { for: 'welcome-open' } }, 'Open this window'),
      ),
    ),
    gnome,
    el('div', { class: 'actions' }, done),
  );
  return {
    root,
    update: (view) => {
      root.hidden = view.settings.welcomeDone;
      if (root.hidden) return;
      const mac = view.platform === 'mac';
      where.textContent = mac
        ? 'Meet Now lives in the menu bar, top right. Closing this window does not quit it.'
        : view.platform === 'windows'
          ? 'Meet Now lives in the notification area of the taskbar (it may hide behind ^). Closing this window does not quit it.'
          : 'Meet Now lives in the top bar or panel tray. Closing this window does not quit it.';
      tryIt.textContent =
        view.shortcut.status === 'registered'
          ? `Try ${view.shortcut.display} now, from any app: a meeting starts and its link is copied.`
          : 'Start a meeting from the tray icon or this window.';
      gnome.textContent =
        view.platform === 'linux' ? 'On GNOME, the tray icon needs the AppIndicator extension.' : '';
      start.checked = view.settings.trayClickAction === 'startMeeting';
      open.checked = view.settings.trayClickAction === 'openWindow';
    },
  };
}
