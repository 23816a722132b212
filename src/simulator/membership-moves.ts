import type { MemberChange } from './conference.js';

export type MoveOrder = 'deleted-then-added' | 'added-then-deleted';

/** One membership event: `added` or `deleted` with an `in` link naming the list. */
export interface MembershipMove {
  type: 'added' | 'deleted';
  in: { rel: string; href: string };
}

/**
 * The membership events a role change or typing sends to the organiser's conversation:
 * leaders_ref.md and attendees_ref.md send `deleted` with `in` = the list left and `added` with
 * `in` = the list joined (promoted, demoted); typingParticipants_ref.md `added` when typing starts
 * and `deleted` when it stops. The docs do not say in which order the two of a move arrive, so the
 * order is the profile's (`roleChangeEvents`), default the harsher one: the `deleted` last.
 */
export function membershipMoves(
  change: Extract<MemberChange, { type: 'role' | 'typing' }>,
  order: MoveOrder,
  lists: { leaders: string; attendees: string; typingParticipants: string },
): MembershipMove[] {
  if (change.type === 'typing') {
    const typing = { rel: 'typingParticipants', href: lists.typingParticipants };
    return [{ type: change.typing ? 'added' : 'deleted', in: typing }];
  }
  const list = (role: string) =>
    role === 'Leader' ? { rel: 'leaders', href: lists.leaders } : { rel: 'attendees', href: lists.attendees };
  const left: MembershipMove = { type: 'deleted', in: list(change.from) };
  const joined: MembershipMove = { type: 'added', in: list(change.member.role) };
  return order === 'deleted-then-added' ? [left, joined] : [joined, left];
}
