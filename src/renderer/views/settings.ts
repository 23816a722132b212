import type { AppView } from '../../shared/ipc-contract.js';
import type { SettingsPatch } from '../../shared/settings.js';
import { call } from '../api.js';
import { checkbox, el, field } from '../dom.js';
import { shortcutRecorder } from './shortcut-recorder.js';
import type { Navigator, Screen } from './view.js';

const save = (patch: SettingsPatch) => call('meetnow:settings:update', patch);

export function settingsScreen(nav: Navigator): Screen {
  const heading = el('h1', { attrs: { tabindex: '-1' } }, 'Settings');
  const recorder = shortcutRecorder();
  const trayStart = el('input', {
    attrs: { type: 'radio', name: 'tray', id: 'tray-start', value: 'startMeeting' },
    on: { change: () => void save({ trayClickAction: 'startMeeting' }) },
  });
  const trayOpen = el('input', {
    attrs: { type: 'radio', name: 'tray', id: 'tray-open', value: 'openWindow' },
    on: { change: () => void save({ trayClickAction: 'openWindow' }) },
  });
  const toggles = el('div', { class: 'toggles' });
  const panelChoice = radios(
    'The panel the tray icon sits on',
    'panel',
    [
      ['auto', 'As the system says (dark on most Linux desktops)'],
      ['dark', 'Dark'],
      ['light', 'Light'],
    ],
    (value) => void save({ panel: value as 'auto' | 'dark' | 'light' }),
  );
  // Built once and updated in place, so a toggled checkbox keeps the keyboard focus.
  const switches: Array<[string, (s: AppView['settings']) => boolean, (value: boolean) => SettingsPatch]> = [
    [
      'Copy the join link when the meeting is ready',
      (s) => s.copyLinkWhenReady,
      (v) => ({ copyLinkWhenReady: v }),
    ],
    [
      'Notify when the meeting is ready',
      (s) => s.notifications.meetingReady,
      (v) => ({ notifications: { meetingReady: v } }),
    ],
    ['Notify about failures', (s) => s.notifications.failures, (v) => ({ notifications: { failures: v } })],
    [
      'Notify when people join or leave',
      (s) => s.notifications.participants,
      (v) => ({ notifications: { participants: v } }),
    ],
    [
      'Notify when someone waits in the lobby',
      (s) => s.notifications.lobby,
      (v) => ({ notifications: { lobby: v } }),
    ],
    ['Start Meet Now when I log in', (s) => s.launchAtLogin, (v) => ({ launchAtLogin: v })],
    [
      'Keep a list of recent meetings (turning it off forgets it)',
      (s) => s.recentMeetingsEnabled,
      (v) => ({ recentMeetingsEnabled: v }),
    ],
  ];
  const boxes = switches.map(([label, , patch]) =>
    checkbox(label, false, (value) => void save(patch(value))),
  );
  toggles.replaceChildren(el('h2', {}, 'Behaviour'), ...boxes);
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
    recorder.root,
    el(
      'fieldset',
      {},
      el('legend', {}, 'Clicking the tray icon'),
      el(
        'div',
        { class: 'check' },
        trayStart,
        el('label', { attrs: { for: 'tray-start' } }, 'Starts a meeting'),
      ),
      el(
        'div',
        { class: 'check' },
        trayOpen,
        el('label', { attrs: { for: 'tray-open' } }, 'Opens this window'),
      ),
    ),
    panelChoice.root,
    toggles,
    field('Default subject', subject, 'Used when you start a meeting without typing a subject.'),
    el(
      'section',
      { attrs: { 'aria-labelledby': 'hosts-title' } },
      el('h2', { attrs: { id: 'hosts-title' } }, 'Trusted servers'),
      el('p', { class: 'hint' }, 'Servers outside your domain you chose to always trust.'),
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
  return {
    root,
    focusTarget: heading,
    dispose: () => recorder.stop(),
    update: (view: AppView) => {
      const s = view.settings;
      recorder.update(view);
      trayStart.checked = s.trayClickAction === 'startMeeting';
      trayOpen.checked = s.trayClickAction === 'openWindow';
      if (document.activeElement !== subject) subject.value = s.defaultSubject;
      switches.forEach(([, read], index) => {
        const input = boxes[index]?.querySelector('input');
        if (input) input.checked = read(s);
      });
      panelChoice.set(s.panel);
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

/** A radio group whose choice is set in place (focus stays where it is). */
function radios(
  legend: string,
  name: string,
  options: Array<[string, string]>,
  onChange: (value: string) => void,
): { root: HTMLElement; set(value: string): void } {
  const inputs = options.map(([value]) =>
    el('input', {
      attrs: { type: 'radio', name, id: `${name}-${value}`, value },
      on: { change: () => onChange(value) },
    }),
  );
  const root = el(
    'fieldset',
    {},
    el('legend', {}, legend),
    ...options.map(([value, label], index) =>
      el(
        'div',
        { class: 'check' },
        inputs[index] as HTMLInputElement,
        el('label', { attrs: { for: `${name}-${value}` } }, label),
      ),
    ),
  );
  return {
    root,
    set: (value) => {
      for (const input of inputs) input.checked = input.value === value;
    },
  };
}
