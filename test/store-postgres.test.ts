// The PostgreSQL store against a real server ($STORYLINE_TEST_PG). Every run works in schemas of its own,
// named with a random prefix and dropped at the end, so runs (and other users of the database) never collide.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { after, test } from 'node:test';
import pg from 'pg';
import { openStore } from '../src/store/open.js';
import { describeDatabase } from '../src/store/postgres/connection.js';
import { applyMigrations, MIGRATIONS, type Migration } from '../src/store/postgres/migrations.js';
import { PostgresStore } from '../src/store/postgres/postgres-store.js';
import { ACCENT_FOLD, searchFold, toTsQuery } from '../src/store/postgres/search-text.js';
import { projectRoot } from './helpers.js';
import { storyStateJson } from '../src/cluster/stream.js';
import { assertUpgradedPostings, clusteredState, makeAnalysis, makeArticle, storeContract } from './store-contract.js';

const serverUrl = process.env.STORYLINE_TEST_PG;
const skip: false | string = serverUrl
  ? false
  : 'set STORYLINE_TEST_PG=postgres://… to run the PostgreSQL store tests (.ci/run starts a server)';
const url = serverUrl ?? '';

const runPrefix = `storyline_test_${randomBytes(4).toString('hex')}`;
const schemas: string[] = [];
let adminClient: pg.Client | undefined;

/** One connection for creating, inspecting and dropping this run's schemas. */
async function admin(): Promise<pg.Client> {
  if (!adminClient) {
    adminClient = new pg.Client({ connectionString: url });
    await adminClient.connect();
  }
  return adminClient;
}

async function freshSchema(): Promise<string> {
  const schema = `${runPrefix}_${schemas.length + 1}`;
  schemas.push(schema);
  await (await admin()).query(`CREATE SCHEMA ${schema}`);
  return schema;
}

after(async () => {
  if (!adminClient) return;
  for (const schema of schemas) await adminClient.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await adminClient.end();
});

/** A URL whose connections use `schema` (libpq's `options` parameter, which pg reads too). */
function urlWithSchema(schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

async function appliedVersions(schema: string): Promise<number[]> {
  const { rows } = await (
    await admin()
  ).query<{ version: number }>(`SELECT version FROM ${schema}.schema_migrations ORDER BY version`);
  return rows.map((r) => r.version);
}

storeContract('postgres', async () => PostgresStore.open(url, { schema: await freshSchema() }), skip);

test('toTsQuery quotes every word and joins them with &', () => {
  assert.equal(toTsQuery("Le Drian, 'NEAR(' OR* !x <-> y:*"), "'Le' & 'Drian' & 'NEAR' & 'OR' & 'x' & 'y'");
  assert.equal(toTsQuery('東京 naïve'), "'東京' & 'naïve'");
  assert.equal(toTsQuery('*"()&|!'), undefined);
});

test('the accent fold maps one character to one ASCII letter', () => {
  assert.equal(ACCENT_FOLD.from.length, ACCENT_FOLD.to.length);
  assert.match(ACCENT_FOLD.to, /^[A-Za-z]+$/);
  const fold = (s: string) => [...s].map((c) => ACCENT_FOLD.to[ACCENT_FOLD.from.indexOf(c)] ?? c).join('');
  assert.equal(fold('Élysée Łódź Ærø São Paulo Øresund'), 'Elysee Lodz Æro Sao Paulo Oresund');
});

test('searchFold is the translate() fold, character for character', () => {
  const translate = (s: string) => [...s].map((c) => ACCENT_FOLD.to[ACCENT_FOLD.from.indexOf(c)] ?? c).join('');
  let every = '';
  for (let code = 0; code <= 0x2ff; code++) every += String.fromCodePoint(code);
  every += 'ß æ œ Ǆ Ḁ ạ 東京 🚀 \u0301e';
  assert.equal(searchFold(every), translate(every));
  assert.equal(searchFold(every).length, every.length);
});

test(
  'saveBatch: one transaction in the caller’s order; one article that cannot be stored saves none',
  { skip },
  async () => {
    const store = await PostgresStore.open(url, { schema: await freshSchema() });
    await store.saveArticle(makeArticle('b2', ['Saved before the batch.']));
    const batch = ['b3', 'b1', 'b2'].map((id) => ({
      article: makeArticle(id, [`Article ${id} on the Élysée.`]),
      analysis: makeAnalysis(id, 'Hollande'),
    }));
    assert.deepEqual(
      (await store.saveBatch(batch)).map((r) => `${r.id}:${r.created}`),
      ['b3:true', 'b1:true', 'b2:false'],
    );
    assert.deepEqual(
      (await store.search('elysee', { limit: 10 })).map((h) => h.id).sort(),
      ['b1', 'b3'],
      'the folded full-text column is written (b2 keeps its first text)',
    );
    assert.equal((await store.getAnalysis('b2'))?.article, 'b2', 'an article already stored gets its analysis');
    await assert.rejects(
      store.saveBatch([
        { article: makeArticle('b4', ['Fine.']) },
        { article: makeArticle('b5', ['Not storable: \u0000.']) },
      ]),
      /NUL character/,
    );
    assert.equal(await store.getArticle('b4'), undefined, 'nothing of a failed batch is saved');
    await store.close();
  },
);

test('describeDatabase names user, host, port and database, never the password', () => {
  assert.equal(describeDatabase('postgres://me:s3cret@db.example.org:6543/news'), 'me@db.example.org:6543/news');
  assert.equal(describeDatabase('postgresql://db/news?sslmode=require'), 'db:5432/news');
  assert.ok(!describeDatabase('postgres://me:s3cret@[::1/news').includes('s3cret'));
});

test('connection errors name the server but not the password', async () => {
  // Port 1 on the loopback: nothing listens there, so this fails fast without any server.
  await assert.rejects(openStore('postgres://someone:hunter2@127.0.0.1:1/nowhere'), (err: Error) => {
    assert.match(err.message, /cannot connect to PostgreSQL at someone@127\.0\.0\.1:1\/nowhere/);
    assert.ok(!err.message.includes('hunter2'), err.message);
    return true;
  });
});

test(
  'migrations: fresh schema gets all, reopening applies none, a version-1 schema is upgraded',
  {
    skip,
  },
  async () => {
    const schema = await freshSchema();
    await (await PostgresStore.open(url, { schema })).close();
    assert.deepEqual(
      await appliedVersions(schema),
      MIGRATIONS.map((m) => m.version),
    );
    const pool = new pg.Pool({ connectionString: url, options: `-c search_path=${schema}` });
    const client = await pool.connect();
    assert.deepEqual(await applyMigrations(client), [], 'a second open must not re-apply anything');
    client.release();
    await pool.end();

    const oldSchema = await freshSchema();
    await (await PostgresStore.open(url, { schema: oldSchema, migrations: MIGRATIONS.slice(0, 1) })).close();
    // Written as that code wrote it: the columns of migration 1 only (today's store writes newer ones).
    const oldPool = new pg.Pool({ connectionString: url, options: `-c search_path=${oldSchema}` });
    await oldPool.query(
      'INSERT INTO articles (id, source, language, text, paragraphs, removed) VALUES ($1, $2, $3, $4, $5, $6)',
      ['old1', 'old1.txt', 'en', 'Written before the upgrade.', '["Written before the upgrade."]', '[]'],
    );
    await oldPool.end();
    assert.deepEqual(await appliedVersions(oldSchema), [1]);

    const upgraded = await PostgresStore.open(url, { schema: oldSchema });
    assert.deepEqual(
      await appliedVersions(oldSchema),
      MIGRATIONS.map((m) => m.version),
    );
    assert.equal((await upgraded.getArticle('old1'))?.text, 'Written before the upgrade.');
    assert.equal((await upgraded.search('upgrade')).length, 1);
    assert.deepEqual(await upgraded.listUnclustered(), ['old1'], 'articles from before are queued for clustering');
    await upgraded.close();
  },
);

test(
  'migration 15: postings of a store clustered before it get their key weights and story spans',
  { skip },
  async () => {
    const state = clusteredState();
    const schema = await freshSchema();
    await (await PostgresStore.open(url, { schema, migrations: MIGRATIONS.slice(0, 14) })).close();
    // As migration-14 code wrote the state: postings without weight or span.
    const old = new pg.Pool({ connectionString: url, options: `-c search_path=${schema}` });
    for (const st of state.stories)
      await old.query('INSERT INTO cluster_stories (id, seq, state) VALUES ($1, $2, $3)', [
        st.id,
        st.seq,
        storyStateJson(st),
      ]);
    for (const p of state.postingsAdded)
      await old.query('INSERT INTO cluster_postings (term, story, seq) VALUES ($1, $2, $3)', [p.term, p.story, p.seq]);
    await old.end();
    const store = await PostgresStore.open(url, { schema });
    const terms = [...new Set(state.postingsAdded.map((p) => p.term))];
    assertUpgradedPostings(state, (await store.loadClusterIndex(terms, 100)).postings);
    await store.close();
  },
);

test(
  'migrations: a later one runs on an existing schema, and a failing one leaves nothing behind',
  {
    skip,
  },
  async () => {
    const schema = await freshSchema();
    await (await PostgresStore.open(url, { schema })).close();
    const extra: Migration = {
      version: MIGRATIONS.length + 1,
      name: 'test column',
      sql: 'ALTER TABLE articles ADD x integer',
    };
    const broken: Migration = {
      version: MIGRATIONS.length + 2,
      name: 'broken',
      sql: 'CREATE TABLE half_done (a integer); SELECT no_such_function();',
    };
    await assert.rejects(
      PostgresStore.open(url, { schema, migrations: [...MIGRATIONS, extra, broken] }),
      /no_such_function/,
    );
    // The good migration committed in its own transaction; the broken one rolled back completely (DDL included).
    assert.deepEqual(await appliedVersions(schema), [...MIGRATIONS.map((m) => m.version), extra.version]);
    const { rows } = await (
      await admin()
    ).query('SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = $2', [schema, 'half_done']);
    assert.equal(rows.length, 0);
  },
);

test('a schema newer than the code is refused with a clear error', { skip }, async () => {
  const schema = await freshSchema();
  await (await PostgresStore.open(url, { schema })).close();
  await (
    await admin()
  ).query(`INSERT INTO ${schema}.schema_migrations (version, name) VALUES (999, 'from the future')`);
  await assert.rejects(PostgresStore.open(url, { schema }), /version 999 .*only knows up to \d+.*upgrade storyline/);
});

test('a schema that does not exist is reported as such', { skip }, async () => {
  await assert.rejects(
    PostgresStore.open(url, { schema: `${runPrefix}_missing` }),
    /no schema to create storyline's tables in: none of search_path \(.*_missing\) exists/,
  );
});

test('openStore opens a postgres:// URL (schema from the options parameter)', { skip }, async () => {
  const schema = await freshSchema();
  const store = await openStore(urlWithSchema(schema));
  await store.saveArticle(makeArticle('o1', ['Persisted in PostgreSQL.']));
  await store.close();
  const { rows } = await (await admin()).query(`SELECT id FROM ${schema}.articles`);
  assert.deepEqual(rows, [{ id: 'o1' }]);
  const reopened = await openStore(urlWithSchema(schema).replace(/^postgres:/, 'postgresql:'));
  assert.equal(await reopened.countArticles(), 1);
  await reopened.close();
});

test('every pooled connection works in the store’s schema', { skip }, async () => {
  const schema = await freshSchema();
  const store = await PostgresStore.open(url, { schema, maxConnections: 4 });
  // Forty saves at once keep all four connections busy; each must find the tables.
  await Promise.all(
    Array.from({ length: 40 }, (_, i) => store.saveArticle(makeArticle(`p${i}`, [`Parallel article ${i}.`]))),
  );
  assert.equal(await store.countArticles(), 40);
  const { rows } = await (await admin()).query<{ n: number }>(`SELECT count(*)::integer AS n FROM ${schema}.articles`);
  assert.equal(rows[0]?.n, 40);
  await store.close();
  await store.close(); // closing twice is harmless
});

test('the same article saved at once by many connections is stored once, with every source', { skip }, async () => {
  const store = await PostgresStore.open(url, { schema: await freshSchema(), maxConnections: 6 });
  const results = await Promise.all(
    Array.from({ length: 12 }, (_, i) =>
      store.saveArticle(
        { ...makeArticle('race', ['One text, many doors.']), source: `door-${i}` },
        makeAnalysis('race', 'Kerry'),
      ),
    ),
  );
  assert.equal(results.filter((r) => r.created).length, 1);
  assert.equal(await store.countArticles(), 1);
  assert.equal((await store.getSources('race')).length, 12);
  assert.deepEqual(await store.listUnclustered(), ['race']);
  await store.close();
});

test(
  'a NUL character (which PostgreSQL text cannot hold) is refused clearly, and nothing is written',
  {
    skip,
  },
  async () => {
    const store = await PostgresStore.open(url, { schema: await freshSchema() });
    await assert.rejects(store.saveArticle(makeArticle('nul', ['Before\0after.'])), /nul: its text contains a NUL/);
    assert.equal(await store.countArticles(), 0);
    // In JSON fields it is escaped, so it round-trips.
    const removed = makeArticle('nul2', ['Fine.'], { removed: [{ text: 'a\0b', reason: 'share' }] });
    await store.saveArticle(removed);
    assert.deepStrictEqual(await store.getArticle('nul2'), removed);
    await store.close();
  },
);

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

test('two processes migrating and writing one fresh schema at once', { skip }, async () => {
  const schema = await freshSchema();
  // Relative to this file, so it is the .ts source under tsx and the compiled .js under `npm test`.
  const storeModule = new URL('../src/store/postgres/postgres-store.js', import.meta.url).href;
  // Both wait for the same moment, so they race to migrate the empty schema and their writes overlap.
  const startAt = Date.now() + 1500;
  const writer = (name: string) => `
    const { PostgresStore } = await import(${JSON.stringify(storeModule)});
    await new Promise((resolve) => setTimeout(resolve, ${startAt} - Date.now()));
    const store = await PostgresStore.open(${JSON.stringify(url)}, { schema: ${JSON.stringify(schema)} });
    for (let i = 0; i < 150; i++) {
      const text = 'Process ${name} article ' + i + '.';
      await store.saveArticle({ id: '${name}' + i, source: '${name}', language: 'en', paragraphs: [text], text, removed: [] });
      const shared = 'Shared ' + i + '.';
      await store.saveArticle({ id: 'shared' + i, source: '${name}', language: 'en', paragraphs: [shared], text: shared, removed: [] });
    }
    await store.close();
  `;
  const results = await Promise.all([runNode(writer('p')), runNode(writer('q'))]);
  for (const r of results) assert.equal(r.status, 0, r.stderr);
  const store = await PostgresStore.open(url, { schema });
  assert.equal(await store.countArticles(), 450);
  assert.deepEqual((await store.getSources('shared42')).sort(), ['p', 'q']);
  assert.equal((await store.listUnclustered()).length, 450);
  assert.deepEqual(
    await appliedVersions(schema),
    MIGRATIONS.map((m) => m.version),
  );
  await store.close();
});

test('saving 1,000 small articles (prints saves/s)', { skip }, async () => {
  const store = await PostgresStore.open(url, { schema: await freshSchema() });
  const articles = Array.from({ length: 1000 }, (_, i) =>
    makeArticle(`perf${i}`, [`Paragraph one of article ${i} about the strikes.`, `Paragraph two, number ${i}.`], {
      title: `Article ${i}`,
      published: { value: `2015-10-${String((i % 28) + 1).padStart(2, '0')}`, precision: 'day', from: 'sidecar' },
    }),
  );
  const started = performance.now();
  for (const article of articles) await store.saveArticle(article, makeAnalysis(article.id, 'Hollande'));
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `postgres store: ${articles.length} articles (with analysis) in ${seconds.toFixed(2)} s = ` +
      `${Math.round(articles.length / seconds)} saves/s (one transaction each, one at a time)`,
  );
  assert.equal(await store.countArticles(), 1000);
  assert.equal((await store.search('strikes', { limit: 5000 })).length, 1000);
  await store.close();
});
