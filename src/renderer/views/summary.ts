import type { MeetingView } from '../../shared/ipc-contract.js';
import { call } from '../api.js';
import { el } from '../dom.js';
import type { Navigator } from './view.js';

function clock(epochMs: number): string {
  return new Date(epochMs).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** The ended state: when, how long, how many people; Copy link (for someone late) and Start new. */
export function endedSummary(nav: Navigator): { root: HTMLElement; update(meeting: MeetingView): void } {
  const text = el('p', { class: 'summary-text' });
  const copy = el(
    'button',
    {
      class: 'secondary',
      attrs: { type: 'button' },
      on: { click: () => void call('meetnow:meeting:copy-link') },
    },
    'Copy link',
  );
  const again = el(
    'button',
    {
      class: 'primary',
      attrs: { type: 'button' },
      on: {
        click: () => {
          nav.go('home');
        },
      },
    },
    'Start a new meeting',
  );
  const root = el(
    'section',
    { class: 'summary', attrs: { 'aria-label': 'Summary', hidden: true } },
    text,
    el('div', { class: 'actions' }, copy, again),
  );
  return {
    root,
    update: (meeting) => {
      const over = meeting.state === 'ended' || meeting.state === 'failed';
      root.hidden = !over || meeting.state === 'failed';
      if (!over || !meeting.startedAt) {
        text.textContent = '';
        return;
      }
      const end = meeting.endedAt ?? Date.now();
      const peoples = meeting.peakPeople ?? 1;
      text.textContent = `Ended ${clock(end)} · ${duration(end - meeting.startedAt)} · ${peoples} ${peoples === 1 ? 'person' : 'people'}`;
      // The link still works for others unless the meeting was ended for everyone.
      copy.hidden = !meeting.joinUrl || meeting.endedForEveryone === true;
    },
  };
}
