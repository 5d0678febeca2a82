// How PostgreSQL full-text search sees text: accents folded, words quoted so a user string is never query syntax.
import { queryWords } from '../query-words.js';

/** Letters the fold maps although Unicode gives them no decomposition (a stroke is not a combining mark). */
const UNDECOMPOSABLE: Readonly<Record<string, string>> = {
  Ø: 'O',
  ø: 'o',
  Đ: 'D',
  đ: 'd',
  Ħ: 'H',
  ħ: 'h',
  Ł: 'L',
  ł: 'l',
  ı: 'i',
  Ŧ: 'T',
  ŧ: 't',
};

/**
 * The accent fold as the two argument strings of SQL `translate(text, from, to)`: every Latin letter of
 * U+00C0–U+024F whose base is one ASCII letter maps to that letter, one character to one character. One-to-one
 * matters: a folded text is exactly as long as the original, so a position found in it (a snippet) is the same
 * position in the original. Letters that fold to two (ß, æ, œ) are left alone.
 *
 * Frozen: migration 1 bakes these strings into the `search_fold` SQL function the index is built with.
 */
function buildFold(): { from: string; to: string } {
  let from = '';
  let to = '';
  for (let code = 0xc0; code <= 0x24f; code++) {
    const letter = String.fromCodePoint(code);
    const base = UNDECOMPOSABLE[letter] ?? letter.normalize('NFD').replace(/\p{M}/gu, '');
    if (base !== letter && /^[A-Za-z]$/.test(base)) {
      from += letter;
      to += base;
    }
  }
  return { from, to };
}

export const ACCENT_FOLD = buildFold();

const FOLD_MAP: ReadonlyMap<string, string> = new Map(
  [...ACCENT_FOLD.from].map((letter, i) => [letter, ACCENT_FOLD.to[i] as string]),
);
/** The letters `ACCENT_FOLD` maps all lie in U+00C0–U+024F (see `buildFold`): only those need a look-up. */
const FOLDABLE = /[\u00c0-\u024f]/g;

/**
 * The SQL `search_fold` (translate with `ACCENT_FOLD`), in JavaScript: the same result, in time linear in the text.
 * PostgreSQL's `translate` compares every character with each of the 255 letters of `from`, so folding an article
 * there cost ~9 ms of the server's CPU per 6 kB — more than the rest of saving it, and on the cores the workers
 * extract on. The store folds here and sends the folded title and text with the article (migration 11).
 */
export function searchFold(text: string): string {
  return text.replace(FOLDABLE, (letter) => FOLD_MAP.get(letter) ?? letter);
}

/**
 * A `to_tsquery` string matching documents that contain every word of `query` (AND), or undefined when it has no
 * words. Words are runs of letters, digits and marks (the same split as the SQLite store), each quoted as a
 * tsquery lexeme: `|`, `!`, `<->`, `:*`, parentheses or quotes typed by the user are separators, never operators.
 */
export function toTsQuery(query: string): string | undefined {
  const words = queryWords(query);
  if (words.length === 0) return undefined;
  // A word holds no quote or backslash (letters and digits only); escaped anyway in case the split ever widens.
  return words.map((w) => `'${w.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`).join(' & ');
}
