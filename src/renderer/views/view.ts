import type { WindowView } from '../../shared/channels.js';
import type { AppView } from '../../shared/ipc-contract.js';

/** A mounted screen: built once, then updated in place so typing and focus survive pushes. */
export interface Screen {
  root: HTMLElement;
  update(view: AppView): void;
  /** The element that gets focus when the screen appears (its heading). */
  focusTarget: HTMLElement;
  /** Called when the screen is replaced (e.g. Settings stops trying the shortcut). */
  dispose?(): void;
}

export interface Navigator {
  go(route: WindowView | 'starting'): void;
}
