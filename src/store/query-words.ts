// How every store splits a user's search string into words (the SQLite FTS5 and PostgreSQL tsquery builders both
// start here, so one query finds the same words in either store).

/** More words than this add little to a search and only cost time. */
const MAX_TERMS = 32;

/** Words of a user query: runs of Unicode letters, digits and combining marks. Everything else separates words. */
export function queryWords(query: string): string[] {
  return (query.normalize('NFC').match(/[\p{L}\p{N}\p{M}]+/gu) ?? []).slice(0, MAX_TERMS);
}
