import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  isUnsafeForTerminal,
  maxTerminalText,
  quotedName,
  terminalBlock,
  terminalJson,
  terminalText,
} from '../../src/cli/terminal-text.js';

/** What must never reach a terminal raw, by class (audit M2, M3, L1). */
const classes: Array<[string, string[]]> = [
  ['C0 controls (ESC, BEL, CR, LF, NUL, TAB, BS)', ['\u001b', '\u0007', '\r', '\n', '\u0000', '\t', '\b']],
  ['DEL', ['\u007f']],
  ['C1 controls (CSI U+009B, OSC U+009D, NEL U+0085)', ['\u009b', '\u009d', '\u0085', '\u0080', '\u009f']],
  [
    'bidi overrides, embeddings, isolates and marks',
    [
      '\u202e',
      '\u202d',
      '\u202a',
      '\u202b',
      '\u202c',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
      '\u200e',
      '\u200f',
      '\u061c',
    ],
  ],
  ['zero-width characters and BOM', ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff']],
  ['line and paragraph separators', ['\u2028', '\u2029']],
  ['tag characters (astral format characters)', ['\u{e0001}', '\u{e0041}']],
  ['lone surrogates', ['\ud800', '\udfff']],
];

const hasUnsafe = (text: string) => [...text].some(isUnsafeForTerminal);

describe('terminal-safe text: one test per class of character', () => {
  for (const [name, characters] of classes) {
    it(`escapes ${name} visibly`, () => {
      for (const character of characters) {
        const out = terminalText(`a${character}b`);
        assert.equal(hasUnsafe(out), false, JSON.stringify(out));
        const code = (character.codePointAt(0) ?? 0).toString(16);
        assert.equal(out, `a\\u{${code}}b`, 'visible, with its code point');
        assert.equal(terminalJson({ value: `a${character}b` }).match(/[^\x20-\x7e]/), null, 'JSON is ASCII');
        assert.equal(JSON.parse(terminalJson({ value: `a${character}b` })).value, `a${character}b`);
      }
    });
  }

  it('keeps ordinary text as it is: accents, CJK, emoji, quotes', () => {
    for (const text of ['Zoë Ångström', '李小龍', 'Ana 👩‍💻'.replace('\u200d', ''), 'O\'Brien "Bob"'])
      assert.equal(terminalText(text), text);
  });

  it('caps the length: a 5,000-character name is one short line', () => {
    const out = quotedName('E'.repeat(5000));
    assert.ok(out.length <= maxTerminalText + 3);
    assert.ok(out.endsWith('…"'));
    assert.ok(terminalText('\u001b'.repeat(5000)).length <= maxTerminalText + 1, 'escapes count too');
  });

  it('the audit strings come out as one harmless line', () => {
    const hostile =
      'X\x1b]0;PWNED-TITLE\x07\x1b[2J\x1b[31mRED\x1b[0m\u009b31m \u202eRTL\u202c \u200bZW\r\nINJECTED-LINE';
    const out = terminalText(hostile);
    assert.equal(hasUnsafe(out), false);
    assert.match(out, /^X\\u\{1b\}\]0;PWNED-TITLE\\u\{7\}/);
    assert.match(out, /\\u\{d\}\\u\{a\}INJECTED-LINE$/);
    assert.equal(
      terminalBlock(`usage\n${hostile}\n`).split('\n').length,
      4,
      'the boundary keeps only its own line breaks',
    );
  });
});

describe('terminal-safe text: properties (fast-check)', () => {
  const anyText = fc.string({ unit: 'binary', maxLength: 400 });

  it('terminalText: never an unsafe character, never a line break, never longer than the cap', () => {
    fc.assert(
      fc.property(anyText, fc.integer({ min: 20, max: 500 }), (text, max) => {
        const out = terminalText(text, max);
        return !hasUnsafe(out) && !out.includes('\n') && out.length <= max + 1;
      }),
      { numRuns: 2000 },
    );
  });

  it('terminalText is the identity on text with nothing unsafe (under the cap)', () => {
    fc.assert(
      fc.property(anyText, (text) => hasUnsafe(text) || text.length > 300 || terminalText(text) === text),
      { numRuns: 1000 },
    );
  });

  it('terminalJson: ASCII-safe for the terminal and parses back to the same value', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 200 })),
        (value) => {
          const json = terminalJson(value);
          return (
            !hasUnsafe(json) &&
            !json.includes('\n') &&
            JSON.stringify(JSON.parse(json)) === JSON.stringify(value)
          );
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('terminalBlock: only the line breaks it was given, nothing else unsafe', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const out = terminalBlock(text);
        return !hasUnsafe(out.replaceAll('\n', '')) && out.split('\n').length === text.split('\n').length;
      }),
      { numRuns: 1000 },
    );
  });
});
