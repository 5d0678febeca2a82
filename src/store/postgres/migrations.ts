// Numbered schema migrations for the PostgreSQL store. Append new ones; never edit one that has shipped.
// The tables mirror the SQLite store's (src/store/sqlite/migrations.ts) version for version.
import type { PoolClient } from 'pg';
import { ACCENT_FOLD } from './search-text.js';

export interface Migration {
  /** 1, 2, 3, … in order, no gaps. */
  version: number;
  name: string;
  sql: string;
}

const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'articles, sources, analyses, full-text index',
    // Text search uses the 'simple' configuration (lower-casing, no stemming, no stop words) over accent-folded
    // text: the archive is multilingual (an 'english' stemmer mangles French or German words and drops "or",
    // "not" as stop words), and it makes a query find the same articles as on the SQLite store (FTS5 unicode61,
    // remove_diacritics). The fold is `translate()` in an IMMUTABLE function rather than the unaccent extension,
    // which needs contrib installed and a privilege to create, and is not immutable, so no generated column.
    //
    // `search` is a stored generated column (title weighted 'A', text 'B'), so every writer keeps it in step
    // without triggers. Columns compared as strings (ids, dates) use the "C" collation: byte order, as in
    // SQLite, whatever the database's locale.
    sql: `
      CREATE FUNCTION search_fold(t text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $fold$ SELECT translate(t, ${sqlString(ACCENT_FOLD.from)}, ${sqlString(ACCENT_FOLD.to)}) $fold$;

      CREATE TABLE articles (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id text COLLATE "C" NOT NULL UNIQUE,
        source text NOT NULL,
        url text,
        outlet text,
        title text,
        byline text,
        published text COLLATE "C",
        published_precision text,
        published_from text,
        dateline text,
        language text NOT NULL,
        text text NOT NULL,
        paragraphs text NOT NULL,
        removed text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        search tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('simple'::regconfig, search_fold(coalesce(title, ''))), 'A') ||
          setweight(to_tsvector('simple'::regconfig, search_fold(text)), 'B')
        ) STORED
      );
      CREATE INDEX articles_search ON articles USING gin (search);

      CREATE TABLE article_sources (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        article_id text COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        source text NOT NULL,
        seen_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (article_id, source)
      );

      CREATE TABLE analyses (
        article_id text COLLATE "C" PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        json text NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'indexes for listing by date and finding an article by source',
    sql: `
      CREATE INDEX articles_by_published ON articles(published DESC NULLS LAST, seq DESC);
      CREATE INDEX article_sources_by_source ON article_sources(source);
    `,
  },
  {
    version: 3,
    name: 'stories, their articles and their change log',
    sql: `
      CREATE TABLE stories (
        id text COLLATE "C" PRIMARY KEY,
        version integer NOT NULL,
        updated text NOT NULL,
        title text NOT NULL,
        article_count integer NOT NULL,
        first_published text COLLATE "C",
        last_published text COLLATE "C",
        json text NOT NULL
      );
      CREATE INDEX stories_by_recent ON stories(last_published DESC NULLS LAST, article_count DESC, id);
      CREATE INDEX stories_by_size ON stories(article_count DESC, last_published DESC NULLS LAST, id);

      CREATE TABLE story_articles (
        article_id text COLLATE "C" PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        story_id text COLLATE "C" NOT NULL REFERENCES stories(id) ON DELETE CASCADE
      );
      CREATE INDEX story_articles_by_story ON story_articles(story_id);

      CREATE TABLE story_changes (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        story_id text COLLATE "C" NOT NULL,
        kind text NOT NULL,
        others text,
        at text NOT NULL
      );
      CREATE INDEX story_changes_by_story ON story_changes(story_id, seq);
    `,
  },
  {
    version: 4,
    name: 'incremental clustering state',
    // As in SQLite, one row of clusterer state per clustered article. Which articles are not clustered yet is
    // a queue table (`cluster_pending`), filled by a trigger when an article is inserted (by any writer, of any
    // version) and emptied as states are saved; not "every seq above the highest clustered one" as in SQLite:
    // with several writers, identity values are handed out before commit, so a lower seq can become visible
    // after a higher one has been clustered.
    sql: `
      CREATE TABLE cluster_state (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        article_id text COLLATE "C" NOT NULL UNIQUE REFERENCES articles(id) ON DELETE CASCADE,
        day integer,
        state text NOT NULL
      );
      CREATE INDEX cluster_state_by_day ON cluster_state(day) WHERE day IS NOT NULL;
      CREATE INDEX cluster_state_undated ON cluster_state(seq) WHERE day IS NULL;

      CREATE TABLE cluster_pending (
        article_id text COLLATE "C" PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        article_seq bigint NOT NULL
      );
      CREATE INDEX cluster_pending_by_seq ON cluster_pending(article_seq);
      INSERT INTO cluster_pending (article_id, article_seq) SELECT id, seq FROM articles;

      CREATE FUNCTION queue_for_clustering() RETURNS trigger
        LANGUAGE plpgsql SET search_path FROM CURRENT
        AS $queue$ BEGIN
          INSERT INTO cluster_pending (article_id, article_seq) VALUES (NEW.id, NEW.seq);
          RETURN NULL;
        END $queue$;
      CREATE TRIGGER articles_queue_for_clustering AFTER INSERT ON articles
        FOR EACH ROW EXECUTE FUNCTION queue_for_clustering();
    `,
  },
  {
    version: 5,
    name: 'story clustering over story centroids',
    // As SQLite's migration 5: per-key document frequencies, story centroids and their postings replace the
    // per-article state; every article is pending again (the next refresh rebuilds the stories), read in
    // publication order; merged-away story ids are redirected.
    sql: `
      DROP TABLE cluster_state;
      ALTER TABLE cluster_pending ADD COLUMN sort_key text COLLATE "C";
      UPDATE cluster_pending p SET sort_key = substr(a.published, 1, 10) FROM articles a WHERE a.id = p.article_id;
      INSERT INTO cluster_pending (article_id, article_seq, sort_key)
        SELECT id, seq, substr(published, 1, 10) FROM articles ON CONFLICT DO NOTHING;
      CREATE INDEX cluster_pending_order ON cluster_pending((sort_key IS NULL), sort_key, article_seq);
      CREATE OR REPLACE FUNCTION queue_for_clustering() RETURNS trigger
        LANGUAGE plpgsql SET search_path FROM CURRENT
        AS $queue$ BEGIN
          INSERT INTO cluster_pending (article_id, article_seq, sort_key)
          VALUES (NEW.id, NEW.seq, substr(NEW.published, 1, 10)) ON CONFLICT DO NOTHING;
          RETURN NULL;
        END $queue$;
      CREATE TABLE cluster_terms (term text COLLATE "C" PRIMARY KEY, count bigint NOT NULL);
      CREATE TABLE cluster_stories (id text COLLATE "C" PRIMARY KEY, seq bigint NOT NULL, state text NOT NULL);
      CREATE TABLE cluster_postings (
        term text COLLATE "C" NOT NULL,
        story text COLLATE "C" NOT NULL,
        seq bigint NOT NULL,
        PRIMARY KEY (term, story)
      );
      CREATE INDEX cluster_postings_recent ON cluster_postings(term, seq DESC);
      CREATE TABLE story_redirects (
        from_id text COLLATE "C" PRIMARY KEY,
        to_id text COLLATE "C" NOT NULL,
        at text NOT NULL
      );
    `,
  },
  {
    version: 6,
    name: 'article warnings',
    // What was done to an input on the way that a reader should know (text cut at the size cap, a URL dropped):
    // a JSON array, null when there is none.
    sql: `
      ALTER TABLE articles ADD COLUMN warnings text;
    `,
  },
  {
    version: 7,
    name: 'story sizes kept by the database from the memberships',
    // A story's article_count was written by the code beside its memberships, so two writers could leave a story
    // listed as 274 articles with none. Now triggers on story_articles keep it: the size is the member count.
    sql: `
      CREATE FUNCTION count_story_members() RETURNS trigger
        LANGUAGE plpgsql SET search_path FROM CURRENT
        AS $count$ BEGIN
          IF TG_OP IN ('UPDATE', 'DELETE') THEN
            UPDATE stories SET article_count = article_count - 1 WHERE id = OLD.story_id;
          END IF;
          IF TG_OP IN ('UPDATE', 'INSERT') THEN
            UPDATE stories SET article_count = article_count + 1 WHERE id = NEW.story_id;
          END IF;
          RETURN NULL;
        END $count$;
      CREATE TRIGGER story_members_counted AFTER INSERT OR DELETE OR UPDATE OF story_id ON story_articles
        FOR EACH ROW EXECUTE FUNCTION count_story_members();
      UPDATE stories s SET article_count = (SELECT count(*) FROM story_articles m WHERE m.story_id = s.id);
    `,
  },
  {
    version: 8,
    name: 'dedup as a stage: band and sentence index, results stored with the article',
    // As SQLite's migration 9: the story step checks each pending article against a MinHash/LSH band index
    // (band key → canonical articles, newest `seq` first, bounded per key) and a sentence index, and stores what
    // it finds per article (article_dedup). Every article goes back to pending so the next refresh rebuilds the
    // stories with the stage.
    sql: `
      CREATE TABLE dedup_canonicals (
        article_id text COLLATE "C" PRIMARY KEY, published text, length integer NOT NULL, signature bytea NOT NULL
      );
      CREATE TABLE dedup_bands (
        seq bigint GENERATED ALWAYS AS IDENTITY, key bigint NOT NULL, article_id text COLLATE "C" NOT NULL
      );
      CREATE INDEX dedup_bands_key ON dedup_bands(key, seq DESC);
      CREATE TABLE dedup_units (
        seq bigint GENERATED ALWAYS AS IDENTITY, key bigint NOT NULL, article_id text COLLATE "C" NOT NULL
      );
      CREATE INDEX dedup_units_key ON dedup_units(key, seq DESC);
      CREATE TABLE article_dedup (
        article_id text COLLATE "C" PRIMARY KEY, duplicate_of text, similarity double precision, passages text NOT NULL
      );
      INSERT INTO cluster_pending (article_id, article_seq, sort_key)
        SELECT id, seq, substr(published, 1, 10) FROM articles ON CONFLICT DO NOTHING;
    `,
  },
  {
    version: 9,
    name: 'what each story version changed; changes and stories by time',
    // As SQLite's migration 10: each story version logs what it changed as JSON in `detail`, with its version;
    // the change log and the stories are read by time for `since` queries (ISO instants compared bytewise).
    sql: `
      ALTER TABLE story_changes ADD COLUMN version integer;
      ALTER TABLE story_changes ADD COLUMN detail text;
      CREATE INDEX story_changes_by_at ON story_changes(at COLLATE "C", seq);
      CREATE INDEX stories_by_updated ON stories(updated COLLATE "C" DESC, id);
    `,
  },
  {
    version: 10,
    name: 'the watcher: per-source poll state and the items it has handled',
    // As SQLite's migration 11: each watched source's validators and schedule, and the keys of the items handled.
    sql: `
      CREATE TABLE watch_sources (
        url text COLLATE "C" PRIMARY KEY, etag text, last_modified text, last_poll text, next_due text,
        failures integer NOT NULL DEFAULT 0
      );
      CREATE TABLE watch_seen (key text COLLATE "C" PRIMARY KEY, source text NOT NULL, seen_at text NOT NULL);
    `,
  },
  {
    version: 11,
    name: 'the full-text column written by the store, folded in JavaScript',
    // `search` stops being generated: generating it ran `search_fold` (translate over 255 letters, so a cost of
    // text length × 255) on the server for every article saved, ~9 ms of CPU per 6 kB article, more than the rest
    // of the save. The store now writes the same tsvector from the title and text folded by `searchFold`
    // (search-text.ts, the same mapping), so the rows already stored stay valid and keep their index. Queries
    // still fold with `search_fold`, which now skips `translate` for text with no foldable letter (same result).
    sql: `
      ALTER TABLE articles ALTER COLUMN search DROP EXPRESSION;
      CREATE OR REPLACE FUNCTION search_fold(t text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $fold$ SELECT CASE WHEN t ~ '[\u00c0-\u024f]'
                              THEN translate(t, ${sqlString(ACCENT_FOLD.from)}, ${sqlString(ACCENT_FOLD.to)})
                              ELSE t END $fold$;
    `,
  },
  {
    version: 12,
    name: 'the long text columns compressed with lz4',
    // An article's text, paragraphs and analysis are a few kB each, so each is compressed when saved (TOAST), by
    // default with pglz. lz4 compresses them for about a quarter of the CPU: measured on T17 articles (7 kB of
    // text, 12 kB of analysis), a batch save cost the server 4.8 ms of CPU per article with pglz and 3.7 with lz4,
    // CPU taken from the cores the workers extract on. Rows already stored keep their pglz values (both are read
    // alike). A server built without lz4 refuses the method: the columns then stay as they are.
    sql: `
      DO $lz4$ BEGIN
        ALTER TABLE articles ALTER COLUMN text SET COMPRESSION lz4, ALTER COLUMN paragraphs SET COMPRESSION lz4,
          ALTER COLUMN removed SET COMPRESSION lz4;
        ALTER TABLE analyses ALTER COLUMN json SET COMPRESSION lz4;
      EXCEPTION WHEN feature_not_supported THEN NULL;
      END $lz4$;
    `,
  },
  {
    version: 13,
    name: "the clusterer's passage sketch",
    // As SQLite's migration 12: the story clusterer's fixed-size sketch of repeated passages, one row, one blob,
    // replaced in the transaction that saves the stories.
    sql: `
      CREATE TABLE cluster_sketch (id integer PRIMARY KEY CHECK (id = 1), data bytea NOT NULL);
    `,
  },
  {
    version: 14,
    name: 'a change stamp of the stories',
    // As SQLite's migration 13: a number every write to the stories table raises (one statement-level trigger,
    // so a save of many stories raises it once), read by servers instead of listing every story to see a change.
    sql: `
      CREATE TABLE store_stamps (name text PRIMARY KEY, value bigint NOT NULL);
      INSERT INTO store_stamps (name, value) VALUES ('stories', 0);
      CREATE FUNCTION raise_stories_stamp() RETURNS trigger LANGUAGE plpgsql AS $stamp$
        BEGIN
          UPDATE store_stamps SET value = value + 1 WHERE name = 'stories';
          RETURN NULL;
        END
      $stamp$;
      CREATE TRIGGER stories_stamp AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON stories
        FOR EACH STATEMENT EXECUTE FUNCTION raise_stories_stamp();
    `,
  },
  {
    version: 15,
    name: 'clustering postings carry their key weight and story span',
    // As SQLite's migration 14: each posting gets its key's weight in the story's centroid over the centroid's
    // length, and the story's span, so that candidates are ranked from postings and only the stories compared in
    // full are loaded.
    sql: `
      ALTER TABLE cluster_postings ADD COLUMN weight double precision NOT NULL DEFAULT 0;
      ALTER TABLE cluster_postings ADD COLUMN first_day integer;
      ALTER TABLE cluster_postings ADD COLUMN last_day integer;
      UPDATE cluster_postings p SET first_day = (s.state::jsonb->>'firstDay')::integer,
        last_day = (s.state::jsonb->>'lastDay')::integer
      FROM cluster_stories s WHERE p.story = s.id;
      UPDATE cluster_postings p SET weight = (e.value->>1)::double precision
        / coalesce(nullif(sqrt((s.state::jsonb->>'normSquared')::double precision), 0), 1)
      FROM cluster_stories s CROSS JOIN LATERAL jsonb_array_elements(s.state::jsonb->'terms') e
      WHERE p.story = s.id AND p.term = e.value->>0;
    `,
  },
];

/** First key of the advisory lock migrations take (the second is the schema): "storylin" in ASCII, as an int4. */
const MIGRATION_LOCK_KEY = 0x73746f72;

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration list out of order: #${i} has version ${m.version}`);
  });
}

/** Runs `body` in a transaction that first takes this schema's migration lock (released at commit or rollback). */
async function lockedTransaction<T>(client: PoolClient, body: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))', [MIGRATION_LOCK_KEY]);
    const result = await body();
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined); // the original error is the one worth reporting
    throw err;
  }
}

async function currentVersion(client: PoolClient): Promise<number> {
  const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
  return rows[0]?.v ?? 0;
}

/**
 * Bring the schema up to the newest migration, one transaction per migration, and return the versions applied.
 * Every transaction takes an advisory lock first and re-checks what is applied, so two processes opening the
 * same fresh database wait for each other instead of both migrating (even `CREATE TABLE IF NOT EXISTS` races).
 */
export async function applyMigrations(
  client: PoolClient,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  checkOrder(migrations);
  const latest = migrations.length;
  const schema = await client.query<{ schema: string | null; path: string }>(
    'SELECT current_schema() AS schema, current_setting($1) AS path',
    ['search_path'],
  );
  if (!schema.rows[0]?.schema) {
    throw new Error(
      `no schema to create storyline's tables in: none of search_path (${schema.rows[0]?.path}) exists; ` +
        'create it first (CREATE SCHEMA …)',
    );
  }
  const current = await lockedTransaction(client, async () => {
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version integer PRIMARY KEY,
         name text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    return currentVersion(client);
  });
  if (current > latest) {
    throw new Error(
      `database schema is at version ${current} but this version of storyline only knows up to ${latest}: ` +
        'upgrade storyline to open this database',
    );
  }
  const applied: number[] = [];
  for (const m of migrations) {
    if (m.version <= current) continue;
    await lockedTransaction(client, async () => {
      if ((await currentVersion(client)) >= m.version) return; // another process got here first
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    });
  }
  return applied;
}
