import {
  checkShortcut,
  defaultShortcut,
  displayAccelerator,
  type Platform,
} from '../../shared/accelerator.js';
import type { AppView } from '../../shared/ipc-contract.js';
import { call } from '../api.js';
import { el } from '../dom.js';

type KeyFacts = Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'> & {
  getModifierState?: (key: string) => boolean;
};

export type Recorded =
  | { kind: 'modifiersOnly' }
  | { kind: 'refused'; reason: string }
  | { kind: 'shortcut'; accelerator: string };

/** KeyboardEvent.code → Electron key names for the keys a shortcut may use besides letters/digits. */
const namedKeys: Record<string, string> = {
  Space: 'Space',
  Tab: 'Tab',
  Enter: 'Enter',
  Backspace: 'Backspace',
  Delete: 'Delete',
  Insert: 'Insert',
  Home: 'Home',
  End: 'End',
  PageUp: 'PageUp',
  PageDown: 'PageDown',
  ArrowUp: 'Up',
  ArrowDown: 'Down',
  ArrowLeft: 'Left',
  ArrowRight: 'Right',
  Escape: 'Escape',
};

/** A key press as an Electron accelerator, or why it cannot be one (AltGr typing a character). */
export function acceleratorFromEvent(event: KeyFacts, platform: Platform): Recorded {
  if (['Control', 'Meta', 'Alt', 'Shift', 'AltGraph', 'OS'].includes(event.key))
    return { kind: 'modifiersOnly' };
  const code = event.code;
  const key = code.startsWith('Key')
    ? code.slice(3)
    : code.startsWith('Digit')
      ? code.slice(5)
      : /^F\d+$/.test(code)
        ? code
        : namedKeys[code];
  const altGr =
    event.getModifierState?.('AltGraph') === true ||
    // Ctrl+Alt is AltGr on Windows: a character other than the key's own means it typed one.
    (event.ctrlKey &&
      event.altKey &&
      event.key.length === 1 &&
      key !== undefined &&
      event.key.toUpperCase() !== key);
  if (altGr)
    return {
      kind: 'refused',
      reason: `AltGr types characters on many keyboards. Try ${displayAccelerator(defaultShortcut, platform)}.`,
    };
  const parts: string[] = [];
  if (event.ctrlKey || event.metaKey) parts.push('CommandOrControl');
  if (event.altKey) parts.push('Alt');
  if (event.shiftKey) parts.push('Shift');
  if (!key) return { kind: 'refused', reason: 'Use a letter, a digit or a function key.' };
  const accelerator = [...parts, key].join('+');
  const check = checkShortcut(accelerator, platform);
  return check.ok ? { kind: 'shortcut', accelerator } : { kind: 'refused', reason: check.reason };
}

/**
 * The shortcut recorder: a button that enters "Press a shortcut…"; Escape cancels; refused
 * combinations say why and keep listening; Reset goes back to the default; and, while Settings is
 * open, pressing the real global shortcut shows "✓ Ctrl+Alt+M works" instead of starting a meeting.
 */
export function shortcutRecorder(): { root: HTMLElement; update(view: AppView): void; stop(): void } {
  let platform: Platform = 'linux';
  let current = '';
  let recording = false;
  let trialSeen = 0;
  const recorder = el('button', {
    class: 'recorder',
    attrs: { type: 'button', id: 'shortcut-recorder', 'aria-describedby': 'shortcut-status shortcut-trial' },
  });
  const label = el('label', { attrs: { for: 'shortcut-recorder' } }, 'Start a meeting from anywhere');
  const status = el('p', {
    class: 'hint',
    attrs: { id: 'shortcut-status', role: 'status', 'aria-live': 'polite' },
  });
  const trial = el('p', { class: 'hint trial', attrs: { id: 'shortcut-trial', 'aria-live': 'polite' } });
  const reset = el('button', { class: 'link', attrs: { type: 'button' } }, 'Reset to default');
  const turnOff = el('button', { class: 'link', attrs: { type: 'button' } }, 'Turn off');

  const show = () => {
    recorder.textContent = recording
      ? 'Press a shortcut…'
      : current
        ? displayAccelerator(current, platform)
        : 'None';
    recorder.setAttribute('aria-pressed', recording ? 'true' : 'false');
    recorder.classList.toggle('recording', recording);
  };
  const stopRecording = (message?: string) => {
    recording = false;
    show();
    if (message !== undefined) status.textContent = message;
  };
  const saveShortcut = async (accelerator: string) => {
    const result = await call('meetnow:settings:update', { shortcut: accelerator });
    if (!result.ok) status.textContent = result.error.message;
  };
  recorder.addEventListener('click', () => {
    recording = !recording;
    show();
    if (recording)
      status.textContent = 'Hold Ctrl or Alt with another modifier and press a key. Escape cancels.';
  });
  recorder.addEventListener('keydown', (event) => {
    if (!recording) return;
    if (event.key === 'Tab' && !event.ctrlKey && !event.altKey && !event.metaKey) {
      stopRecording('');
      return;
    }
    event.preventDefault();
    if (event.key === 'Escape') {
      stopRecording('Cancelled: the shortcut is unchanged.');
      return;
    }
    const recorded = acceleratorFromEvent(event, platform);
    if (recorded.kind === 'modifiersOnly') return;
    if (recorded.kind === 'refused') {
      status.textContent = recorded.reason; // keep listening for a better one
      status.className = 'hint warning';
      return;
    }
    stopRecording();
    void saveShortcut(recorded.accelerator);
  });
  reset.addEventListener('click', () => void saveShortcut(defaultShortcut));
  turnOff.addEventListener('click', () => void saveShortcut(''));
  void call('meetnow:shortcut:trial', { active: true });

  const root = el(
    'section',
    { attrs: { 'aria-labelledby': 'shortcut-title' } },
    el('h2', { attrs: { id: 'shortcut-title' } }, 'Shortcut'),
    el('div', { class: 'field' }, label, el('div', { class: 'recorder-row' }, recorder, reset, turnOff)),
    status,
    trial,
  );
  return {
    root,
    stop: () => void call('meetnow:shortcut:trial', { active: false }),
    update: (view: AppView) => {
      platform = view.platform;
      current = view.settings.shortcut;
      show();
      const shortcut = view.shortcut;
      if (!recording) {
        status.textContent =
          shortcut.status === 'registered'
            ? `Set to ${shortcut.display}.`
            : shortcut.status === 'off'
              ? 'No shortcut: use the tray icon.'
              : (shortcut.message ?? 'Not available.');
        status.className =
          shortcut.status === 'registered' || shortcut.status === 'off' ? 'hint' : 'hint warning';
      }
      if (view.shortcutTrial.presses > trialSeen) {
        trialSeen = view.shortcutTrial.presses;
        trial.textContent = `✓ ${shortcut.display} works (no meeting is started while Settings is open).`;
        trial.className = 'hint trial ok';
      } else if (trialSeen === 0)
        trial.textContent =
          shortcut.status === 'registered' ? `Try it: press ${shortcut.display} now, from any app.` : '';
    },
  };
}
