// The SQLite full-text search as a function over any better-sqlite3 connection: the store runs it on its own
// connection, the server's search workers on read-only connections of their own (server/search-pool.ts).
import type Database from 'better-sqlite3';
import type { SearchFilter, SearchHit } from '../store.js';
import { toFtsQuery } from './fts-query.js';
import { rowToSummary, type SummaryRow } from '../rows.js';
import { detokenise } from '../../text/ptb.js';

/** bm25 column weights, in FTS column order (title, text): a word in the title counts five times as much. */
const TITLE_WEIGHT = 5.0;
const TEXT_WEIGHT = 1.0;
const SNIPPET_TOKENS = 12;
// snippet() marks matches with private-use characters so we can tell a real match from a `[` already in the text,
// then they become `[` `]` for the caller.
const MARK_OPEN = '\uE000';
const MARK_CLOSE = '\uE001';
const SUMMARY_COLUMNS = 'a.id, a.title, a.outlet, a.published, a.published_precision, a.url, a.source, a.language';

interface SearchRow extends SummaryRow {
  text_snippet: string | null;
  title_snippet: string | null;
  rank: number;
}

/** The text's fragment when the match is in the text, else the title's when it is there; markers become `[` `]`. */
function pickSnippet(row: SearchRow): string {
  const text = row.text_snippet ?? '';
  const title = row.title_snippet ?? '';
  const chosen = !text.includes(MARK_OPEN) && title.includes(MARK_OPEN) ? title : text;
  // One line for display (a fragment may span a paragraph break), as a reader should see it (detokenise).
  return detokenise(chosen).replaceAll(MARK_OPEN, '[').replaceAll(MARK_CLOSE, ']');
}

/**
 * A no-op SQL function called once per matching row, for searches in a worker thread. A worker cannot be stopped
 * while native code runs, but `Worker.terminate()` takes effect at the next call into JavaScript: this call is that
 * point, so a terminated search stops at its next row instead of ranking the rest of the archive. It always returns
 * 1, so the rows and their order (the plan is the same: the term only filters) are those without it.
 */
const CHECKPOINT = 'storyline_checkpoint';

/**
 * The hits of `query` from the `offset`-th (best first), at most `limit` of them. `offset` defaults to 0: the store
 * asks for the first hits, the server's workers for a page.
 */
export type SqliteSearch = (query: string, limit: number, filter?: SearchFilter, offset?: number) => SearchHit[];

interface RankedRow {
  seq: number;
  rank: number;
}

/**
 * Prepare the search on `db` (which must hold the Storyline schema). `interruptible` adds the per-row checkpoint
 * (only worth its cost in a worker that may be terminated).
 *
 * Two steps, so a common word costs a ranking and not a snippet per matching article: the first ranks every match
 * and keeps the window asked for (in a sorter, the columns of every row are computed before the LIMIT applies, so
 * snippets there would be made for all 1,400 articles that say "oil spill"); the second makes the snippets and
 * reads the summary of the window's rows only, one row each, by rowid.
 */
export function prepareSqliteSearch(db: Database.Database, opts: { interruptible?: boolean } = {}): SqliteSearch {
  // One parameter (the row id): better-sqlite3 takes the SQL function's arity from the JavaScript one's.
  if (opts.interruptible) db.function(CHECKPOINT, { deterministic: false, directOnly: true }, (_rowid: unknown) => 1);
  const rank = db.prepare<
    [
      {
        match: string;
        limit: number;
        offset: number;
        outlet: string | null;
        from: string | null;
        to: string | null;
        language: string | null;
      },
    ],
    RankedRow
  >(
    `SELECT a.seq AS seq, bm25(articles_fts, ${TITLE_WEIGHT}, ${TEXT_WEIGHT}) AS rank
     FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid
     WHERE articles_fts MATCH @match${opts.interruptible ? ` AND ${CHECKPOINT}(articles_fts.rowid)` : ''}
       -- Each filter is off when its parameter is NULL; a day compares with the first ten characters of the date.
       AND (@outlet IS NULL OR a.outlet = @outlet)
       AND (@from IS NULL OR substr(a.published, 1, 10) >= @from)
       AND (@to IS NULL OR substr(a.published, 1, 10) <= @to)
       AND (@language IS NULL OR a.language = @language)
     -- Equal ranks (the same text in two articles) in insertion order, so pages never overlap or skip a hit.
     ORDER BY rank, a.seq
     LIMIT @limit OFFSET @offset`,
  );
  const detail = db.prepare<
    [{ open: string; close: string; ellipsis: string; match: string; seq: number }],
    Omit<SearchRow, 'rank'>
  >(
    `SELECT ${SUMMARY_COLUMNS},
            snippet(articles_fts, 1, @open, @close, @ellipsis, ${SNIPPET_TOKENS}) AS text_snippet,
            snippet(articles_fts, 0, @open, @close, @ellipsis, ${SNIPPET_TOKENS}) AS title_snippet
     FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid
     -- CAST: a JavaScript number binds as a REAL, and FTS5 then ignores the rowid constraint (every match comes back).
     WHERE articles_fts MATCH @match AND articles_fts.rowid = CAST(@seq AS INTEGER)`,
  );
  // Both steps read one snapshot: a write between them cannot drop a ranked hit's row.
  const search = db.transaction((match: string, limit: number, filter: SearchFilter, offset: number) => {
    const ranked = rank.all({
      match,
      limit,
      offset,
      outlet: filter.outlet ?? null,
      from: filter.from ?? null,
      to: filter.to ?? null,
      language: filter.language ?? null,
    });
    const hits: SearchHit[] = [];
    for (const { seq, rank: r } of ranked) {
      const row = detail.get({ open: MARK_OPEN, close: MARK_CLOSE, ellipsis: '…', match, seq });
      if (!row) continue; // cannot happen in one snapshot; the type allows it

      hits.push({
        ...rowToSummary(row),
        snippet: pickSnippet({ ...row, rank: r }),
        score: -r, // bm25() is lower-is-better; the interface promises higher-is-better
      });
    }
    return hits;
  });
  return (query, limit, filter = {}, offset = 0) => {
    const match = toFtsQuery(query);
    return match === undefined ? [] : search(match, limit, filter, offset);
  };
}
