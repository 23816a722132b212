import { describeInvitation } from '../../shared/error-catalog.js';
import type { InviteeView } from '../../shared/ipc-contract.js';
import type { InvitationOutcome } from '../ucwa/meeting.js';

/** How an invitation ended, in the catalog's words (the CLI prints the same). */
export function inviteeResult(name: string, outcome: InvitationOutcome): Omit<InviteeView, 'to' | 'name'> {
  return describeInvitation(name, outcome);
}

/**
 * The invitations of one meeting, each pushed the moment it settles (one slow invitee no longer
 * holds back the others). Ringing entries show in the roster; settled ones offer Retry.
 */
export class Invitees {
  private entries = new Map<string, InviteeView>();
  /** Which meeting these belong to: results of an earlier meeting are dropped. */
  private generation = 0;

  public constructor(private readonly changed: () => void) {}

  public list(): InviteeView[] {
    return [...this.entries.values()];
  }

  public clear(): void {
    this.generation += 1;
    if (this.entries.size === 0) return;
    this.entries.clear();
    this.changed();
  }

  /** Ringing, or joined through its invitation: not worth offering again. */
  public isPresentOrPending(uri: string): boolean {
    const status = this.entries.get(normalise(uri))?.status;
    return status === 'ringing' || status === 'joined' || status === 'lobby';
  }

  /** Invites one person; resolves with the settled entry. */
  public async invite(
    uri: string,
    name: string,
    send: (uri: string) => Promise<InvitationOutcome>,
    describe: (error: unknown) => string,
  ): Promise<InviteeView> {
    const to = normalise(uri);
    const generation = this.generation;
    this.entries.set(to, { to, name, status: 'ringing', text: `${name} · Ringing…` });
    this.changed();
    let result: Omit<InviteeView, 'to' | 'name'>;
    try {
      result = inviteeResult(name, await send(to));
    } catch (error) {
      result = { status: 'failed', text: `Couldn't invite ${name}: ${describe(error)}` };
    }
    const settled: InviteeView = { to, name, ...result };
    if (generation === this.generation) {
      this.entries.set(to, settled);
      this.changed();
    }
    return settled;
  }
}

function normalise(uri: string): string {
  return uri.startsWith('sip:') ? uri : `sip:${uri}`;
}
