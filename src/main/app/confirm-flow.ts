import type { ConfirmRequest } from '../../shared/ipc-contract.js';
import type { SessionService } from '../session/session-service.js';
import type { DesktopPorts } from './ports.js';

export interface ConfirmFlowDeps {
  session: SessionService;
  desktop: DesktopPorts;
  changed(): void;
  signOut(forget: boolean): Promise<void>;
  /** A meeting is live, starting, or a press is about to start one: a link must not use it. */
  meetingBusy(): boolean;
}

/** A link's start, as the window asks about it: what it asks for, and how to do it once agreed. */
export interface LinkStart {
  subject: string;
  invite: readonly string[];
  /** Starts the link's meeting (with its invitations when `invite` is true). */
  start(invite: boolean): Promise<void>;
}

/** The window's answer to one question. */
export interface ConfirmAnswer {
  id: number;
  proceed: boolean;
  /** For a link's start: with its invitations (absent: without). */
  invite?: boolean | undefined;
}

/**
 * What the window asks before going ahead. During a live meeting, signing out or quitting (from
 * the tray) asks first: "Signing out will leave '…'". A `meetnow://start` link that would invite
 * people never rings anyone unasked: "A link asks to start 'X' and invite N people"; while a
 * meeting is live, nothing of the link is done and the window says so. Anything else goes ahead
 * at once.
 */
export class ConfirmFlow {
  private requestValue: ConfirmRequest | undefined;
  private forgetOnConfirm = false;
  private linkStart: LinkStart | undefined;
  private lastId = 0;

  public constructor(private readonly deps: ConfirmFlowDeps) {}

  public get request(): ConfirmRequest | undefined {
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

  /** A link asks to start a meeting and invite people: the window asks the user first. */
  public askLinkStart(link: LinkStart): void {
    this.linkStart = link;
    this.ask({
      id: this.nextId(),
      action: 'linkStart',
      subject: link.subject,
      invite: [...link.invite],
      live: this.liveSubject() ?? (this.deps.meetingBusy() ? 'the meeting being started' : undefined),
    });
  }

  /** The window's answer; one to a question no longer asked is ignored. */
  public async answer({ id, proceed, invite }: ConfirmAnswer): Promise<void> {
    const request = this.requestValue;
    if (!request || request.id !== id) return;
    this.requestValue = undefined;
    const link = this.linkStart;
    this.linkStart = undefined;
    this.deps.changed();
    if (!proceed) return;
    if (request.action === 'signOut') await this.deps.signOut(this.forgetOnConfirm);
    else if (request.action === 'quit') this.deps.desktop.quit();
    else if (link && request.action === 'linkStart' && request.live === undefined) {
      // A meeting may have started since the question: the link's people never go into it.
      if (this.deps.meetingBusy()) this.askLinkStart(link);
      else await link.start(invite === true);
    }
  }

  private askFirst(action: 'signOut' | 'quit'): boolean {
    const subject = this.liveSubject();
    if (subject === undefined) return false;
    this.ask({ id: this.nextId(), action, subject });
    return true;
  }

  private ask(request: ConfirmRequest): void {
    this.requestValue = request;
    this.deps.changed();
    this.deps.desktop.showWindow('home');
  }

  /** The live meeting's subject, or undefined when none is live. */
  private liveSubject(): string | undefined {
    const meeting = this.deps.session.snapshot();
    return meeting?.state === 'live' ? meeting.info?.subject || 'your meeting' : undefined;
  }

  private nextId(): number {
    this.lastId += 1;
    return this.lastId;
  }
}
