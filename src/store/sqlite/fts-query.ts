// Turns any user string into a safe FTS5 MATCH expression.
import { queryWords } from '../query-words.js';

/**
 * An FTS5 query that matches documents containing every word of `query`, or undefined when it has no words.
 * Each word is an FTS5 string ("…"), so `OR`, `NEAR`, `*`, `:` or quotes typed by the user are plain words and
 * can never be read as query syntax. A word can hold no `"` (it is letters and digits only), so no escaping is
 * needed; it is doubled anyway so the function stays safe if the word pattern ever widens.
 */
export function toFtsQuery(query: string): string | undefined {
  const words = queryWords(query);
  if (words.length === 0) return undefined;
  return words.map((w) => `"${w.replaceAll('"', '""')}"`).join(' AND ');
}
