import type { AppView } from '../../shared/ipc-contract.js';
import { call } from '../api.js';
import { el, field } from '../dom.js';
import { ipcProblem, logo, showProblem } from '../problem.js';
import { demoBanner } from './demo.js';
import { recentMeetings } from './recent.js';
import type { Navigator, Screen } from './view.js';
import { welcomeCard } from './welcome.js';

/** Home: Subject, one large Start meeting now (Enter in Subject starts too), the shortcut, account. */
export function homeScreen(nav: Navigator): Screen {
  const heading = el('h1', { attrs: { tabindex: '-1' } }, 'Meet Now');
  const account = el('p', { class: 'account' });
  const connection = el('span', { class: 'badge', attrs: { role: 'status' } });
  const demoBadge = el('span', { class: 'badge demo-badge', attrs: { hidden: true } }, 'Demo');
  const demo = demoBanner();
  const subject = el('input', {
    attrs: {
      type: 'text',
      maxlength: '250',
      placeholder: 'Optional',
      autocomplete: 'off',
      enterkeyhint: 'go',
    },
  });
  const shortcutHint = el('p', { class: 'hint shortcut' });
  const error = el('div', { class: 'error', attrs: { role: 'alert', hidden: true } });
  const welcome = welcomeCard();
  const startNow = async () => {
    if (start.disabled) return;
    showProblem(error, undefined);
    nav.go('starting');
    const result = await call(
      'meetnow:meeting:start',
      subject.value.trim() ? { subject: subject.value.trim() } : {},
    );
    if (!result.ok) {
      nav.go('home');
      if (result.error.code !== 'aborted')
        showProblem(error, ipcProblem(result.error), () => void startNow());
    } else nav.go('meeting');
  };
  subject.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      void startNow();
    }
  });
  const start = el(
    'button',
    { class: 'start', attrs: { type: 'button' }, on: { click: () => void startNow() } },
    'Start meeting now',
  );
  const myLinkStatus = el('span', { class: 'copied', attrs: { role: 'status', 'aria-live': 'polite' } });
  // What the link is, said next to it: a standing link, not the one of the meeting started here.
  const myLinkHint = el(
    'p',
    { class: 'hint my-link-hint', attrs: { id: 'my-link-hint' } },
    'Always the same link — not the meeting you start now',
  );
  let myLinkCopies = 0;
  const myLink = el(
    'button',
    {
      class: 'secondary',
      attrs: { type: 'button', 'aria-describedby': 'my-link-hint' },
      on: {
        click: async () => {
          const result = await call('meetnow:my-link:copy');
          myLinkCopies = result.ok ? myLinkCopies + 1 : 0;
          // A changing text, so a second copy is announced again.
          myLinkStatus.textContent = result.ok
            ? myLinkCopies > 1
              ? `Personal link copied again (${myLinkCopies})`
              : 'Personal link copied'
            : '';
          // "No personal link" becomes the disabled button's hint, not an alert.
          const refused = !result.ok && result.error.code === 'no-personal-link';
          showProblem(error, result.ok || refused ? undefined : ipcProblem(result.error));
        },
      },
    },
    'Copy my personal meeting link',
  );
  const recent = recentMeetings();
  const change = el(
    'button',
    { class: 'link', attrs: { type: 'button', hidden: true }, on: { click: () => nav.go('settings') } },
    'Change…',
  );
  const root = el(
    'main',
    { class: 'screen home' },
    el('header', { class: 'brand' }, logo(), heading, connection, demoBadge),
    account,
    demo.root,
    field('Subject', subject),
    start,
    el('div', { class: 'shortcut-row' }, shortcutHint, change),
    el('div', { class: 'my-link-row' }, myLink, myLinkStatus),
    myLinkHint,
    error,
    welcome.root,
    recent.root,
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
      demoBadge.hidden = !view.settings.demoMode;
      demo.update(view);
      welcome.update(view);
      start.disabled = !(session.status === 'ready' || session.status === 'reconnecting');
      const unavailable = view.myLinkUnavailable;
      myLink.disabled = start.disabled || unavailable !== undefined;
      myLinkHint.textContent = unavailable
        ? `${unavailable.title} ${unavailable.action}`
        : 'Always the same link — not the meeting you start now';
      myLinkHint.classList.toggle('unavailable', unavailable !== undefined);
      recent.update(view);
      if (!subject.value && view.settings.defaultSubject) subject.placeholder = view.settings.defaultSubject;
      const shortcut = view.shortcut;
      shortcutHint.replaceChildren(
        ...(shortcut.status === 'registered'
          ? ['or press ', el('kbd', {}, shortcut.display), ' anywhere']
          : shortcut.status === 'off'
            ? ['No global shortcut is set.']
            : [
                el(
                  'span',
                  { class: 'warning' },
                  shortcut.problem?.detail || shortcut.message || 'The shortcut is not available.',
                ),
              ]),
      );
      change.hidden = shortcut.status === 'registered';
      if (view.meeting?.state === 'failed' && view.meeting.problem && error.hidden)
        showProblem(error, view.meeting.problem, () => void startNow());
    },
  };
}

/** Starting: the stages as they happen, and Cancel. */
export function startingScreen(nav: Navigator): Screen {
  const heading = el('h1', { attrs: { tabindex: '-1' } }, 'Starting your meeting…');
  const steps = el('ol', { class: 'steps', attrs: { 'aria-live': 'polite' } });
  const slow = el('p', { class: 'status', attrs: { role: 'status', 'aria-live': 'polite' } });
  const doCancel = async () => {
    await call('meetnow:meeting:cancel');
    nav.go('home');
  };
  const cancel = el(
    'button',
    { class: 'secondary', attrs: { type: 'button' }, on: { click: () => void doCancel() } },
    'Cancel',
  );
  const retry = el(
    'button',
    {
      class: 'primary',
      attrs: { type: 'button', hidden: true },
      on: {
        click: async () => {
          await call('meetnow:meeting:cancel');
          nav.go('starting');
          const result = await call('meetnow:meeting:start', {});
          nav.go(result.ok ? 'meeting' : 'home');
        },
      },
    },
    'Retry',
  );
  // After ~8 s with no meeting, say so and offer Retry (the server may be slow, not gone).
  const slowTimer = window.setTimeout(() => {
    slow.textContent = 'Still waiting for the server…';
    retry.hidden = false;
  }, 8000);
  const root = el(
    'main',
    { class: 'screen starting', attrs: { 'aria-busy': 'true' } },
    heading,
    steps,
    slow,
    el('div', { class: 'actions' }, cancel, retry),
  );
  root.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      void doCancel();
    }
  });
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
  return { root, focusTarget: heading, update: render, dispose: () => window.clearTimeout(slowTimer) };
}
