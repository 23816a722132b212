/**
 * Making text from a server (or a guest) safe for a terminal line. Everything the CLI prints that it
 * did not write itself passes through here: no escape sequence, no line break, no reordering of what
 * the user reads (bidi overrides), no invisible characters, and a bounded length.
 */

import { invisibleCharacter, invisibleCharacters } from '../shared/invisible-text.js';

/** The longest piece of server text on one line (a join link is allowed its own, longer cap). */
export const maxTerminalText = 300;

/** Characters a terminal must never get raw: the shared invisible set (controls, Cf, Zl, Zp, Cs). */
const unsafe = invisibleCharacter;
const unsafeGlobal = invisibleCharacters;

export function isUnsafeForTerminal(character: string): boolean {
  return unsafe.test(character);
}

/** `\u{1b}`: visible, unambiguous and harmless, whatever the character was. */
function visible(character: string): string {
  return `\\u{${(character.codePointAt(0) ?? 0).toString(16)}}`;
}

/**
 * One terminal-safe line: unsafe characters escaped visibly, then cut to `max` characters (with an
 * ellipsis), so a 5,000-character display name or a screenful of escapes stays one short line.
 */
export function terminalText(value: unknown, max = maxTerminalText): string {
  const text = typeof value === 'string' ? value : String(value);
  let out = '';
  for (const character of text) {
    const piece = unsafe.test(character) ? visible(character) : character;
    if (out.length + piece.length > max) return `${out}…`;
    out += piece;
  }
  return out;
}

/** Server text as a quoted name: data, never terminal control (`"Eve\u{202e}exe"`). */
export function quotedName(value: string): string {
  return `"${terminalText(value)}"`;
}

/**
 * One JSON line that is also terminal-safe: JSON.stringify already escapes C0 controls; every other
 * unsafe character becomes a JSON `\uXXXX` escape too, so a parser gets the exact value back while
 * the terminal sees only ASCII escapes. Strings longer than `maxString` are cut.
 */
export function terminalJson(value: unknown, maxString = 2048): string {
  const json = JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'string' && item.length > maxString ? `${item.slice(0, maxString)}…` : item,
  );
  return json.replace(unsafeGlobal, (character) => {
    let escaped = '';
    for (let index = 0; index < character.length; index += 1)
      escaped += `\\u${character.charCodeAt(index).toString(16).padStart(4, '0')}`;
    return escaped;
  });
}

/**
 * The last line of defence at the process boundary: whatever a command writes, an escape character
 * or a lone CR never reaches the terminal. Line breaks the CLI writes itself (usage text) stay.
 */
export function terminalBlock(text: string): string {
  return text.replace(unsafeGlobal, (character) => (character === '\n' ? '\n' : visible(character)));
}
