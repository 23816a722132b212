import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maxRecentMeetings, RecentMeetingsStore } from '../../src/main/app/recent-meetings.js';
import { MemorySettingsBackend, SettingsStore } from '../../src/main/app/settings-store.js';

function store(initial: Record<string, unknown> = {}) {
  const backend = new MemorySettingsBackend(initial);
  const settings = new SettingsStore(backend);
  const log: string[] = [];
  let clock = Date.UTC(2026, 11, 1, 9, 0, 0);
  const recent = new RecentMeetingsStore(
    settings,
    (line) => log.push(line),
    () => {
      clock += 60_000;
      return new Date(clock);
    },
  );
  return { backend, settings, log, recent };
}

const meeting = (n: number) => ({
  subject: `Meeting ${n}`,
  joinUrl: `https://meet.contoso.com/alice/M${n}`,
  conferenceId: `${1000000 + n}`,
});

describe('recent meetings', () => {
  it('keeps the last 20, newest first, with participants seen and the end time', () => {
    const { recent, backend } = store();
    for (let n = 1; n <= 25; n += 1) recent.recordStarted(meeting(n));
    recent.recordParticipants(meeting(25).joinUrl, ['Bob', 'Carol']);
    recent.recordParticipants(meeting(25).joinUrl, ['Carol', 'Dave']);
    recent.recordEnded(meeting(25).joinUrl);
    const list = recent.list();
    assert.equal(list.length, maxRecentMeetings);
    assert.equal(list[0]?.subject, 'Meeting 25');
    assert.equal(list.at(-1)?.subject, 'Meeting 6');
    assert.deepEqual(list[0]?.participants, ['Bob', 'Carol', 'Dave']);
    assert.equal(list[0]?.conferenceId, '1000025');
    assert.ok(list[0]?.endedAt && list[0].endedAt > list[0].startedAt);
    assert.equal((backend.store.recentMeetings as unknown[]).length, maxRecentMeetings, 'persisted');
  });

  it('drops corrupted or hostile entries with a log line, and never stores a token', () => {
    const good = {
      subject: 'ok',
      startedAt: '2026-12-01T09:00:00.000Z',
      participants: [],
      joinUrl: 'https://meet.contoso.com/a/1',
      token: 'cwt=SECRET',
    };
    const { recent, log } = store({
      recentMeetings: [
        good,
        { ...good, joinUrl: 'javascript:alert(1)' },
        { ...good, startedAt: 'yesterday' },
        'not an object',
        {
          ...good,
          subject: '<img src=x onerror=alert(1)>\u001b[2J',
          joinUrl: 'https://meet.contoso.com/a/2',
        },
      ],
    });
    const list = recent.list();
    assert.equal(list.length, 2);
    assert.equal(log.length, 3);
    assert.ok(log.every((line) => !line.includes('alert') && !line.includes('yesterday')));
    assert.ok(!JSON.stringify(list).includes('SECRET'), 'unknown keys are stripped');
    assert.equal(list[1]?.subject, '<img src=x onerror=alert(1)> [2J', 'text stays text, escapes gone');
  });

  it('records nothing when turned off, and clears', () => {
    const { recent, settings } = store();
    recent.recordStarted(meeting(1));
    settings.update({ recentMeetingsEnabled: false });
    recent.recordStarted(meeting(2));
    assert.deepEqual(recent.list(), []);
    settings.update({ recentMeetingsEnabled: true });
    assert.deepEqual(
      recent.list().map((entry) => entry.subject),
      ['Meeting 1'],
    );
    recent.clear();
    assert.deepEqual(recent.list(), []);
  });

  it('refuses a meeting without an https link and replaces a repeat of the same link', () => {
    const { recent, log } = store();
    recent.recordStarted({ subject: 'x', joinUrl: 'http://meet.evil.test/x', conferenceId: undefined });
    assert.equal(recent.list().length, 0);
    assert.equal(log.length, 1);
    recent.recordStarted(meeting(1));
    recent.recordStarted({ ...meeting(1), subject: 'renamed' });
    assert.deepEqual(
      recent.list().map((entry) => entry.subject),
      ['renamed'],
    );
  });
});
