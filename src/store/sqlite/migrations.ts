// Numbered schema migrations for the SQLite store. Append new ones; never edit one that has shipped.
import type { Database } from 'better-sqlite3';

export interface Migration {
  /** 1, 2, 3, … in order, no gaps. */
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'articles, sources, analyses, full-text index',
    // `seq` is an explicit INTEGER PRIMARY KEY (a rowid alias) so that the FTS index's rowids stay valid:
    // VACUUM may renumber the implicit rowid of a table without one. `id` is the article's real key.
    //
    // The FTS table is external-content (content='articles'): it stores only the index, not a second copy of
    // every text, and snippet()/highlight() still work because FTS5 reads the column values back from
    // `articles`. A contentless table (content='') would save the same space but cannot return column values,
    // so snippet() would give nothing. Triggers keep the index in step with `articles`.
    sql: `
      CREATE TABLE articles (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,
        url TEXT,
        outlet TEXT,
        title TEXT,
        byline TEXT,
        published TEXT,
        published_precision TEXT,
        published_from TEXT,
        dateline TEXT,
        language TEXT NOT NULL,
        text TEXT NOT NULL,
        paragraphs TEXT NOT NULL,
        removed TEXT NOT NULL,
        created_at TEXT NOT NULL
      );

      CREATE TABLE article_sources (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        source TEXT NOT NULL,
        seen_at TEXT NOT NULL,
        UNIQUE (article_id, source)
      );

      CREATE TABLE analyses (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        json TEXT NOT NULL
      );

      CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text,
        content='articles', content_rowid='seq',
        tokenize='unicode61 remove_diacritics 2'
      );

      CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
      END;
      CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
      END;
      CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
      END;
    `,
  },
  {
    version: 2,
    name: 'indexes for listing by date and finding an article by source',
    sql: `
      CREATE INDEX articles_by_published ON articles(published DESC, seq DESC);
      CREATE INDEX article_sources_by_source ON article_sources(source);
    `,
  },
  {
    version: 3,
    name: 'stories, their articles and their change log',
    // A story is stored composed (json, the DESIGN.md story shape) so reading one is a single row;
    // the columns beside it are what lists sort and page on.
    sql: `
      CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        version INTEGER NOT NULL,
        updated TEXT NOT NULL,
        title TEXT NOT NULL,
        article_count INTEGER NOT NULL,
        first_published TEXT,
        last_published TEXT,
        json TEXT NOT NULL
      );
      CREATE INDEX stories_by_recent ON stories(last_published DESC, id);
      CREATE INDEX stories_by_size ON stories(article_count DESC, id);

      CREATE TABLE story_articles (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE
      );
      CREATE INDEX story_articles_by_story ON story_articles(story_id);

      CREATE TABLE story_changes (
        seq INTEGER PRIMARY KEY,
        story_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        others TEXT,
        at TEXT NOT NULL
      );
      CREATE INDEX story_changes_by_story ON story_changes(story_id, seq);
    `,
  },
  {
    version: 4,
    name: 'incremental clustering state',
    // One row per clustered article: what the online clusterer needs to take it back into its time window
    // (kept features, neighbours) as JSON owned by cluster/. `day` (days since 1970, NULL when undated) and `seq`
    // (arrival order) let a refresh restore only the window around the new articles; `article_seq` (the article's
    // own seq) finds the articles not clustered yet without scanning the archive: they come after the highest one.
    sql: `
      CREATE TABLE cluster_state (
        seq INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL UNIQUE REFERENCES articles(id) ON DELETE CASCADE,
        article_seq INTEGER NOT NULL,
        day INTEGER,
        state TEXT NOT NULL
      );
      CREATE INDEX cluster_state_by_day ON cluster_state(day) WHERE day IS NOT NULL;
      CREATE INDEX cluster_state_undated ON cluster_state(seq) WHERE day IS NULL;
      CREATE INDEX cluster_state_by_article_seq ON cluster_state(article_seq);
    `,
  },
  {
    version: 5,
    name: 'story clustering over story centroids',
    // The clusterer now compares an article with each story's centroid (cluster/stream.ts), so what it keeps is per
    // story and per key, not per article: document frequencies (`cluster_terms`, key '' is the document count),
    // story centroids (`cluster_stories`, JSON owned by cluster/) and the inverted index over their top keys
    // (`cluster_postings`, read newest `seq` first). Articles waiting for it sit in `cluster_pending` (filled by a
    // trigger, whoever inserts the article), read in publication order. The per-article state of the old
    // clusterer is dropped: every stored article is pending again, and the next refresh rebuilds the stories,
    // redirecting old story ids to the story that took most of their articles (`story_redirects`, also written
    // when a story is merged into another).
    sql: `
      DROP TABLE cluster_state;
      CREATE TABLE cluster_pending (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        sort_key TEXT,
        article_seq INTEGER NOT NULL
      );
      CREATE INDEX cluster_pending_order ON cluster_pending(sort_key IS NULL, sort_key, article_seq);
      INSERT INTO cluster_pending (article_id, sort_key, article_seq) SELECT id, substr(published, 1, 10), seq FROM articles;
      CREATE TRIGGER articles_queue_for_clustering AFTER INSERT ON articles BEGIN
        INSERT INTO cluster_pending (article_id, sort_key, article_seq)
        VALUES (NEW.id, substr(NEW.published, 1, 10), NEW.seq) ON CONFLICT DO NOTHING;
      END;
      CREATE TABLE cluster_terms (term TEXT PRIMARY KEY, count INTEGER NOT NULL) WITHOUT ROWID;
      CREATE TABLE cluster_stories (id TEXT PRIMARY KEY, seq INTEGER NOT NULL, state TEXT NOT NULL);
      CREATE TABLE cluster_postings (
        term TEXT NOT NULL,
        story TEXT NOT NULL,
        seq INTEGER NOT NULL,
        PRIMARY KEY (term, story)
      ) WITHOUT ROWID;
      CREATE INDEX cluster_postings_recent ON cluster_postings(term, seq DESC);
      CREATE TABLE story_redirects (from_id TEXT PRIMARY KEY, to_id TEXT NOT NULL, at TEXT NOT NULL);
    `,
  },
  {
    version: 6,
    name: 'article warnings',
    // What was done to an input on the way that a reader should know (text cut at the size cap, a URL dropped):
    // a JSON array, null when there is none.
    sql: `
      ALTER TABLE articles ADD COLUMN warnings TEXT;
    `,
  },
  {
    version: 7,
    name: 'story sizes kept by the database from the memberships',
    // A story's article_count was written by the code beside its memberships, so two writers could leave a story
    // listed as 274 articles with none. Now triggers on story_articles keep it: the size is the member count.
    sql: `
      CREATE TRIGGER story_members_added AFTER INSERT ON story_articles BEGIN
        UPDATE stories SET article_count = article_count + 1 WHERE id = NEW.story_id;
      END;
      CREATE TRIGGER story_members_removed AFTER DELETE ON story_articles BEGIN
        UPDATE stories SET article_count = article_count - 1 WHERE id = OLD.story_id;
      END;
      CREATE TRIGGER story_members_moved AFTER UPDATE OF story_id ON story_articles BEGIN
        UPDATE stories SET article_count = article_count - 1 WHERE id = OLD.story_id;
        UPDATE stories SET article_count = article_count + 1 WHERE id = NEW.story_id;
      END;
      UPDATE stories SET article_count = (SELECT count(*) FROM story_articles m WHERE m.story_id = stories.id);
    `,
  },
  {
    version: 8,
    name: 'story documents in their own table',
    // SQLite rewrites a whole row when one column changes, so each membership trigger above rewrote the story's
    // JSON (megabytes for a long story) to bump its count: the story step's cost grew with story size (scale
    // bench: 0.07 ms an assignment at 10k articles, 0.18 ms at 30k). The document now lives apart from the row
    // the triggers touch.
    sql: `
      CREATE TABLE story_documents (id TEXT PRIMARY KEY, json TEXT NOT NULL);
      INSERT INTO story_documents (id, json) SELECT id, json FROM stories;
      ALTER TABLE stories DROP COLUMN json;
    `,
  },
  {
    version: 9,
    name: 'dedup as a stage: band and sentence index, results stored with the article',
    // The story step checks each pending article against the archive before clustering it: a MinHash/LSH band
    // index (band key → canonical articles, read newest first, bounded per key) finds its near copies, a sentence
    // index (sentence key → articles) the earlier articles it may share passages with; what it finds is stored
    // per article (article_dedup). Every article goes back to pending so that the next refresh rebuilds the
    // stories with the stage (it does so when all articles are pending and stories exist).
    sql: `
      CREATE TABLE dedup_canonicals (
        article_id TEXT PRIMARY KEY, published TEXT, length INTEGER NOT NULL, signature BLOB NOT NULL
      );
      CREATE TABLE dedup_bands (key INTEGER NOT NULL, article_id TEXT NOT NULL);
      CREATE INDEX dedup_bands_key ON dedup_bands(key);
      CREATE TABLE dedup_units (key INTEGER NOT NULL, article_id TEXT NOT NULL);
      CREATE INDEX dedup_units_key ON dedup_units(key);
      CREATE TABLE article_dedup (
        article_id TEXT PRIMARY KEY, duplicate_of TEXT, similarity REAL, passages TEXT NOT NULL
      );
      INSERT INTO cluster_pending (article_id, sort_key, article_seq)
        SELECT id, substr(published, 1, 10), seq FROM articles WHERE true
        ON CONFLICT DO NOTHING;
    `,
  },
  {
    version: 10,
    name: 'what each story version changed; changes and stories by time',
    // Each story version logs what it changed (articles, dates, quotes, summary sentences, merges and splits) as
    // JSON in `detail`, with the version it made; `since` queries of the change log and of the stories read
    // them by time, so both get an index on it.
    sql: `
      ALTER TABLE story_changes ADD COLUMN version INTEGER;
      ALTER TABLE story_changes ADD COLUMN detail TEXT;
      CREATE INDEX story_changes_by_at ON story_changes(at, seq);
      CREATE INDEX stories_by_updated ON stories(updated DESC, id);
    `,
  },
  {
    version: 11,
    name: 'the watcher: per-source poll state and the items it has handled',
    // `storyline watch` keeps each source's validators (ETag, Last-Modified) and schedule, and the canonical URL of
    // every item it handled, so that a restart sends conditional requests and fetches nothing twice.
    sql: `
      CREATE TABLE watch_sources (
        url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, last_poll TEXT, next_due TEXT,
        failures INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE watch_seen (key TEXT PRIMARY KEY, source TEXT NOT NULL, seen_at TEXT NOT NULL);
    `,
  },
  {
    version: 12,
    name: "the clusterer's passage sketch",
    // What the story clusterer has seen of repeated passages (boilerplate learned from the stream) is a sketch of
    // fixed size (cluster/passages.ts): one row, one blob, replaced in the transaction that saves the stories.
    sql: `
      CREATE TABLE cluster_sketch (id INTEGER PRIMARY KEY CHECK (id = 1), data BLOB NOT NULL);
    `,
  },
  {
    version: 13,
    name: 'a change stamp of the stories',
    // A number that every write to the stories table raises, whoever makes it (a trigger, so no writer can forget
    // it): a server notices another process's story changes by reading one row instead of listing every story.
    sql: `
      CREATE TABLE store_stamps (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
      INSERT INTO store_stamps (name, value) VALUES ('stories', 0);
      CREATE TRIGGER stories_stamp_on_insert AFTER INSERT ON stories
        BEGIN UPDATE store_stamps SET value = value + 1 WHERE name = 'stories'; END;
      CREATE TRIGGER stories_stamp_on_update AFTER UPDATE ON stories
        BEGIN UPDATE store_stamps SET value = value + 1 WHERE name = 'stories'; END;
      CREATE TRIGGER stories_stamp_on_delete AFTER DELETE ON stories
        BEGIN UPDATE store_stamps SET value = value + 1 WHERE name = 'stories'; END;
    `,
  },
  {
    version: 14,
    name: 'clustering postings carry their key weight and story span',
    // The clusterer ranks candidate stories from the postings alone (cluster/stream.ts `Posting`), so that a chunk
    // loads only the centroids of the stories it compares in full, not of every story its keys' postings name (at
    // 50k articles that was nearly every story, at every chunk). Each posting gets the weight its key had in the
    // story's centroid, divided by the centroid's length, read here from the stored centroids: every stored posting
    // is its story's current one, so that is the weight the clusterer would have written. With it the story's
    // span (day numbers), by which a dated article's candidates are the stories near its day.
    sql: `
      ALTER TABLE cluster_postings ADD COLUMN weight REAL NOT NULL DEFAULT 0;
      ALTER TABLE cluster_postings ADD COLUMN first_day INTEGER;
      ALTER TABLE cluster_postings ADD COLUMN last_day INTEGER;
      UPDATE cluster_postings SET first_day = json_extract(s.state, '$.firstDay'), last_day = json_extract(s.state, '$.lastDay')
      FROM cluster_stories s WHERE s.id = cluster_postings.story;
      UPDATE cluster_postings SET weight = w.weight
      FROM (
        SELECT s.id AS story, json_extract(e.value, '$[0]') AS term,
          json_extract(e.value, '$[1]') / coalesce(nullif(sqrt(json_extract(s.state, '$.normSquared')), 0), 1) AS weight
        FROM cluster_stories s, json_each(s.state, '$.terms') e
      ) AS w
      WHERE cluster_postings.term = w.term AND cluster_postings.story = w.story;
    `,
  },
];

const CREATE_MIGRATIONS_TABLE = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`;

/** The highest migration version recorded in the database (0 for a fresh one). */
export function schemaVersion(db: Database): number {
  db.exec(CREATE_MIGRATIONS_TABLE);
  const row = db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null };
  return row.v ?? 0;
}

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration list out of order: #${i} has version ${m.version}`);
  });
}

/**
 * Bring the database up to the newest migration, one transaction per migration, and return the versions applied.
 * Each transaction takes the write lock first (BEGIN IMMEDIATE) and re-checks, so two processes opening the same
 * fresh file do not both apply a migration.
 */
export function applyMigrations(db: Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  checkOrder(migrations);
  const latest = migrations.length;
  const current = schemaVersion(db);
  if (current > latest) {
    throw new Error(
      `database schema is at version ${current} but this version of storyline only knows up to ${latest}: ` +
        'upgrade storyline to open this database',
    );
  }
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').pluck();
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const applied: number[] = [];
  for (const m of migrations) {
    if (m.version <= current) continue;
    const applyOne = db.transaction(() => {
      if (isApplied.get(m.version)) return;
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
      applied.push(m.version);
    });
    applyOne.immediate();
  }
  return applied;
}
