import type { Conference, Member } from './conference.js';
import type { Reply, Route } from './context.js';
import type { AppHost } from './conversation.js';
import { findUserBySip } from './directory.js';
import type { SimEvent } from './event-channel.js';
import { reasons } from './reasons.js';
import { resource } from './resources.js';
import { type InputBag, ucwaError } from './wire.js';

type InvitationState = 'Connecting' | 'Connected' | 'Failed' | 'Cancelled' | 'Declined';

interface ParticipantInvitation {
  id: string;
  href: string;
  operationId?: string;
  to: string;
  state: InvitationState;
  timer?: NodeJS.Timeout;
  memberKey?: string;
}

/** What a conversation lends its participant invitations. */
export interface InvitationScope {
  readonly host: AppHost;
  readonly conversationId: string;
  readonly conversationHref: string;
  readonly threadId: string;
  readonly subject: string;
  conference(): Conference | undefined;
  isEstablished(): boolean;
  isGone(): boolean;
  participantHref(key: string): string;
  participantResource(member: Member): Record<string, unknown>;
  register(path: string, route: Route): void;
  later(delayMs: number, run: () => void): NodeJS.Timeout;
}

/**
 * The outgoing participantInvitations of one conversation: simulated colleagues accept,
 * decline, do not answer or wait in the lobby, and each invitation completes exactly once.
 */
export class ParticipantInvitations {
  private readonly invitations = new Map<string, ParticipantInvitation>();

  public constructor(private readonly scope: InvitationScope) {}

  private get communicationSender() {
    return { rel: 'communication', href: this.scope.host.communicationHref };
  }

  /** addParticipant (addParticipant_ref.md): 201 at once, the outcome as events. */
  public add(input: InputBag): Reply {
    if (!this.scope.isEstablished())
      throw ucwaError(409, 'Conflict', undefined, 'The conversation is not established.');
    const to = input.string('to');
    if (!to)
      throw ucwaError(400, 'BadRequest', 'ParameterValidationFailure', 'to is required.', {
        parameters: { to: 'required' },
      });
    const operationId = input.string('operationId');
    if (operationId && operationId.length > 50) {
      throw ucwaError(400, 'BadRequest', 'ParameterValidationFailure', 'operationId is too long.', {
        parameters: { operationId: 'too long' },
      });
    }
    const id = `pi${this.invitations.size + 1}-${this.scope.conversationId.slice(0, 8)}`;
    const invitation: ParticipantInvitation = {
      id,
      href: this.scope.host.path('communication', 'participantInvitations', id),
      ...(operationId ? { operationId } : {}),
      to: to.startsWith('sip:') ? to : `sip:${to}`,
      state: 'Connecting',
    };
    this.invitations.set(id, invitation);
    this.scope.register(invitation.href, {
      kind: 'participantInvitation',
      handle: () => ({ status: 200, json: this.resource(invitation) }),
    });
    this.scope.host.emit('high', this.communicationSender, this.event(invitation, 'started'));

    const invitee = findUserBySip(this.scope.host.ctx.directory, invitation.to);
    const { timing } = this.scope.host.ctx;
    const settleLater = (delay: number, run: () => void) => {
      invitation.timer = this.scope.later(delay, run);
    };
    if (!invitee)
      settleLater(timing.inviteAnswerMs / 3, () => this.finish(invitation, reasons.DestinationNotFound));
    else if (this.scope.conference()?.members.has(invitee.sip)) settleLater(0, () => this.finish(invitation));
    else {
      switch (invitee.behaviour) {
        case 'accept':
          settleLater(timing.inviteAnswerMs, () => {
            invitation.memberKey = invitee.sip;
            this.scope.conference()?.joinUser(invitee);
            this.finish(invitation);
          });
          break;
        case 'lobby':
          settleLater(timing.inviteAnswerMs, () => {
            invitation.memberKey = invitee.sip;
            this.scope.conference()?.joinUser(invitee, { viaLobby: true });
            this.scope.host.emit('high', this.communicationSender, this.event(invitation, 'updated'));
            // Completes when a leader admits (Success) or rejects (Denied).
          });
          break;
        case 'decline':
          settleLater(timing.inviteAnswerMs, () => this.finish(invitation, reasons.Declined, 'Declined'));
          break;
        case 'noAnswer':
          settleLater(timing.inviteNoAnswerMs, () => this.finish(invitation, reasons.Timeout));
          break;
        case 'busy':
          settleLater(timing.inviteAnswerMs, () => this.finish(invitation, reasons.Busy));
          break;
        case 'doNotDisturb':
          settleLater(timing.inviteAnswerMs, () => this.finish(invitation, reasons.DoNotDisturb));
          break;
        case 'offline':
          settleLater(timing.inviteAnswerMs, () => this.finish(invitation, reasons.Unreachable));
          break;
      }
    }
    return { status: 201, headers: { Location: invitation.href } };
  }

  private resource(invitation: ParticipantInvitation, accepted?: Member): Record<string, unknown> {
    return resource(
      'participantInvitation',
      invitation.href,
      {
        state: invitation.state,
        direction: 'Outgoing',
        importance: 'Normal',
        ...(invitation.operationId ? { operationId: invitation.operationId } : {}),
        to: invitation.to,
        threadId: this.scope.threadId,
        subject: this.scope.subject,
      },
      {
        conversation: this.scope.conversationHref,
        to: this.scope.host.contactHref(invitation.to),
        participant: accepted ? this.scope.participantHref(accepted.key) : undefined,
      },
      accepted ? { acceptedByParticipant: [this.scope.participantResource(accepted)] } : undefined,
    );
  }

  private event(
    invitation: ParticipantInvitation,
    type: 'started' | 'updated' | 'completed',
    accepted?: Member,
  ): SimEvent {
    return {
      link: { rel: 'participantInvitation', href: invitation.href },
      type,
      _embedded: { participantInvitation: this.resource(invitation, accepted) },
    };
  }

  private finish(
    invitation: ParticipantInvitation,
    failure?: { code: string; subcode: string; message: string },
    failedState: InvitationState = 'Failed',
  ): void {
    if (invitation.state !== 'Connecting' || this.scope.isGone()) return;
    invitation.state = failure ? failedState : 'Connected';
    const member = invitation.memberKey
      ? this.scope.conference()?.members.get(invitation.memberKey)
      : undefined;
    this.scope.host.emit('high', this.communicationSender, {
      ...this.event(invitation, 'completed', failure ? undefined : member),
      status: failure ? 'Failure' : 'Success',
      ...(failure ? { reason: failure } : {}),
    });
  }

  /** A lobby invitee was admitted: their invitation succeeds. */
  public completeFor(member: Member): void {
    for (const invitation of this.invitations.values()) {
      if (invitation.memberKey === member.key) this.finish(invitation);
    }
  }

  /** A lobby invitee was rejected: their invitation fails. */
  public failFor(key: string, reason: { code: string; subcode: string; message: string }): void {
    for (const invitation of this.invitations.values()) {
      if (invitation.memberKey === key) this.finish(invitation, reason);
    }
  }
}
