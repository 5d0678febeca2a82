// The default Store: one SQLite file (better-sqlite3), WAL journal, FTS5 for search.
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Analysis, Article, ArticleDedup, Story } from '../../model.js';
import type {
  ArticleSummary,
  ArticleToSave,
  ClusterPostingRow,
  ClusterStoryRow,
  DedupCanonicalRow,
  DedupPostingRow,
  DedupUpdate,
  SaveOptions,
  SaveResult,
  SearchFilter,
  SearchHit,
  SerializedAnalysis,
  Store,
  StoriesUpdate,
  ChangeQuery,
  StoryChange,
  StoryListOptions,
  StorySummary,
  WatchPollUpdate,
  WatchSourceState,
} from '../store.js';
import { applyMigrations, MIGRATIONS, type Migration } from './migrations.js';
import { prepareSqliteSearch, type SqliteSearch } from './search.js';
import { SqliteStoryLock } from './story-lock.js';
import {
  analysisJson,
  type ArticleParams,
  type ArticleRow,
  articleToParams,
  canonicalToRow,
  type ChangeRow,
  changeToRow,
  type CanonicalRow,
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

export interface SqliteStoreOptions {
  /** How long a write waits for another connection's write lock before failing (ms). */
  busyTimeoutMs?: number;
  /** The schema to migrate to; tests pass a shorter or longer list. */
  migrations?: readonly Migration[];
}

const DEFAULT_LIST_LIMIT = 100;
const DEFAULT_SEARCH_LIMIT = 20;
const MAX_LIMIT = 10_000;

const ARTICLE_COLUMNS =
  'id, source, url, outlet, title, byline, published, published_precision, published_from, dateline, language, ' +
  'text, paragraphs, removed, warnings';
const SUMMARY_COLUMNS = 'a.id, a.title, a.outlet, a.published, a.published_precision, a.url, a.source, a.language';

function clampLimit(value: number | undefined, fallback: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(MAX_LIMIT, Math.max(0, Math.floor(value)));
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
  /**
   * The file, for a connection of another thread; none for a database only this connection sees (`:memory:`, the
   * temporary `''`, and `file:` URIs, which may name an in-memory database too: not guessed at).
   */
  get location(): string | undefined {
    const path = this.path;
    return path === '' || path === ':memory:' || path.startsWith('file:') ? undefined : resolve(path);
  }
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
  private readonly searchMatches: SqliteSearch;
  private readonly saveTransaction: Database.Transaction<
    (article: Article, analysis: Analysis | SerializedAnalysis | undefined) => boolean
  >;
  private storyLock?: SqliteStoryLock;

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
               @dateline, @language, @text, @paragraphs, @removed, @warnings, @created_at)
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
    this.searchMatches = prepareSqliteSearch(db);
    this.saveTransaction = db.transaction((article: Article, analysis: Analysis | SerializedAnalysis | undefined) => {
      if (analysis && analysis.article !== article.id) {
        throw new Error(`analysis is of article ${analysis.article}, not ${article.id}`);
      }
      const now = new Date().toISOString();
      const created = this.insertArticle.run(articleToParams(article, now)).changes === 1;
      this.insertSource.run(article.id, article.source, now);
      // Serialised inside the transaction on purpose: if it throws, the article rows above are rolled back too.
      if (analysis) this.upsertAnalysis.run(article.id, analysisJson(analysis));
      return created;
    });
  }

  async saveArticle(
    article: Article,
    analysis?: Analysis | SerializedAnalysis,
    options: SaveOptions = {},
  ): Promise<SaveResult> {
    if (options.arrival !== undefined) throw new Error('a SQLite store has no job queue: articles arrive as saved');
    // IMMEDIATE takes the write lock up front, so waiting for another writer goes through busy_timeout
    // instead of failing when a read lock cannot be upgraded.
    const created = this.saveTransaction.immediate(article, analysis);
    return { id: article.id, created };
  }

  async saveArticles(items: readonly ArticleToSave[]): Promise<(SaveResult | { error: unknown })[]> {
    // Inside the outer transaction each article's own transaction is a savepoint: a failing one is rolled back
    // alone. The outer one is IMMEDIATE for the reason given in saveArticle.
    return this.db
      .transaction(() =>
        items.map(({ article, analysis }) => {
          try {
            return { id: article.id, created: this.saveTransaction(article, analysis) };
          } catch (error) {
            return { error };
          }
        }),
      )
      .immediate();
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

  async search(query: string, opts: { limit?: number; filter?: SearchFilter } = {}): Promise<SearchHit[]> {
    return this.searchMatches(query, clampLimit(opts.limit, DEFAULT_SEARCH_LIMIT), opts.filter);
  }

  async getStoryAssignments(): Promise<Map<string, string>> {
    const rows = this.db.prepare('SELECT article_id, story_id FROM story_articles').all() as {
      article_id: string;
      story_id: string;
    }[];
    return new Map(rows.map((r) => [r.article_id, r.story_id] as const));
  }

  async getStoryOfArticle(articleId: string): Promise<{ id: string; title: string } | undefined> {
    const row = this.db
      .prepare('SELECT s.id, s.title FROM story_articles m JOIN stories s ON s.id = m.story_id WHERE m.article_id = ?')
      .get(articleId) as { id: string; title: string | null } | undefined;
    return row ? { id: row.id, title: row.title ?? '' } : undefined;
  }

  async saveStories(update: StoriesUpdate): Promise<void> {
    const db = this.db;
    const upsert = db.prepare(
      `INSERT INTO stories (id, version, updated, title, article_count, first_published, last_published)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET version = excluded.version, updated = excluded.updated, title = excluded.title,
         first_published = excluded.first_published, last_published = excluded.last_published`,
    );
    const upsertDocument = db.prepare(
      'INSERT INTO story_documents (id, json) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET json = excluded.json',
    );
    const remove = db.prepare('DELETE FROM stories WHERE id = ?');
    const removeDocument = db.prepare('DELETE FROM story_documents WHERE id = ?');
    const assign = db.prepare(
      'INSERT INTO story_articles (article_id, story_id) VALUES (?, ?) ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id',
    );
    const log = db.prepare(
      `INSERT INTO story_changes (story_id, kind, others, at, version, detail)
       VALUES (@story_id, @kind, @others, @at, @version, @detail)`,
    );
    const redirect = db.prepare(
      'INSERT INTO story_redirects (from_id, to_id, at) VALUES (?, ?, ?) ON CONFLICT (from_id) DO UPDATE SET to_id = excluded.to_id, at = excluded.at',
    );
    const unredirect = db.prepare('DELETE FROM story_redirects WHERE from_id = ?');
    db.transaction(() => {
      for (const story of update.stories) {
        const { first, last } = publishedRange(story);
        upsert.run(
          story.id,
          story.version,
          story.updated,
          story.title,
          0, // article_count: kept by triggers on story_articles (migration 7), as members come and go
          first ?? null,
          last ?? null,
        );
        upsertDocument.run(story.id, JSON.stringify(story));
        unredirect.run(story.id); // a live story is its own answer
      }
      for (const [article, story] of update.assignments) assign.run(article, story);
      // Stories removed last: their articles have moved to other stories above.
      for (const id of update.removed) {
        remove.run(id);
        removeDocument.run(id);
      }
      for (const c of update.changes) log.run(changeToRow(c));
      const at = update.changes[0]?.at ?? new Date().toISOString();
      for (const [from, to] of update.redirects ?? []) if (from !== to) redirect.run(from, to, at);
      if (update.cluster) this.writeClusterUpdate(update.cluster);
      if (update.dedup) this.writeDedupUpdate(update.dedup);
    }).immediate();
  }

  private writeDedupUpdate(d: DedupUpdate): void {
    const db = this.db;
    const result = db.prepare(
      `INSERT INTO article_dedup (article_id, duplicate_of, similarity, passages)
       VALUES (@article_id, @duplicate_of, @similarity, @passages)
       ON CONFLICT (article_id) DO UPDATE SET duplicate_of = excluded.duplicate_of, similarity = excluded.similarity,
         passages = excluded.passages`,
    );
    const canonical = db.prepare(
      `INSERT INTO dedup_canonicals (article_id, published, length, signature)
       VALUES (@article_id, @published, @length, @signature) ON CONFLICT (article_id) DO NOTHING`,
    );
    const band = db.prepare('INSERT INTO dedup_bands (key, article_id) VALUES (?, ?)');
    const unit = db.prepare('INSERT INTO dedup_units (key, article_id) VALUES (?, ?)');
    for (const r of d.results) result.run(dedupToRow(r));
    for (const c of d.canonicals) canonical.run(canonicalToRow(c));
    // In the order made: a key's postings are read newest (highest rowid) first.
    for (const p of d.bands) band.run(p.key, p.article);
    for (const p of d.units) unit.run(p.key, p.article);
  }

  private writeClusterUpdate(c: NonNullable<StoriesUpdate['cluster']>): void {
    const db = this.db;
    const count = db.prepare(
      'INSERT INTO cluster_terms (term, count) VALUES (?, ?) ON CONFLICT (term) DO UPDATE SET count = count + excluded.count',
    );
    const story = db.prepare(
      'INSERT INTO cluster_stories (id, seq, state) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, state = excluded.state',
    );
    const dropStory = db.prepare('DELETE FROM cluster_stories WHERE id = ?');
    const posting = db.prepare(
      `INSERT INTO cluster_postings (term, story, seq, weight, first_day, last_day) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (term, story) DO UPDATE SET seq = excluded.seq, weight = excluded.weight,
         first_day = excluded.first_day, last_day = excluded.last_day`,
    );
    const dropPosting = db.prepare('DELETE FROM cluster_postings WHERE term = ? AND story = ?');
    const done = db.prepare('DELETE FROM cluster_pending WHERE article_id = ?');
    for (const [term, delta] of c.termCounts) count.run(term, delta);
    for (const s of c.stories) story.run(s.id, s.seq, s.state);
    for (const id of c.removedStories) dropStory.run(id);
    for (const p of c.postingsRemoved) dropPosting.run(p.term, p.story);
    for (const p of c.postingsAdded)
      posting.run(p.term, p.story, p.seq, p.weight, p.firstDay ?? null, p.lastDay ?? null);
    for (const id of c.clustered) done.run(id);
    if (c.sketch)
      db.prepare(
        'INSERT INTO cluster_sketch (id, data) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data',
      ).run(Buffer.from(c.sketch.buffer, c.sketch.byteOffset, c.sketch.byteLength));
  }

  async getStoryMembers(ids: readonly string[]): Promise<Map<string, string[]>> {
    const select = this.db
      .prepare('SELECT article_id FROM story_articles WHERE story_id = ? ORDER BY article_id')
      .pluck();
    const out = new Map<string, string[]>();
    for (const id of new Set(ids)) {
      const members = select.all(id) as string[];
      if (members.length > 0) out.set(id, members);
    }
    return out;
  }

  async resolveStoryId(id: string): Promise<string | undefined> {
    const exists = this.db.prepare('SELECT 1 FROM stories WHERE id = ?').pluck();
    const next = this.db.prepare('SELECT to_id FROM story_redirects WHERE from_id = ?').pluck();
    let current = id;
    const seen = new Set<string>();
    for (;;) {
      if (exists.get(current)) return current;
      const to = next.get(current) as string | undefined;
      if (!to || seen.has(to)) return undefined;
      seen.add(current);
      current = to;
    }
  }

  async getStoryVersions(ids: readonly string[]): Promise<Map<string, number>> {
    const select = this.db.prepare('SELECT version FROM stories WHERE id = ?').pluck();
    const out = new Map<string, number>();
    for (const id of new Set(ids)) {
      const version = select.get(id) as number | undefined;
      if (version !== undefined) out.set(id, version);
    }
    return out;
  }

  async getStoryLastChanges(ids: readonly string[]): Promise<Map<string, number>> {
    const select = this.db
      .prepare('SELECT (SELECT max(seq) FROM story_changes c WHERE c.story_id = s.id) FROM stories s WHERE s.id = ?')
      .pluck();
    const out = new Map<string, number>();
    for (const id of new Set(ids)) {
      const seq = select.get(id) as number | null | undefined;
      if (seq !== undefined && seq !== null) out.set(id, seq);
    }
    return out;
  }

  async getStory(id: string): Promise<Story | undefined> {
    const json = this.db.prepare('SELECT json FROM story_documents WHERE id = ?').pluck().get(id) as string | undefined;
    return json === undefined ? undefined : (JSON.parse(json) as Story);
  }

  async listStories(opts: StoryListOptions = {}): Promise<StorySummary[]> {
    const limit = clampLimit(opts.limit, DEFAULT_LIST_LIMIT);
    const offset = Math.max(0, Math.floor(Number.isFinite(opts.offset) ? (opts.offset as number) : 0));
    const order =
      opts.sort === 'size'
        ? 'article_count DESC, last_published DESC, id'
        : opts.sort === 'updated'
          ? 'updated DESC, id'
          : 'last_published DESC, article_count DESC, id';
    const since = opts.updatedSince === undefined ? '' : 'WHERE updated > ?';
    const rows = this.db
      .prepare(
        `SELECT id, title, version, updated, article_count, first_published, last_published
         FROM stories ${since} ORDER BY ${order} LIMIT ? OFFSET ?`,
      )
      .all(...(opts.updatedSince === undefined ? [] : [opts.updatedSince]), limit, offset) as {
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

  async storiesStamp(): Promise<number> {
    return this.db.prepare("SELECT value FROM store_stamps WHERE name = 'stories'").pluck().get() as number;
  }

  async getStoryChanges(story?: string, query: ChangeQuery = {}): Promise<StoryChange[]> {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (story !== undefined) {
      where.push('story_id = ?');
      params.push(story);
    }
    if (query.since !== undefined) {
      where.push('at > ?');
      params.push(query.since);
    }
    const limit = query.limit === undefined ? -1 : clampLimit(query.limit, DEFAULT_LIST_LIMIT);
    const offset = Math.max(0, Math.floor(query.offset ?? 0));
    const rows = this.db
      .prepare(
        `SELECT story_id, kind, others, at, version, detail FROM story_changes
         ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY ${query.newestFirst ? 'at DESC, seq DESC' : 'at, seq'} LIMIT ? OFFSET ?`,
      )
      .all(...params, limit, offset) as ChangeRow[];
    return rows.map(rowToChange);
  }

  async listUnclustered(limit = MAX_LIMIT * 100): Promise<string[]> {
    return this.db
      .prepare(`SELECT article_id FROM cluster_pending ORDER BY sort_key IS NULL, sort_key, article_seq LIMIT ?`)
      .pluck()
      .all(limit) as string[];
  }

  async countUnclustered(): Promise<number> {
    return (this.db.prepare('SELECT count(*) FROM cluster_pending').pluck().get() as number) ?? 0;
  }

  async loadClusterIndex(
    terms: readonly string[],
    postingsPerTerm: number,
  ): Promise<{ termCounts: Map<string, number>; postings: ClusterPostingRow[] }> {
    const count = this.db.prepare('SELECT count FROM cluster_terms WHERE term = ?').pluck();
    const postings = this.db.prepare(
      `SELECT term, story, seq, weight, first_day AS firstDay, last_day AS lastDay
       FROM cluster_postings WHERE term = ? ORDER BY seq DESC LIMIT ?`,
    );
    const termCounts = new Map<string, number>();
    const rows: ClusterPostingRow[] = [];
    // One read transaction: the counts and postings are of one moment.
    this.db.transaction(() => {
      for (const term of new Set(terms)) {
        const n = count.get(term) as number | undefined;
        if (n !== undefined) termCounts.set(term, n);
        for (const r of postings.all(term, postingsPerTerm) as PostingRow[]) rows.push(rowToPosting(r));
      }
    })();
    return { termCounts, postings: rows };
  }

  async loadClusterStories(ids: readonly string[]): Promise<ClusterStoryRow[]> {
    const select = this.db.prepare('SELECT id, seq, state FROM cluster_stories WHERE id = ?');
    const out: ClusterStoryRow[] = [];
    for (const id of new Set(ids)) {
      const row = select.get(id) as ClusterStoryRow | undefined;
      if (row) out.push(row);
    }
    return out;
  }

  async loadClusterSketch(): Promise<Uint8Array | undefined> {
    const data = this.db.prepare('SELECT data FROM cluster_sketch WHERE id = 1').pluck().get() as Buffer | undefined;
    return data === undefined ? undefined : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }

  async loadDedupIndex(
    bandKeys: readonly number[],
    unitKeys: readonly number[],
    perBand: number,
    perUnit: number,
  ): Promise<{ bands: DedupPostingRow[]; units: DedupPostingRow[]; canonicals: DedupCanonicalRow[] }> {
    const bandRows = this.db
      .prepare<[number, number], string>('SELECT article_id FROM dedup_bands WHERE key = ? ORDER BY rowid DESC LIMIT ?')
      .pluck();
    const unitRows = this.db
      .prepare<[number, number], string>('SELECT article_id FROM dedup_units WHERE key = ? ORDER BY rowid DESC LIMIT ?')
      .pluck();
    const canonical = this.db.prepare<[string], CanonicalRow>(
      'SELECT article_id, published, length, signature FROM dedup_canonicals WHERE article_id = ?',
    );
    const bands: DedupPostingRow[] = [];
    const units: DedupPostingRow[] = [];
    const canonicals: DedupCanonicalRow[] = [];
    this.db.transaction(() => {
      for (const key of new Set(bandKeys)) for (const a of bandRows.all(key, perBand)) bands.push({ key, article: a });
      for (const key of new Set(unitKeys)) for (const a of unitRows.all(key, perUnit)) units.push({ key, article: a });
      for (const id of new Set(bands.map((b) => b.article))) {
        const row = canonical.get(id);
        if (row) canonicals.push(rowToCanonical(row));
      }
    })();
    return { bands, units, canonicals };
  }

  async getDedup(ids: readonly string[]): Promise<Map<string, ArticleDedup>> {
    const select = this.db.prepare<[string], DedupRow>(
      'SELECT article_id, duplicate_of, similarity, passages FROM article_dedup WHERE article_id = ?',
    );
    const out = new Map<string, ArticleDedup>();
    for (const id of new Set(ids)) {
      const row = select.get(id);
      if (row) out.set(id, rowToDedup(row));
    }
    return out;
  }

  async getArticleStories(ids: readonly string[]): Promise<Map<string, string>> {
    const select = this.db
      .prepare<[string], string>('SELECT story_id FROM story_articles WHERE article_id = ?')
      .pluck();
    const out = new Map<string, string>();
    for (const id of new Set(ids)) {
      const story = select.get(id);
      if (story !== undefined) out.set(id, story);
    }
    return out;
  }

  async resetClustering(): Promise<void> {
    const db = this.db;
    db.transaction(() => {
      db.exec(`DELETE FROM cluster_terms; DELETE FROM cluster_stories; DELETE FROM cluster_postings;
               DELETE FROM cluster_sketch;
               DELETE FROM dedup_canonicals; DELETE FROM dedup_bands; DELETE FROM dedup_units;
               DELETE FROM article_dedup;
               DELETE FROM story_articles; DELETE FROM stories; DELETE FROM story_documents;
               INSERT INTO cluster_pending (article_id, sort_key, article_seq)
                 SELECT id, substr(published, 1, 10), seq FROM articles WHERE true
                 ON CONFLICT DO NOTHING;`);
    }).immediate();
  }

  async getArticles(ids: readonly string[]): Promise<Article[]> {
    const out: Article[] = [];
    for (const id of ids) {
      const row = this.selectArticle.get(id);
      if (row) out.push(rowToArticle(row));
    }
    return out;
  }

  async getArticleSummaries(ids: readonly string[]): Promise<ArticleSummary[]> {
    const select = this.db.prepare<[string], SummaryRow>(`SELECT ${SUMMARY_COLUMNS} FROM articles a WHERE a.id = ?`);
    const out: ArticleSummary[] = [];
    for (const id of ids) {
      const row = select.get(id);
      if (row) out.push(rowToSummary(row));
    }
    return out;
  }

  async getAnalyses(ids: readonly string[]): Promise<Map<string, Analysis>> {
    const out = new Map<string, Analysis>();
    for (const id of ids) {
      const json = this.selectAnalysis.get(id);
      if (json !== undefined) out.set(id, JSON.parse(json) as Analysis);
    }
    return out;
  }

  async withStoryLock<T>(fn: () => Promise<T>): Promise<T> {
    this.storyLock ??= new SqliteStoryLock(this.path);
    return this.storyLock.run(fn);
  }

  async getWatchSources(urls: readonly string[]): Promise<Map<string, WatchSourceState>> {
    const select = this.db.prepare<[string], WatchSourceRow>(
      'SELECT url, etag, last_modified, last_poll, next_due, failures FROM watch_sources WHERE url = ?',
    );
    const out = new Map<string, WatchSourceState>();
    for (const url of new Set(urls)) {
      const row = select.get(url);
      if (row) out.set(url, rowToWatchSource(row));
    }
    return out;
  }

  async getWatchSeen(keys: readonly string[]): Promise<Set<string>> {
    const select = this.db.prepare<[string], number>('SELECT 1 FROM watch_seen WHERE key = ?').pluck();
    return new Set([...new Set(keys)].filter((key) => select.get(key) !== undefined));
  }

  async saveWatchPoll(update: WatchPollUpdate): Promise<void> {
    const db = this.db;
    const seen = db.prepare('INSERT INTO watch_seen (key, source, seen_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
    const source = db.prepare(
      `INSERT INTO watch_sources (url, etag, last_modified, last_poll, next_due, failures)
       VALUES (@url, @etag, @last_modified, @last_poll, @next_due, @failures)
       ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
         last_poll = excluded.last_poll, next_due = excluded.next_due, failures = excluded.failures`,
    );
    const at = new Date().toISOString();
    db.transaction(() => {
      for (const key of update.seen) seen.run(key, update.from, at);
      if (update.source) source.run(watchSourceToRow(update.source));
    }).immediate();
  }

  async close(): Promise<void> {
    this.storyLock?.close();
    if (!this.db.open) return;
    this.db.pragma('optimize');
    this.db.close();
  }
}
