// The reliability suite (issue 10): hostile input fails alone and bounded, a killed ingest resumes into exactly the
// stories of an uninterrupted one, and two concurrent writers leave consistent stories on SQLite and PostgreSQL.
// The kill and concurrency tests run the real CLI in child processes against real databases.

import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { bcubed } from '../src/eval/stories.js';
import { readInputs } from '../src/ingest/read.js';
import { ingestAndRefresh } from '../src/pipeline/index.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/store.js';
import { needShared, projectRoot, seededRandom, sharedPath } from './helpers.js';

const cli = join(projectRoot, 'dist', 'src', 'cli', 'main.js');
const examples = join(projectRoot, 'examples');
const scratch = mkdtempSync(join(tmpdir(), 'storyline-reliability-'));
const pgUrl = process.env.STORYLINE_TEST_PG;
const pgSkip = pgUrl ? false : 'set STORYLINE_TEST_PG=postgres://user:pass@host/db to run the PostgreSQL tests';

/** A folder with the fictional examples plus one hostile file. */
function batchWith(name: string, content: string): string {
  const dir = mkdtempSync(join(scratch, 'batch-'));
  for (const f of readdirSync(examples)) writeFileSync(join(dir, f), readFileSync(join(examples, f)));
  writeFileSync(join(dir, name), content);
  return dir;
}

/**
 * What a store's stories must always satisfy, whatever ran before: every article in exactly one story, no story
 * without members, each story's listed size its member count, every article clustered once, nothing pending.
 */
async function checkStories(store: Store): Promise<Map<string, string>> {
  const assignments = await store.getStoryAssignments();
  const articles = await store.countArticles();
  assert.equal(assignments.size, articles, 'every article belongs to a story');
  assert.equal(await store.countUnclustered(), 0, 'no article is left pending');
  const listed = await store.listStories({ sort: 'size', limit: 100_000 });
  const members = await store.getStoryMembers(listed.map((s) => s.id));
  const bySize = new Map<string, number>();
  for (const story of assignments.values()) bySize.set(story, (bySize.get(story) ?? 0) + 1);
  for (const s of listed) {
    const m = members.get(s.id) ?? [];
    assert.ok(m.length > 0, `story ${s.id} has no members`);
    assert.equal(s.articles, m.length, `story ${s.id} is listed with ${s.articles} articles but has ${m.length}`);
    assert.equal(bySize.get(s.id), m.length, `story ${s.id}: members and assignments disagree`);
  }
  assert.equal(listed.length, bySize.size, 'every assigned story is stored');
  const { termCounts } = await store.loadClusterIndex([''], 1);
  assert.equal(termCounts.get(''), articles, 'each article was clustered exactly once');
  return assignments;
}

/** Stories as sets of article ids, comparable across runs whatever the story ids. */
function partition(assignments: Map<string, string>): string[] {
  const groups = new Map<string, string[]>();
  for (const [article, story] of assignments) groups.set(story, [...(groups.get(story) ?? []), article]);
  return [...groups.values()].map((g) => g.sort().join(',')).sort();
}

function integrityOk(path: string): void {
  const db = new Database(path, { readonly: true });
  try {
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
  } finally {
    db.close();
  }
}

test('a document that overruns its deadline fails alone, naming why; the rest of the batch gets its stories', async () => {
  // Thousands of capitalised words in one sentence: slow to analyse, but well under the size caps.
  const slow = `A fictional slow page\n\n${'Aaron Bbbbb Ccccc '.repeat(120_000)}`;
  const dir = batchWith('slow.txt', slow);
  const store = await openStore(`${dir}.sqlite`);
  try {
    const report = await ingestAndRefresh(store, readInputs([dir]), { deadlineMs: 200 });
    assert.equal(report.failed.length, 1, JSON.stringify(report.failed));
    assert.match(report.failed[0]?.path ?? '', /slow\.txt$/);
    assert.match(report.failed[0]?.error ?? '', /took longer than 0\.2 s/);
    assert.ok(report.ingested >= 5, `the examples were stored (${report.ingested})`);
    assert.ok((report.stories?.stories ?? 0) > 0);
    await checkStories(store);
  } finally {
    await store.close();
  }
});

test(
  'a 5 MB single token is handled within its deadline and the rest of the batch gets its stories',
  {
    timeout: 35_000,
  },
  async () => {
    const dir = batchWith('token.txt', `A fictional page of one word\n\n${'x'.repeat(5 * 1024 * 1024)}`);
    const store = await openStore(`${dir}.sqlite`);
    try {
      const report = await ingestAndRefresh(store, readInputs([dir]));
      // Stored (cut or whole) or refused with a reason: either way alone, and never a hang.
      for (const f of report.failed) assert.match(f.path, /token\.txt$/);
      assert.ok(report.ingested >= 5);
      assert.ok((report.stories?.stories ?? 0) > 0);
      await checkStories(store);
    } finally {
      await store.close();
    }
  },
);

// ---- kill -9 and resume, and concurrent writers: the real CLI in child processes ----

function runCli(args: string[]): { child: ChildProcess; done: Promise<number | null> } {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<number | null>((resolve) =>
    child.on('exit', (code, signal) => {
      if (signal === null && code !== 0 && code !== 1) process.stderr.write(stderr);
      resolve(code);
    }),
  );
  return { child, done };
}

const t17Folders = () =>
  readdirSync(sharedPath('eval', 't17'))
    .sort()
    .map((topic) => sharedPath('eval', 't17', topic, 'InputDocs'));

function articleCount(path: string): number {
  try {
    const db = new Database(path, { readonly: true, timeout: 1000 });
    try {
      return db.prepare('SELECT count(*) FROM articles').pluck().get() as number;
    } finally {
      db.close();
    }
  } catch {
    return 0; // not created yet
  }
}

/** Whether some process holds the story lock of the SQLite store at `path` (is inside the story step). */
function storyStepRunning(path: string): boolean {
  let lock: Database.Database | undefined;
  try {
    lock = new Database(`${path}-storylock`, { timeout: 0, fileMustExist: true });
    lock.exec('BEGIN EXCLUSIVE');
    lock.exec('ROLLBACK');
    return false;
  } catch (err) {
    return (err as { code?: string }).code === 'SQLITE_BUSY';
  } finally {
    lock?.close();
  }
}

function pendingCount(path: string): number {
  const db = new Database(path, { readonly: true, timeout: 1000 });
  try {
    return db.prepare('SELECT count(*) FROM cluster_pending').pluck().get() as number;
  } finally {
    db.close();
  }
}

const sleep = (ms: number) => new Promise((wake) => setTimeout(wake, ms));

test(
  'kill -9 at random moments of a Timeline17 ingest (two inside the story step), then ingest again: the stories of an uninterrupted run',
  { skip: needShared('eval/t17'), timeout: 900_000 },
  async (t) => {
    const inputs = t17Folders();
    const reference = join(scratch, 'reference.sqlite');
    const started = Date.now();
    const first = runCli(['ingest', ...inputs, '--db', reference]);
    // When the last article is stored, the story step begins: note both moments.
    let total: number;
    let storyStepAt = 0;
    for (let last = -1; ;) {
      const exited = await Promise.race([first.done.then(() => true), sleep(100).then(() => false)]);
      const n = articleCount(reference);
      if (n !== last) {
        last = n;
        storyStepAt = Date.now() - started;
      }
      if (exited) {
        total = Date.now() - started;
        break;
      }
    }
    const storyStepMs = total - storyStepAt;
    assert.ok(storyStepMs > 500, `the story step was measured (${storyStepMs} ms)`);
    const refStore = await openStore(reference);
    const expected = await checkStories(refStore);
    await refStore.close();

    // The interrupted database: three kills at random moments, two more inside the story step. A run is inside
    // the story step while it holds the store's story lock (a BEGIN EXCLUSIVE on `<db>-storylock`).
    const killed = join(scratch, 'killed.sqlite');
    const random = seededRandom(10);
    const moments: string[] = [];
    for (let kill = 0; kill < 5; kill++) {
      const run = runCli(['ingest', ...inputs, '--db', killed]);
      if (kill < 3) {
        await sleep(300 + random() * storyStepAt);
      } else {
        // The fourth kill lands in the first chunk of the story step, the fifth after a chunk has been committed.
        const waitUntil = Date.now() + total * 3;
        const ready = () => storyStepRunning(killed) && (kill === 3 || pendingCount(killed) < articleCount(killed));
        while (!ready() && Date.now() < waitUntil) await sleep(20);
        await sleep(random() * storyStepMs * (kill === 3 ? 0.5 : 0.1));
      }
      const inStoryStep = storyStepRunning(killed);
      run.child.kill('SIGKILL');
      await run.done;
      integrityOk(killed);
      moments.push(
        `${inStoryStep ? 'story step' : 'reading'}: ${articleCount(killed)} stored, ${pendingCount(killed)} pending`,
      );
    }
    t.diagnostic(`killed at: ${moments.join('; ')}`);
    assert.ok(moments.filter((m) => m.startsWith('story step')).length >= 2, moments.join('; '));
    const resumed = runCli(['ingest', ...inputs, '--db', killed]);
    await resumed.done;
    integrityOk(killed);

    const store = await openStore(killed);
    const got = await checkStories(store);
    await store.close();
    assert.deepEqual([...got.keys()].sort(), [...expected.keys()].sort(), 'the same article ids');
    assert.deepEqual(partition(got), partition(expected), 'the same stories');
  },
);

/** The T17 subset the concurrency tests ingest: three collections, two topics, ~340 articles. */
function concurrencyInputs(): { all: string[]; halves: [string[], string[]] } {
  const topics = ['H1N1_bbc', 'H1N1_guardian', 'MJ_bbc'];
  const files = topics.flatMap((t) => {
    const root = sharedPath('eval', 't17', t, 'InputDocs');
    return readdirSync(root)
      .sort()
      .flatMap((day) => readdirSync(join(root, day)).map((f) => join(root, day, f)));
  });
  files.sort();
  // Each half spans every topic and the whole time range: the two writers' stories overlap everywhere.
  return { all: files, halves: [files.filter((_, i) => i % 2 === 0), files.filter((_, i) => i % 2 === 1)] };
}

/** Both halves at once in two processes, then one more ingest of everything (all unchanged); stories compared. */
async function concurrentHalves(dbOf: (name: string) => Promise<string>): Promise<number> {
  const { all, halves } = concurrencyInputs();
  const one = await dbOf('one');
  await runCli(['ingest', ...all, '--db', one]).done;
  const oneStore = await openStore(one);
  const expected = await checkStories(oneStore);
  await oneStore.close();

  const two = await dbOf('two');
  const codes = await Promise.all(halves.map((half) => runCli(['ingest', ...half, '--db', two]).done));
  for (const code of codes) assert.ok(code === 0 || code === 1, `an ingest crashed (exit ${code})`);
  const twoStore = await openStore(two);
  const got = await checkStories(twoStore);
  await twoStore.close();
  assert.deepEqual([...got.keys()].sort(), [...expected.keys()].sort(), 'the same articles');
  // The story step is order-dependent: two writers interleave their articles differently from one, so the
  // partition may differ where an article is nearly as close to two stories. It must stay the same stories.
  const agreement = bcubed(got, expected);
  assert.ok(agreement.f1 >= 0.98, `the partition of one ingest (B³ F1 ${agreement.f1.toFixed(3)} against it)`);
  return agreement.f1;
}

test(
  'two concurrent ingests of two halves on SQLite: consistent stories, the partition of one ingest, integrity ok',
  { skip: needShared('eval/t17'), timeout: 300_000 },
  async (t) => {
    const f1 = await concurrentHalves(async (name) => join(scratch, `concurrent-${name}.sqlite`));
    t.diagnostic(`B³ F1 of the concurrent partition against one ingest: ${f1.toFixed(3)}`);
    integrityOk(join(scratch, 'concurrent-two.sqlite'));
  },
);

const pgSchemas: string[] = [];
test(
  'two concurrent ingests of two halves on PostgreSQL: consistent stories, the partition of one ingest',
  { skip: needShared('eval/t17') || pgSkip, timeout: 300_000 },
  async (t) => {
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    try {
      const f1 = await concurrentHalves(async (name) => {
        const schema = `reliability_${process.pid}_${name}`;
        pgSchemas.push(schema);
        await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
        const url = new URL(pgUrl as string);
        url.searchParams.set('options', `-c search_path=${schema}`);
        // Migrated once before the writers start, as an operator sets a database up.
        await (await openStore(url.toString())).close();
        return url.toString();
      });
      t.diagnostic(`B³ F1 of the concurrent partition against one ingest: ${f1.toFixed(3)}`);
    } finally {
      for (const schema of pgSchemas) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    }
  },
);

after(() => rmSync(scratch, { recursive: true, force: true }));
