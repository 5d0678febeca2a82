// The SQLite full-text search, as a function over any better-sqlite3 connection, so a search worker can run it on
// its own read-only connection. It gives exactly what SqliteStore.search gives.
//
// DUPLICATED from src/store/sqlite/sqlite-store.ts (the statement `selectMatches`, its constants and pickSnippet),
// which this room may not edit. Keep the two in step until the store exports them (see the report of issue 10).
import type Database from 'better-sqlite3';
import { toFtsQuery } from '../store/sqlite/fts-query.js';
import { rowToSummary, type SummaryRow } from '../store/sqlite/rows.js';
import type { SearchHit } from '../store/store.js';

// ---- copied from sqlite-store.ts ----
const TITLE_WEIGHT = 5.0;
const TEXT_WEIGHT = 1.0;
const SNIPPET_TOKENS = 12;
const MARK_OPEN = '\uE000';
const MARK_CLOSE = '\uE001';
const SUMMARY_COLUMNS = 'a.id, a.title, a.outlet, a.published, a.url, a.source';

interface SearchRow extends SummaryRow {
  text_snippet: string | null;
  title_snippet: string | null;
  rank: number;
}

function pickSnippet(row: SearchRow): string {
  const text = row.text_snippet ?? '';
  const title = row.title_snippet ?? '';
  const chosen = !text.includes(MARK_OPEN) && title.includes(MARK_OPEN) ? title : text;
  return chosen.replace(/\s+/g, ' ').replaceAll(MARK_OPEN, '[').replaceAll(MARK_CLOSE, ']');
}
// ---- end of the copy ----

/**
 * A no-op SQL function called once per matching row. A worker thread cannot be stopped while native code runs, but
 * `Worker.terminate()` takes effect at the next call into JavaScript: this call is that point, so a terminated
 * search stops at its next row instead of ranking the rest of the archive. It always returns 1, so the rows, and
 * their order (the plan is the same: the term only filters), are those of the store's statement.
 */
const CHECKPOINT = 'storyline_checkpoint';

export type SqliteSearch = (query: string, limit: number) => SearchHit[];

/** Prepare the search on `db` (which must hold the Storyline schema). */
export function prepareSqliteSearch(db: Database.Database): SqliteSearch {
  db.function(CHECKPOINT, { deterministic: false, directOnly: true }, (_rowid: unknown) => 1);
  const select = db.prepare<
    [{ open: string; close: string; ellipsis: string; match: string; limit: number }],
    SearchRow
  >(
    `SELECT ${SUMMARY_COLUMNS},
            snippet(articles_fts, 1, @open, @close, @ellipsis, ${SNIPPET_TOKENS}) AS text_snippet,
            snippet(articles_fts, 0, @open, @close, @ellipsis, ${SNIPPET_TOKENS}) AS title_snippet,
            bm25(articles_fts, ${TITLE_WEIGHT}, ${TEXT_WEIGHT}) AS rank
     FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid
     WHERE articles_fts MATCH @match AND ${CHECKPOINT}(articles_fts.rowid)
     ORDER BY rank
     LIMIT @limit`,
  );
  return (query, limit) => {
    const match = toFtsQuery(query);
    if (match === undefined) return [];
    return select.all({ open: MARK_OPEN, close: MARK_CLOSE, ellipsis: '…', match, limit }).map((row) => ({
      ...rowToSummary(row),
      snippet: pickSnippet(row),
      score: -row.rank,
    }));
  };
}
