import type { AppView, ContactView, ParticipantView } from '../../shared/ipc-contract.js';
import { call } from '../api.js';
import { el, uniqueId } from '../dom.js';
import type { Navigator, Screen } from './view.js';

/** The meeting card: link, conference ID, roster, lobby with Admit/Deny, invite, End meeting. */
export function meetingScreen(nav: Navigator): Screen {
  const heading = el('h1', { attrs: { tabindex: '-1' } }, 'Meeting');
  const state = el('p', { class: 'status', attrs: { role: 'status', 'aria-live': 'polite' } });
  const link = el('input', {
    class: 'join-link',
    attrs: { type: 'text', readonly: true, 'aria-label': 'Join link' },
  });
  const copied = el('span', { class: 'copied', attrs: { role: 'status', 'aria-live': 'polite' } });
  const copy = el(
    'button',
    {
      class: 'secondary',
      attrs: { type: 'button' },
      on: {
        click: async () => {
          const result = await call('meetnow:meeting:copy-link');
          copied.textContent = result.ok ? 'Copied' : result.error.message;
        },
      },
    },
    'Copy',
  );
  const open = el(
    'button',
    {
      class: 'secondary',
      attrs: { type: 'button' },
      on: { click: () => void call('meetnow:meeting:open-link') },
    },
    'Open',
  );
  const conference = el('p', { class: 'conference' });
  const lobbySection = el('section', {
    class: 'lobby',
    attrs: { 'aria-labelledby': 'lobby-title', hidden: true },
  });
  const lobbyList = el('ul', { class: 'people' });
  lobbySection.append(el('h2', { attrs: { id: 'lobby-title' } }, 'Waiting in the lobby'), lobbyList);
  const rosterTitle = el('h2', { attrs: { id: 'roster-title' } }, 'In the meeting');
  const roster = el('ul', { class: 'people', attrs: { 'aria-labelledby': 'roster-title' } });
  const invite = inviteBox();
  const end = el(
    'button',
    { class: 'danger', attrs: { type: 'button' }, on: { click: () => void call('meetnow:meeting:end') } },
    'End meeting',
  );
  const again = el(
    'button',
    { class: 'primary', attrs: { type: 'button', hidden: true }, on: { click: () => nav.go('home') } },
    'Back to start',
  );
  const linkRow = el('div', { class: 'link-row' }, link, copy, open, copied);
  const root = el(
    'main',
    { class: 'screen meeting' },
    el('header', {}, heading, state),
    el('section', { class: 'card', attrs: { 'aria-label': 'Join details' } }, linkRow, conference),
    lobbySection,
    el('section', { attrs: { 'aria-labelledby': 'roster-title' } }, rosterTitle, roster),
    invite.root,
    el('div', { class: 'actions' }, end, again),
  );

  return {
    root,
    focusTarget: heading,
    update: (view: AppView) => {
      const meeting = view.meeting;
      if (!meeting) return;
      heading.textContent = meeting.subject || 'Meeting';
      const live = meeting.state === 'live';
      state.textContent = {
        starting: 'Starting…',
        live: 'Live',
        ending: 'Ending…',
        ended: meeting.reason ?? 'The meeting has ended.',
        failed: meeting.reason ?? 'The meeting could not start.',
      }[meeting.state];
      link.value = meeting.joinUrl ?? '';
      linkRow.hidden = !meeting.joinUrl || !live;
      conference.textContent = meeting.conferenceId && live ? `Conference ID ${meeting.conferenceId}` : '';
      const inMeeting = meeting.participants.filter((p) => !p.inLobby);
      const waiting = meeting.participants.filter((p) => p.inLobby);
      lobbySection.hidden = waiting.length === 0 || !live;
      lobbyList.replaceChildren(...waiting.map((person) => lobbyRow(person)));
      roster.replaceChildren(
        el(
          'li',
          { class: 'me' },
          el('span', { class: 'name' }, 'You'),
          el('span', { class: 'role' }, 'Organizer'),
        ),
        ...inMeeting.map((person) =>
          el(
            'li',
            {},
            el('span', { class: 'name' }, person.name || person.uri || 'Guest'),
            el(
              'span',
              { class: 'role' },
              person.anonymous ? 'Guest' : person.role === 'Leader' ? 'Presenter' : 'Attendee',
            ),
          ),
        ),
      );
      invite.root.hidden = !live;
      end.hidden = !live && meeting.state !== 'starting';
      again.hidden = live || meeting.state === 'starting' || meeting.state === 'ending';
    },
  };
}

function lobbyRow(person: ParticipantView): HTMLElement {
  const name = person.name || person.uri || 'Guest';
  const admit = el(
    'button',
    {
      class: 'primary small',
      attrs: { type: 'button', 'aria-label': `Admit ${name}` },
      on: { click: () => void call('meetnow:meeting:admit', { participantId: person.id }) },
    },
    'Admit',
  );
  const deny = el(
    'button',
    {
      class: 'secondary small',
      attrs: { type: 'button', 'aria-label': `Deny ${name}` },
      on: { click: () => void call('meetnow:meeting:deny', { participantId: person.id }) },
    },
    'Deny',
  );
  return el('li', {}, el('span', { class: 'name' }, name), el('span', { class: 'buttons' }, admit, deny));
}

/** Directory search as you type, keyboard selection, several invitees, each outcome shown. */
function inviteBox(): { root: HTMLElement } {
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
  const outcomes = el('ul', { class: 'outcomes', attrs: { 'aria-live': 'polite' } });
  const send = el('button', { class: 'primary', attrs: { type: 'button', disabled: true } }, 'Invite');
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
  send.addEventListener('click', async () => {
    const contacts = [...picked.values()];
    picked.clear();
    renderChosen();
    for (const contact of contacts)
      outcomes.append(el('li', { attrs: { 'data-uri': contact.uri } }, `${contact.name}: inviting…`));
    const result = await call('meetnow:meeting:invite', { sipUris: contacts.map((contact) => contact.uri) });
    for (const contact of contacts) {
      const row = [...outcomes.children].find(
        (item) => item.getAttribute('data-uri') === contact.uri && item.textContent?.endsWith('inviting…'),
      );
      const outcome = result.ok
        ? result.value.find((entry) => entry.to === contact.uri || entry.to === `sip:${contact.uri}`)
        : undefined;
      const text = !result.ok
        ? result.error.message
        : !outcome
          ? 'no answer'
          : outcome.ok
            ? 'joined'
            : outcome.message;
      row?.replaceChildren(`${contact.name}: ${text}`);
      row?.setAttribute('class', outcome?.ok ? 'ok' : 'failed');
    }
  });
  const label = el('label', { attrs: { for: input.id } }, 'Invite people');
  return {
    root: el(
      'section',
      { class: 'invite', attrs: { 'aria-label': 'Invite' } },
      label,
      el('div', { class: 'combo' }, input, results),
      chosen,
      el('div', { class: 'actions' }, send),
      outcomes,
    ),
  };
}
