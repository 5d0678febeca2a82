import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import type { Analysis, Article } from '../src/model.js';
import { openStore } from '../src/store/open.js';
import { toFtsQuery } from '../src/store/sqlite/fts-query.js';
import { applyMigrations, MIGRATIONS, type Migration } from '../src/store/sqlite/migrations.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { projectRoot } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'storyline-sqlite-test-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
let fileCounter = 0;
const freshPath = () => join(tmp, `db-${++fileCounter}.sqlite`);

function makeArticle(id: string, paragraphs: string[], extra: Partial<Article> = {}): Article {
  return {
    id,
    source: `/corpus/${id}.html`,
    language: 'en',
    paragraphs,
    text: paragraphs.join('\n\n'),
    removed: [],
    ...extra,
  };
}

function makeAnalysis(article: string, entityName: string): Analysis {
  return {
    article,
    sentences: [{ start: 0, end: 10, eventDate: '2015-09-27' }],
    entities: [{ key: `PERSON:${entityName.toLowerCase()}`, name: entityName, type: 'PERSON', aliases: [] }],
    mentions: [{ start: 0, end: entityName.length, text: entityName, entity: `PERSON:${entityName.toLowerCase()}` }],
    timexes: [],
    quotes: [],
  };
}

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
  const oldStore = new SqliteStore(oldPath, { migrations: MIGRATIONS.slice(0, 1) });
  await oldStore.saveArticle(makeArticle('old1', ['Written before the upgrade.']));
  await oldStore.close();
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

test('getArticle returns the article exactly as saved', async () => {
  const store = new SqliteStore(':memory:');
  const full: Article = makeArticle(
    'u1',
    ['Le Drian a déclaré : « Nous frapperons Daech. »', 'ادامه — 東京 🚀 naïve'],
    {
      url: 'https://example.org/fr/article?id=1&x=é',
      outlet: 'RFI',
      title: 'La France frappe « Daech » en Syrie',
      byline: 'Zoë Ō’Brien',
      published: { value: '2015-09-27T10:30+02:00', precision: 'time', from: 'html-meta' },
      dateline: 'PARIS:',
      language: 'fr',
      removed: [
        { text: 'Partager sur Facebook', reason: 'share' },
        { text: '© 2015 RFI', reason: 'copyright' },
      ],
    },
  );
  const bare = makeArticle('u2', ['Only text.'], { language: 'und' });
  assert.deepEqual(await store.saveArticle(full), { id: 'u1', created: true });
  await store.saveArticle(bare);

  assert.deepStrictEqual(await store.getArticle('u1'), full);
  // Absent optional fields come back absent, not as keys holding undefined or null.
  const bareBack = await store.getArticle('u2');
  assert.deepStrictEqual(bareBack, bare);
  assert.deepEqual(Object.keys(bareBack ?? {}).sort(), ['id', 'language', 'paragraphs', 'removed', 'source', 'text']);
  assert.equal(await store.getArticle('missing'), undefined);
  assert.equal(await store.getAnalysis('missing'), undefined);
  assert.deepEqual(await store.getSources('missing'), []);
  await store.close();
});

test('saving the same article again keeps the first copy, adds the source, and replaces the analysis', async () => {
  const store = new SqliteStore(':memory:');
  const first = makeArticle('same', ['Same clean text.'], { title: 'First title', source: 'a.html' });
  const again = { ...first, title: 'Another title', source: 'https://example.org/b' };

  assert.deepEqual(await store.saveArticle(first, makeAnalysis('same', 'Hollande')), { id: 'same', created: true });
  assert.deepEqual(await store.saveArticle(again, makeAnalysis('same', 'Valls')), { id: 'same', created: false });
  assert.deepEqual(await store.saveArticle(again), { id: 'same', created: false });

  assert.equal(await store.countArticles(), 1);
  assert.equal((await store.getArticle('same'))?.title, 'First title');
  assert.deepEqual(await store.getSources('same'), ['a.html', 'https://example.org/b']);
  assert.deepEqual(await store.getAnalysis('same'), makeAnalysis('same', 'Valls'));
  assert.equal(await store.findBySource('https://example.org/b'), 'same');
  assert.equal(await store.findBySource('never-seen'), undefined);
  await store.close();
});

test('a failure inside saveArticle rolls back the whole article', async () => {
  const store = new SqliteStore(':memory:');
  const article = makeArticle('broken', ['Paragraph that must not survive.'], { title: 'Rollback' });
  // JSON.stringify throws on a BigInt; it runs after the article and source rows were inserted.
  const badAnalysis = { ...makeAnalysis('broken', 'Kerry'), extra: 10n } as unknown as Analysis;
  await assert.rejects(store.saveArticle(article, badAnalysis), /BigInt/);

  assert.equal(await store.getArticle('broken'), undefined);
  assert.deepEqual(await store.getSources('broken'), []);
  assert.equal(await store.getAnalysis('broken'), undefined);
  assert.equal(await store.countArticles(), 0);
  assert.deepEqual(await store.search('survive'), [], 'the full-text index must be rolled back too');

  // The store is still usable, and the same article saves cleanly afterwards.
  assert.deepEqual(await store.saveArticle(article, makeAnalysis('broken', 'Kerry')), { id: 'broken', created: true });
  assert.equal((await store.search('survive')).length, 1);
  await store.close();
});

test('an analysis of another article is refused and nothing is written', async () => {
  const store = new SqliteStore(':memory:');
  await assert.rejects(store.saveArticle(makeArticle('a1', ['Text.']), makeAnalysis('zz', 'Putin')), /analysis is of/);
  assert.equal(await store.countArticles(), 0);
  await store.close();
});

test('search: AND of words, bm25 with the title weighted, snippets with [ ] around matches', async () => {
  const store = new SqliteStore(':memory:');
  await store.saveArticle(
    makeArticle('t1', ['Le Drian said the strikes near Deir Ezzor hit a training camp. [Photo] Officials agreed.'], {
      title: 'Strikes in Syria',
      outlet: 'AP',
      published: { value: '2015-09-27', precision: 'day', from: 'text' },
    }),
  );
  await store.saveArticle(
    makeArticle('t2', ['Raqqa was hit again. Raqqa, Raqqa: the French jets returned to Raqqa.'], {
      title: 'Second wave',
    }),
  );
  await store.saveArticle(makeArticle('t3', ['A market report about grain.'], { title: 'Raqqa' }));
  await store.saveArticle(makeArticle('t4', ['Le président à l’Élysée a parlé.'], { title: 'Élysée' }));

  const strikes = await store.search('strikes Deir');
  assert.deepEqual(
    strikes.map((h) => h.id),
    ['t1'],
  );
  assert.match(strikes[0].snippet, /\[strikes\] near \[Deir\]/);
  assert.ok(!strikes[0].snippet.includes('[Photo'), 'a [ already in the text is not a match marker');
  assert.equal(strikes[0].outlet, 'AP');
  assert.equal(strikes[0].published, '2015-09-27');
  assert.ok(strikes[0].score > 0);

  assert.deepEqual(await store.search('strikes grain'), [], 'every word must match');

  // One title hit outweighs four body hits in a longer text.
  const raqqa = await store.search('raqqa');
  assert.deepEqual(
    raqqa.map((h) => h.id),
    ['t3', 't2'],
  );
  assert.ok(raqqa[0].score > raqqa[1].score);
  assert.equal(raqqa[0].snippet, '[Raqqa]', 'a title-only match shows the title fragment');
  assert.match(raqqa[1].snippet, /\[Raqqa\]/);

  // Case and diacritics do not matter.
  assert.deepEqual(
    (await store.search('ELYSEE')).map((h) => h.id),
    ['t4'],
  );
  assert.equal((await store.search('raqqa', { limit: 1 })).length, 1);
  await store.close();
});

test('search: any user string is accepted, never a syntax error', async () => {
  const store = new SqliteStore(':memory:');
  await store.saveArticle(
    makeArticle('s1', ['Hollande or Valls spoke at the border.'], { title: 'Drop table articles' }),
  );
  const hostile = [
    '"',
    '""',
    '*',
    'hollande*',
    'NEAR(',
    'NEAR(hollande valls)',
    'OR',
    'AND',
    'NOT',
    'hollande OR',
    'title:hollande',
    '^hollande',
    '(valls',
    "'; drop table articles; --",
    '\u0000',
    '-',
    '{title}: x',
    '🚀',
    'x'.repeat(10_000),
    'a '.repeat(500),
  ];
  for (const q of hostile) {
    const hits = await store.search(q);
    assert.ok(Array.isArray(hits), `query ${JSON.stringify(q.slice(0, 30))}`);
  }
  // Operator words are ordinary words: "or" is in the text, so these match; syntax characters are separators.
  assert.equal((await store.search('hollande OR')).length, 1);
  assert.equal((await store.search('NEAR(hollande valls)')).length, 0, '"near" is not in the text');
  assert.equal((await store.search('hollande*')).length, 1);
  assert.equal(
    (await store.search("'; drop table articles; --")).length,
    1,
    'matches the title words drop, table, articles',
  );
  assert.deepEqual(await store.search(''), []);
  assert.deepEqual(await store.search('   '), []);
  assert.deepEqual(await store.search('"*()'), []);
  assert.equal(await store.countArticles(), 1);
  await store.close();
});

test('toFtsQuery quotes every word and joins them with AND', () => {
  assert.equal(toFtsQuery('Le Drian, "NEAR(" OR*'), '"Le" AND "Drian" AND "NEAR" AND "OR"');
  assert.equal(toFtsQuery('東京 naïve'), '"東京" AND "naïve"');
  assert.equal(toFtsQuery('*"()'), undefined);
});

test('listArticles: newest published first, undated last, then most recently stored; limit and offset', async () => {
  const store = new SqliteStore(':memory:');
  const dated = (id: string, value: string) =>
    makeArticle(id, [`Text of ${id}.`], { published: { value, precision: 'day', from: 'sidecar' } });
  await store.saveArticle(dated('d-old', '2015-09-27'));
  await store.saveArticle(makeArticle('undated-1', ['Undated one.']));
  await store.saveArticle(dated('d-new', '2015-11-17'));
  await store.saveArticle(makeArticle('undated-2', ['Undated two.']));
  await store.saveArticle(dated('d-new-2', '2015-11-17'));

  const ids = (await store.listArticles()).map((a) => a.id);
  assert.deepEqual(ids, ['d-new-2', 'd-new', 'd-old', 'undated-2', 'undated-1']);
  assert.deepEqual(
    (await store.listArticles({ limit: 2, offset: 1 })).map((a) => a.id),
    ['d-new', 'd-old'],
  );
  assert.deepEqual(await store.listArticles({ limit: 0 }), []);
  assert.deepEqual((await store.listArticles({ limit: 1 }))[0], {
    id: 'd-new-2',
    published: '2015-11-17',
    source: '/corpus/d-new-2.html',
  });
  assert.equal(await store.countArticles(), 5);
  await store.close();
});

test('openStore: file paths (parent folders created), :memory:, and PostgreSQL URLs not built yet', async () => {
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

  await assert.rejects(openStore('postgres://u@localhost/db'), /PostgreSQL support is not built yet/);
  await assert.rejects(openStore('postgresql://u@localhost/db'), /PostgreSQL support is not built yet/);
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
