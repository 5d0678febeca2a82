// The job queue on PostgreSQL (needs a server: STORYLINE_BENCH_PG, else STORYLINE_TEST_PG, a postgres:// URL).
//
// - Throughput: the same Timeline17 documents queued, then worked by 1 and by 2 `storyline worker` processes;
//   the ratio of the two is what a second worker buys on this machine (the goal is ≥ 1.7× on 2 cores).
// - Overhead per job: the same documents through the queue with one in-process worker, against the in-process
//   pipeline (`ingestItems`, one worker thread) on the same store, both in this process; the difference per
//   document is what the queue costs (fetching, settling, the dead-letter bookkeeping).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { readInputs } from '../src/ingest/read.js';
import type { RawDocument } from '../src/model.js';
import {
  enqueueDocuments,
  ingestItems,
  jobCounts,
  openQueue,
  QUEUE_SETTINGS,
  runIngestWorker,
} from '../src/pipeline/index.js';
import { openStore } from '../src/store/open.js';
import { type BenchResult, loadT17Documents, projectRoot, report, seconds, sharedOrSkip } from './shared.js';

/** Documents per run: enough that process start (model loading, ~2 s) is small beside the work. */
const DOCUMENTS = 500;
/** Web pages per run: each costs several times a T17 text. */
const PAGES = 250;
const cli = join(projectRoot, 'dist', 'src', 'cli', 'main.js');

export async function benchQueue(): Promise<BenchResult[]> {
  const pgUrl = process.env.STORYLINE_BENCH_PG ?? process.env.STORYLINE_TEST_PG;
  if (!pgUrl) {
    process.stderr.write('skipping the queue benchmark: set STORYLINE_BENCH_PG=postgres://… (a scratch database)\n');
    return [];
  }
  const t17 = sharedOrSkip('eval/t17', 'the queue benchmark');
  if (!t17) return [];
  const pages = sharedOrSkip('eval/dates/html', 'the queue benchmark on web pages');
  const corpora: { name: string; docs: RawDocument[] }[] = [
    { name: 'T17 texts', docs: loadT17Documents(t17, DOCUMENTS) },
  ];
  // Real web pages: extraction is most of their cost, as in a crawl; T17's short texts are the worst case for
  // the queue, whose cost per job (and the database's) is the same for a short text as for a page.
  if (pages) corpora.push({ name: 'web pages', docs: await loadPages(pages, PAGES) });
  const docs = corpora[0]?.docs ?? [];
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  const schemas: string[] = [];
  /** A fresh store schema and queue schema, as URL and settings. */
  const fresh = async (name: string): Promise<{ db: string; queueSchema: string }> => {
    const store = `bench_${name}_${process.pid}`;
    const queueSchema = `bench_${name}_jobs_${process.pid}`;
    schemas.push(store, queueSchema);
    await admin.query(`DROP SCHEMA IF EXISTS ${store} CASCADE; CREATE SCHEMA ${store}`);
    const url = new URL(pgUrl);
    url.searchParams.set('options', `-c search_path=${store}`);
    return { db: url.toString(), queueSchema };
  };
  const results: BenchResult[] = [];
  try {
    for (const corpus of corpora) {
      results.push(...(await throughput(corpus.name, corpus.docs, fresh)));
      results.push(await threadsInProcess(corpus.name, corpus.docs));
    }
    results.push(await overheadPerJob(docs, fresh));
  } finally {
    for (const s of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    await admin.end();
  }
  return results;
}

/** `docs` worked by 1, then by 2 worker processes: documents per second and the ratio. */
async function throughput(
  name: string,
  docs: RawDocument[],
  fresh: (name: string) => Promise<{ db: string; queueSchema: string }>,
): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const times: number[] = [];
  {
    for (const workers of [1, 2]) {
      const { db, queueSchema } = await fresh(`${name.replace(/\W/g, '').toLowerCase()}_w${workers}`);
      const env = { ...process.env, STORYLINE_QUEUE_SCHEMA: queueSchema, STORYLINE_QUEUE_POLL_SECONDS: '0.5' };
      const settings = { ...QUEUE_SETTINGS, schema: queueSchema };
      await (await openStore(db)).close();
      const boss = await openQueue(db, settings, { supervise: false });
      await enqueueDocuments(boss, docs, settings);
      const t = process.hrtime.bigint();
      const children = Array.from({ length: workers }, () =>
        spawn(process.execPath, [cli, 'worker', '--db', db], { env, stdio: 'ignore' }),
      );
      for (;;) {
        const c = await jobCounts(boss, queueSchema);
        if (c.done + c.failed >= docs.length) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      const elapsed = seconds(t);
      times.push(elapsed);
      for (const child of children) child.kill('SIGTERM');
      await Promise.all(children.map((c) => new Promise((r) => c.on('exit', r))));
      await boss.stop({ graceful: false, wait: true });
      results.push(
        report({
          name: `queue: ${docs.length} ${name}, ${workers} worker process${workers > 1 ? 'es' : ''}`,
          value: docs.length / elapsed,
          unit: 'docs/s',
          note: `${elapsed.toFixed(1)} s, model loading included`,
        }),
      );
    }
    results.push(
      report({
        name: `queue: ${name}, 2 workers against 1`,
        value: (times[0] as number) / (times[1] as number),
        unit: '×',
        note: 'goal ≥ 1.7× on 2 cores, PostgreSQL on the same 2 cores',
      }),
    );
  }
  return results;
}

/**
 * The control for the ratio above: the same documents in one process without any queue or PostgreSQL (SQLite in
 * memory), with 1 and then 2 worker threads. When this ratio is also ~1, the machine is what is saturated (one
 * extraction thread and V8's concurrent garbage collection already keep both cores busy), not the queue.
 */
async function threadsInProcess(name: string, docs: RawDocument[]): Promise<BenchResult> {
  const times: number[] = [];
  for (const workers of [1, 2]) {
    const store = await openStore(':memory:');
    await ingestItems(
      store,
      docs.slice(0, 4).map((doc) => ({ ok: true as const, doc })),
      { workers },
    );
    const t = process.hrtime.bigint();
    await ingestItems(
      store,
      docs.slice(4).map((doc) => ({ ok: true as const, doc })),
      { workers },
    );
    times.push(seconds(t));
    await store.close();
  }
  return report({
    name: `in process, no queue: ${name}, 2 threads against 1`,
    value: (times[0] as number) / (times[1] as number),
    unit: '×',
    note: `${((docs.length - 4) / (times[0] as number)).toFixed(1)} → ${((docs.length - 4) / (times[1] as number)).toFixed(1)} docs/s`,
  });
}

/** The first `limit` pages of a folder of (gzipped) HTML files, as ingest reads them. */
async function loadPages(dir: string, limit: number): Promise<RawDocument[]> {
  const docs: RawDocument[] = [];
  for await (const item of readInputs([dir])) {
    if (docs.length >= limit) break;
    if (item.ok) docs.push(item.doc);
  }
  return docs;
}

async function overheadPerJob(
  docs: RawDocument[],
  fresh: (name: string) => Promise<{ db: string; queueSchema: string }>,
): Promise<BenchResult> {
  // Baseline: the in-process pipeline, one worker thread, into PostgreSQL (models loaded by a first small batch).
  const direct = await fresh('direct');
  const directStore = await openStore(direct.db);
  await ingestItems(
    directStore,
    docs.slice(0, 5).map((doc) => ({ ok: true as const, doc })),
    { workers: 1 },
  );
  const measured = docs.slice(5);
  let t = process.hrtime.bigint();
  await ingestItems(
    directStore,
    measured.map((doc) => ({ ok: true as const, doc })),
    { workers: 1 },
  );
  const directSeconds = seconds(t);
  await directStore.close();

  const queued = await fresh('queued');
  const settings = { ...QUEUE_SETTINGS, schema: queued.queueSchema, pollSeconds: 0.5 };
  const store = await openStore(queued.db);
  const boss = await openQueue(queued.db, settings);
  await enqueueDocuments(boss, docs.slice(0, 5), settings, store.reserveArrivals?.bind(store));
  const stop = new AbortController();
  let done = 0;
  let target = 5;
  let reached: () => void = () => undefined;
  const worker = runIngestWorker(
    store,
    boss,
    { concurrency: 1, queue: settings, onJob: () => ++done >= target && reached() },
    stop.signal,
  );
  await new Promise<void>((r) => (reached = r));
  target += measured.length;
  const all = new Promise<void>((r) => (reached = r));
  t = process.hrtime.bigint();
  await enqueueDocuments(boss, measured, settings, store.reserveArrivals?.bind(store));
  await all;
  const queuedSeconds = seconds(t);
  stop.abort();
  await worker;
  await boss.stop({ graceful: false, wait: true });
  await store.close();
  return report({
    name: 'queue: overhead per job against in-process',
    value: ((queuedSeconds - directSeconds) * 1000) / measured.length,
    unit: 'ms',
    note: `${directSeconds.toFixed(1)} s in-process, ${queuedSeconds.toFixed(1)} s queued (enqueue included), one worker thread`,
  });
}
