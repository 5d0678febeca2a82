import type { Analysis, Article, Story } from '../model.js';

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
  url?: string;
  source: string;
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

/** A recorded change to the set of stories: how stories are born, grow, merge and split. */
export interface StoryChange {
  story: string;
  kind: 'created' | 'updated' | 'merged' | 'split' | 'removed';
  /** For merged: the stories absorbed; for split: the story it came from. */
  others?: string[];
  at: string;
}

export interface StoryListOptions {
  limit?: number;
  offset?: number;
  /** `recent` (latest article first, the default) or `size` (most articles first). */
  sort?: 'recent' | 'size';
}

export interface SearchHit extends ArticleSummary {
  /** A fragment of the text around the match, the matched terms wrapped in `[` `]`. */
  snippet: string;
  /** Higher is better. */
  score: number;
}

/** The persisted clustering state of one article (the JSON is owned by cluster/). */
export interface ClusterStateRow {
  article: string;
  /** Days since 1970-01-01 of its publication, when dated. */
  day?: number;
  state: string;
  /** Its current story, when it has one (read back from the story assignments). */
  story?: string;
}

/**
 * Persistence for every stage's output. One interface, two implementations:
 * SQLite (default, embedded) and PostgreSQL (several processes and machines).
 * Async throughout because the PostgreSQL driver is.
 */
export interface Store {
  /**
   * Save an article (and its analysis, when given) in one transaction. Idempotent:
   * an article whose id is already stored is left as it is and `created` is false,
   * but its source is still recorded as another place it was seen.
   */
  saveArticle(article: Article, analysis?: Analysis): Promise<SaveResult>;
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
  search(query: string, opts?: { limit?: number }): Promise<SearchHit[]>;

  /** Article id → story id, for every article that belongs to a story. */
  getStoryAssignments(): Promise<Map<string, string>>;
  /**
   * Replace stories and their memberships in one transaction: `stories` are written (insert or replace),
   * `removed` story ids are deleted, `assignments` maps article ids to their story, `changes` are appended.
   */
  saveStories(update: {
    stories: Story[];
    removed: string[];
    assignments: Map<string, string>;
    changes: StoryChange[];
  }): Promise<void>;
  getStory(id: string): Promise<Story | undefined>;
  listStories(opts?: StoryListOptions): Promise<StorySummary[]>;
  countStories(): Promise<number>;
  /** The change log of one story (or of all stories), oldest first. */
  getStoryChanges(story?: string): Promise<StoryChange[]>;

  /** Articles that have no clustering state yet (not clustered), oldest first, at most `limit`. */
  listUnclustered(limit?: number): Promise<string[]>;
  /** Insert or replace clustering state rows. */
  saveClusterState(rows: readonly ClusterStateRow[]): Promise<void>;
  /** Clustering state of the articles dated within [fromDay, toDay], plus the `undated` most recent undated ones. */
  loadClusterState(window: { fromDay: number; toDay: number; undated: number }): Promise<ClusterStateRow[]>;
  close(): Promise<void>;
}
