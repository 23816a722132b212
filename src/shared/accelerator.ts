/**
 * Global shortcuts: which ones are safe to take from every other app, and how to show them in the
 * platform's own words. Pure and dependency-free: the main process enforces it, the window uses it
 * to explain a refusal the moment the keys are pressed.
 */

export type Platform = 'mac' | 'windows' | 'linux';

export const defaultShortcut = 'CommandOrControl+Alt+M';

export function platformOf(name: string): Platform {
  if (name === 'darwin' || /Mac/.test(name)) return 'mac';
  if (name === 'win32' || /Win/.test(name)) return 'windows';
  return 'linux';
}

type Modifier = 'mod' | 'ctrl' | 'super' | 'alt' | 'altgr' | 'shift';

const modifierWords: Record<string, Modifier> = {
  CommandOrControl: 'mod',
  CmdOrCtrl: 'mod',
  Control: 'ctrl',
  Ctrl: 'ctrl',
  Command: 'super',
  Cmd: 'super',
  Super: 'super',
  Meta: 'super',
  Alt: 'alt',
  Option: 'alt',
  AltGr: 'altgr',
  Shift: 'shift',
};

const keyPattern =
  /^([A-Z0-9]|F([1-9]|1\d|2[0-4])|Plus|Space|Tab|Capslock|Numlock|Scrolllock|Backspace|Delete|Insert|Return|Enter|Up|Down|Left|Right|Home|End|PageUp|PageDown|Escape|Esc|PrintScreen|num[0-9]|numdec|numadd|numsub|nummult|numdiv|[)!@#$%^&*(:;'+=<,_\-.>?/~`{\][|\\}"])$/i;

interface Parsed {
  /** Modifiers resolved for the platform: 'mod' becomes ctrl or super (⌘). */
  modifiers: Set<'ctrl' | 'super' | 'alt' | 'altgr' | 'shift'>;
  key: string;
}

function parse(accelerator: string, platform: Platform): Parsed | undefined {
  const parts = accelerator.split('+');
  // "Alt+Plus" is fine, "Ctrl++" too: a trailing empty part after a + means the key is "+".
  if (parts.length >= 2 && parts.at(-1) === '' && parts.at(-2) === '') parts.splice(-2, 2, 'Plus');
  const key = parts.pop();
  if (!key || !keyPattern.test(key)) return undefined;
  const modifiers: Parsed['modifiers'] = new Set();
  for (const part of parts) {
    const word = modifierWords[part];
    if (!word) return undefined;
    const resolved = word === 'mod' ? (platform === 'mac' ? 'super' : 'ctrl') : word;
    if (modifiers.has(resolved)) return undefined;
    modifiers.add(resolved);
  }
  const normalKey = key.length === 1 ? key.toUpperCase() : key[0]?.toUpperCase() + key.slice(1);
  return { modifiers, key: normalKey === 'Esc' ? 'Escape' : normalKey === 'Return' ? 'Enter' : normalKey };
}

/** Electron's accelerator grammar: modifiers joined by +, one key. */
export function isAccelerator(accelerator: string): boolean {
  return parse(accelerator, 'linux') !== undefined;
}

const macSymbols: Record<string, string> = { ctrl: '⌃', alt: '⌥', shift: '⇧', super: '⌘', altgr: '⌥' };
const words: Record<Platform, Record<string, string>> = {
  mac: {},
  windows: { ctrl: 'Ctrl', alt: 'Alt', shift: 'Shift', super: 'Win', altgr: 'AltGr' },
  linux: { ctrl: 'Ctrl', alt: 'Alt', shift: 'Shift', super: 'Super', altgr: 'AltGr' },
};
const order = ['ctrl', 'altgr', 'alt', 'shift', 'super'] as const;
const macOrder = ['ctrl', 'altgr', 'alt', 'shift', 'super'] as const;
const keyWords: Record<string, string> = { Plus: '+', Up: '↑', Down: '↓', Left: '←', Right: '→' };

/** "CommandOrControl+Alt+M" as the platform says it: "Ctrl+Alt+M", or "⌥⌘M" on a Mac. */
export function displayAccelerator(accelerator: string, platform: Platform): string {
  const parsed = parse(accelerator, platform);
  if (!parsed) return accelerator;
  const key = keyWords[parsed.key] ?? parsed.key;
  if (platform === 'mac')
    return `${macOrder
      .filter((m) => parsed.modifiers.has(m))
      .map((m) => macSymbols[m])
      .join('')}${key}`;
  return [...order.filter((m) => parsed.modifiers.has(m)).map((m) => words[platform][m]), key].join('+');
}

/** Shortcuts an OS or every app already means something by (Electron's words); the reason names what. */
const all: Platform[] = ['mac', 'windows', 'linux'];
const pcs: Platform[] = ['windows', 'linux'];
const taken: ReadonlyArray<readonly [Platform[], string, string]> = [
  [all, 'CommandOrControl+C', 'is Copy in every app'],
  [all, 'CommandOrControl+V', 'is Paste in every app'],
  [all, 'CommandOrControl+X', 'is Cut in every app'],
  [all, 'CommandOrControl+Z', 'is Undo in every app'],
  [all, 'CommandOrControl+Y', 'is Redo in many apps'],
  [all, 'CommandOrControl+A', 'is Select all in every app'],
  [all, 'CommandOrControl+S', 'is Save in every app'],
  [all, 'CommandOrControl+P', 'is Print in every app'],
  [all, 'CommandOrControl+F', 'is Find in every app'],
  [all, 'CommandOrControl+O', 'is Open in every app'],
  [all, 'CommandOrControl+W', 'closes the window or tab in every app'],
  [all, 'CommandOrControl+Q', 'quits the app in many apps'],
  [all, 'CommandOrControl+N', 'opens a new window in many apps'],
  [all, 'CommandOrControl+T', 'opens a new tab in every browser'],
  [all, 'CommandOrControl+Shift+Z', 'is Redo in every app'],
  [all, 'CommandOrControl+Shift+V', 'pastes as plain text in many apps'],
  [all, 'CommandOrControl+Shift+C', 'copies in every terminal'],
  [all, 'CommandOrControl+Shift+T', 'reopens a closed tab in every browser'],
  [all, 'CommandOrControl+Shift+N', 'opens a private window in every browser'],
  [pcs, 'Alt+F4', 'closes the window'],
  [pcs, 'Alt+Tab', 'switches between apps'],
  [pcs, 'Alt+Shift+Tab', 'switches between apps'],
  [pcs, 'Alt+Space', 'opens the window menu'],
  [pcs, 'Ctrl+Alt+Delete', 'belongs to the system'],
  [pcs, 'Ctrl+Alt+Tab', 'switches between apps'],
  [pcs, 'Shift+F10', 'opens the context menu'],
  [pcs, 'Super+L', 'locks the screen'],
  [pcs, 'Super+D', 'shows the desktop'],
  [['windows'], 'Ctrl+Shift+Escape', 'opens Task Manager'],
  [['windows'], 'Ctrl+Escape', 'opens the Start menu'],
  [['linux'], 'Ctrl+Alt+T', 'opens a terminal on Ubuntu'],
  [['linux'], 'Ctrl+Alt+L', 'locks the screen on many Linux desktops'],
  [['linux'], 'Ctrl+Alt+D', 'shows the desktop on many Linux desktops'],
  [['linux'], 'Ctrl+Alt+Left', 'switches workspaces on many Linux desktops'],
  [['linux'], 'Ctrl+Alt+Right', 'switches workspaces on many Linux desktops'],
  [['linux'], 'Ctrl+Alt+Up', 'switches workspaces on many Linux desktops'],
  [['linux'], 'Ctrl+Alt+Down', 'switches workspaces on many Linux desktops'],
  [['mac'], 'Command+Tab', 'switches between apps'],
  [['mac'], 'Command+Space', 'opens Spotlight'],
  [['mac'], 'Ctrl+Space', 'switches the input source'],
  [['mac'], 'Command+H', 'hides the app'],
  [['mac'], 'Command+M', 'minimises the window'],
  [['mac'], 'Command+Alt+Escape', 'opens Force Quit'],
  [['mac'], 'Command+Shift+3', 'takes a screenshot'],
  [['mac'], 'Command+Shift+4', 'takes a screenshot'],
  [['mac'], 'Command+Shift+5', 'takes a screenshot'],
];

function comboKey(parsed: Parsed): string {
  return [...order.filter((m) => parsed.modifiers.has(m)), parsed.key].join('+');
}

function takenMeaning(parsed: Parsed, platform: Platform): string | undefined {
  const wanted = comboKey(parsed);
  for (const [platforms, combo, meaning] of taken) {
    if (!platforms.includes(platform)) continue;
    const entry = parse(combo, platform);
    if (entry && comboKey(entry) === wanted) return meaning;
  }
  return undefined;
}

export type ShortcutCheck = { ok: true } | { ok: false; reason: string };

const functionKey = /^F([1-9]|1\d|2[0-4])$/;

/**
 * Whether a global shortcut is safe to take from every other app, and if not, why not in words a
 * user understands ("Ctrl+C is Copy in every app."). A global shortcut needs Ctrl (⌘) or Alt plus
 * one more modifier, or a function key; OS and editing shortcuts are refused by name.
 */
export function checkShortcut(accelerator: string, platform: Platform): ShortcutCheck {
  const parsed = parse(accelerator, platform);
  const shown = displayAccelerator(accelerator, platform);
  const example = displayAccelerator(defaultShortcut, platform);
  if (!parsed) return { ok: false, reason: `"${accelerator}" is not a shortcut. Try ${example}.` };
  if (parsed.modifiers.has('altgr'))
    return { ok: false, reason: `AltGr types characters on many keyboards. Try ${example}.` };
  const meaning = takenMeaning(parsed, platform);
  if (meaning) return { ok: false, reason: `${shown} ${meaning}. Try ${example}.` };
  const { modifiers, key } = parsed;
  if (functionKey.test(key)) {
    if (modifiers.size > 0 || Number(key.slice(1)) >= 13) return { ok: true };
    return { ok: false, reason: `${key} alone is used by apps (F1 is Help, F5 reloads). Add Ctrl or Alt.` };
  }
  if (modifiers.size === 0)
    return { ok: false, reason: `${shown} alone types in every app. Try ${example}.` };
  if (modifiers.size === 1 && modifiers.has('shift'))
    return {
      ok: false,
      reason: `${shown} types ${/^[A-Z]$/.test(key) ? `a capital ${key}` : 'a character'}. Try ${example}.`,
    };
  const main = modifiers.has('ctrl') || modifiers.has('super') || modifiers.has('alt');
  if (!main || modifiers.size < 2)
    return {
      ok: false,
      reason: `${shown} is used by apps for their own commands. Add another modifier, like ${example}.`,
    };
  return { ok: true };
}
