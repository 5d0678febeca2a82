import type { Analysis, Article, ArticleDedup, DatePrecision, Story } from '../model.js';

/**
 * An analysis already serialised as JSON, by the worker thread that made it: the store writes the text as it is,
 * so the writer's thread neither copies the object graph across threads nor stringifies it (`analysisJson`).
 */
export interface SerializedAnalysis {
  article: string;
  json: string;
}

/** One input of a batch save: an article and its analysis, when it has one. */
export interface ArticleToSave {
  article: Article;
  analysis?: Analysis | SerializedAnalysis;
}

/** What the store says after saving one input. */
export interface SaveResult {
  id: string;
  /** False when an article with the same id (same clean text) was already stored: nothing changed. */
  created: boolean;
}

export interface ArticleSummary {
  id: string;
  title?: string;
  outlet?: string;
  /** The publication date value (`YYYY-MM-DD`, …), if known. */
  published?: string;
  /** How precise `published` is (`day`, `time`, …), when known. */
  publishedPrecision?: DatePrecision;
  url?: string;
  source: string;
  /** ISO 639-1 code, or `und`. */
  language?: string;
}

/** Which articles a search may return: each field given narrows it (all of them together). */
export interface SearchFilter {
  /** Only this outlet (exactly as stored). */
  outlet?: string;
  /** Only articles published on or after this day (`YYYY-MM-DD`). */
  from?: string;
  /** Only articles published on or before this day (`YYYY-MM-DD`). */
  to?: string;
  /** Only articles in this language (ISO 639-1). */
  language?: string;
}

export interface StorySummary {
  id: string;
  title: string;
  version: number;
  updated: string;
  articles: number;
  /** Earliest and latest publication dates of its articles. */
  firstPublished?: string;
  lastPublished?: string;
}

/** A quote a story version brought: who, what, and the article it is in. */
export interface ChangedQuote {
  speaker: string;
  text: string;
  article: string;
}

/**
 * A recorded change to the set of stories: how stories are born, grow, merge and split. A story version's entry
 * (`created`, `updated`) says what that version changed; entries logged before that record was kept carry only
 * `story`, `kind` and `at`.
 */
export interface StoryChange {
  story: string;
  kind: 'created' | 'updated' | 'merged' | 'split' | 'removed';
  /** For merged: the stories absorbed; for split: the story it came from. */
  others?: string[];
  at: string;
  /** The story version this entry made. */
  version?: number;
  /** Articles that joined the story (new ones, and those of the stories merged into it). */
  articlesAdded?: string[];
  /** Articles that left the story. */
  articlesRemoved?: string[];
  /** Days (or months) the timeline did not have before. */
  datesAdded?: string[];
  quotesAdded?: ChangedQuote[];
  /** Summary sentences that are new in this version, and those it no longer has. */
  summaryAdded?: string[];
  summaryRemoved?: string[];
  /** Stories merged into this one (their ids redirect here). */
  mergedFrom?: string[];
  /** For a story that is gone after a rebuild: the stories its articles went to. */
  splitInto?: string[];
}

/** Which change log entries to read. */
export interface ChangeQuery {
  /** Only entries logged after this instant (ISO 8601). */
  since?: string;
  limit?: number;
  offset?: number;
  /** Newest first (feeds) instead of oldest first (the log's order). */
  newestFirst?: boolean;
}

export interface StoryListOptions {
  limit?: number;
  offset?: number;
  /** `recent` (latest article first, the default), `size` (most articles first) or `updated` (last changed first). */
  sort?: 'recent' | 'size' | 'updated';
  /** Only stories changed after this instant (ISO 8601). */
  updatedSince?: string;
}

export interface SearchHit extends ArticleSummary {
  /** A fragment of the text around the match, the matched terms wrapped in `[` `]`. */
  snippet: string;
  /** Higher is better. */
  score: number;
}

/**
 * One posting of the clustering index: story `story` is indexed under key `term` since its change `seq`, the key
 * weighing `weight` in its centroid then (cluster/stream.ts `Posting`).
 */
export interface ClusterPostingRow {
  term: string;
  story: string;
  seq: number;
  weight: number;
  /** The story's span then, in day numbers (absent while it has no dated article). */
  firstDay?: number;
  lastDay?: number;
}

/** A story's clustering state (the JSON is owned by cluster/). */
export interface ClusterStoryRow {
  id: string;
  seq: number;
  state: string;
}

/** What a refresh changed in the clustering state; saved with the stories, in the same transaction. */
export interface ClusterUpdate {
  /** Key → change of its document frequency (key '' is the document count). */
  termCounts: Map<string, number>;
  stories: ClusterStoryRow[];
  removedStories: string[];
  postingsAdded: ClusterPostingRow[];
  postingsRemoved: { term: string; story: string }[];
  /** Articles clustered now: no longer pending. */
  clustered: string[];
  /** The clusterer's passage sketch (a fixed-size blob owned by cluster/), when it changed: replaces the stored one. */
  sketch?: Uint8Array;
}

/** An article the dedup index may find as an original (a copy of nothing): what the similarity check needs. */
export interface DedupCanonicalRow {
  id: string;
  published?: string;
  length: number;
  /** MinHash signature (the store keeps it as little-endian bytes). */
  signature: Uint32Array;
}

/** One posting of the dedup index: `article` is indexed under the 32-bit band or sentence `key`. */
export interface DedupPostingRow {
  key: number;
  article: string;
}

/** The dedup stage's results for a chunk and the index rows it adds; saved with the chunk, in one transaction. */
export interface DedupUpdate {
  /** Per article checked: its original (if a copy) and its shared passages. */
  results: ArticleDedup[];
  canonicals: DedupCanonicalRow[];
  bands: DedupPostingRow[];
  units: DedupPostingRow[];
}

/** Everything one refresh writes, in one transaction: a crash leaves either all of it or none. */
export interface StoriesUpdate {
  stories: Story[];
  removed: string[];
  assignments: Map<string, string>;
  changes: StoryChange[];
  /** Story ids that now live on under another id (merged away): old id → new id. */
  redirects?: Map<string, string>;
  cluster?: ClusterUpdate;
  dedup?: DedupUpdate;
}

/** What `storyline watch` keeps of one source between polls, and across restarts. */
export interface WatchSourceState {
  url: string;
  /** The validators of the last copy read, sent back as a conditional GET. */
  etag?: string;
  lastModified?: string;
  /** When it was last polled, and when it is next due (ISO 8601). */
  lastPoll?: string;
  nextDue?: string;
  /** Polls in a row that failed (0 after a good one). */
  failures: number;
}

/** One write of the watcher, atomic: a source's new state and/or the items it has now handled. */
export interface WatchPollUpdate {
  source?: WatchSourceState;
  /** Canonical URLs (or item keys) handled: a later poll, or a restart, never fetches them again. */
  seen: readonly string[];
  /** The source the seen items came from, kept beside them for the operator. */
  from: string;
}

/**
 * Persistence for every stage's output. One interface, two implementations:
 * SQLite (default, embedded) and PostgreSQL (several processes and machines).
 * Async throughout because the PostgreSQL driver is.
 */
export interface SaveOptions {
  /** The article's place in the arrival order, from `reserveArrivals`; by default, the next one. */
  arrival?: number;
}

/** One article of a batch to save: as the arguments of `saveArticle`. */
export interface SaveItem extends ArticleToSave {
  options?: SaveOptions;
}

export interface Store {
  /**
   * What `openStore` opens this same store from in another thread (a database file), or undefined when no other
   * connection can reach it (`:memory:`). The story step of a batch ingest runs in a thread of its own through it.
   */
  readonly location?: string;
  /**
   * Save an article (and its analysis, when given) in one transaction. Idempotent:
   * an article whose id is already stored is left as it is and `created` is false,
   * but its source is still recorded as another place it was seen.
   */
  saveArticle(article: Article, analysis?: Analysis | SerializedAnalysis, options?: SaveOptions): Promise<SaveResult>;
  /**
   * Save several inputs, each still all or nothing (its own savepoint), in one write transaction: an embedded
   * store pays one commit and one full-text index flush for the lot instead of one per article. A failing input
   * fails alone, as its `error`; the others are saved. Stores without it get one `saveArticle` per input.
   */
  saveArticles?(items: readonly ArticleToSave[]): Promise<(SaveResult | { error: unknown })[]>;
  /**
   * Places in the arrival order (an article's `seq`, which orders the story step within a day) for `count` inputs
   * read now and saved later by queue workers, in whatever order they finish: saved with `arrival`, each takes the
   * place of its input, so stories do not depend on which worker was faster. Only stores with a job queue
   * (PostgreSQL) have it.
   */
  reserveArrivals?(count: number): Promise<number[]>;
  /**
   * Save several articles as `saveArticle` would, all in one transaction (one commit for the batch): what a queue
   * worker does with the jobs it finished. Throws, having saved none, when any cannot be saved. Only PostgreSQL.
   * (Unlike `saveArticles`, all or nothing: a worker falls back to one article at a time to find the bad one.)
   */
  saveBatch?(items: readonly SaveItem[]): Promise<SaveResult[]>;
  getArticle(id: string): Promise<Article | undefined>;
  getAnalysis(id: string): Promise<Analysis | undefined>;
  /** Every source (path, URL, …) the article was read from. */
  getSources(id: string): Promise<string[]>;
  listArticles(opts?: { limit?: number; offset?: number }): Promise<ArticleSummary[]>;
  countArticles(): Promise<number>;
  /**
   * Full-text search over titles and clean text. Any user string is accepted:
   * operators and punctuation are treated as words, never as query syntax errors.
   */
  search(query: string, opts?: { limit?: number; filter?: SearchFilter }): Promise<SearchHit[]>;

  /** Article id → story id, for every article that belongs to a story. */
  getStoryAssignments(): Promise<Map<string, string>>;
  /** The story an article belongs to (its id and title), by the membership's key: one row, not every assignment. */
  getStoryOfArticle(articleId: string): Promise<{ id: string; title: string } | undefined>;
  /**
   * Replace stories and their memberships in one transaction: `stories` are written (insert or replace),
   * `removed` story ids are deleted, `assignments` maps article ids to their story, `changes` are appended,
   * `redirects` recorded, and the clustering state updated (pending articles marked clustered).
   */
  saveStories(update: StoriesUpdate): Promise<void>;
  /** Article ids of each story (stories not found are absent). */
  getStoryMembers(ids: readonly string[]): Promise<Map<string, string[]>>;
  /** The id a story goes by now: itself when stored, the story it was merged into (followed to the end), or undefined. */
  resolveStoryId(id: string): Promise<string | undefined>;
  getStory(id: string): Promise<Story | undefined>;
  /** The stored version of each of these stories that exists (one read for a whole chunk's stories). */
  getStoryVersions(ids: readonly string[]): Promise<Map<string, number>>;
  /**
   * Of each of these stories that exists, the number of its newest change-log entry. Every write of a story's
   * members logs a change for it, and change numbers are never reused (the log outlives a rebuild), so a reader
   * that saw a number for a story knows its members are as they were then while the number is unchanged.
   */
  getStoryLastChanges(ids: readonly string[]): Promise<Map<string, number>>;
  listStories(opts?: StoryListOptions): Promise<StorySummary[]>;
  countStories(): Promise<number>;
  /**
   * A number that changes whenever any story is created, changed or removed, by this process or another: one row
   * read (a trigger keeps it), so a server can ask every second what the stories' ids and versions would tell.
   */
  storiesStamp(): Promise<number>;
  /** The change log of one story (or of all stories), oldest first unless asked otherwise. */
  getStoryChanges(story?: string, query?: ChangeQuery): Promise<StoryChange[]>;

  /** Articles waiting to be clustered, in publication order (undated last), then arrival order; at most `limit`. */
  listUnclustered(limit?: number): Promise<string[]>;
  countUnclustered(): Promise<number>;
  /** The document frequencies of `terms` (with key '' the document count) and, per term, its newest postings. */
  loadClusterIndex(
    terms: readonly string[],
    postingsPerTerm: number,
  ): Promise<{
    termCounts: Map<string, number>;
    postings: ClusterPostingRow[];
  }>;
  loadClusterStories(ids: readonly string[]): Promise<ClusterStoryRow[]>;
  /** The clusterer's passage sketch as last saved (undefined before the first). */
  loadClusterSketch(): Promise<Uint8Array | undefined>;
  /**
   * The dedup index's postings for these keys, each key's newest `perBand` / `perUnit` first, and the stored
   * canonicals the band postings name.
   */
  loadDedupIndex(
    bandKeys: readonly number[],
    unitKeys: readonly number[],
    perBand: number,
    perUnit: number,
  ): Promise<{ bands: DedupPostingRow[]; units: DedupPostingRow[]; canonicals: DedupCanonicalRow[] }>;
  /** What the dedup stage stored for these articles (articles not yet checked are absent). */
  getDedup(ids: readonly string[]): Promise<Map<string, ArticleDedup>>;
  /** Article id → story id, for those of `ids` that belong to a story. */
  getArticleStories(ids: readonly string[]): Promise<Map<string, string>>;
  /**
   * Forget the clustering and dedup (state, stories, memberships, the dedup index and results; the change log and
   * redirects stay) and mark every article pending: the next refresh rebuilds the stories from the articles.
   */
  resetClustering(): Promise<void>;
  getArticles(ids: readonly string[]): Promise<Article[]>;
  /** Metadata of these articles (no text), in the order given; missing ids are skipped. */
  getArticleSummaries(ids: readonly string[]): Promise<ArticleSummary[]>;
  getAnalyses(ids: readonly string[]): Promise<Map<string, Analysis>>;
  /**
   * Run `fn` holding the story step's lock: one story refresh at a time across every process using this store,
   * so what `fn` reads as pending and the stories it writes are never interleaved with another refresh. Released
   * when `fn` settles, and by the system when the process dies (never left stale).
   */
  withStoryLock<T>(fn: () => Promise<T>): Promise<T>;
  /** The watcher's state of each of these sources that has one. */
  getWatchSources(urls: readonly string[]): Promise<Map<string, WatchSourceState>>;
  /** Those of `keys` the watcher has already handled. */
  getWatchSeen(keys: readonly string[]): Promise<Set<string>>;
  /** Write a source's state and the items it handled in one transaction (a seen key already stored stays as it was). */
  saveWatchPoll(update: WatchPollUpdate): Promise<void>;
  close(): Promise<void>;
}
