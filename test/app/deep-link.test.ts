import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isUnsafeForTerminal, terminalText } from '../../src/cli/terminal-text.js';
import { findDeepLink, parseDeepLink } from '../../src/main/app/deep-link.js';
import { withoutInvisible } from '../../src/shared/invisible-text.js';

function parse(text: string) {
  const log: string[] = [];
  return { link: parseDeepLink(text, (line) => log.push(line)), log };
}

describe('deep links (meetnow://)', () => {
  it('reads start with a subject and invitees', () => {
    const { link, log } = parse(
      'meetnow://start?subject=Quick%20sync&invite=bob@contoso.com&invite=sip:carol@contoso.com,dave@contoso.com',
    );
    assert.deepEqual(link, {
      action: 'start',
      subject: 'Quick sync',
      invite: ['sip:bob@contoso.com', 'sip:carol@contoso.com', 'sip:dave@contoso.com'],
    });
    assert.deepEqual(log, []);
  });

  it('reads copy-link and my-link, case-insensitively, with or without a trailing slash', () => {
    assert.deepEqual(parse('meetnow://copy-link').link, { action: 'copy-link' });
    assert.deepEqual(parse('MEETNOW://My-Link/').link, { action: 'my-link' });
    assert.deepEqual(parse('meetnow://start').link, { action: 'start', subject: undefined, invite: [] });
  });

  it('ignores and logs what could sign in elsewhere, change settings or carry credentials', () => {
    const { link, log } = parse(
      'meetnow://start?subject=x&discover=https://evil.test/&user=mallory@evil.test&password=p&shortcut=F1',
    );
    assert.deepEqual(link, { action: 'start', subject: 'x', invite: [] });
    for (const name of ['discover', 'user', 'password', 'shortcut'])
      assert.ok(
        log.some((line) => line.includes(`"${name}"`)),
        name,
      );
    assert.ok(!log.some((line) => line.includes('evil.test')), 'values are not logged');
    for (const text of ['meetnow://user:pw@start', 'meetnow://start:8443', 'meetnow://evil.test/start'])
      assert.equal(parse(text).link, undefined, text);
  });

  it('refuses unknown actions and other schemes, and caps lengths', () => {
    assert.equal(parse('meetnow://sign-in?server=x').link, undefined);
    assert.match(parse('meetnow://sign-in').log[0] ?? '', /unknown action "sign-in"/);
    assert.equal(parse('https://start?subject=x').link, undefined);
    assert.equal(parse('not a url').link, undefined);
    assert.equal(parse(`meetnow://start?subject=${'a'.repeat(5000)}`).link, undefined);
    const long = parse(`meetnow://start?subject=${'a'.repeat(300)}`);
    assert.equal(long.link?.action === 'start' && long.link.subject?.length, 250);
    const many = Array.from({ length: 30 }, (_, i) => `invite=u${i}@contoso.com`).join('&');
    const invites = parse(`meetnow://start?${many}`).link;
    assert.equal(invites?.action === 'start' && invites.invite.length, 20);
  });

  it('keeps control characters out of the subject and the log, and refuses bad invitees', () => {
    const { link, log } = parse(
      'meetnow://start?subject=%1B%5B31mred%E2%80%AE&invite=%3Cscript%3E@x&invite=not-an-address&%1B%5D0%3Bx=1',
    );
    assert.deepEqual(link, { action: 'start', subject: '[31mred', invite: [] });
    assert.equal(log.length, 3);
    assert.ok(log.every((line) => !/\p{Cc}/u.test(line)));
  });

  it('drops the same invisible characters the CLI escapes (RLM, ALM, zero-width, U+2028) and refuses an address with one', () => {
    const { link, log } = parse(
      `meetnow://start?subject=${encodeURIComponent('Budget\u200f \u061cplan\u200b2\u2028end')}&invite=${encodeURIComponent('bo\u202eb@contoso.com')}&invite=eve@contoso.com`,
    );
    assert.deepEqual(link, {
      action: 'start',
      subject: 'Budget plan 2 end',
      invite: ['sip:eve@contoso.com'],
    });
    assert.equal(log.length, 1, 'the address with U+202E is refused and logged');
  });

  it('the window and the CLI agree: what withoutInvisible leaves, terminal text would show as it is', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const shown = withoutInvisible(text);
        assert.ok(![...shown].some(isUnsafeForTerminal), JSON.stringify(shown));
        assert.equal(terminalText(shown, Number.MAX_SAFE_INTEGER), shown);
      }),
    );
  });

  it('finds the link among a second launch’s arguments', () => {
    assert.equal(findDeepLink(['/opt/meetnow', '--flag', 'meetnow://copy-link']), 'meetnow://copy-link');
    assert.equal(findDeepLink(['/opt/meetnow', '--flag']), undefined);
  });
});
