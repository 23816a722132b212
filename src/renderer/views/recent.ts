import type { AppView, RecentMeetingView } from '../../shared/ipc-contract.js';
import { openInSkype } from '../../shared/words.js';
import { call } from '../api.js';
import { el, syncList } from '../dom.js';
import { ipcProblem } from '../problem.js';

const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const time = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

/** How many meetings Home lists before "Show all (N)". */
export const recentShown = 5;

/** "1 Dec 2026, 10:00 – 10:30" (the end only when it is known). */
function when(meeting: RecentMeetingView): string {
  const started = new Date(meeting.startedAt);
  const ended = meeting.endedAt ? new Date(meeting.endedAt) : undefined;
  return ended ? `${day.format(started)} – ${time.format(ended)}` : day.format(started);
}

/** The row's name in every message: its subject, or its time when it has none. */
const nameOf = (meeting: RecentMeetingView) =>
  meeting.subject || `Meeting at ${time.format(new Date(meeting.startedAt))}`;

/** "3 joined: Bob, Carol, Dan…" (only people admitted to the meeting are recorded). */
function joined(names: readonly string[]): string {
  if (names.length === 0) return '';
  return `${names.length} joined: ${names.slice(0, 3).join(', ')}${names.length > 3 ? '…' : ''}`;
}

/**
 * Home's list of the last meetings this app started, each with Copy link, Open in Skype for
 * Business and Copy invitation; a meeting ended for everyone says its link no longer works and
 * offers none of them. Each row confirms next to itself, naming the meeting, and a repeated press
 * reads differently so it is announced again. The latest few are shown, the rest behind
 * "Show all (N)". Everything in it came from the server once: it is set as text, never as HTML.
 */
export function recentMeetings(): { root: HTMLElement; update(view: AppView): void } {
  const list = el('ul', { class: 'recent-list', attrs: { id: 'recent-list' } });
  const more = el('button', {
    class: 'link show-all',
    attrs: { type: 'button', 'aria-expanded': 'false', 'aria-controls': 'recent-list', hidden: true },
  });
  const root = el(
    'section',
    { class: 'recent', attrs: { 'aria-labelledby': 'recent-title', hidden: true } },
    el('h2', { attrs: { id: 'recent-title' } }, 'Recent meetings'),
    list,
    more,
  );
  let signedIn = false;
  let expanded = false;
  let last: AppView | undefined;
  more.addEventListener('click', () => {
    expanded = !expanded;
    if (last) render(last);
  });

  const row = (meeting: RecentMeetingView): HTMLElement => {
    const name = nameOf(meeting);
    // Next to this row's buttons: what the last press here did, naming the meeting.
    const status = el('p', { class: 'copied row-status', attrs: { role: 'status', 'aria-live': 'polite' } });
    const presses = new Map<string, number>();
    const say = (result: Awaited<ReturnType<typeof call>>, done: string) => {
      if (!result.ok) {
        presses.clear();
        status.textContent = `${ipcProblem(result.error).title} (${name})`;
        return;
      }
      const count = (presses.get(done) ?? 0) + 1;
      presses.clear();
      presses.set(done, count);
      status.textContent = `${done}${count > 1 ? ` again (${count})` : ''}: ${name}`;
    };
    const action = (label: string, run: () => Promise<void>) =>
      el(
        'button',
        {
          class: 'secondary small',
          attrs: { type: 'button', 'aria-label': `${label}: ${name}` },
          on: { click: () => void run() },
        },
        label,
      );
    const subject = el('strong', { class: 'recent-subject', attrs: { dir: 'auto' } }, name);
    const details = el(
      'span',
      { class: 'hint' },
      [when(meeting), meeting.conferenceId ? `ID ${meeting.conferenceId}` : '', joined(meeting.participants)]
        .filter(Boolean)
        .join(' · '),
    );
    if (meeting.endedForEveryone)
      return el(
        'li',
        { class: 'ended-for-everyone' },
        subject,
        details,
        el('span', { class: 'hint dead-link' }, 'Ended for everyone — link no longer works'),
      );
    const invitation = action('Copy invitation', async () =>
      say(await call('meetnow:recent:copy-invitation', { joinUrl: meeting.joinUrl }), 'Invitation copied'),
    );
    invitation.classList.add('needs-sign-in');
    invitation.disabled = !signedIn;
    const open = action(openInSkype, async () => {
      presses.clear();
      status.textContent = `Opening ${name}…`;
      const result = await call('meetnow:recent:join', { joinUrl: meeting.joinUrl });
      // The browser has been asked: nothing is left to wait for.
      status.textContent = result.ok ? '' : `${ipcProblem(result.error).title} (${name})`;
    });
    return el(
      'li',
      {},
      subject,
      details,
      el(
        'div',
        { class: 'recent-actions' },
        action('Copy link', async () =>
          say(await call('meetnow:recent:copy-link', { joinUrl: meeting.joinUrl }), 'Link copied'),
        ),
        open,
        invitation,
      ),
      status,
    );
  };

  const render = (view: AppView) => {
    const meetings = view.recentMeetings;
    const shown = expanded ? meetings : meetings.slice(0, recentShown);
    syncList(
      list,
      shown,
      (meeting) =>
        `${meeting.joinUrl} ${meeting.endedAt ?? ''} ${meeting.endedForEveryone ? 'x' : ''} ${meeting.participants.length}`,
      row,
    );
    more.hidden = meetings.length <= recentShown;
    more.textContent = expanded ? 'Show fewer' : `Show all (${meetings.length})`;
    more.setAttribute('aria-expanded', expanded ? 'true' : 'false');
  };

  return {
    root,
    update: (view) => {
      last = view;
      signedIn = view.session.status === 'ready' || view.session.status === 'reconnecting';
      root.hidden = !view.settings.recentMeetingsEnabled || view.recentMeetings.length === 0;
      render(view);
      for (const button of list.querySelectorAll<HTMLButtonElement>('button.needs-sign-in'))
        button.disabled = !signedIn;
    },
  };
}
