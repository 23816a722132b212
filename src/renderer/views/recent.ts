import type { AppView, RecentMeetingView } from '../../shared/ipc-contract.js';
import { call } from '../api.js';
import { el, syncList } from '../dom.js';
import { ipcProblem } from '../problem.js';

const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const time = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

/** "1 Dec 2026, 10:00 – 10:30" (the end only when it is known). */
function when(meeting: RecentMeetingView): string {
  const started = new Date(meeting.startedAt);
  const ended = meeting.endedAt ? new Date(meeting.endedAt) : undefined;
  return ended ? `${day.format(started)} – ${time.format(ended)}` : day.format(started);
}

/**
 * Home's list of the last meetings this app started, each with Copy link, Join and Copy
 * invitation. Everything in it came from the server once: it is set as text, never as HTML.
 */
export function recentMeetings(): { root: HTMLElement; update(view: AppView): void } {
  const list = el('ul', { class: 'recent-list' });
  const status = el('p', { class: 'copied', attrs: { role: 'status', 'aria-live': 'polite' } });
  const root = el(
    'section',
    { class: 'recent', attrs: { 'aria-labelledby': 'recent-title', hidden: true } },
    el('h2', { attrs: { id: 'recent-title' } }, 'Recent meetings'),
    list,
    status,
  );
  let signedIn = false;
  const say = (result: Awaited<ReturnType<typeof call>>, done: string) => {
    status.textContent = result.ok ? done : ipcProblem(result.error).title;
  };
  const row = (meeting: RecentMeetingView): HTMLElement => {
    const name = meeting.subject || 'Meeting';
    const action = (label: string, run: () => Promise<void>, extra: Record<string, string> = {}) =>
      el(
        'button',
        {
          class: 'secondary small',
          attrs: { type: 'button', 'aria-label': `${label}: ${name}`, ...extra },
          on: { click: () => void run() },
        },
        label,
      );
    const invitation = action('Copy invitation', async () =>
      say(await call('meetnow:recent:copy-invitation', { joinUrl: meeting.joinUrl }), 'Invitation copied'),
    );
    invitation.classList.add('needs-sign-in');
    invitation.disabled = !signedIn;
    const people = meeting.participants.length;
    return el(
      'li',
      {},
      el('strong', { class: 'recent-subject' }, name),
      el(
        'span',
        { class: 'hint' },
        [
          when(meeting),
          meeting.conferenceId ? `ID ${meeting.conferenceId}` : '',
          people
            ? `${people} ${people === 1 ? 'person' : 'people'}: ${meeting.participants.slice(0, 3).join(', ')}${people > 3 ? '…' : ''}`
            : '',
        ]
          .filter(Boolean)
          .join(' · '),
      ),
      el(
        'div',
        { class: 'recent-actions' },
        action('Copy link', async () =>
          say(await call('meetnow:recent:copy-link', { joinUrl: meeting.joinUrl }), 'Link copied'),
        ),
        action('Join', async () =>
          say(await call('meetnow:recent:join', { joinUrl: meeting.joinUrl }), 'Opening…'),
        ),
        invitation,
      ),
    );
  };
  return {
    root,
    update: (view) => {
      signedIn = view.session.status === 'ready' || view.session.status === 'reconnecting';
      root.hidden = !view.settings.recentMeetingsEnabled || view.recentMeetings.length === 0;
      syncList(
        list,
        view.recentMeetings,
        (meeting) => `${meeting.joinUrl} ${meeting.endedAt ?? ''} ${meeting.participants.length}`,
        row,
      );
      for (const button of list.querySelectorAll<HTMLButtonElement>('button.needs-sign-in'))
        button.disabled = !signedIn;
    },
  };
}
