import type { AppView } from '../../shared/ipc-contract.js';
import { call } from '../api.js';
import { el } from '../dom.js';

/** "Signing out will leave '…'": asked before signing out or quitting during a live meeting. */
export function confirmBar(): { root: HTMLElement; update(view: AppView): void } {
  const text = el('p', { attrs: { id: 'confirm-text' } });
  const title = el('h2', { attrs: { id: 'confirm-title' } });
  const answer = (proceed: boolean) => () => void call('meetnow:confirm:answer', { proceed });
  const stay = el(
    'button',
    { class: 'secondary', attrs: { type: 'button' }, on: { click: answer(false) } },
    'Stay in the meeting',
  );
  const go = el('button', { class: 'danger', attrs: { type: 'button' }, on: { click: answer(true) } });
  const root = el(
    'section',
    {
      class: 'confirm global',
      attrs: {
        role: 'alertdialog',
        'aria-labelledby': 'confirm-title',
        'aria-describedby': 'confirm-text',
        hidden: true,
      },
    },
    title,
    text,
    el('div', { class: 'actions' }, stay, go),
  );
  root.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      answer(false)();
    }
  });
  let shown = '';
  return {
    root,
    update: (view) => {
      const request = view.confirm;
      root.hidden = !request;
      if (!request) {
        shown = '';
        return;
      }
      const key = `${request.action}:${request.subject}`;
      if (key === shown) return;
      shown = key;
      const verb = request.action === 'signOut' ? 'Sign out' : 'Quit';
      title.textContent = `${verb} during the meeting?`;
      text.textContent = `${request.action === 'signOut' ? 'Signing out' : 'Quitting'} will leave “${request.subject}”. Others can stay in it.`;
      go.textContent = `${verb} and leave`;
      stay.focus();
    },
  };
}
