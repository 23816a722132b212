import { type DialIn, hasNumbers, type InvitationCustomization, safeWebUrl } from './online-meetings.js';

/** What the invitation says about the meeting itself (a MeetingInfo or the assigned meeting). */
export interface InvitationMeeting {
  subject: string;
  joinUrl: string;
  conferenceId: string | undefined;
}

/** A ready-to-paste invitation: the clipboard takes both, mail and chat pick the one they show. */
export interface Invitation {
  text: string;
  html: string;
}

/** Control characters (terminal escapes, bidi overrides) out of server text: it stays text. */
function clean(value: string): string {
  return value.replace(/[\p{Cc}\u202a-\u202e\u2066-\u2069]+/gu, ' ').trim();
}

export function escapeHtml(value: string): string {
  return clean(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A link only for an https URL; anything else from the server is shown as escaped text. */
function htmlLink(url: string, label?: string): string {
  const safe = safeWebUrl(url);
  const shown = escapeHtml(label ?? url);
  return safe ? `<a href="${escapeHtml(safe)}">${shown}</a>` : shown;
}

/** A tel: link only for what looks like a phone number. */
function htmlPhone(number: string): string {
  const shown = escapeHtml(number);
  return /^\+?[0-9][0-9 ().-]{2,30}$/.test(number)
    ? `<a href="tel:${escapeHtml(number.replace(/[^0-9+]/g, ''))}">${shown}</a>`
    : shown;
}

interface Line {
  text: string;
  html: string;
}

function dialInLines(dialIn: DialIn): Line[] {
  const lines: Line[] = [];
  for (const region of dialIn.regions) {
    const languages = region.languages.length > 0 ? ` (${region.languages.map(clean).join(', ')})` : '';
    const name = region.name ? `${clean(region.name)}: ` : '';
    lines.push({
      text: `  ${name}${clean(region.number)}${languages}`,
      html: `${region.name ? `${escapeHtml(region.name)}: ` : ''}${htmlPhone(region.number)}${
        languages ? ` ${escapeHtml(languages)}` : ''
      }`,
    });
  }
  const provider = dialIn.provider;
  if (provider?.tollNumber)
    lines.push({
      text: `  Toll: ${clean(provider.tollNumber)}`,
      html: `Toll: ${htmlPhone(provider.tollNumber)}`,
    });
  for (const number of provider?.tollFreeNumbers ?? [])
    lines.push({ text: `  Toll-free: ${clean(number)}`, html: `Toll-free: ${htmlPhone(number)}` });
  if (provider?.passCode)
    lines.push({
      text: `  Participant pass code: ${clean(provider.passCode)}`,
      html: `Participant pass code: ${escapeHtml(provider.passCode)}`,
    });
  if (dialIn.directoryUrl)
    lines.push({
      text: `  Find a local number: ${clean(dialIn.directoryUrl)}`,
      html: htmlLink(dialIn.directoryUrl, 'Find a local number'),
    });
  return lines;
}

/**
 * The invitation: subject, join link, conference ID, the dial-in numbers and access instructions
 * where the server offers them, and the organisation's footer, help and legal links where set.
 * Everything from the server is escaped in the HTML and stripped of control characters in both.
 */
export function formatInvitation(
  meeting: InvitationMeeting,
  dialIn?: DialIn,
  customization?: InvitationCustomization,
): Invitation {
  const subject = clean(meeting.subject) || 'Online meeting';
  const text: string[] = [subject, '', `Join the meeting: ${clean(meeting.joinUrl)}`];
  const html: string[] = [
    `<p><strong>${escapeHtml(subject)}</strong></p>`,
    `<p>${htmlLink(meeting.joinUrl, 'Join the meeting')}<br>${escapeHtml(meeting.joinUrl)}</p>`,
  ];
  const phone = hasNumbers(dialIn) ? dialInLines(dialIn) : [];
  if (phone.length > 0) {
    text.push('', 'Join by phone', ...phone.map((line) => line.text));
    html.push(`<p>Join by phone<br>${phone.map((line) => line.html).join('<br>')}</p>`);
  }
  if (meeting.conferenceId) {
    if (phone.length === 0) text.push('');
    text.push(`Conference ID: ${clean(meeting.conferenceId)}`);
    html.push(`<p>Conference ID: ${escapeHtml(meeting.conferenceId)}</p>`);
  }
  const custom = customization;
  const footer: Line[] = [];
  if (custom?.helpUrl)
    footer.push({ text: `Help: ${clean(custom.helpUrl)}`, html: htmlLink(custom.helpUrl, 'Help') });
  if (custom?.legalUrl)
    footer.push({ text: `Legal: ${clean(custom.legalUrl)}`, html: htmlLink(custom.legalUrl, 'Legal') });
  if (custom?.footerText)
    footer.push({ text: clean(custom.footerText), html: escapeHtml(custom.footerText) });
  if (footer.length > 0) {
    text.push('', ...footer.map((line) => line.text));
    html.push(`<p>${footer.map((line) => line.html).join('<br>')}</p>`);
  }
  const logo = safeWebUrl(custom?.logoUrl);
  if (logo) html.push(`<p><img src="${escapeHtml(logo)}" alt="Logo"></p>`);
  return { text: `${text.join('\n')}\n`, html: html.join('\n') };
}
