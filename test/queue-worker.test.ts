// The queue's parts in one process, against a real PostgreSQL and pg-boss: a bad input is dead-lettered at once
// with its error and not retried, a second clusterer stands by while the first holds the lease, the stories are
// those of a plain SQLite ingest, and inputs queued in any order keep their arrival order.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import pg from 'pg';
import { readInputs } from '../src/ingest/read.js';
import type { RawDocument } from '../src/model.js';
import {
  CLUSTERER_SETTINGS,
  enqueueDocuments,
  ingestAndRefresh,
  jobCounts,
  jobFailures,
  openQueue,
  QUEUE_SETTINGS,
  runClusterer,
  runIngestWorker,
} from '../src/pipeline/index.js';
import { openStore } from '../src/store/open.js';
import { projectRoot } from './helpers.js';

const pgUrl = process.env.STORYLINE_TEST_PG;
const skip = pgUrl ? false : 'set STORYLINE_TEST_PG=postgres://user:pass@host/db to run the job-queue tests';
const prefix = `queue_unit_${randomBytes(4).toString('hex')}`;
const scratch = mkdtempSync(join(tmpdir(), 'storyline-queue-unit-'));
const schemas: string[] = [];

after(async () => {
  rmSync(scratch, { recursive: true, force: true });
  if (!pgUrl || schemas.length === 0) return;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  for (const s of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  await admin.end();
});

async function freshSchemas(): Promise<{ db: string; queue: typeof QUEUE_SETTINGS }> {
  const store = `${prefix}_${schemas.length}`;
  const jobs = `${store}_jobs`;
  schemas.push(store, jobs);
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${store}`);
  await admin.end();
  const url = new URL(pgUrl as string);
  url.searchParams.set('options', `-c search_path=${store}`);
  return { db: url.toString(), queue: { ...QUEUE_SETTINGS, schema: jobs, pollSeconds: 0.5, maintenanceSeconds: 1 } };
}

async function documents(paths: string[]): Promise<RawDocument[]> {
  const docs: RawDocument[] = [];
  for await (const item of readInputs(paths)) if (item.ok) docs.push(item.doc);
  return docs;
}

function partition(assignments: Map<string, string>): string[] {
  const groups = new Map<string, string[]>();
  for (const [article, story] of assignments) groups.set(story, [...(groups.get(story) ?? []), article]);
  return [...groups.values()].map((g) => g.sort().join(' ')).sort();
}

const waitUntil = async (what: string, check: () => Promise<boolean>, ms = 60_000): Promise<void> => {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

test(
  'queued inputs, worked out of order, give the stories of one SQLite ingest; a bad input is dead-lettered once',
  { skip, timeout: 180_000 },
  async () => {
    // The examples, plus a page with no article text (a bad input: it must fail at once, not be retried).
    const inputs = mkdtempSync(join(scratch, 'inputs-'));
    const examples = join(projectRoot, 'examples');
    for (const f of readdirSync(examples)) writeFileSync(join(inputs, f), readFileSync(join(examples, f)));
    writeFileSync(join(inputs, 'menu-only.html'), '<html><body><nav>Home | World | Sport</nav></body></html>');
    const docs = await documents([inputs]);

    const reference = await openStore(join(scratch, 'reference.sqlite'));
    const refReport = await ingestAndRefresh(
      reference,
      docs.map((doc) => ({ ok: true as const, doc })),
    );
    const expected = await reference.getStoryAssignments();
    await reference.close();
    assert.equal(refReport.failed.length, 1, 'the reference fails the menu-only page too');

    const { db, queue } = await freshSchemas();
    const store = await openStore(db);
    const boss = await openQueue(db, queue);
    const stop = new AbortController();
    try {
      // Queued in input order, each with its arrival place; then taken by two loops, so they finish out of order.
      await enqueueDocuments(boss, docs, queue, store.reserveArrivals?.bind(store));
      const failedSources: string[] = [];
      const worker = runIngestWorker(
        store,
        boss,
        { concurrency: 2, queue, onJob: (j) => j.error && failedSources.push(j.source) },
        stop.signal,
      );
      await waitUntil('every job to finish', async () => {
        const c = await jobCounts(boss, queue.schema);
        return c.done + c.failed === docs.length;
      });
      const counts = await jobCounts(boss, queue.schema);
      assert.deepEqual(
        { ...counts },
        { queued: 0, active: 0, retry: 0, done: docs.length - 1, failed: 1, deadLetter: 1 },
        'one dead letter, no retry',
      );
      const failures = await jobFailures(boss, queue.schema);
      assert.equal(failures.length, 1);
      assert.match(failures[0]?.source ?? '', /menu-only\.html$/);
      assert.match(failures[0]?.error ?? '', /no article text/);
      assert.deepEqual(failedSources, [failures[0]?.source]);

      // Two clusterers: the first holds the lease and makes the stories, the second stands by.
      const events: string[][] = [[], []];
      const settings = { ...CLUSTERER_SETTINGS, pollSeconds: 0.2, leaseRetrySeconds: 0.2 };
      const first = runClusterer(store, boss, { db, settings, queue, onEvent: (m) => events[0]?.push(m) }, stop.signal);
      await waitUntil(
        'the first clusterer to hold the lease',
        async () => events[0]?.includes('holding the clusterer lease') ?? false,
      );
      const second = runClusterer(
        store,
        boss,
        { db, settings, queue, onEvent: (m) => events[1]?.push(m) },
        stop.signal,
      );
      await waitUntil(
        'the stories',
        async () => (await store.countUnclustered()) === 0 && (await store.countStories()) > 0,
      );
      await waitUntil('the second to stand by', async () => (events[1]?.length ?? 0) > 0);
      assert.deepEqual(events[1], ['another clusterer holds the lease: standing by']);
      assert.deepEqual(
        partition(await store.getStoryAssignments()),
        partition(expected),
        'the stories of one SQLite ingest',
      );

      stop.abort();
      await Promise.all([worker, first, second]);
    } finally {
      stop.abort();
      await boss.stop({ graceful: false, wait: true });
      await store.close();
    }
  },
);

test(
  'a document with a NUL character is queued (jsonb cannot hold one), ends done or dead-lettered, and does not fail the documents settled with it',
  { skip, timeout: 120_000 },
  async () => {
    const { db, queue } = await freshSchemas();
    const store = await openStore(db);
    const boss = await openQueue(db, { ...queue, retryLimit: 0 });
    const stop = new AbortController();
    try {
      const text = `An invented council in the fictional town of Emberfold met on Monday.\u0000 ${'It voted on the budget. '.repeat(20)}`;
      const doc: RawDocument = {
        source: 'nul.txt',
        kind: 'text',
        content: text,
        encoding: 'utf-8',
        fetchedAt: new Date().toISOString(),
        meta: {},
      };
      // Good documents around it: saved in the same batch, they must not fail with it.
      const towns = ['Marrowdale', 'Quillby', 'Fennick Cross'];
      const good: RawDocument[] = towns.map((town, i) => ({
        ...doc,
        source: `good-${i}.txt`,
        content: `The invented council of ${town} met on Monday. ${`It voted on the ${town} budget. `.repeat(20)}`,
      }));
      const docs = [good[0] as RawDocument, doc, ...good.slice(1)];
      assert.equal(await enqueueDocuments(boss, docs, { ...queue, retryLimit: 0 }), docs.length);
      const worker = runIngestWorker(store, boss, { concurrency: 1, queue }, stop.signal);
      await waitUntil('the jobs to end', async () => {
        const c = await jobCounts(boss, queue.schema);
        return c.done + c.failed === docs.length && c.retry === 0 && c.active === 0;
      });
      const c = await jobCounts(boss, queue.schema);
      const saved = (await store.listArticles()).map((a) => a.source);
      for (const g of good) assert.ok(saved.includes(g.source), `${g.source} is saved`);
      if (c.failed === 1) {
        const [failure] = await jobFailures(boss, queue.schema);
        assert.equal(failure?.source, 'nul.txt');
        assert.match(failure?.error ?? '', /NUL/);
      } else assert.equal(await store.countArticles(), docs.length);
      stop.abort();
      await worker;
    } finally {
      stop.abort();
      await boss.stop({ graceful: false, wait: true });
      await store.close();
    }
  },
);

test('the queue refuses a SQLite database with a message saying what it needs', async () => {
  await assert.rejects(openQueue('./storyline.db'), /needs a PostgreSQL database/);
});
