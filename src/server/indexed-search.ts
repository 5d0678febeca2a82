// The search workers' searching over one read-only SQLite connection: the in-memory index of the articles
// (article-index.ts), built and brought up to date in steps from the store's rows, and a page of hits from it with
// the rows of that page only. The worker (search-worker.ts) decides when to step and when the store answers instead.
import type Database from 'better-sqlite3';
import type { SearchFilter, SearchHit } from '../store/store.js';
import { rowToSummary, type SummaryRow } from '../store/rows.js';
import { ArticleIndex } from './article-index.js';
import { SEARCH_INDEX } from './settings.js';

interface IndexRow {
  seq: number;
  title: string | null;
  text: string;
  outlet: string | null;
  published: string | null;
  language: string | null;
  /** The analysis' sentence spans as JSON, when the article has an analysis. */
  sentences: string | null;
}

function sentenceEnds(json: string | null): number[] | undefined {
  if (json === null) return undefined;
  const spans = JSON.parse(json) as unknown;
  if (!Array.isArray(spans)) return undefined;
  const ends = spans.map((s: { end?: unknown }) => s?.end).filter((e): e is number => typeof e === 'number');
  return ends.length > 0 ? ends : undefined;
}

export interface IndexedSearch {
  /** Whether the index holds every article the store holds now. */
  current(): boolean;
  /** Index articles for about `budgetMs`; true while more are waiting. */
  step(budgetMs: number): boolean;
  /** The query's hits from the `offset`-th, at most `limit` (the index must be current to cover the archive). */
  search(query: string, limit: number, filter?: SearchFilter, offset?: number): SearchHit[];
  /** Articles indexed. */
  readonly size: number;
}

export function prepareIndexedSearch(db: Database.Database): IndexedSearch {
  const index = new ArticleIndex();
  const lastSeq = db.prepare<[], number>('SELECT coalesce(max(seq), 0) FROM articles').pluck();
  const rowsAfter = db.prepare<[number, number], IndexRow>(
    `SELECT a.seq, a.title, a.text, a.outlet, a.published, a.language,
            json_extract(an.json, '$.sentences') AS sentences
     FROM articles a LEFT JOIN analyses an ON an.article_id = a.id
     WHERE a.seq > ? ORDER BY a.seq LIMIT ?`,
  );
  const hitRow = db.prepare<[number], SummaryRow & { text: string }>(
    `SELECT id, title, outlet, published, published_precision, url, source, language, text FROM articles WHERE seq = ?`,
  );
  /** Rows read but not indexed yet, last first. */
  let pending: IndexRow[] = [];

  // The page's rows in one snapshot; articles are never deleted, so every ranked row is there.
  const page = db.transaction((words: string[], limit: number, filter: SearchFilter, offset: number) => {
    const hits: SearchHit[] = [];
    for (const { seq, score } of index.rank(words, filter, offset + limit).slice(offset)) {
      const row = hitRow.get(seq);
      if (!row) continue;
      hits.push({ ...rowToSummary(row), snippet: index.snippet(seq, words, row.title ?? undefined, row.text), score });
    }
    return hits;
  });

  return {
    get size() {
      return index.size;
    },
    current: () => pending.length === 0 && lastSeq.get() === index.lastSeq,
    step(budgetMs) {
      const until = performance.now() + budgetMs;
      do {
        if (pending.length === 0) pending = rowsAfter.all(index.lastSeq, SEARCH_INDEX.buildRead).reverse();
        const r = pending.pop();
        if (!r) return false;
        index.add({
          seq: r.seq,
          title: r.title ?? undefined,
          text: r.text,
          outlet: r.outlet ?? undefined,
          published: r.published ?? undefined,
          language: r.language ?? undefined,
          sentenceEnds: sentenceEnds(r.sentences),
        });
      } while (performance.now() < until);
      return true;
    },
    search(query, limit, filter = {}, offset = 0) {
      const words = index.queryTerms(query);
      return words === undefined ? [] : page(words, limit, filter, offset);
    },
  };
}
