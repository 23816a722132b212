/**
 * The characters that must never reach a reader raw, the same set wherever Meet Now shows text
 * it did not write (the CLI escapes them, the window and the tray drop them): C0 and C1 controls
 * and DEL (Cc: escape sequences, CR, LF, BEL), format characters (Cf: bidi overrides, isolates and
 * marks, zero-width spaces and joiners, ALM, BOM, tags), line and paragraph separators, and lone
 * surrogates. Two subjects that differ only in these would otherwise look the same.
 */
export const invisibleCharacter = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;
export const invisibleCharacters = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

const set = invisibleCharacter.source.slice(1, -1);
/** A run of invisible characters with the spaces around it. */
const invisibleRuns = new RegExp(`[ ${set}]*[${set}][ ${set}]*`, 'gu');

/** Text for a window or a menu: each run of invisible characters (and spaces next to it) becomes one space, trimmed. */
export function withoutInvisible(text: string): string {
  return text.replace(invisibleRuns, ' ').trim();
}
