import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { openStore } from '../src/store/open.js';
import { toFtsQuery } from '../src/store/sqlite/fts-query.js';
import { applyMigrations, MIGRATIONS, type Migration } from '../src/store/sqlite/migrations.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { projectRoot } from './helpers.js';
import { storyStateJson } from '../src/cluster/stream.js';
import { assertUpgradedPostings, clusteredState, makeAnalysis, makeArticle, storeContract } from './store-contract.js';

const tmp = mkdtempSync(join(tmpdir(), 'storyline-sqlite-test-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
let fileCounter = 0;
const freshPath = () => join(tmp, `db-${++fileCounter}.sqlite`);

function appliedVersions(path: string): number[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all() as number[];
  } finally {
    db.close();
  }
}

test('a fresh database gets every migration, reopening applies none, and a version-1 database is upgraded', async () => {
  const path = freshPath();
  const store = new SqliteStore(path);
  await store.close();
  assert.deepEqual(
    appliedVersions(path),
    MIGRATIONS.map((m) => m.version),
  );

  const db = new Database(path);
  assert.deepEqual(applyMigrations(db), [], 'a second open must not re-apply anything');
  db.close();

  // A database written by a version of the code that only knew migration 1.
  const oldPath = freshPath();
  // Written as that code wrote it: the schema and columns of migration 1 only (today's store writes newer ones).
  const oldDb = new Database(oldPath);
  applyMigrations(oldDb, MIGRATIONS.slice(0, 1));
  oldDb
    .prepare(
      'INSERT INTO articles (id, source, language, text, paragraphs, removed, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    )
    .run('old1', 'old1.txt', 'en', 'Written before the upgrade.', '["Written before the upgrade."]', '[]', 'then');
  oldDb.close();
  assert.deepEqual(appliedVersions(oldPath), [1]);

  const upgraded = new SqliteStore(oldPath);
  assert.deepEqual(
    appliedVersions(oldPath),
    MIGRATIONS.map((m) => m.version),
  );
  assert.equal((await upgraded.getArticle('old1'))?.text, 'Written before the upgrade.');
  assert.equal((await upgraded.search('upgrade')).length, 1);
  await upgraded.close();
});

test('migration 14: postings of a store clustered before it get their key weights and story spans', async () => {
  const state = clusteredState();
  const path = freshPath();
  const old = new Database(path);
  applyMigrations(old, MIGRATIONS.slice(0, 13));
  // As migration-13 code wrote the state: postings without weight or span.
  const story = old.prepare('INSERT INTO cluster_stories (id, seq, state) VALUES (?, ?, ?)');
  for (const s of state.stories) story.run(s.id, s.seq, storyStateJson(s));
  const posting = old.prepare('INSERT INTO cluster_postings (term, story, seq) VALUES (?, ?, ?)');
  for (const p of state.postingsAdded) posting.run(p.term, p.story, p.seq);
  old.close();
  const store = new SqliteStore(path);
  const terms = [...new Set(state.postingsAdded.map((p) => p.term))];
  assertUpgradedPostings(state, (await store.loadClusterIndex(terms, 100)).postings);
  await store.close();
});

test('migrations: a later migration runs on an existing database, and a failing one leaves nothing behind', async () => {
  const path = freshPath();
  await new SqliteStore(path).close();
  const extra: Migration = { version: MIGRATIONS.length + 1, name: 'test column', sql: 'ALTER TABLE articles ADD x' };
  const broken: Migration = {
    version: MIGRATIONS.length + 2,
    name: 'broken',
    sql: 'CREATE TABLE half_done (a); SELECT no_such_function();',
  };
  assert.throws(() => new SqliteStore(path, { migrations: [...MIGRATIONS, extra, broken] }), /no_such_function/);
  // The good migration committed in its own transaction; the broken one rolled back completely.
  assert.deepEqual(appliedVersions(path), [...MIGRATIONS.map((m) => m.version), extra.version]);
  const db = new Database(path, { readonly: true });
  assert.equal(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").pluck().get(), 0);
  db.close();
});

test('a database newer than the code is refused with a clear error', async () => {
  const path = freshPath();
  await new SqliteStore(path).close();
  const db = new Database(path);
  db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from the future', '')").run();
  db.close();
  assert.throws(() => new SqliteStore(path), /version 999 .*only knows up to \d+.*upgrade storyline/);
});

storeContract('sqlite', async () => new SqliteStore(':memory:'));

test('toFtsQuery quotes every word and joins them with AND', () => {
  assert.equal(toFtsQuery('Le Drian, "NEAR(" OR*'), '"Le" AND "Drian" AND "NEAR" AND "OR"');
  assert.equal(toFtsQuery('東京 naïve'), '"東京" AND "naïve"');
  assert.equal(toFtsQuery('*"()'), undefined);
});

test('openStore: file paths (parent folders created), :memory:, and PostgreSQL URLs go to PostgreSQL', async () => {
  const nested = join(tmp, 'deep', 'er', 'store.db');
  const fileStore = await openStore(nested);
  await fileStore.saveArticle(makeArticle('o1', ['Persisted.']));
  await fileStore.close();
  assert.ok(existsSync(nested));
  const reopened = await openStore(nested);
  assert.equal(await reopened.countArticles(), 1);
  await reopened.close();

  const memory = await openStore(':memory:');
  assert.equal(await memory.countArticles(), 0);
  await memory.close();

  // Nothing listens on port 1: the PostgreSQL store reports the server it could not reach.
  await assert.rejects(
    openStore('postgres://u@127.0.0.1:1/db'),
    /cannot connect to PostgreSQL at u@127\.0\.0\.1:1\/db/,
  );
  await assert.rejects(openStore('postgresql://u@127.0.0.1:1/db'), /cannot connect to PostgreSQL/);
});

test('the file is in WAL mode with foreign keys on', async () => {
  const path = freshPath();
  const store = new SqliteStore(path);
  await store.saveArticle(makeArticle('w1', ['x']));
  const db = new Database(path);
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  db.close();
  await store.close();
});

test('two store instances on one file both write and see each other’s articles', async () => {
  const path = freshPath();
  const a = new SqliteStore(path);
  const b = new SqliteStore(path);
  for (let i = 0; i < 100; i++) {
    await a.saveArticle(makeArticle(`a${i}`, [`From instance a, number ${i}.`]));
    await b.saveArticle(makeArticle(`b${i}`, [`From instance b, number ${i}.`]));
    // Both saw the same text from different places: one article, two sources.
    const shared = makeArticle(`shared${i}`, [`Shared text ${i}.`]);
    await a.saveArticle({ ...shared, source: 'via-a' });
    await b.saveArticle({ ...shared, source: 'via-b' });
  }
  // A reader inside a read transaction on a third connection does not block writers (WAL), and keeps its snapshot.
  const reader = new Database(path, { readonly: true });
  const countNow = reader.prepare('SELECT count(*) FROM articles').pluck();
  reader.exec('BEGIN');
  assert.equal(countNow.get(), 300);
  await b.saveArticle(makeArticle('during-read', ['Written while a reader holds a snapshot.']));
  assert.equal(countNow.get(), 300);
  reader.exec('COMMIT');
  assert.equal(countNow.get(), 301);
  reader.close();
  assert.equal(await a.countArticles(), 301);
  assert.equal(await b.countArticles(), 301);
  assert.deepEqual((await a.getSources('shared7')).sort(), ['via-a', 'via-b']);
  assert.equal((await b.search('instance a', { limit: 1000 })).length, 100);
  await a.close();
  await b.close();
});

/** Runs `code` in a separate Node process that can import the project's TypeScript. */
function runNode(code: string): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      cwd: projectRoot,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (status) => resolvePromise({ status, stderr }));
  });
}

test('two processes writing the same file at once get no "database is locked" errors', async () => {
  const path = freshPath();
  // Relative to this file, so it is the .ts source under tsx and the compiled .js under `npm test`.
  const storeModule = new URL('../src/store/sqlite/sqlite-store.js', import.meta.url).href;
  // Both wait for the same moment, so their writes overlap however long each took to start.
  const startAt = Date.now() + 1500;
  const writer = (name: string) => `
    const { SqliteStore } = await import(${JSON.stringify(storeModule)});
    await new Promise((resolve) => setTimeout(resolve, ${startAt} - Date.now()));
    const store = new SqliteStore(${JSON.stringify(path)});
    for (let i = 0; i < 300; i++) {
      const text = 'Process ${name} article ' + i + '.';
      await store.saveArticle({ id: '${name}' + i, source: '${name}', language: 'en', paragraphs: [text], text, removed: [] });
      const shared = 'Shared ' + i + '.';
      await store.saveArticle({ id: 'shared' + i, source: '${name}', language: 'en', paragraphs: [shared], text: shared, removed: [] });
    }
    await store.close();
  `;
  // Both start on a file that does not exist yet, so they also race to create and migrate it.
  const results = await Promise.all([runNode(writer('p')), runNode(writer('q'))]);
  for (const r of results) assert.equal(r.status, 0, r.stderr);
  const store = new SqliteStore(path);
  assert.equal(await store.countArticles(), 900);
  assert.deepEqual((await store.getSources('shared42')).sort(), ['p', 'q']);
  assert.deepEqual(
    appliedVersions(path),
    MIGRATIONS.map((m) => m.version),
  );
  await store.close();
});

test('saving 2,000 small articles (prints saves/s)', async () => {
  const store = new SqliteStore(freshPath());
  const articles = Array.from({ length: 2000 }, (_, i) =>
    makeArticle(`perf${i}`, [`Paragraph one of article ${i} about the strikes.`, `Paragraph two, number ${i}.`], {
      title: `Article ${i}`,
      published: { value: `2015-10-${String((i % 28) + 1).padStart(2, '0')}`, precision: 'day', from: 'sidecar' },
    }),
  );
  const started = performance.now();
  for (const article of articles) await store.saveArticle(article, makeAnalysis(article.id, 'Hollande'));
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `sqlite store: ${articles.length} articles (with analysis) in ${seconds.toFixed(2)} s = ` +
      `${Math.round(articles.length / seconds)} saves/s (one transaction each, WAL, synchronous=NORMAL)`,
  );
  assert.equal(await store.countArticles(), 2000);
  assert.equal((await store.search('strikes', { limit: 5000 })).length, 2000);
  await store.close();
});
