import type { AppView } from '../../shared/ipc-contract.js';
import type { SettingsPatch } from '../../shared/settings.js';
import { call } from '../api.js';
import { checkbox, el, field } from '../dom.js';
import { displayAccelerator } from './home.js';
import type { Navigator, Screen } from './view.js';

const save = (patch: SettingsPatch) => call('meetnow:settings:update', patch);

/** Records a shortcut from a key press: modifiers plus one key, in Electron's accelerator words. */
export function acceleratorFromEvent(
  event: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>,
): string | undefined {
  if (['Control', 'Meta', 'Alt', 'Shift', 'AltGraph'].includes(event.key)) return undefined;
  const parts: string[] = [];
  if (event.ctrlKey || event.metaKey) parts.push('CommandOrControl');
  if (event.altKey) parts.push('Alt');
  if (event.shiftKey) parts.push('Shift');
  if (parts.length === 0) return undefined;
  const code = event.code;
  const key = code.startsWith('Key')
    ? code.slice(3)
    : code.startsWith('Digit')
      ? code.slice(5)
      : /^F\d+$/.test(code)
        ? code
        : code === 'Space'
          ? 'Space'
          : undefined;
  return key ? [...parts, key].join('+') : undefined;
}

export function settingsScreen(nav: Navigator): Screen {
  const heading = el('h1', { attrs: { tabindex: '-1' } }, 'Settings');
  const recorder = el('input', {
    class: 'recorder',
    attrs: { type: 'text', readonly: true, id: 'shortcut-recorder' },
  });
  const shortcutStatus = el('p', {
    class: 'hint',
    attrs: { role: 'status', 'aria-live': 'polite', id: 'shortcut-status' },
  });
  recorder.setAttribute('aria-describedby', 'shortcut-status');
  recorder.addEventListener('keydown', (event) => {
    if (event.key === 'Tab') return;
    event.preventDefault();
    if (event.key === 'Backspace' || event.key === 'Delete') {
      void save({ shortcut: '' });
      return;
    }
    const accelerator = acceleratorFromEvent(event);
    if (accelerator) void save({ shortcut: accelerator });
    else
      shortcutStatus.textContent = 'Hold Ctrl (⌘), Alt or Shift and press a letter, digit or function key.';
  });
  const trayStart = el('input', {
    attrs: { type: 'radio', name: 'tray', id: 'tray-start', value: 'startMeeting' },
    on: { change: () => void save({ trayClickAction: 'startMeeting' }) },
  });
  const trayOpen = el('input', {
    attrs: { type: 'radio', name: 'tray', id: 'tray-open', value: 'openWindow' },
    on: { change: () => void save({ trayClickAction: 'openWindow' }) },
  });
  const toggles = el('div', { class: 'toggles' });
  const subject = el('input', {
    attrs: { type: 'text', maxlength: '250' },
    on: { change: () => void save({ defaultSubject: subject.value }) },
  });
  const hosts = el('ul', { class: 'hosts' });
  const root = el(
    'main',
    { class: 'screen settings' },
    el(
      'header',
      {},
      el(
        'button',
        { class: 'link back', attrs: { type: 'button' }, on: { click: () => nav.go('home') } },
        '‹ Back',
      ),
      heading,
    ),
    el(
      'section',
      { attrs: { 'aria-labelledby': 'shortcut-title' } },
      el('h2', { attrs: { id: 'shortcut-title' } }, 'Shortcut'),
      field('Start a meeting from anywhere (press the keys here; Backspace clears)', recorder),
      shortcutStatus,
    ),
    el(
      'fieldset',
      {},
      el('legend', {}, 'Clicking the tray icon'),
      el(
        'div',
        { class: 'check' },
        trayStart,
        el('label', { attrs: { for: 'tray-start' } }, 'starts a meeting'),
      ),
      el(
        'div',
        { class: 'check' },
        trayOpen,
        el('label', { attrs: { for: 'tray-open' } }, 'opens this window'),
      ),
    ),
    toggles,
    field('Default subject', subject),
    el(
      'section',
      { attrs: { 'aria-labelledby': 'hosts-title' } },
      el('h2', { attrs: { id: 'hosts-title' } }, 'Trusted servers'),
      hosts,
    ),
    el(
      'div',
      { class: 'actions' },
      el(
        'button',
        {
          class: 'secondary',
          attrs: { type: 'button' },
          on: { click: () => void call('meetnow:session:sign-out', { forget: false }) },
        },
        'Sign out',
      ),
      el(
        'button',
        {
          class: 'danger',
          attrs: { type: 'button' },
          on: { click: () => void call('meetnow:session:sign-out', { forget: true }) },
        },
        'Sign out and forget password',
      ),
    ),
  );
  let lastToggles = '';
  return {
    root,
    focusTarget: heading,
    update: (view: AppView) => {
      const s = view.settings;
      recorder.value = s.shortcut ? displayAccelerator(s.shortcut) : 'None';
      const status = view.shortcut;
      shortcutStatus.textContent =
        status.status === 'registered'
          ? 'Works everywhere.'
          : status.status === 'off'
            ? 'No shortcut.'
            : (status.message ?? 'Not available.');
      shortcutStatus.className =
        status.status === 'registered' || status.status === 'off' ? 'hint' : 'hint warning';
      trayStart.checked = s.trayClickAction === 'startMeeting';
      trayOpen.checked = s.trayClickAction === 'openWindow';
      if (document.activeElement !== subject) subject.value = s.defaultSubject;
      const key = JSON.stringify([s.copyLinkWhenReady, s.notifications, s.launchAtLogin]);
      if (key !== lastToggles) {
        lastToggles = key;
        toggles.replaceChildren(
          el('h2', {}, 'Behaviour'),
          checkbox(
            'Copy the join link when the meeting is ready',
            s.copyLinkWhenReady,
            (value) => void save({ copyLinkWhenReady: value }),
          ),
          checkbox(
            'Notify when the meeting is ready',
            s.notifications.meetingReady,
            (value) => void save({ notifications: { meetingReady: value } }),
          ),
          checkbox(
            'Notify about failures',
            s.notifications.failures,
            (value) => void save({ notifications: { failures: value } }),
          ),
          checkbox(
            'Notify when people join or leave',
            s.notifications.participants,
            (value) => void save({ notifications: { participants: value } }),
          ),
          checkbox(
            'Notify when someone waits in the lobby',
            s.notifications.lobby,
            (value) => void save({ notifications: { lobby: value } }),
          ),
          checkbox(
            'Start Meet Now when I log in',
            s.launchAtLogin,
            (value) => void save({ launchAtLogin: value }),
          ),
        );
      }
      hosts.replaceChildren(
        ...(s.approvedHosts.length === 0
          ? [el('li', { class: 'hint' }, 'Only servers in your own domain.')]
          : s.approvedHosts.map((host) =>
              el(
                'li',
                {},
                el('span', {}, host),
                el(
                  'button',
                  {
                    class: 'link',
                    attrs: { type: 'button', 'aria-label': `Stop trusting ${host}` },
                    on: { click: () => void call('meetnow:settings:revoke-host', { host }) },
                  },
                  'Revoke',
                ),
              ),
            )),
      );
    },
  };
}
