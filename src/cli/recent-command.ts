import { parseArgs } from 'node:util';
import { cliRecentMeetings } from './cli-extras.js';
import { ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';

export const recentUsage = `Usage: meetnow recent [--json]

Lists the last meetings "meetnow start" started here (newest first, at most 20): start time,
subject, conference ID and join link. No sign-in, no request.

Options:
  --json              print one JSON array (subject, startedAt, endedAt, participants, joinUrl,
                      conferenceId)
`;

export function recentCommand(argv: string[], io: CliIo): number {
  const { values } = parseArgs({
    args: argv,
    options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) {
    io.stdout(recentUsage);
    return ExitCode.ok;
  }
  // Entries are validated (and control characters removed) on reading; bad ones are reported.
  const meetings = cliRecentMeetings(io.env, (line) => io.stderr(`meetnow: ${line}`)).list();
  if (values.json) {
    io.stdout(`${JSON.stringify(meetings)}\n`);
    return ExitCode.ok;
  }
  if (meetings.length === 0) {
    io.stdout('No recent meetings.\n');
    return ExitCode.ok;
  }
  const rows = meetings.map((meeting) => [
    meeting.startedAt.replace('T', ' ').slice(0, 16),
    meeting.subject || '(no subject)',
    meeting.conferenceId ?? '',
    meeting.joinUrl,
  ]);
  const header = ['started (UTC)', 'subject', 'conference ID', 'join link'];
  const widths = header.map((title, column) =>
    Math.min(40, Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length))),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        column === cells.length - 1 ? cell : truncate(cell, widths[column] ?? 0).padEnd(widths[column] ?? 0),
      )
      .join('  ');
  io.stdout(`${[line(header), ...rows.map(line)].join('\n')}\n`);
  return ExitCode.ok;
}

const truncate = (text: string, width: number) =>
  text.length > width ? `${text.slice(0, width - 1)}…` : text;
