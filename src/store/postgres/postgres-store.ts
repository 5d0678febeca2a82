// The Store for several processes and machines: PostgreSQL through a pg.Pool, tsvector full-text search.
import pg from 'pg';
import type { Analysis, Article, ArticleDedup, Story } from '../../model.js';
import {
  analysisJson,
  type ArticleRow,
  articleToParams,
  canonicalToRow,
  type CanonicalRow,
  type ChangeRow,
  changeToRow,
  dedupToRow,
  type DedupRow,
  publishedRange,
  rowToArticle,
  rowToCanonical,
  rowToChange,
  rowToDedup,
  rowToSummary,
  type SummaryRow,
  rowToWatchSource,
  watchSourceToRow,
  type WatchSourceRow,
  rowToPosting,
  type PostingRow,
} from '../rows.js';
import type {
  ArticleSummary,
  ClusterPostingRow,
  ClusterStoryRow,
  DedupCanonicalRow,
  DedupPostingRow,
  DedupUpdate,
  StoriesUpdate,
  SaveItem,
  SaveOptions,
  SaveResult,
  SearchFilter,
  SerializedAnalysis,
  SearchHit,
  Store,
  ChangeQuery,
  StoryChange,
  StoryListOptions,
  StorySummary,
  WatchPollUpdate,
  WatchSourceState,
} from '../store.js';
import { describeDatabase } from './connection.js';
import { applyMigrations, MIGRATIONS, type Migration } from './migrations.js';
import { searchFold, toTsQuery } from './search-text.js';
import { detokenise } from '../../text/ptb.js';

export interface PostgresStoreOptions {
  /** Schema the store's tables live in (must exist), set as `search_path` on every pooled connection. */
  schema?: string;
  /** Most connections the pool opens (default 10). */
  maxConnections?: number;
  /** The schema to migrate to; tests pass a shorter or longer list. */
  migrations?: readonly Migration[];
}

const DEFAULT_LIST_LIMIT = 100;
const DEFAULT_SEARCH_LIMIT = 20;
const MAX_LIMIT = 10_000;
/**
 * Longest a search may run on the server before PostgreSQL cancels it: a common word in a big archive ranks every
 * matching row, and a search nobody waits for any more (the web server answers 503 after its own 2 s) must not
 * keep a connection and a core busy.
 */
const SEARCH_TIMEOUT_MS = 2_000;
/**
 * ts_rank_cd weights in {D, C, B, A} order: the title (A) counts five times as much as the text (B), as in the
 * SQLite store's bm25 weights. Normalisation 1 divides by 1 + log(document length), so a word repeated in a long
 * text does not outrank the same word in a short one's title.
 */
const RANK_WEIGHTS = '{0.1, 0.2, 0.2, 1.0}';
const RANK_NORMALISATION = 1;
// ts_headline marks matches with private-use characters so a real match can be told from a `[` already in the
// text; they become `[` `]` for the caller.
const MARK_OPEN = '\uE000';
const MARK_CLOSE = '\uE001';
// MaxFragments=1 picks the fragment with the most query words and centres it on them (the default mode starts
// the fragment at the first match, so it has no context before it).
const HEADLINE_OPTIONS = `StartSel="${MARK_OPEN}", StopSel="${MARK_CLOSE}", MaxWords=20, MinWords=8, ShortWord=2, MaxFragments=1`;
const TITLE_HEADLINE_OPTIONS = `StartSel="${MARK_OPEN}", StopSel="${MARK_CLOSE}", HighlightAll=true`;

const ARTICLE_COLUMNS =
  'id, source, url, outlet, title, byline, published, published_precision, published_from, dateline, language, ' +
  'text, paragraphs, removed, warnings';
const SUMMARY_COLUMNS = 'a.id, a.title, a.outlet, a.published, a.published_precision, a.url, a.source, a.language';
/**
 * The advisory lock key of the story step (any fixed 64-bit number, the same for every process): "stor" in ASCII.
 * Schemas share it, so two stores in two schemas of one database refresh in turn — rare, and only slower.
 */
const STORY_LOCK_KEY = 0x73746f72;
const SAFE_SCHEMA = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * The `limit` best matches, then for each a headline (ts_headline) of the accent-folded text and title, and where that
 * headline starts in the folded text: folding is one character for one, so the same span of the original text is
 * the fragment to show, with its accents. Headlines are computed only for the rows returned (they parse the text).
 */
const SEARCH_SQL = `
  WITH q AS (SELECT to_tsquery('simple', search_fold($1)) AS query),
  best AS (
    SELECT a.seq, ts_rank_cd('${RANK_WEIGHTS}', a.search, q.query, ${RANK_NORMALISATION}) AS rank
    FROM articles a, q WHERE a.search @@ q.query
      AND ($7::text IS NULL OR a.outlet = $7) AND ($8::text IS NULL OR left(a.published, 10) >= $8)
      AND ($9::text IS NULL OR left(a.published, 10) <= $9) AND ($10::text IS NULL OR a.language = $10)
    ORDER BY rank DESC, a.seq DESC LIMIT $2
  )
  SELECT ${SUMMARY_COLUMNS}, best.rank,
         t.headline AS text_headline, substr(a.text, nullif(t.at, 0), t.length) AS text_original,
         t.at > 1 AS text_cut_before, t.at > 0 AND t.at + t.length <= length(a.text) AS text_cut_after,
         h.headline AS title_headline, substr(a.title, nullif(h.at, 0), h.length) AS title_original
  FROM best JOIN articles a ON a.seq = best.seq CROSS JOIN q
  CROSS JOIN LATERAL (
    SELECT x.headline, strpos(search_fold(a.text), x.plain) AS at, length(x.plain) AS length
    FROM (SELECT hl AS headline, replace(replace(hl, $3, ''), $4, '') AS plain
          FROM ts_headline('simple', search_fold(a.text), q.query, $5) AS hl) x
  ) t
  CROSS JOIN LATERAL (
    SELECT x.headline, strpos(search_fold(a.title), x.plain) AS at, length(x.plain) AS length
    FROM (SELECT hl AS headline, replace(replace(hl, $3, ''), $4, '') AS plain
          FROM ts_headline('simple', search_fold(coalesce(a.title, '')), q.query, $6) AS hl) x
  ) h
  ORDER BY best.rank DESC, best.seq DESC`;

/**
 * Saves an article, its source and its analysis ($15, or NULL for none) as one statement, so atomically. The
 * data-modifying CTEs all run, whether or not the final SELECT reads them; foreign keys are checked at the end
 * of the statement, when the article row exists. Its clustering queue entry is made by a trigger (migration 4).
 * The full-text column is built from the title and text as `searchFold` folded them ($17, $18; migration 11);
 * with `seq` ($19) given, the article takes that place in the arrival order (one `reserveArrivals` handed out).
 */
function saveArticleSql(withSeq: boolean): string {
  return `
  WITH inserted AS (
    INSERT INTO articles (${withSeq ? 'seq, ' : ''}${ARTICLE_COLUMNS}, search) ${withSeq ? 'OVERRIDING SYSTEM VALUE' : ''}
    VALUES (${withSeq ? '$19, ' : ''}$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $16,
            setweight(to_tsvector('simple'::regconfig, $17::text), 'A') ||
            setweight(to_tsvector('simple'::regconfig, $18::text), 'B'))
    ON CONFLICT (id) DO NOTHING RETURNING seq
  ), seen AS (
    INSERT INTO article_sources (article_id, source) VALUES ($1, $2) ON CONFLICT DO NOTHING
  ), analysed AS (
    INSERT INTO analyses (article_id, json) SELECT $1, $15::text WHERE $15::text IS NOT NULL
    ON CONFLICT (article_id) DO UPDATE SET json = excluded.json
  )
  SELECT count(*)::integer AS created FROM inserted`;
}
const SAVE_ARTICLE_SQL = saveArticleSql(false);
const SAVE_ARTICLE_AT_SQL = saveArticleSql(true);

interface SearchRow extends SummaryRow {
  rank: number;
  text_headline: string | null;
  text_original: string | null;
  /** Whether the text fragment starts after the text's start / ends before its end (shown as `…`). */
  text_cut_before: boolean | null;
  text_cut_after: boolean | null;
  title_headline: string | null;
  title_original: string | null;
}

interface StoryRow {
  id: string;
  title: string;
  version: number;
  updated: string;
  article_count: number;
  first_published: string | null;
  last_published: string | null;
}

function clampLimit(value: number | undefined, fallback: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(MAX_LIMIT, Math.max(0, Math.floor(value)));
}

function clampOffset(value: number | undefined): number {
  return value === undefined || !Number.isFinite(value) ? 0 : Math.max(0, Math.floor(value));
}

/**
 * The headline with its matches in `[` `]`, its characters taken from `original` (the same span of the unfolded
 * text) when it was found there. Brackets of the text itself become parentheses so every `[` `]` is a match.
 */
function markHeadline(headline: string, original: string | null): string {
  const plainLength = headline.replaceAll(MARK_OPEN, '').replaceAll(MARK_CLOSE, '').length;
  const source = original !== null && original.length === plainLength ? original : undefined;
  let out = '';
  let i = 0;
  for (const unit of headline.split('')) {
    if (unit === MARK_OPEN) out += '[';
    else if (unit === MARK_CLOSE) out += ']';
    else {
      const ch = source ? source[i] : unit;
      out += ch === '[' ? '(' : ch === ']' ? ')' : ch;
      i++;
    }
  }
  // One line for display: a fragment may span a paragraph break.
  return out.replace(/\s+/g, ' ').trim();
}

/** The text's fragment when the match is in the text, else the title's when it is there; as a reader sees it. */
function pickSnippet(row: SearchRow): string {
  const text = row.text_headline ?? '';
  const title = row.title_headline ?? '';
  return detokenise(
    !text.includes(MARK_OPEN) && title.includes(MARK_OPEN)
      ? markHeadline(title, row.title_original)
      : `${row.text_cut_before ? '…' : ''}${markHeadline(text, row.text_original)}${row.text_cut_after ? '…' : ''}`,
  );
}

/**
 * `url` with `-c search_path=…` added to its `options` parameter: set at connection start-up, so every pooled
 * connection (not just the first) works in the schema. Added to the URL, not the pool config, because pg lets
 * an `options` in the URL replace the config's.
 */
function withSearchPath(url: string, schema: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`not a valid PostgreSQL URL: ${describeDatabase(url)}`);
  }
  const options = parsed.searchParams.get('options');
  parsed.searchParams.set('options', `${options ? `${options} ` : ''}-c search_path=${schema}`);
  return parsed.toString();
}

/** Last value per key wins, as when the same row is upserted twice in a row (one statement cannot do that). */
function lastPerKey<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...new Map(items.map((item) => [key(item), item] as const)).values()];
}

const compareIds = (a = '', b = ''): number => (a < b ? -1 : a > b ? 1 : 0);

/** The prepared statement that saves one article (see `saveArticleSql`); throws when a field cannot be stored. */
function saveStatement(
  article: Article,
  analysis: Analysis | SerializedAnalysis | undefined,
  options: SaveOptions = {},
): pg.QueryConfig {
  if (analysis && analysis.article !== article.id) {
    throw new Error(`analysis is of article ${analysis.article}, not ${article.id}`);
  }
  const p = articleToParams(article, '');
  // PostgreSQL text cannot hold U+0000 (SQLite can): say which field, rather than the server's encoding error.
  // JSON columns are safe: JSON.stringify writes it as the escape \u0000.
  for (const [field, value] of Object.entries(p)) {
    if (typeof value === 'string' && value.includes('\0')) {
      throw new Error(`article ${article.id}: its ${field} contains a NUL character, which PostgreSQL cannot store`);
    }
  }
  const at = options.arrival;
  if (at !== undefined && !(Number.isSafeInteger(at) && at > 0)) throw new Error(`arrival ${at} is not a place`);
  return {
    name: at === undefined ? 'storyline-save-article' : 'storyline-save-article-at',
    text: at === undefined ? SAVE_ARTICLE_SQL : SAVE_ARTICLE_AT_SQL,
    values: [
      p.id,
      p.source,
      p.url,
      p.outlet,
      p.title,
      p.byline,
      p.published,
      p.published_precision,
      p.published_from,
      p.dateline,
      p.language,
      p.text,
      p.paragraphs,
      p.removed,
      analysis ? analysisJson(analysis) : null,
      p.warnings,
      searchFold(p.title ?? ''),
      searchFold(p.text),
      ...(at === undefined ? [] : [at]),
    ],
  };
}

export class PostgresStore implements Store {
  private readonly pool: pg.Pool;
  private closed = false;

  private constructor(pool: pg.Pool) {
    this.pool = pool;
  }

  /**
   * Connects to the database `url` names and migrates it to the newest schema. Fails with an Error naming the
   * server (never the password) when it cannot connect.
   */
  static async open(url: string, opts: PostgresStoreOptions = {}): Promise<PostgresStore> {
    if (opts.schema !== undefined && !SAFE_SCHEMA.test(opts.schema)) {
      throw new Error(`schema name ${JSON.stringify(opts.schema)} must be letters, digits and _`);
    }
    const pool = new pg.Pool({
      connectionString: opts.schema === undefined ? url : withSearchPath(url, opts.schema),
      max: opts.maxConnections ?? 10,
      application_name: 'storyline',
      // Idle pooled connections do not keep a command's process alive after its work is done.
      allowExitOnIdle: true,
    });
    // An idle connection that dies (server restart) is dropped by the pool; without a listener the error
    // would crash the process. The next query opens a fresh connection.
    pool.on('error', () => undefined);
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (err) {
      await pool.end().catch(() => undefined);
      const reason = err instanceof Error ? err.message : String(err);
      throw new Error(`cannot connect to PostgreSQL at ${describeDatabase(url)}: ${reason}`, { cause: err });
    }
    try {
      await applyMigrations(client, opts.migrations ?? MIGRATIONS);
    } catch (err) {
      client.release();
      await pool.end().catch(() => undefined);
      throw err;
    }
    client.release();
    return new PostgresStore(pool);
  }

  async withStoryLock<T>(fn: () => Promise<T>): Promise<T> {
    // A session-level advisory lock on a connection of its own, held while `fn` works on others: PostgreSQL
    // drops it when the session ends, so a killed process never leaves it held.
    const client = await this.pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [STORY_LOCK_KEY]);
      try {
        return await fn();
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [STORY_LOCK_KEY]);
      }
    } finally {
      client.release();
    }
  }

  /** Runs `body` in one transaction on one pooled connection: committed when it resolves, rolled back if it throws. */
  private async transaction<T>(body: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await body(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined); // the original error is the one worth reporting
      throw err;
    } finally {
      client.release();
    }
  }

  async saveArticle(
    article: Article,
    analysis?: Analysis | SerializedAnalysis,
    options: SaveOptions = {},
  ): Promise<SaveResult> {
    // One statement is one transaction, and one round trip instead of six. A concurrent insert of the same id
    // waits for the other transaction, then does nothing; the source and analysis rows then refer to its row.
    const { rows } = await this.pool.query<{ created: number }>(saveStatement(article, analysis, options));
    return { id: article.id, created: rows[0]?.created === 1 };
  }

  async saveBatch(items: readonly SaveItem[]): Promise<SaveResult[]> {
    // Every statement built first: an input that cannot be stored (a NUL character) fails the call before
    // anything is written.
    const statements = items.map((item) => saveStatement(item.article, item.analysis, item.options));
    // Written in id order: two workers saving batches that share an article then lock its row in the same order
    // (no deadlock); the results are given back in the caller's order.
    const order = items.map((_, i) => i).sort((a, b) => compareIds(items[a]?.article.id, items[b]?.article.id));
    const results: SaveResult[] = new Array<SaveResult>(items.length);
    await this.transaction(async (client) => {
      for (const i of order) {
        const { rows } = await client.query<{ created: number }>(statements[i] as pg.QueryConfig);
        results[i] = { id: (items[i] as SaveItem).article.id, created: rows[0]?.created === 1 };
      }
    });
    return results;
  }

  async reserveArrivals(count: number): Promise<number[]> {
    // Taken from the articles' own identity sequence, so reserved places and those of plain saves never collide.
    const { rows } = await this.pool.query<{ seq: string }>(
      `SELECT nextval(pg_get_serial_sequence('articles', 'seq')) AS seq FROM generate_series(1, $1::integer)`,
      [Math.max(0, Math.floor(count))],
    );
    return rows.map((r) => Number(r.seq));
  }

  async getArticle(id: string): Promise<Article | undefined> {
    const { rows } = await this.pool.query<ArticleRow>(`SELECT ${ARTICLE_COLUMNS} FROM articles WHERE id = $1`, [id]);
    return rows[0] ? rowToArticle(rows[0]) : undefined;
  }

  async getAnalysis(id: string): Promise<Analysis | undefined> {
    const { rows } = await this.pool.query<{ json: string }>('SELECT json FROM analyses WHERE article_id = $1', [id]);
    return rows[0] ? (JSON.parse(rows[0].json) as Analysis) : undefined;
  }

  async getSources(id: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ source: string }>(
      'SELECT source FROM article_sources WHERE article_id = $1 ORDER BY seq',
      [id],
    );
    return rows.map((r) => r.source);
  }

  /** Not part of `Store` (as in SqliteStore): the id of an article already read from `source`, if any. */
  async findBySource(source: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ article_id: string }>(
      'SELECT article_id FROM article_sources WHERE source = $1 LIMIT 1',
      [source],
    );
    return rows[0]?.article_id;
  }

  /** Newest publication date first (undated last), then most recently stored first. */
  async listArticles(opts: { limit?: number; offset?: number } = {}): Promise<ArticleSummary[]> {
    const { rows } = await this.pool.query<SummaryRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM articles a ORDER BY a.published DESC NULLS LAST, a.seq DESC LIMIT $1 OFFSET $2`,
      [clampLimit(opts.limit, DEFAULT_LIST_LIMIT), clampOffset(opts.offset)],
    );
    return rows.map(rowToSummary);
  }

  async countArticles(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>('SELECT count(*)::integer AS n FROM articles');
    return rows[0]?.n ?? 0;
  }

  async search(query: string, opts: { limit?: number; filter?: SearchFilter } = {}): Promise<SearchHit[]> {
    const filter = opts.filter ?? {};
    const tsQuery = toTsQuery(query);
    if (tsQuery === undefined) return [];
    const limit = clampLimit(opts.limit, DEFAULT_SEARCH_LIMIT);
    const rows = await this.transaction(async (client) => {
      await client.query(`SET LOCAL statement_timeout = ${SEARCH_TIMEOUT_MS}`);
      const result = await client.query<SearchRow>(SEARCH_SQL, [
        tsQuery,
        limit,
        MARK_OPEN,
        MARK_CLOSE,
        HEADLINE_OPTIONS,
        TITLE_HEADLINE_OPTIONS,
        filter.outlet ?? null,
        filter.from ?? null,
        filter.to ?? null,
        filter.language ?? null,
      ]);
      return result.rows;
    });
    return rows.map((row) => ({ ...rowToSummary(row), snippet: pickSnippet(row), score: row.rank }));
  }

  async getStoryAssignments(): Promise<Map<string, string>> {
    const { rows } = await this.pool.query<{ article_id: string; story_id: string }>(
      'SELECT article_id, story_id FROM story_articles',
    );
    return new Map(rows.map((r) => [r.article_id, r.story_id] as const));
  }

  async getStoryOfArticle(articleId: string): Promise<{ id: string; title: string } | undefined> {
    const { rows } = await this.pool.query<{ id: string; title: string | null }>(
      'SELECT s.id, s.title FROM story_articles m JOIN stories s ON s.id = m.story_id WHERE m.article_id = $1',
      [articleId],
    );
    const row = rows[0];
    return row ? { id: row.id, title: row.title ?? '' } : undefined;
  }

  async saveStories(update: StoriesUpdate): Promise<void> {
    // Rows are written in id order so two processes saving overlapping stories lock them in the same order
    // (no deadlock); one statement per table, whatever the number of rows.
    const stories = lastPerKey(update.stories, (s) => s.id).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const assignments = [...update.assignments].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    await this.transaction(async (client) => {
      if (stories.length > 0) {
        const dates = stories.map(publishedRange);
        await client.query(
          `INSERT INTO stories (id, version, updated, title, article_count, first_published, last_published, json)
           SELECT * FROM unnest($1::text[], $2::integer[], $3::text[], $4::text[], $5::integer[], $6::text[],
                                $7::text[], $8::text[])
           ON CONFLICT (id) DO UPDATE SET version = excluded.version, updated = excluded.updated,
             title = excluded.title,
             first_published = excluded.first_published, last_published = excluded.last_published,
             json = excluded.json`,
          [
            stories.map((s) => s.id),
            stories.map((s) => s.version),
            stories.map((s) => s.updated),
            stories.map((s) => s.title),
            stories.map(() => 0), // article_count: kept by triggers on story_articles (migration 7)
            dates.map((d) => d.first ?? null),
            dates.map((d) => d.last ?? null),
            stories.map((s) => JSON.stringify(s)),
          ],
        );
      }
      if (assignments.length > 0) {
        await client.query(
          `INSERT INTO story_articles (article_id, story_id) SELECT * FROM unnest($1::text[], $2::text[])
           ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id`,
          [assignments.map(([article]) => article), assignments.map(([, story]) => story)],
        );
      }
      // Stories removed last: their articles have moved to other stories above.
      if (update.removed.length > 0) {
        await client.query('DELETE FROM stories WHERE id = ANY($1::text[])', [update.removed]);
      }
      if (update.changes.length > 0) {
        const c = update.changes.map(changeToRow);
        await client.query(
          `INSERT INTO story_changes (story_id, kind, others, at, version, detail)
           SELECT story_id, kind, others, at, version, detail
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::integer[], $6::text[])
             WITH ORDINALITY AS c(story_id, kind, others, at, version, detail, n)
           ORDER BY n`,
          [
            c.map((x) => x.story_id),
            c.map((x) => x.kind),
            c.map((x) => x.others),
            c.map((x) => x.at),
            c.map((x) => x.version),
            c.map((x) => x.detail),
          ],
        );
      }
      if (stories.length > 0) {
        await client.query('DELETE FROM story_redirects WHERE from_id = ANY($1::text[])', [stories.map((s) => s.id)]);
      }
      const redirects = [...(update.redirects ?? [])].filter(([from, to]) => from !== to);
      if (redirects.length > 0) {
        await client.query(
          `INSERT INTO story_redirects (from_id, to_id, at) SELECT f, t, $3 FROM unnest($1::text[], $2::text[]) AS r(f, t)
           ON CONFLICT (from_id) DO UPDATE SET to_id = excluded.to_id, at = excluded.at`,
          [redirects.map(([f]) => f), redirects.map(([, t]) => t), update.changes[0]?.at ?? new Date().toISOString()],
        );
      }
      if (update.cluster) await writeClusterUpdate(client, update.cluster);
      if (update.dedup) await writeDedupUpdate(client, update.dedup);
    });
  }

  async getStoryMembers(ids: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (ids.length === 0) return out;
    const { rows } = await this.pool.query<{ article_id: string; story_id: string }>(
      'SELECT article_id, story_id FROM story_articles WHERE story_id = ANY($1::text[]) ORDER BY story_id, article_id',
      [[...new Set(ids)]],
    );
    for (const r of rows) (out.get(r.story_id) ?? out.set(r.story_id, []).get(r.story_id))?.push(r.article_id);
    return out;
  }

  async resolveStoryId(id: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ id: string }>(
      `WITH RECURSIVE chain(id, depth) AS (
         SELECT $1::text COLLATE "C", 0
         UNION ALL
         SELECT r.to_id, c.depth + 1 FROM chain c JOIN story_redirects r ON r.from_id = c.id WHERE c.depth < 1000
       )
       SELECT c.id FROM chain c JOIN stories s ON s.id = c.id ORDER BY c.depth LIMIT 1`,
      [id],
    );
    return rows[0]?.id;
  }

  async getStoryVersions(ids: readonly string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const { rows } = await this.pool.query<{ id: string; version: number }>(
      'SELECT id, version FROM stories WHERE id = ANY($1::text[])',
      [[...new Set(ids)]],
    );
    return new Map(rows.map((r) => [r.id, Number(r.version)] as const));
  }

  async getStoryLastChanges(ids: readonly string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const { rows } = await this.pool.query<{ id: string; seq: string | null }>(
      `SELECT s.id, (SELECT max(c.seq) FROM story_changes c WHERE c.story_id = s.id) AS seq
       FROM stories s WHERE s.id = ANY($1::text[])`,
      [[...new Set(ids)]],
    );
    const out = new Map<string, number>();
    for (const r of rows) if (r.seq !== null) out.set(r.id, Number(r.seq));
    return out;
  }

  async getStory(id: string): Promise<Story | undefined> {
    const { rows } = await this.pool.query<{ json: string }>('SELECT json FROM stories WHERE id = $1', [id]);
    return rows[0] ? (JSON.parse(rows[0].json) as Story) : undefined;
  }

  async listStories(opts: StoryListOptions = {}): Promise<StorySummary[]> {
    const order =
      opts.sort === 'size'
        ? 'article_count DESC, last_published DESC NULLS LAST, id'
        : opts.sort === 'updated'
          ? 'updated COLLATE "C" DESC, id'
          : 'last_published DESC NULLS LAST, article_count DESC, id';
    const since = opts.updatedSince === undefined ? '' : 'WHERE updated COLLATE "C" > $3';
    const { rows } = await this.pool.query<StoryRow>(
      `SELECT id, title, version, updated, article_count, first_published, last_published
       FROM stories ${since} ORDER BY ${order} LIMIT $1 OFFSET $2`,
      [
        clampLimit(opts.limit, DEFAULT_LIST_LIMIT),
        clampOffset(opts.offset),
        ...(opts.updatedSince === undefined ? [] : [opts.updatedSince]),
      ],
    );
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      version: r.version,
      updated: r.updated,
      articles: r.article_count,
      ...(r.first_published ? { firstPublished: r.first_published } : {}),
      ...(r.last_published ? { lastPublished: r.last_published } : {}),
    }));
  }

  async countStories(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>('SELECT count(*)::integer AS n FROM stories');
    return rows[0]?.n ?? 0;
  }

  async storiesStamp(): Promise<number> {
    const { rows } = await this.pool.query<{ value: string }>("SELECT value FROM store_stamps WHERE name = 'stories'");
    return Number(rows[0]?.value ?? 0);
  }

  async getStoryChanges(story?: string, query: ChangeQuery = {}): Promise<StoryChange[]> {
    const where: string[] = [];
    const params: (string | number | null)[] = [];
    if (story !== undefined) {
      params.push(story);
      where.push(`story_id = $${params.length}`);
    }
    if (query.since !== undefined) {
      params.push(query.since);
      where.push(`at COLLATE "C" > $${params.length}`);
    }
    params.push(query.limit === undefined ? null : clampLimit(query.limit, DEFAULT_LIST_LIMIT));
    params.push(clampOffset(query.offset));
    const { rows } = await this.pool.query<ChangeRow>(
      `SELECT story_id, kind, others, at, version, detail FROM story_changes
       ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY ${query.newestFirst ? 'at COLLATE "C" DESC, seq DESC' : 'at COLLATE "C", seq'}
       LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return rows.map(rowToChange);
  }

  async listUnclustered(limit = MAX_LIMIT * 100): Promise<string[]> {
    const { rows } = await this.pool.query<{ article_id: string }>(
      'SELECT article_id FROM cluster_pending ORDER BY (sort_key IS NULL), sort_key, article_seq LIMIT $1',
      [Math.max(0, Math.floor(limit))],
    );
    return rows.map((r) => r.article_id);
  }

  async countUnclustered(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>('SELECT count(*)::integer AS n FROM cluster_pending');
    return rows[0]?.n ?? 0;
  }

  async loadClusterIndex(
    terms: readonly string[],
    postingsPerTerm: number,
  ): Promise<{ termCounts: Map<string, number>; postings: ClusterPostingRow[] }> {
    const unique = [...new Set(terms)];
    const termCounts = new Map<string, number>();
    if (unique.length === 0) return { termCounts, postings: [] };
    // One snapshot for both reads: the counts and postings are of one moment.
    return this.transaction(async (client) => {
      await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const counts = await client.query<{ term: string; count: string }>(
        'SELECT term, count FROM cluster_terms WHERE term = ANY($1::text[])',
        [unique],
      );
      for (const r of counts.rows) termCounts.set(r.term, Number(r.count));
      const postings = await client.query<PostingRow>(
        `SELECT p.term, p.story, p.seq, p.weight, p.first_day AS "firstDay", p.last_day AS "lastDay"
         FROM unnest($1::text[]) AS t(term)
         CROSS JOIN LATERAL (
           SELECT term, story, seq, weight, first_day, last_day FROM cluster_postings c
           WHERE c.term = t.term ORDER BY seq DESC LIMIT $2
         ) p`,
        [unique, Math.max(0, Math.floor(postingsPerTerm))],
      );
      return {
        termCounts,
        postings: postings.rows.map(rowToPosting),
      };
    });
  }

  async loadClusterStories(ids: readonly string[]): Promise<ClusterStoryRow[]> {
    if (ids.length === 0) return [];
    const { rows } = await this.pool.query<{ id: string; seq: string; state: string }>(
      'SELECT id, seq, state FROM cluster_stories WHERE id = ANY($1::text[])',
      [[...new Set(ids)]],
    );
    return rows.map((r) => ({ id: r.id, seq: Number(r.seq), state: r.state }));
  }

  async loadClusterSketch(): Promise<Uint8Array | undefined> {
    const { rows } = await this.pool.query<{ data: Buffer }>('SELECT data FROM cluster_sketch WHERE id = 1');
    const data = rows[0]?.data;
    return data === undefined ? undefined : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }

  async loadDedupIndex(
    bandKeys: readonly number[],
    unitKeys: readonly number[],
    perBand: number,
    perUnit: number,
  ): Promise<{ bands: DedupPostingRow[]; units: DedupPostingRow[]; canonicals: DedupCanonicalRow[] }> {
    const postings = async (client: pg.PoolClient, table: string, keys: readonly number[], per: number) => {
      if (keys.length === 0) return [];
      const { rows } = await client.query<{ key: string; article_id: string }>(
        `SELECT p.key, p.article_id FROM unnest($1::bigint[]) AS k(key)
         CROSS JOIN LATERAL (
           SELECT key, article_id, seq FROM ${table} d WHERE d.key = k.key ORDER BY seq DESC LIMIT $2
         ) p ORDER BY p.key, p.seq DESC`,
        [[...new Set(keys)], Math.max(0, Math.floor(per))],
      );
      return rows.map((r): DedupPostingRow => ({ key: Number(r.key), article: r.article_id }));
    };
    // One snapshot: the postings and the canonicals they name are of one moment.
    return this.transaction(async (client) => {
      await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const bands = await postings(client, 'dedup_bands', bandKeys, perBand);
      const units = await postings(client, 'dedup_units', unitKeys, perUnit);
      const ids = [...new Set(bands.map((b) => b.article))];
      const canonicals =
        ids.length === 0
          ? []
          : (
              await client.query<CanonicalRow>(
                'SELECT article_id, published, length, signature FROM dedup_canonicals WHERE article_id = ANY($1::text[])',
                [ids],
              )
            ).rows.map(rowToCanonical);
      return { bands, units, canonicals };
    });
  }

  async getDedup(ids: readonly string[]): Promise<Map<string, ArticleDedup>> {
    const out = new Map<string, ArticleDedup>();
    if (ids.length === 0) return out;
    const { rows } = await this.pool.query<DedupRow>(
      'SELECT article_id, duplicate_of, similarity, passages FROM article_dedup WHERE article_id = ANY($1::text[])',
      [[...new Set(ids)]],
    );
    for (const r of rows) out.set(r.article_id, rowToDedup(r));
    return out;
  }

  async getArticleStories(ids: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (ids.length === 0) return out;
    const { rows } = await this.pool.query<{ article_id: string; story_id: string }>(
      'SELECT article_id, story_id FROM story_articles WHERE article_id = ANY($1::text[])',
      [[...new Set(ids)]],
    );
    for (const r of rows) out.set(r.article_id, r.story_id);
    return out;
  }

  async resetClustering(): Promise<void> {
    await this.transaction(async (client) => {
      await client.query(`DELETE FROM cluster_terms; DELETE FROM cluster_stories; DELETE FROM cluster_postings;
        DELETE FROM cluster_sketch;
        DELETE FROM dedup_canonicals; DELETE FROM dedup_bands; DELETE FROM dedup_units; DELETE FROM article_dedup;
        DELETE FROM story_articles; DELETE FROM stories;
        INSERT INTO cluster_pending (article_id, article_seq, sort_key)
          SELECT id, seq, substr(published, 1, 10) FROM articles ON CONFLICT DO NOTHING;`);
    });
  }

  async getArticles(ids: readonly string[]): Promise<Article[]> {
    if (ids.length === 0) return [];
    const { rows } = await this.pool.query<ArticleRow>(
      `SELECT ${ARTICLE_COLUMNS} FROM articles WHERE id = ANY($1::text[])`,
      [[...new Set(ids)]],
    );
    const byId = new Map(rows.map((r) => [r.id, rowToArticle(r)] as const));
    return ids.map((id) => byId.get(id)).filter((a): a is Article => Boolean(a));
  }

  async getArticleSummaries(ids: readonly string[]): Promise<ArticleSummary[]> {
    if (ids.length === 0) return [];
    const { rows } = await this.pool.query<SummaryRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM articles a WHERE a.id = ANY($1::text[])`,
      [[...new Set(ids)]],
    );
    const byId = new Map(rows.map((r) => [r.id, rowToSummary(r)] as const));
    return ids.map((id) => byId.get(id)).filter((a): a is ArticleSummary => Boolean(a));
  }

  async getAnalyses(ids: readonly string[]): Promise<Map<string, Analysis>> {
    const out = new Map<string, Analysis>();
    if (ids.length === 0) return out;
    const { rows } = await this.pool.query<{ article_id: string; json: string }>(
      'SELECT article_id, json FROM analyses WHERE article_id = ANY($1::text[])',
      [[...new Set(ids)]],
    );
    for (const r of rows) out.set(r.article_id, JSON.parse(r.json) as Analysis);
    return out;
  }

  async getWatchSources(urls: readonly string[]): Promise<Map<string, WatchSourceState>> {
    const out = new Map<string, WatchSourceState>();
    if (urls.length === 0) return out;
    const { rows } = await this.pool.query<WatchSourceRow>(
      `SELECT url, etag, last_modified, last_poll, next_due, failures FROM watch_sources WHERE url = ANY($1::text[])`,
      [[...new Set(urls)]],
    );
    for (const r of rows) out.set(r.url, rowToWatchSource(r));
    return out;
  }

  async getWatchSeen(keys: readonly string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const { rows } = await this.pool.query<{ key: string }>('SELECT key FROM watch_seen WHERE key = ANY($1::text[])', [
      [...new Set(keys)],
    ]);
    return new Set(rows.map((r) => r.key));
  }

  async saveWatchPoll(update: WatchPollUpdate): Promise<void> {
    await this.transaction(async (client) => {
      const keys = [...new Set(update.seen)].sort();
      if (keys.length > 0) {
        await client.query(
          `INSERT INTO watch_seen (key, source, seen_at) SELECT k, $2, $3 FROM unnest($1::text[]) AS k
           ON CONFLICT (key) DO NOTHING`,
          [keys, update.from, new Date().toISOString()],
        );
      }
      if (update.source) {
        const r = watchSourceToRow(update.source);
        await client.query(
          `INSERT INTO watch_sources (url, etag, last_modified, last_poll, next_due, failures)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (url) DO UPDATE SET etag = EXCLUDED.etag, last_modified = EXCLUDED.last_modified,
             last_poll = EXCLUDED.last_poll, next_due = EXCLUDED.next_due, failures = EXCLUDED.failures`,
          [r.url, r.etag, r.last_modified, r.last_poll, r.next_due, r.failures],
        );
      }
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

/** The clustering state changes of one refresh, inside the refresh's transaction (rows in key order: no deadlock). */
async function writeClusterUpdate(client: pg.PoolClient, c: NonNullable<StoriesUpdate['cluster']>): Promise<void> {
  const counts = [...c.termCounts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (counts.length > 0) {
    await client.query(
      `INSERT INTO cluster_terms (term, count) SELECT * FROM unnest($1::text[], $2::bigint[])
       ON CONFLICT (term) DO UPDATE SET count = cluster_terms.count + excluded.count`,
      [counts.map(([t]) => t), counts.map(([, n]) => n)],
    );
  }
  const stories = lastPerKey(c.stories, (s) => s.id).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (stories.length > 0) {
    await client.query(
      `INSERT INTO cluster_stories (id, seq, state) SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[])
       ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, state = excluded.state`,
      [stories.map((s) => s.id), stories.map((s) => s.seq), stories.map((s) => s.state)],
    );
  }
  if (c.removedStories.length > 0) {
    await client.query('DELETE FROM cluster_stories WHERE id = ANY($1::text[])', [c.removedStories]);
  }
  if (c.postingsRemoved.length > 0) {
    await client.query(
      `DELETE FROM cluster_postings p USING unnest($1::text[], $2::text[]) AS r(term, story)
       WHERE p.term = r.term AND p.story = r.story`,
      [c.postingsRemoved.map((p) => p.term), c.postingsRemoved.map((p) => p.story)],
    );
  }
  const postings = lastPerKey(c.postingsAdded, (p) => `${p.term}\t${p.story}`);
  if (postings.length > 0) {
    await client.query(
      `INSERT INTO cluster_postings (term, story, seq, weight, first_day, last_day)
       SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::double precision[], $5::integer[], $6::integer[])
       ON CONFLICT (term, story) DO UPDATE SET seq = excluded.seq, weight = excluded.weight,
         first_day = excluded.first_day, last_day = excluded.last_day`,
      [
        postings.map((p) => p.term),
        postings.map((p) => p.story),
        postings.map((p) => p.seq),
        postings.map((p) => p.weight),
        postings.map((p) => p.firstDay ?? null),
        postings.map((p) => p.lastDay ?? null),
      ],
    );
  }
  if (c.clustered.length > 0) {
    await client.query('DELETE FROM cluster_pending WHERE article_id = ANY($1::text[])', [c.clustered]);
  }
  if (c.sketch) {
    await client.query(
      'INSERT INTO cluster_sketch (id, data) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET data = excluded.data',
      [Buffer.from(c.sketch.buffer, c.sketch.byteOffset, c.sketch.byteLength)],
    );
  }
}

/** The dedup stage's rows of one chunk, inside the refresh's transaction (postings in the order made: newest last). */
async function writeDedupUpdate(client: pg.PoolClient, d: DedupUpdate): Promise<void> {
  const results = lastPerKey(d.results.map(dedupToRow), (r) => r.article_id).sort((a, b) =>
    a.article_id < b.article_id ? -1 : a.article_id > b.article_id ? 1 : 0,
  );
  if (results.length > 0) {
    await client.query(
      `INSERT INTO article_dedup (article_id, duplicate_of, similarity, passages)
       SELECT * FROM unnest($1::text[], $2::text[], $3::double precision[], $4::text[])
       ON CONFLICT (article_id) DO UPDATE SET duplicate_of = excluded.duplicate_of,
         similarity = excluded.similarity, passages = excluded.passages`,
      [
        results.map((r) => r.article_id),
        results.map((r) => r.duplicate_of),
        results.map((r) => r.similarity),
        results.map((r) => r.passages),
      ],
    );
  }
  const canonicals = d.canonicals.map(canonicalToRow);
  if (canonicals.length > 0) {
    await client.query(
      `INSERT INTO dedup_canonicals (article_id, published, length, signature)
       SELECT * FROM unnest($1::text[], $2::text[], $3::integer[], $4::bytea[]) ON CONFLICT (article_id) DO NOTHING`,
      [
        canonicals.map((c) => c.article_id),
        canonicals.map((c) => c.published),
        canonicals.map((c) => c.length),
        canonicals.map((c) => Buffer.from(c.signature)),
      ],
    );
  }
  for (const [table, rows] of [
    ['dedup_bands', d.bands],
    ['dedup_units', d.units],
  ] as const) {
    if (rows.length === 0) continue;
    await client.query(
      `INSERT INTO ${table} (key, article_id)
       SELECT key, article_id FROM unnest($1::bigint[], $2::text[]) WITH ORDINALITY AS p(key, article_id, n) ORDER BY n`,
      [rows.map((p) => p.key), rows.map((p) => p.article)],
    );
  }
}
