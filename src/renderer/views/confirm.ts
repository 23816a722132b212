import type { AppView, ConfirmRequest } from '../../shared/ipc-contract.js';
import { call } from '../api.js';
import { el } from '../dom.js';

type LinkStartRequest = Extract<ConfirmRequest, { action: 'linkStart' }>;

/** How many of a link's addresses the question lists before "and N more". */
const listedInvitees = 5;

const quoted = (subject: string) => (subject ? `“${subject}”` : 'a meeting');
const people = (count: number) => `${count} ${count === 1 ? 'person' : 'people'}`;

/** "bob@contoso.com, carol@contoso.com and 3 more" (the link's own addresses, as text). */
function inviteeList(invite: readonly string[]): string {
  const shown = invite.slice(0, listedInvitees).map((sip) => sip.replace(/^sip:/i, ''));
  const more = invite.length - shown.length;
  return `${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

/** The words of a link's question: what it asks, and (while live) that none of it was done. */
function linkWords(request: LinkStartRequest): { title: string; text: string } {
  const asks = `A link asks to start ${quoted(request.subject)} and invite ${people(request.invite.length)}: ${inviteeList(request.invite)}.`;
  if (request.live !== undefined)
    return {
      title: 'A link wanted to start another meeting',
      text: `${asks} You're in “${request.live}”, so nothing was started and nobody was invited to it.`,
    };
  return { title: 'Start a meeting from a link?', text: asks };
}

/**
 * The window's questions, above every screen: "Signing out will leave '…'" (sign out or quit
 * during a live meeting) and "A link asks to start 'X' and invite N people" (Start and invite /
 * Start without inviting / Cancel). Focus goes to the choice that changes nothing; Escape picks it.
 */
export function confirmBar(): { root: HTMLElement; update(view: AppView): void } {
  const text = el('p', { attrs: { id: 'confirm-text' } });
  const title = el('h2', { attrs: { id: 'confirm-title' } });
  let current: ConfirmRequest | undefined;
  const answer = (proceed: boolean, invite?: boolean) => () => {
    if (!current) return;
    void call('meetnow:confirm:answer', {
      id: current.id,
      proceed,
      ...(invite !== undefined ? { invite } : {}),
    });
  };
  const button = (className: string, run: () => void) =>
    el('button', { class: className, attrs: { type: 'button' }, on: { click: run } });
  const stay = button('secondary', answer(false));
  // Its click is set per question (with or without the link's invitations).
  const go = el('button', { class: 'danger', attrs: { type: 'button' } });
  const startOnly = button('secondary', answer(true, false));
  const root = el(
    'section',
    {
      class: 'confirm global',
      attrs: {
        role: 'alertdialog',
        'aria-labelledby': 'confirm-title',
        'aria-describedby': 'confirm-text',
        hidden: true,
      },
    },
    title,
    text,
    el('div', { class: 'actions' }, stay, startOnly, go),
  );
  root.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      answer(false)();
    }
  });
  const show = (request: ConfirmRequest) => {
    if (request.action === 'linkStart') {
      const words = linkWords(request);
      title.textContent = words.title;
      text.textContent = words.text;
      const live = request.live !== undefined;
      stay.textContent = live ? 'OK' : 'Cancel';
      startOnly.textContent = 'Start without inviting';
      go.textContent = 'Start and invite';
      go.className = 'primary';
      go.onclick = answer(true, true);
      startOnly.hidden = live;
      go.hidden = live;
    } else {
      const verb = request.action === 'signOut' ? 'Sign out' : 'Quit';
      title.textContent = `${verb} during the meeting?`;
      text.textContent = `${request.action === 'signOut' ? 'Signing out' : 'Quitting'} will leave “${request.subject}”. Others can stay in it.`;
      stay.textContent = 'Stay in the meeting';
      go.textContent = `${verb} and leave`;
      go.className = 'danger';
      go.onclick = answer(true);
      startOnly.hidden = true;
      go.hidden = false;
    }
    stay.focus();
  };
  return {
    root,
    update: (view) => {
      const request = view.confirm;
      root.hidden = !request;
      const changed = request?.id !== current?.id;
      current = request;
      if (request && changed) show(request);
    },
  };
}
