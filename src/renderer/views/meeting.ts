import type { AppView, ParticipantView } from '../../shared/ipc-contract.js';
import { openInSkype } from '../../shared/words.js';
import { call } from '../api.js';
import { el, syncList } from '../dom.js';
import { showProblem } from '../problem.js';
import { demoBanner } from './demo.js';
import { inviteBox } from './invite.js';
import { endedSummary } from './summary.js';
import type { Navigator, Screen } from './view.js';

/**
 * The meeting card: link, conference ID, lobby (Admit, Deny, Admit all), a roster with a count
 * that collapses (ringing invitees in it), invite, and Copy link / Invite / Leave in a bar fixed
 * at the bottom. The organizer can also end the meeting for everyone, after confirming.
 */
export function meetingScreen(nav: Navigator): Screen {
  const heading = el('h1', { attrs: { tabindex: '-1', dir: 'auto' } }, 'Meeting');
  const state = el('p', {
    class: 'status',
    attrs: { role: 'status', 'aria-live': 'polite', tabindex: '-1' },
  });
  const problem = el('div', { class: 'error', attrs: { role: 'alert', hidden: true } });
  const demo = demoBanner();
  // A textarea, so a long link wraps at 200 % instead of showing only its start.
  const link = el('textarea', {
    class: 'join-link',
    attrs: { readonly: true, rows: '1', spellcheck: 'false', 'aria-label': 'Join link' },
  });
  const copied = el('span', { class: 'copied', attrs: { role: 'status', 'aria-live': 'polite' } });
  let copies = 0;
  const copyLink = async () => {
    const result = await call('meetnow:meeting:copy-link');
    copies += 1;
    // A changing text, so a second copy is announced again.
    copied.textContent = result.ok
      ? copies > 1
        ? `Copied again (${copies})`
        : 'Copied'
      : result.error.message;
  };
  const open = el(
    'button',
    {
      class: 'secondary',
      attrs: { type: 'button' },
      on: { click: () => void call('meetnow:meeting:open-link') },
    },
    openInSkype,
  );
  const invitation = el(
    'button',
    {
      class: 'secondary',
      attrs: { type: 'button' },
      on: {
        click: async () => {
          const result = await call('meetnow:meeting:copy-invitation');
          copied.textContent = result.ok ? 'Invitation copied' : result.error.message;
        },
      },
    },
    'Copy invitation',
  );
  const conference = el('p', { class: 'conference' });
  const lobbyTitle = el('h2', { attrs: { id: 'lobby-title', tabindex: '-1' } }, 'Waiting in the lobby');
  const admitAll = el('button', { class: 'secondary small', attrs: { type: 'button' } }, 'Admit all');
  const lobbySection = el('section', {
    class: 'lobby',
    attrs: { 'aria-labelledby': 'lobby-title', hidden: true },
  });
  const lobbyList = el('ul', { class: 'people' });
  lobbySection.append(el('div', { class: 'section-head' }, lobbyTitle, admitAll), lobbyList);
  const rosterToggle = el('button', {
    class: 'disclosure',
    attrs: { type: 'button', 'aria-expanded': 'true', 'aria-controls': 'roster-list', id: 'roster-title' },
  });
  const rosterHeading = el('h2', { attrs: { tabindex: '-1' } }, rosterToggle);
  const roster = el('ul', {
    class: 'people',
    attrs: { id: 'roster-list', 'aria-labelledby': 'roster-title' },
  });
  rosterToggle.addEventListener('click', () => {
    const expanded = rosterToggle.getAttribute('aria-expanded') !== 'true';
    rosterToggle.setAttribute('aria-expanded', expanded ? 'true' : 'false');
    roster.hidden = !expanded;
  });
  const invite = inviteBox();
  const summary = endedSummary(nav);

  const confirmBox = el('section', {
    class: 'confirm',
    attrs: {
      role: 'alertdialog',
      'aria-labelledby': 'end-all-title',
      'aria-describedby': 'end-all-text',
      hidden: true,
    },
  });
  const leave = el('button', { class: 'secondary', attrs: { type: 'button' } }, 'Leave');
  const endAll = el('button', { class: 'danger', attrs: { type: 'button' } }, 'End for everyone…');
  const copyButton = el(
    'button',
    { class: 'primary', attrs: { type: 'button' }, on: { click: () => void copyLink() } },
    'Copy link',
  );
  const inviteButton = el(
    'button',
    {
      class: 'secondary',
      attrs: { type: 'button' },
      on: { click: () => invite.root.querySelector('input')?.focus() },
    },
    'Invite',
  );
  const bar = el(
    'div',
    { class: 'bottom-bar', attrs: { role: 'group', 'aria-label': 'Meeting actions' } },
    copyButton,
    inviteButton,
    leave,
    endAll,
  );
  let people = 0;
  let lobby = 0;

  leave.addEventListener('click', async () => {
    await call('meetnow:meeting:end');
    state.focus(); // the buttons go away: focus the status that says what happened
  });
  const closeConfirm = () => {
    confirmBox.hidden = true;
    confirmBox.replaceChildren();
    endAll.focus();
  };
  endAll.addEventListener('click', () => {
    const cancel = el(
      'button',
      { class: 'secondary', attrs: { type: 'button' }, on: { click: closeConfirm } },
      'Cancel',
    );
    const confirm = el(
      'button',
      {
        class: 'danger',
        attrs: { type: 'button' },
        on: {
          click: async () => {
            confirmBox.hidden = true;
            confirmBox.replaceChildren();
            await call('meetnow:meeting:end-for-everyone');
            state.focus();
          },
        },
      },
      'End for everyone',
    );
    const others = `${people} ${people === 1 ? 'person' : 'people'} in the meeting${lobby ? ` and ${lobby} in the lobby` : ''}`;
    confirmBox.replaceChildren(
      el('h2', { attrs: { id: 'end-all-title' } }, 'End the meeting for everyone?'),
      el(
        'p',
        { attrs: { id: 'end-all-text' } },
        `The ${others} will be removed, then you leave. The join link stops working.`,
      ),
      el('div', { class: 'actions' }, cancel, confirm),
    );
    confirmBox.hidden = false;
    cancel.focus();
  });
  confirmBox.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      closeConfirm();
    }
  });

  /** After Admit or Deny the row goes: focus the next row's button, or the roster heading. */
  const decide = async (
    person: ParticipantView,
    channel: 'meetnow:meeting:admit' | 'meetnow:meeting:deny',
  ) => {
    const rows = [...lobbyList.children];
    const index = rows.findIndex((row) => row.getAttribute('data-id') === person.id);
    const next = rows[index + 1] ?? rows[index - 1];
    const nextId = next?.getAttribute('data-id');
    focusAfterDecision = {
      goneId: person.id,
      nextId,
      kind: channel === 'meetnow:meeting:admit' ? 'admit' : 'deny',
    };
    await call(channel, { participantId: person.id });
    applyDecisionFocus();
  };
  let focusAfterDecision:
    | { goneId: string | undefined; nextId: string | null | undefined; kind: 'admit' | 'deny' }
    | undefined;
  /** Once the decided row is gone (the push may come before or after the answer), move focus on. */
  const applyDecisionFocus = () => {
    const pending = focusAfterDecision;
    if (!pending) return;
    const stillThere = pending.goneId
      ? lobbyList.querySelector(`li[data-id="${CSS.escape(pending.goneId)}"]`)
      : lobbyList.children.length > 0;
    if (stillThere) return;
    const target = pending.nextId
      ? lobbyList.querySelector<HTMLElement>(
          `li[data-id="${CSS.escape(pending.nextId)}"] button.${pending.kind === 'admit' ? 'primary' : 'secondary'}`,
        )
      : undefined;
    (target ?? rosterHeading).focus();
    focusAfterDecision = undefined;
  };
  admitAll.addEventListener('click', async () => {
    const ids = [...lobbyList.children]
      .map((row) => row.getAttribute('data-id'))
      .filter((id): id is string => !!id);
    focusAfterDecision = { goneId: undefined, nextId: undefined, kind: 'admit' };
    await Promise.all(ids.map((participantId) => call('meetnow:meeting:admit', { participantId })));
    applyDecisionFocus();
  });

  const root = el(
    'main',
    { class: 'screen meeting' },
    el(
      'div',
      { class: 'scroll' },
      el('header', {}, heading, state),
      demo.root,
      problem,
      el(
        'section',
        { class: 'card', attrs: { 'aria-label': 'Join details' } },
        el('div', { class: 'link-row' }, link, open, invitation, copied),
        conference,
      ),
      summary.root,
      lobbySection,
      el('section', { class: 'roster', attrs: { 'aria-labelledby': 'roster-title' } }, rosterHeading, roster),
      invite.root,
      el('div', { class: 'end-all' }, endAll),
      confirmBox,
    ),
    bar,
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
        ending: 'Leaving…',
        ended:
          meeting.reason === 'You left the meeting.'
            ? 'You left the meeting. Others can stay in it.'
            : (meeting.reason ?? 'The meeting has ended.'),
        failed: meeting.reason ?? 'The meeting could not start.',
      }[meeting.state];
      showProblem(
        problem,
        meeting.state === 'failed' ? meeting.problem : undefined,
        () => void call('meetnow:meeting:start', {}),
      );
      demo.update(view);
      link.value = meeting.joinUrl ?? '';
      link.closest('section')?.toggleAttribute('hidden', !meeting.joinUrl || !live);
      conference.textContent = meeting.conferenceId && live ? `Conference ID ${meeting.conferenceId}` : '';
      const inMeeting = meeting.participants.filter((p) => !p.inLobby);
      const waiting = meeting.participants.filter((p) => p.inLobby);
      people = inMeeting.length;
      lobby = waiting.length;
      lobbySection.hidden = waiting.length === 0 || !live;
      admitAll.hidden = waiting.length < 2;
      syncList(
        lobbyList,
        waiting,
        (person) => `${person.id}\n${person.name}`,
        (person) => lobbyRow(person, decide),
      );
      const ringing = view.invitees.filter(
        (entry) => entry.status === 'ringing' && !meeting.participants.some((p) => p.uri === entry.to),
      );
      rosterToggle.textContent = `In the meeting (${inMeeting.length + 1})`;
      roster.replaceChildren(
        personRow('You', 'Organizer', 'me'),
        ...inMeeting.map((person) =>
          personRow(
            person.name || person.uri || 'Guest',
            person.anonymous ? 'Guest' : person.role === 'Leader' ? 'Presenter' : 'Attendee',
          ),
        ),
        ...ringing.map((entry) => personRow(entry.name, 'Ringing…', 'ringing')),
      );
      invite.root.hidden = !live;
      invite.update(view);
      rosterHeading.parentElement?.toggleAttribute('hidden', !live);
      bar.hidden = !live;
      endAll.parentElement?.toggleAttribute('hidden', !live);
      state.classList.toggle('pill', live);
      summary.update(meeting);
      applyDecisionFocus();
    },
  };
}

function personRow(name: string, role: string, kind?: string): HTMLElement {
  return el(
    'li',
    kind ? { class: kind } : {},
    el('span', { class: 'name' }, name),
    el('span', { class: 'role' }, role),
  );
}

function lobbyRow(
  person: ParticipantView,
  decide: (
    person: ParticipantView,
    channel: 'meetnow:meeting:admit' | 'meetnow:meeting:deny',
  ) => Promise<void>,
): HTMLElement {
  const name = person.name || person.uri || 'Guest';
  const admit = el(
    'button',
    {
      class: 'primary small',
      attrs: { type: 'button', 'aria-label': `Admit ${name}` },
      on: { click: () => void decide(person, 'meetnow:meeting:admit') },
    },
    'Admit',
  );
  const deny = el(
    'button',
    {
      class: 'secondary small',
      attrs: { type: 'button', 'aria-label': `Deny ${name}` },
      on: { click: () => void decide(person, 'meetnow:meeting:deny') },
    },
    'Deny',
  );
  return el(
    'li',
    { attrs: { 'data-id': person.id } },
    el('span', { class: 'name' }, name),
    el('span', { class: 'buttons' }, admit, deny),
  );
}
