import { checkShortcut, displayAccelerator, isAccelerator, type Platform } from '../../shared/accelerator.js';
import { describeProblemFacts, problemLine } from '../../shared/error-catalog.js';
import type { ShortcutView } from '../../shared/ipc-contract.js';

/** The part of Electron's globalShortcut this needs (a fake in tests). */
export interface ShortcutRegistrar {
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
}

/** A shortcut refused before it was saved; the message says why in the user's words. */
export class ShortcutRefusedError extends Error {
  public override readonly name = 'ShortcutRefusedError';
  public readonly kind = 'shortcut-refused';
}

/** Electron's accelerator grammar with at least one modifier (the syntax only; see checkShortcut). */
export function isValidAccelerator(accelerator: string): boolean {
  return isAccelerator(accelerator) && accelerator.length > 1 && accelerator.includes('+');
}

/**
 * The global shortcut: registered on start and on change, unregistered on quit, and every
 * failure (taken by another app, no support on this desktop, bad accelerator) reported, never
 * ignored.
 */
export class ShortcutService {
  private registered: string | undefined;
  private statusValue: ShortcutView = { accelerator: '', display: '', status: 'off' };

  public constructor(
    private readonly registrar: ShortcutRegistrar,
    private readonly onPress: () => void,
    /** Why global shortcuts cannot work here (e.g. Wayland without the portal), if so. */
    private readonly unsupportedReason: string | undefined = undefined,
    /** Whose words to use for keys: "Ctrl+Alt+M" or "⌥⌘M". */
    private readonly platform: Platform = 'linux',
  ) {}

  public get status(): ShortcutView {
    return this.statusValue;
  }

  public apply(accelerator: string): ShortcutView {
    this.release();
    const wanted = accelerator.trim();
    if (wanted === '') return this.set({ accelerator: '', display: '', status: 'off' });
    const display = displayAccelerator(wanted, this.platform);
    const failed = (status: 'invalid' | 'unsupported' | 'conflict', kind: string, cause: string) => {
      const problem = describeProblemFacts({ kind, cause });
      return this.set({ accelerator: wanted, display, status, message: problemLine(problem), problem });
    };
    const check = checkShortcut(wanted, this.platform);
    if (!check.ok) return failed('invalid', 'shortcut-refused', check.reason);
    if (this.unsupportedReason) return failed('unsupported', 'shortcut-unsupported', this.unsupportedReason);
    let ok: boolean;
    try {
      ok = this.registrar.register(wanted, this.onPress);
    } catch (error) {
      return failed('invalid', 'shortcut-refused', (error as Error).message);
    }
    if (!ok) {
      return failed('conflict', 'shortcut-taken', `${display} is used by another app.`);
    }
    this.registered = wanted;
    return this.set({ accelerator: wanted, display, status: 'registered' });
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
