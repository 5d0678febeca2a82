// The two kinds of process of a PostgreSQL deployment (`storyline worker`):
//
// - Ingest workers, as many as you like on any hosts: each takes a job, runs the per-document stages (extract,
//   analyse) in its worker threads under the usual deadline, and saves the article with an idempotent upsert. They
//   keep no state: killing one loses nothing but the job it held, which the queue hands out again once it expires.
// - The clusterer, exactly one at a time: it holds a lease (a PostgreSQL advisory lock on a connection of its own,
//   dropped by the server the moment its process dies) and runs the story step — the same `refreshStories` a
//   SQLite ingest runs — whenever articles are pending and the queue is quiet. Standbys wait for the lease. It keeps
//   nothing in memory between chunks: each chunk reads the clusterer's state for its keys from PostgreSQL, so a
//   new clusterer carries on exactly where a killed one stopped (a chunk is one transaction).
//
// Stories are made in publication order once the queue is quiet, so a queued ingest ends in the same stories as
// one in-process ingest of the same files, however the jobs were spread over workers.

import pg from 'pg';
import type PgBoss from 'pg-boss';
import type { StoryClusterSettings } from '../cluster/settings.js';
import type { Store } from '../store/store.js';
import { errorMessage } from './ingest.js';
import {
  DEAD_LETTER_QUEUE,
  type DeadLetterData,
  INGEST_QUEUE,
  ingestBusy,
  type IngestJobData,
  QUEUE_SETTINGS,
  type QueueSettings,
} from './queue.js';
import { refreshStories } from './stories.js';
import { type StorableDocument, WorkerPool } from './worker-pool.js';

export interface ClustererSettings {
  /** Seconds between looks at the queue and the pending articles. */
  pollSeconds: number;
  /**
   * Longest time pending articles wait for a quiet queue. Clustering while inputs still arrive would take a later
   * article before an earlier one still queued, so the clusterer waits until nothing is queued or running — but
   * under a queue that never empties, stories must still appear: after this long they are made anyway.
   */
  maxWaitSeconds: number;
  /** Seconds a standby waits between attempts to take the lease. */
  leaseRetrySeconds: number;
  /** The advisory-lock key of the lease ("stcl"): one clusterer per database. */
  leaseKey: number;
}

export const CLUSTERER_SETTINGS: ClustererSettings = {
  pollSeconds: 2,
  maxWaitSeconds: 300,
  leaseRetrySeconds: 5,
  leaseKey: 0x7374636c,
};

export interface IngestWorkerOptions {
  /** Worker threads extracting and analysing, each with a job at a time. */
  concurrency: number;
  /** One document's deadline in its worker thread. */
  deadlineMs?: number;
  queue?: QueueSettings;
  /** Told when the queue cannot be reached (the worker keeps trying). */
  onError?: (message: string) => void;
  /** Told of every job finished: the input, and the article saved or the error. */
  onJob?: (done: { source: string; article?: string; error?: string }) => void;
}

/** A job whose document came back from its worker thread: what is left is to save it and settle the job. */
type Finished =
  | { job: PgBoss.Job<IngestJobData>; kind: 'processed'; value: StorableDocument }
  /** The input itself is bad (extraction or analysis failed, or overran its deadline): dead-lettered, not retried. */
  | { job: PgBoss.Job<IngestJobData>; kind: 'bad'; source: string; error: string }
  /** Not the input's fault (the worker stopping): failed, so the queue retries it. */
  | { job: PgBoss.Job<IngestJobData>; kind: 'retry'; error: string };

/**
 * Take ingest jobs until `signal` aborts, `concurrency` worker threads at a time.
 *
 * Jobs are claimed several at once and settled several at once, so the queue's and the database's work per job is
 * a share of a round trip and of a commit, not three of each: a fetch claims what the threads will need next while
 * they work (`jobsPerThread`, `refillPerThread`), and the jobs that finished while one batch was being saved are
 * saved together in the next transaction, then completed with one statement. A bad input (extraction or analysis
 * failed, or overran its deadline) goes to the dead-letter queue at once with its error — it would fail the same
 * way again; a failure to save (the database away) fails the job, so the queue retries it with backoff.
 */
export async function runIngestWorker(
  store: Store,
  boss: PgBoss,
  opts: IngestWorkerOptions,
  signal: AbortSignal,
): Promise<void> {
  const settings = opts.queue ?? QUEUE_SETTINGS;
  const threads = Math.max(1, opts.concurrency);
  const pool = new WorkerPool(threads, opts.deadlineMs === undefined ? {} : { deadlineMs: opts.deadlineMs });
  const hold = threads * Math.max(1, settings.jobsPerThread);
  const refillAt = Math.min(hold - 1, threads * Math.max(0, settings.refillPerThread));
  const onError = opts.onError ?? (() => undefined);
  /** Jobs claimed whose document is still with the worker threads. */
  let unfinished = 0;
  /** Jobs whose document came back, waiting for the next settle. */
  const finished: Finished[] = [];
  /** Jobs in the settle running now. */
  let settling = 0;
  let stopping = false;

  // One wake-up for both loops: anything that changes the counts above wakes whoever waits for them.
  let waiters: (() => void)[] = [];
  const changed = (): Promise<void> => new Promise((wake) => waiters.push(wake));
  const notify = (): void => {
    const woken = waiters;
    waiters = [];
    for (const wake of woken) wake();
  };
  signal.addEventListener('abort', notify, { once: true });

  const work = async (job: PgBoss.Job<IngestJobData>): Promise<Finished> => {
    // The document goes to its worker thread as the job's JSON text, parsed there: this thread, which claims,
    // saves and settles every job, neither parses it nor copies its object graph, and the analysis comes back
    // already serialised for the store.
    const outcome = await pool.runJsonForStore(job.data.doc);
    if (outcome.ok) return { job, kind: 'processed', value: outcome.value };
    // Cut short by our own stop, the input is not at fault: failed, the job goes back to the queue.
    if (stopping) return { job, kind: 'retry', error: `the worker stopped while working on ${job.data.source}` };
    return { job, kind: 'bad', source: job.data.source, error: outcome.error };
  };
  const start = (job: PgBoss.Job<IngestJobData>): void => {
    unfinished++;
    void work(job).then((done) => {
      unfinished--;
      finished.push(done);
      notify();
    });
  };

  // Not pg-boss's `work()`: its loop waits out the polling interval after every batch, however short the batch
  // was, and settles a batch only when all of it is done. This one claims the next jobs before the threads run
  // dry and only sleeps when the queue is empty.
  const claimLoop = async (): Promise<void> => {
    while (!signal.aborted) {
      const held = unfinished + finished.length + settling;
      if (unfinished > refillAt || held >= hold) {
        await changed();
        continue;
      }
      let jobs: PgBoss.Job<IngestJobData>[] = [];
      try {
        jobs = await boss.fetch<IngestJobData>(INGEST_QUEUE, { batchSize: hold - held });
      } catch (err) {
        // The database away: say so and try again after a poll interval, as pg-boss's own loop would.
        onError(`could not fetch jobs: ${errorMessage(err)}`);
      }
      if (jobs.length === 0) await sleep(settings.pollSeconds * 1000, signal);
      for (const job of jobs) start(job);
    }
  };
  const settleLoop = async (): Promise<void> => {
    for (;;) {
      if (finished.length === 0) {
        if (signal.aborted && unfinished === 0) return;
        await changed();
        continue;
      }
      const batch = finished.splice(0, Math.max(1, settings.settleBatch));
      settling = batch.length;
      await settleJobs(store, boss, batch, opts.onJob, onError);
      settling = 0;
      notify();
    }
  };

  const claiming = claimLoop();
  const settled = settleLoop();
  await claiming;
  // Take no more jobs; let those held finish (a document has its deadline), then end the threads. A job still
  // running after the grace period fails as stopped and is retried by the queue.
  const graceUntil = Date.now() + settings.stopGraceSeconds * 1000;
  while (unfinished > 0 && Date.now() < graceUntil) await new Promise((wake) => setTimeout(wake, 100));
  stopping = true;
  await pool.close();
  notify();
  await settled;
}

/**
 * Save and settle finished jobs: dead letters in one insert, the articles in one transaction, the saved jobs
 * completed with one statement. Never throws: what cannot be settled now (the database away) stays active and the
 * queue hands it out again once it expires.
 */
async function settleJobs(
  store: Store,
  boss: PgBoss,
  batch: readonly Finished[],
  onJob: IngestWorkerOptions['onJob'],
  onError: (message: string) => void,
): Promise<void> {
  const retry: { id: string; error: string }[] = [];
  const toRetry = (id: string, error: string): void => void retry.push({ id, error });
  const processed: Extract<Finished, { kind: 'processed' }>[] = [];
  const bad: Extract<Finished, { kind: 'bad' }>[] = [];
  for (const f of batch) {
    if (f.kind === 'processed') processed.push(f);
    else if (f.kind === 'bad') bad.push(f);
    else toRetry(f.job.id, f.error);
  }
  try {
    if (bad.length > 0) {
      const letters = bad.map((f): PgBoss.JobInsert<DeadLetterData> => ({
        name: DEAD_LETTER_QUEUE,
        data: { source: f.source, error: f.error },
      }));
      await boss.insert(letters);
      // Completed, not failed: a bad input must not be retried. Its error is its output (`storyline jobs`).
      for (const f of bad) {
        await boss.complete(INGEST_QUEUE, f.job.id, { error: f.error });
        onJob?.({ source: f.source, error: f.error });
      }
    }
  } catch (err) {
    onError(`could not dead-letter ${bad.length} bad inputs: ${errorMessage(err)}`);
  }

  const items = processed.map((f) => {
    const { shown, arrival } = f.job.data;
    const article = shown === undefined ? f.value.article : { ...f.value.article, source: shown };
    return {
      article,
      ...(f.value.analysis ? { analysis: f.value.analysis } : {}),
      ...(arrival === undefined ? {} : { options: { arrival } }),
    };
  });
  const saved: string[] = [];
  const report = (i: number, article: string): void => {
    const f = processed[i] as (typeof processed)[number];
    saved.push(f.job.id);
    onJob?.({ source: f.job.data.source, article });
  };
  let batchSaved = false;
  if (store.saveBatch && items.length > 1) {
    try {
      (await store.saveBatch(items)).forEach((r, i) => report(i, r.id));
      batchSaved = true;
    } catch {
      // One article the database refuses (or a deadlock with another worker) fails the whole transaction: each
      // is saved on its own below, so only the one at fault fails.
    }
  }
  if (!batchSaved) {
    for (const [i, item] of items.entries()) {
      try {
        report(i, (await store.saveArticle(item.article, item.analysis, item.options)).id);
      } catch (err) {
        toRetry((processed[i] as (typeof processed)[number]).job.id, errorMessage(err));
      }
    }
  }
  try {
    if (saved.length > 0) await boss.complete(INGEST_QUEUE, saved);
  } catch (err) {
    onError(`could not complete ${saved.length} jobs: ${errorMessage(err)}`);
  }
  // Not the input's fault (the database away, the worker stopping): the queue retries these with backoff. One
  // statement each, each with its error: the rare case.
  for (const { id, error } of retry)
    await boss.fail(INGEST_QUEUE, id, { message: error }).catch((err: unknown) => {
      onError(`could not give back a job: ${errorMessage(err)}`);
    });
}

/**
 * Be the clusterer: take the lease (waiting as a standby while another process holds it), then make stories
 * whenever articles are pending and the queue is quiet, until `signal` aborts.
 */
export interface ClustererOptions {
  /** The database's URL: the lease needs a connection of its own. */
  db: string;
  settings?: ClustererSettings;
  /** Story-clustering tunables, as `refreshStories` takes them. */
  stories?: Partial<StoryClusterSettings>;
  /** The queue's settings (its schema: where to see whether inputs are still queued). */
  queue?: QueueSettings;
  onEvent?: (message: string) => void;
}

export async function runClusterer(
  store: Store,
  boss: PgBoss,
  opts: ClustererOptions,
  signal: AbortSignal,
): Promise<void> {
  const { db, settings = CLUSTERER_SETTINGS, stories = {}, queue = QUEUE_SETTINGS, onEvent = () => undefined } = opts;
  const lease = new pg.Client({ connectionString: db, application_name: 'storyline clusterer lease' });
  await lease.connect();
  // Losing the lease's connection means another clusterer may now hold it: stop at once, do not go on clustering.
  let lost: Error | undefined;
  lease.on('error', (err) => {
    lost = err;
  });
  try {
    let announced = false;
    for (;;) {
      if (signal.aborted) return;
      const { rows } = await lease.query<{ held: boolean }>('SELECT pg_try_advisory_lock($1) AS held', [
        settings.leaseKey,
      ]);
      if (rows[0]?.held) break;
      if (!announced) onEvent('another clusterer holds the lease: standing by');
      announced = true;
      await sleep(settings.leaseRetrySeconds * 1000, signal);
    }
    onEvent('holding the clusterer lease');
    let waitingSince: number | undefined;
    while (!signal.aborted) {
      if (lost) throw new Error(`the clusterer lost its lease connection: ${errorMessage(lost)}`);
      const pending = await store.countUnclustered();
      if (pending === 0) {
        waitingSince = undefined;
      } else {
        waitingSince ??= Date.now();
        const overdue = Date.now() - waitingSince >= settings.maxWaitSeconds * 1000;
        if (overdue || !(await ingestBusy(boss, queue.schema))) {
          onEvent(`clustering ${pending} pending articles`);
          const result = await refreshStories(store, undefined, stories);
          onEvent(`${result.stories} stories, ${result.changed} new or updated`);
          waitingSince = undefined;
          continue;
        }
      }
      await sleep(settings.pollSeconds * 1000, signal);
    }
  } finally {
    await lease.end().catch(() => undefined);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
