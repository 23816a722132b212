import type { AppView } from '../../shared/ipc-contract.js';
import { call } from '../api.js';
import { el, field } from '../dom.js';
import { friendly } from './sign-in.js';
import type { Navigator, Screen } from './view.js';

/** Home: one large Start meeting now, the shortcut, an optional subject, account and connection. */
export function homeScreen(nav: Navigator): Screen {
  const heading = el('h1', { attrs: { tabindex: '-1' } }, 'Meet Now');
  const account = el('p', { class: 'account' });
  const connection = el('span', { class: 'badge', attrs: { role: 'status' } });
  const subject = el('input', {
    attrs: { type: 'text', maxlength: '250', placeholder: 'Optional', autocomplete: 'off' },
  });
  const shortcutHint = el('p', { class: 'hint shortcut' });
  const error = el('p', { class: 'error', attrs: { role: 'alert' } });
  const start = el(
    'button',
    {
      class: 'start',
      attrs: { type: 'button' },
      on: {
        click: async () => {
          error.textContent = '';
          nav.go('starting');
          const result = await call(
            'meetnow:meeting:start',
            subject.value.trim() ? { subject: subject.value.trim() } : {},
          );
          if (!result.ok) {
            nav.go('home');
            error.textContent = friendly(result.error.code, result.error.message);
          } else nav.go('meeting');
        },
      },
    },
    'Start meeting now',
  );
  const root = el(
    'main',
    { class: 'screen home' },
    el(
      'header',
      { class: 'brand' },
      el('span', { class: 'logo', attrs: { 'aria-hidden': 'true' } }),
      heading,
      connection,
    ),
    account,
    start,
    shortcutHint,
    field('Subject', subject),
    error,
    el(
      'nav',
      { class: 'footer', attrs: { 'aria-label': 'More' } },
      el(
        'button',
        { class: 'link', attrs: { type: 'button' }, on: { click: () => nav.go('settings') } },
        'Settings',
      ),
      el(
        'button',
        {
          class: 'link',
          attrs: { type: 'button' },
          on: { click: () => void call('meetnow:session:sign-out', { forget: false }) },
        },
        'Sign out',
      ),
    ),
  );
  return {
    root,
    focusTarget: heading,
    update: (view: AppView) => {
      const session = view.session;
      if (session.status === 'ready' || session.status === 'reconnecting') {
        account.textContent = session.displayName
          ? `${session.displayName} · ${session.account}`
          : session.account;
      }
      connection.textContent =
        session.status === 'reconnecting' ? 'Reconnecting…' : session.status === 'ready' ? 'Connected' : '';
      connection.className = `badge ${session.status}`;
      start.disabled = !(session.status === 'ready' || session.status === 'reconnecting');
      if (!subject.value && view.settings.defaultSubject) subject.placeholder = view.settings.defaultSubject;
      const shortcut = view.shortcut;
      shortcutHint.replaceChildren(
        ...(shortcut.status === 'registered'
          ? ['or press ', el('kbd', {}, displayAccelerator(shortcut.accelerator)), ' anywhere']
          : shortcut.status === 'off'
            ? ['No global shortcut is set.']
            : [el('span', { class: 'warning' }, shortcut.message ?? 'The shortcut is not available.')]),
      );
      if (view.meeting?.state === 'failed' && view.meeting.reason && !error.textContent)
        error.textContent = view.meeting.reason;
    },
  };
}

export function displayAccelerator(accelerator: string): string {
  const mac = navigator.userAgent.includes('Mac');
  return accelerator
    .replace('CommandOrControl', mac ? '⌘' : 'Ctrl')
    .replace('CmdOrCtrl', mac ? '⌘' : 'Ctrl')
    .replace('Alt', mac ? '⌥' : 'Alt')
    .replaceAll('+', ' + ');
}

/** Starting: the stages as they happen, and Cancel. */
export function startingScreen(nav: Navigator): Screen {
  const heading = el('h1', { attrs: { tabindex: '-1' } }, 'Starting your meeting…');
  const steps = el('ol', { class: 'steps', attrs: { 'aria-live': 'polite' } });
  const cancel = el(
    'button',
    {
      class: 'secondary',
      attrs: { type: 'button' },
      on: {
        click: async () => {
          await call('meetnow:meeting:cancel');
          nav.go('home');
        },
      },
    },
    'Cancel',
  );
  const root = el(
    'main',
    { class: 'screen starting', attrs: { 'aria-busy': 'true' } },
    heading,
    steps,
    el('div', { class: 'actions' }, cancel),
  );
  const render = (view: AppView) => {
    const signedIn = view.session.status === 'ready' || view.session.status === 'reconnecting';
    const connected = view.session.status === 'ready';
    const created = view.meeting?.state === 'live';
    const step = (label: string, done: boolean, active: boolean) =>
      el(
        'li',
        { class: done ? 'done' : active ? 'active' : '' },
        el('span', { class: 'sr-only' }, done ? 'Done: ' : active ? 'In progress: ' : 'Waiting: '),
        label,
      );
    steps.replaceChildren(
      step('Signed in', signedIn, !signedIn),
      step('Connected to the server', connected, signedIn && !connected),
      step('Creating the meeting', created, connected && !created),
    );
    if (view.meeting?.state === 'live') nav.go('meeting');
  };
  return { root, focusTarget: heading, update: render };
}
