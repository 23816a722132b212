import type { ShortcutView } from '../../shared/ipc-contract.js';

/** The part of Electron's globalShortcut this needs (a fake in tests). */
export interface ShortcutRegistrar {
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
}

const modifiers = [
  'Command',
  'Cmd',
  'Control',
  'Ctrl',
  'CommandOrControl',
  'CmdOrCtrl',
  'Alt',
  'Option',
  'AltGr',
  'Shift',
  'Super',
  'Meta',
];
const keyPattern =
  /^([A-Z0-9]|F([1-9]|1\d|2[0-4])|Plus|Space|Tab|Capslock|Numlock|Scrolllock|Backspace|Delete|Insert|Return|Enter|Up|Down|Left|Right|Home|End|PageUp|PageDown|Escape|Esc|PrintScreen|num[0-9]|numdec|numadd|numsub|nummult|numdiv|[)!@#$%^&*(:;'+=<,_\-.>?/~`{\][|\\}"])$/i;

/** Electron's accelerator grammar: modifiers joined by +, one key, at least one modifier for a global shortcut. */
export function isValidAccelerator(accelerator: string): boolean {
  const parts = accelerator.split('+');
  const key = parts.pop();
  if (!key || parts.length === 0) return false;
  return (
    parts.every((part) => modifiers.includes(part)) &&
    keyPattern.test(key) &&
    new Set(parts).size === parts.length
  );
}

/**
 * The global shortcut: registered on start and on change, unregistered on quit, and every
 * failure (taken by another app, no support on this desktop, bad accelerator) reported, never
 * ignored.
 */
export class ShortcutService {
  private registered: string | undefined;
  private statusValue: ShortcutView = { accelerator: '', status: 'off' };

  public constructor(
    private readonly registrar: ShortcutRegistrar,
    private readonly onPress: () => void,
    /** Why global shortcuts cannot work here (e.g. Wayland without the portal), if so. */
    private readonly unsupportedReason: string | undefined = undefined,
  ) {}

  public get status(): ShortcutView {
    return this.statusValue;
  }

  public apply(accelerator: string): ShortcutView {
    this.release();
    const wanted = accelerator.trim();
    if (wanted === '') return this.set({ accelerator: '', status: 'off' });
    if (!isValidAccelerator(wanted)) {
      return this.set({
        accelerator: wanted,
        status: 'invalid',
        message: `"${wanted}" is not a shortcut: use modifiers and one key, like CommandOrControl+Alt+M.`,
      });
    }
    if (this.unsupportedReason)
      return this.set({ accelerator: wanted, status: 'unsupported', message: this.unsupportedReason });
    let ok: boolean;
    try {
      ok = this.registrar.register(wanted, this.onPress);
    } catch (error) {
      return this.set({
        accelerator: wanted,
        status: 'invalid',
        message: `The shortcut could not be used: ${(error as Error).message}`,
      });
    }
    if (!ok) {
      return this.set({
        accelerator: wanted,
        status: 'conflict',
        message: `${wanted} is already used by another application. Choose another shortcut in Settings.`,
      });
    }
    this.registered = wanted;
    return this.set({ accelerator: wanted, status: 'registered' });
  }

  /** Unregisters (on quit, or before registering another). */
  public release(): void {
    if (this.registered) this.registrar.unregister(this.registered);
    this.registered = undefined;
  }

  private set(status: ShortcutView): ShortcutView {
    this.statusValue = status;
    return status;
  }
}
