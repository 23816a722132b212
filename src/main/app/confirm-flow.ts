import type { AppView } from '../../shared/ipc-contract.js';
import type { SessionService } from '../session/session-service.js';
import type { DesktopPorts } from './ports.js';

export interface ConfirmFlowDeps {
  session: SessionService;
  desktop: DesktopPorts;
  changed(): void;
  signOut(forget: boolean): Promise<void>;
}

/**
 * During a live meeting, signing out or quitting (from the tray) asks first, in the window:
 * "Signing out will leave '…'". Anything else goes ahead at once.
 */
export class ConfirmFlow {
  private requestValue: AppView['confirm'];
  private forgetOnConfirm = false;

  public constructor(private readonly deps: ConfirmFlowDeps) {}

  public get request(): AppView['confirm'] {
    return this.requestValue;
  }

  /** Sign out, asking first when that would leave a live meeting. */
  public async signOut(forget: boolean): Promise<void> {
    this.forgetOnConfirm = forget;
    if (!this.askFirst('signOut')) await this.deps.signOut(forget);
  }

  public quit(): void {
    if (!this.askFirst('quit')) this.deps.desktop.quit();
  }

  /** The window's answer. */
  public async answer(proceed: boolean): Promise<void> {
    const request = this.requestValue;
    this.requestValue = undefined;
    this.deps.changed();
    if (!request || !proceed) return;
    if (request.action === 'signOut') await this.deps.signOut(this.forgetOnConfirm);
    else this.deps.desktop.quit();
  }

  private askFirst(action: 'signOut' | 'quit'): boolean {
    const meeting = this.deps.session.snapshot();
    if (meeting?.state !== 'live') return false;
    this.requestValue = { action, subject: meeting.info?.subject || 'your meeting' };
    this.deps.changed();
    this.deps.desktop.showWindow('home');
    return true;
  }
}
