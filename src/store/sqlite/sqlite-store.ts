// The default Store: one SQLite file (better-sqlite3), WAL journal, FTS5 for search.
import Database from 'better-sqlite3';
import type { Analysis, Article, Story } from '../../model.js';
import type {
  ArticleSummary,
  ClusterStateRow,
  SaveResult,
  SearchHit,
  Store,
  StoryChange,
  StoryListOptions,
  StorySummary,
} from '../store.js';
import { toFtsQuery } from './fts-query.js';
import { applyMigrations, MIGRATIONS, type Migration } from './migrations.js';
import {
  type ArticleParams,
  type ArticleRow,
  articleToParams,
  rowToArticle,
  rowToSummary,
  type SummaryRow,
} from './rows.js';

export interface SqliteStoreOptions {
  /** How long a write waits for another connection's write lock before failing (ms). */
  busyTimeoutMs?: number;
  /** The schema to migrate to; tests pass a shorter or longer list. */
  migrations?: readonly Migration[];
}

const DEFAULT_LIST_LIMIT = 100;
const DEFAULT_SEARCH_LIMIT = 20;
const MAX_LIMIT = 10_000;
/** bm25 column weights, in FTS column order (title, text): a word in the title counts five times as much. */
const TITLE_WEIGHT = 5.0;
const TEXT_WEIGHT = 1.0;
const SNIPPET_TOKENS = 12;
// snippet() marks matches with private-use characters so we can tell a real match from a `[` already in the text,
// then they become `[` `]` for the caller.
const MARK_OPEN = '\uE000';
const MARK_CLOSE = '\uE001';

const ARTICLE_COLUMNS =
  'id, source, url, outlet, title, byline, published, published_precision, published_from, dateline, language, ' +
  'text, paragraphs, removed';
const SUMMARY_COLUMNS = 'a.id, a.title, a.outlet, a.published, a.url, a.source';

interface SearchParams {
  open: string;
  close: string;
  ellipsis: string;
  match: string;
  limit: number;
}

interface SearchRow extends SummaryRow {
  text_snippet: string | null;
  title_snippet: string | null;
  rank: number;
}

function clampLimit(value: number | undefined, fallback: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(MAX_LIMIT, Math.max(0, Math.floor(value)));
}

/** The text's fragment when the match is in the text, else the title's when it is there; markers become `[` `]`. */
function pickSnippet(row: SearchRow): string {
  const text = row.text_snippet ?? '';
  const title = row.title_snippet ?? '';
  const chosen = !text.includes(MARK_OPEN) && title.includes(MARK_OPEN) ? title : text;
  // One line for display: a fragment may span a paragraph break.
  return chosen.replace(/\s+/g, ' ').replaceAll(MARK_OPEN, '[').replaceAll(MARK_CLOSE, ']');
}

/**
 * `journal_mode = WAL` on a file another process is creating at the same moment can fail at once with
 * SQLITE_BUSY: SQLite does not call the busy handler for this switch. Retry it until the busy timeout.
 */
function switchToWal(db: Database.Database, timeoutMs: number): void {
  const deadline = Date.now() + timeoutMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw err;
      Atomics.wait(pause, 0, 0, 20); // a short synchronous pause: the constructor is synchronous
    }
  }
}

export class SqliteStore implements Store {
  readonly path: string;
  private readonly db: Database.Database;
  // Prepared once and reused: preparing is most of the cost of a small statement.
  private readonly insertArticle: Database.Statement<[ArticleParams]>;
  private readonly insertSource: Database.Statement<[string, string, string]>;
  private readonly upsertAnalysis: Database.Statement<[string, string]>;
  private readonly selectArticle: Database.Statement<[string], ArticleRow>;
  private readonly selectAnalysis: Database.Statement<[string], string>;
  private readonly selectSources: Database.Statement<[string], string>;
  private readonly selectBySource: Database.Statement<[string], string>;
  private readonly selectPage: Database.Statement<[number, number], SummaryRow>;
  private readonly selectCount: Database.Statement<[], number>;
  private readonly selectMatches: Database.Statement<[SearchParams], SearchRow>;
  private readonly saveTransaction: Database.Transaction<(article: Article, analysis: Analysis | undefined) => boolean>;

  /** Opens (creating if needed) the database at `path` (a file or `:memory:`) and migrates it to the newest schema. */
  constructor(path: string, opts: SqliteStoreOptions = {}) {
    this.path = path;
    const busyTimeoutMs = opts.busyTimeoutMs ?? 5000;
    this.db = new Database(path, { timeout: busyTimeoutMs });
    try {
      // busy_timeout first: switching to WAL needs a lock another process may hold.
      this.db.pragma(`busy_timeout = ${Math.floor(busyTimeoutMs)}`);
      switchToWal(this.db, busyTimeoutMs);
      // In WAL mode NORMAL is still crash-safe for the database; only the last commits may be lost on power loss.
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('foreign_keys = ON');
      applyMigrations(this.db, opts.migrations ?? MIGRATIONS);
    } catch (err) {
      this.db.close();
      throw err;
    }
    const db = this.db;
    this.insertArticle = db.prepare(
      `INSERT INTO articles (${ARTICLE_COLUMNS}, created_at)
       VALUES (@id, @source, @url, @outlet, @title, @byline, @published, @published_precision, @published_from,
               @dateline, @language, @text, @paragraphs, @removed, @created_at)
       ON CONFLICT (id) DO NOTHING`,
    );
    this.insertSource = db.prepare(
      'INSERT INTO article_sources (article_id, source, seen_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    );
    this.upsertAnalysis = db.prepare(
      'INSERT INTO analyses (article_id, json) VALUES (?, ?) ON CONFLICT (article_id) DO UPDATE SET json = excluded.json',
    );
    this.selectArticle = db.prepare<[string], ArticleRow>(`SELECT ${ARTICLE_COLUMNS} FROM articles WHERE id = ?`);
    this.selectAnalysis = db.prepare<[string], string>('SELECT json FROM analyses WHERE article_id = ?').pluck();
    this.selectSources = db
      .prepare<[string], string>('SELECT source FROM article_sources WHERE article_id = ? ORDER BY seen_at, rowid')
      .pluck();
    this.selectBySource = db
      .prepare<[string], string>('SELECT article_id FROM article_sources WHERE source = ? LIMIT 1')
      .pluck();
    this.selectPage = db.prepare<[number, number], SummaryRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM articles a ORDER BY a.published DESC, a.seq DESC LIMIT ? OFFSET ?`,
    );
    this.selectCount = db.prepare<[], number>('SELECT count(*) FROM articles').pluck();
    this.selectMatches = db.prepare<[SearchParams], SearchRow>(
      `SELECT ${SUMMARY_COLUMNS},
              snippet(articles_fts, 1, @open, @close, @ellipsis, ${SNIPPET_TOKENS}) AS text_snippet,
              snippet(articles_fts, 0, @open, @close, @ellipsis, ${SNIPPET_TOKENS}) AS title_snippet,
              bm25(articles_fts, ${TITLE_WEIGHT}, ${TEXT_WEIGHT}) AS rank
       FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid
       WHERE articles_fts MATCH @match
       ORDER BY rank
       LIMIT @limit`,
    );
    this.saveTransaction = db.transaction((article: Article, analysis: Analysis | undefined): boolean => {
      const now = new Date().toISOString();
      const created = this.insertArticle.run(articleToParams(article, now)).changes === 1;
      this.insertSource.run(article.id, article.source, now);
      // Serialised inside the transaction on purpose: if it throws, the article rows above are rolled back too.
      if (analysis) this.upsertAnalysis.run(article.id, JSON.stringify(analysis));
      return created;
    });
  }

  async saveArticle(article: Article, analysis?: Analysis): Promise<SaveResult> {
    if (analysis && analysis.article !== article.id) {
      throw new Error(`analysis is of article ${analysis.article}, not ${article.id}`);
    }
    // IMMEDIATE takes the write lock up front, so waiting for another writer goes through busy_timeout
    // instead of failing when a read lock cannot be upgraded.
    const created = this.saveTransaction.immediate(article, analysis);
    return { id: article.id, created };
  }

  async getArticle(id: string): Promise<Article | undefined> {
    const row = this.selectArticle.get(id);
    return row ? rowToArticle(row) : undefined;
  }

  async getAnalysis(id: string): Promise<Analysis | undefined> {
    const json = this.selectAnalysis.get(id);
    return json === undefined ? undefined : (JSON.parse(json) as Analysis);
  }

  async getSources(id: string): Promise<string[]> {
    return this.selectSources.all(id);
  }

  /**
   * Not part of `Store`: the id of an article already read from `source`, if any, so ingest can skip
   * re-extracting a file or URL it has seen.
   */
  async findBySource(source: string): Promise<string | undefined> {
    return this.selectBySource.get(source);
  }

  /** Newest publication date first (undated last), then most recently stored first. */
  async listArticles(opts: { limit?: number; offset?: number } = {}): Promise<ArticleSummary[]> {
    const limit = clampLimit(opts.limit, DEFAULT_LIST_LIMIT);
    const offset = Math.max(0, Math.floor(Number.isFinite(opts.offset) ? (opts.offset as number) : 0));
    return this.selectPage.all(limit, offset).map(rowToSummary);
  }

  async countArticles(): Promise<number> {
    return this.selectCount.get() ?? 0;
  }

  async search(query: string, opts: { limit?: number } = {}): Promise<SearchHit[]> {
    const match = toFtsQuery(query);
    if (match === undefined) return [];
    const limit = clampLimit(opts.limit, DEFAULT_SEARCH_LIMIT);
    return this.selectMatches.all({ open: MARK_OPEN, close: MARK_CLOSE, ellipsis: '…', match, limit }).map((row) => ({
      ...rowToSummary(row),
      snippet: pickSnippet(row),
      score: -row.rank, // bm25() is lower-is-better; the interface promises higher-is-better
    }));
  }

  async getStoryAssignments(): Promise<Map<string, string>> {
    const rows = this.db.prepare('SELECT article_id, story_id FROM story_articles').all() as {
      article_id: string;
      story_id: string;
    }[];
    return new Map(rows.map((r) => [r.article_id, r.story_id] as const));
  }

  async saveStories(update: {
    stories: Story[];
    removed: string[];
    assignments: Map<string, string>;
    changes: StoryChange[];
  }): Promise<void> {
    const db = this.db;
    const upsert = db.prepare(
      `INSERT INTO stories (id, version, updated, title, article_count, first_published, last_published, json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET version = excluded.version, updated = excluded.updated, title = excluded.title,
         article_count = excluded.article_count, first_published = excluded.first_published,
         last_published = excluded.last_published, json = excluded.json`,
    );
    const remove = db.prepare('DELETE FROM stories WHERE id = ?');
    const assign = db.prepare(
      'INSERT INTO story_articles (article_id, story_id) VALUES (?, ?) ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id',
    );
    const log = db.prepare('INSERT INTO story_changes (story_id, kind, others, at) VALUES (?, ?, ?, ?)');
    db.transaction(() => {
      for (const story of update.stories) {
        const dates = story.articles
          .map((a) => a.published)
          .filter((d): d is string => Boolean(d))
          .sort();
        upsert.run(
          story.id,
          story.version,
          story.updated,
          story.title,
          story.articles.length,
          dates[0] ?? null,
          dates[dates.length - 1] ?? null,
          JSON.stringify(story),
        );
      }
      for (const [article, story] of update.assignments) assign.run(article, story);
      // Stories removed last: their articles have moved to other stories above.
      for (const id of update.removed) remove.run(id);
      for (const c of update.changes) log.run(c.story, c.kind, c.others ? JSON.stringify(c.others) : null, c.at);
    }).immediate();
  }

  async getStory(id: string): Promise<Story | undefined> {
    const json = this.db.prepare('SELECT json FROM stories WHERE id = ?').pluck().get(id) as string | undefined;
    return json === undefined ? undefined : (JSON.parse(json) as Story);
  }

  async listStories(opts: StoryListOptions = {}): Promise<StorySummary[]> {
    const limit = clampLimit(opts.limit, DEFAULT_LIST_LIMIT);
    const offset = Math.max(0, Math.floor(Number.isFinite(opts.offset) ? (opts.offset as number) : 0));
    const order =
      opts.sort === 'size'
        ? 'article_count DESC, last_published DESC, id'
        : 'last_published DESC, article_count DESC, id';
    const rows = this.db
      .prepare(
        `SELECT id, title, version, updated, article_count, first_published, last_published
         FROM stories ORDER BY ${order} LIMIT ? OFFSET ?`,
      )
      .all(limit, offset) as {
      id: string;
      title: string;
      version: number;
      updated: string;
      article_count: number;
      first_published: string | null;
      last_published: string | null;
    }[];
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
    return (this.db.prepare('SELECT count(*) FROM stories').pluck().get() as number) ?? 0;
  }

  async getStoryChanges(story?: string): Promise<StoryChange[]> {
    const rows = (
      story === undefined
        ? this.db.prepare('SELECT story_id, kind, others, at FROM story_changes ORDER BY seq').all()
        : this.db
            .prepare('SELECT story_id, kind, others, at FROM story_changes WHERE story_id = ? ORDER BY seq')
            .all(story)
    ) as { story_id: string; kind: StoryChange['kind']; others: string | null; at: string }[];
    return rows.map((r) => ({
      story: r.story_id,
      kind: r.kind,
      ...(r.others ? { others: JSON.parse(r.others) as string[] } : {}),
      at: r.at,
    }));
  }

  async listUnclustered(limit = MAX_LIMIT * 100): Promise<string[]> {
    return this.db
      .prepare(
        // Articles are clustered in seq order, so the unclustered ones come after the highest clustered seq.
        `SELECT a.id FROM articles a
         WHERE a.seq > coalesce((SELECT max(article_seq) FROM cluster_state), 0)
           AND NOT EXISTS (SELECT 1 FROM cluster_state c WHERE c.article_id = a.id)
         ORDER BY a.seq LIMIT ?`,
      )
      .pluck()
      .all(limit) as string[];
  }

  async saveClusterState(rows: readonly ClusterStateRow[]): Promise<void> {
    const upsert = this.db.prepare(
      `INSERT INTO cluster_state (article_id, article_seq, day, state)
       VALUES (@article, (SELECT seq FROM articles WHERE id = @article), @day, @state)
       ON CONFLICT (article_id) DO UPDATE SET day = excluded.day, state = excluded.state`,
    );
    this.db
      .transaction(() => {
        for (const r of rows) upsert.run({ article: r.article, day: r.day ?? null, state: r.state });
      })
      .immediate();
  }

  async loadClusterState(window: { fromDay: number; toDay: number; undated: number }): Promise<ClusterStateRow[]> {
    type Row = { article_id: string; day: number | null; state: string; story_id: string | null };
    const dated = this.db
      .prepare(
        `SELECT c.article_id, c.day, c.state, s.story_id FROM cluster_state c
         LEFT JOIN story_articles s ON s.article_id = c.article_id
         WHERE c.day IS NOT NULL AND c.day BETWEEN ? AND ? ORDER BY c.seq`,
      )
      .all(Math.floor(window.fromDay), Math.ceil(window.toDay)) as Row[];
    const undated = this.db
      .prepare(
        `SELECT * FROM (SELECT c.seq, c.article_id, c.day, c.state, s.story_id FROM cluster_state c
         LEFT JOIN story_articles s ON s.article_id = c.article_id
         WHERE c.day IS NULL ORDER BY c.seq DESC LIMIT ?) ORDER BY seq`,
      )
      .all(Math.max(0, Math.floor(window.undated))) as Row[];
    return [...dated, ...undated].map((r) => ({
      article: r.article_id,
      state: r.state,
      ...(r.day !== null ? { day: r.day } : {}),
      ...(r.story_id !== null ? { story: r.story_id } : {}),
    }));
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    this.db.pragma('optimize');
    this.db.close();
  }
}
