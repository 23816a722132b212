import type { AppView, ContactView, InviteeView } from '../../shared/ipc-contract.js';
import { call } from '../api.js';
import { el, uniqueId } from '../dom.js';

/** Directory search as you type, keyboard selection, several invitees, each outcome shown. */
export function inviteBox(): { root: HTMLElement; update(view: AppView): void } {
  const listId = uniqueId('results');
  const input = el('input', {
    attrs: {
      type: 'text',
      role: 'combobox',
      'aria-autocomplete': 'list',
      'aria-expanded': 'false',
      'aria-controls': listId,
      autocomplete: 'off',
      placeholder: 'Search the directory',
      id: uniqueId('invite'),
    },
  });
  const results = el('ul', {
    class: 'results',
    attrs: { role: 'listbox', id: listId, 'aria-label': 'People found', hidden: true },
  });
  const chosen = el('ul', { class: 'chips', attrs: { 'aria-label': 'People to invite' } });
  const outcomes = el('ul', {
    class: 'outcomes',
    attrs: { 'aria-live': 'polite', 'aria-label': 'Invitations' },
  });
  const noMatch = el('p', { class: 'hint', attrs: { role: 'status' } });
  const send = el(
    'button',
    { class: 'primary', attrs: { type: 'button', disabled: true } },
    'Send invitations',
  );
  const picked = new Map<string, ContactView>();
  let found: ContactView[] = [];
  let active = -1;
  let searchTimer: number | undefined;
  let searchToken = 0;

  const renderResults = () => {
    results.replaceChildren(
      ...found.map((contact, index) =>
        el(
          'li',
          {
            attrs: {
              role: 'option',
              id: `${listId}-${index}`,
              'aria-selected': index === active ? 'true' : 'false',
            },
            on: {
              mousedown: (event) => {
                event.preventDefault();
                pick(contact);
              },
            },
          },
          el('span', { class: 'name' }, contact.name),
          el(
            'span',
            { class: 'detail' },
            [contact.title, contact.department].filter(Boolean).join(' · ') ||
              contact.uri.replace(/^sip:/, ''),
          ),
        ),
      ),
    );
    const open = found.length > 0;
    results.hidden = !open;
    input.setAttribute('aria-expanded', open ? 'true' : 'false');
    if (active >= 0) input.setAttribute('aria-activedescendant', `${listId}-${active}`);
    else input.removeAttribute('aria-activedescendant');
  };
  const renderChosen = () => {
    chosen.replaceChildren(
      ...[...picked.values()].map((contact) =>
        el(
          'li',
          {},
          el(
            'button',
            {
              class: 'chip',
              attrs: { type: 'button', 'aria-label': `Remove ${contact.name}` },
              on: {
                click: () => {
                  picked.delete(contact.uri);
                  renderChosen();
                  input.focus();
                },
              },
            },
            contact.name,
            el('span', { attrs: { 'aria-hidden': 'true' } }, ' ×'),
          ),
        ),
      ),
    );
    send.disabled = picked.size === 0;
  };
  const pick = (contact: ContactView) => {
    picked.set(contact.uri, contact);
    found = [];
    active = -1;
    input.value = '';
    renderResults();
    renderChosen();
  };
  input.addEventListener('input', () => {
    window.clearTimeout(searchTimer);
    const query = input.value.trim();
    if (query.length < 2) {
      found = [];
      noMatch.textContent = '';
      renderResults();
      return;
    }
    searchTimer = window.setTimeout(async () => {
      searchToken += 1;
      const token = searchToken;
      const result = await call('meetnow:people:search', { query });
      if (token !== searchToken) return; // a newer search is under way
      found = result.ok ? result.value : [];
      active = found.length > 0 ? 0 : -1;
      noMatch.textContent = found.length === 0 ? `No one matches “${query}”.` : '';
      renderResults();
    }, 150);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' && found.length > 0) {
      active = (active + 1) % found.length;
      renderResults();
      event.preventDefault();
    } else if (event.key === 'ArrowUp' && found.length > 0) {
      active = (active - 1 + found.length) % found.length;
      renderResults();
      event.preventDefault();
    } else if (event.key === 'Enter' && active >= 0 && found[active]) {
      pick(found[active] as ContactView);
      event.preventDefault();
    } else if (event.key === 'Escape') {
      found = [];
      renderResults();
    }
  });
  // Each invitation's result arrives in the view as it settles; the call is not awaited here.
  send.addEventListener('click', () => {
    const contacts = [...picked.values()];
    picked.clear();
    renderChosen();
    void call('meetnow:meeting:invite', { sipUris: contacts.map((contact) => contact.uri) });
    input.focus();
  });
  const renderOutcomes = (invitees: InviteeView[]) => {
    const settled = invitees.filter((entry) => entry.status !== 'ringing' && entry.status !== 'joined');
    outcomes.hidden = settled.length === 0;
    outcomes.replaceChildren(
      ...settled.map((entry) =>
        el(
          'li',
          { class: entry.status === 'failed' ? 'failed' : 'neutral', attrs: { 'data-uri': entry.to } },
          el(
            'span',
            { class: 'icon', attrs: { 'aria-hidden': 'true' } },
            entry.status === 'failed' ? '!' : 'ℹ',
          ),
          el('span', { class: 'text' }, entry.text),
          el(
            'button',
            {
              class: 'link',
              attrs: { type: 'button', 'aria-label': `Try again to invite ${entry.name}` },
              on: { click: () => void call('meetnow:meeting:invite', { sipUris: [entry.to] }) },
            },
            'Try again',
          ),
        ),
      ),
    );
  };
  const label = el('label', { attrs: { for: input.id } }, 'Invite people');
  return {
    root: el(
      'section',
      { class: 'invite', attrs: { 'aria-label': 'Invite' } },
      outcomes,
      label,
      el('div', { class: 'combo' }, input, results),
      noMatch,
      chosen,
      el('div', { class: 'actions' }, send),
    ),
    update: (view: AppView) => renderOutcomes(view.invitees),
  };
}
