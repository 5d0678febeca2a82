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
import type { RawDocument } from '../model.js';
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
import { WorkerPool } from './worker-pool.js';

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
  /** Jobs worked at once, each in a worker thread of its own. */
  concurrency: number;
  /** One document's deadline in its worker thread. */
  deadlineMs?: number;
  queue?: QueueSettings;
  /** Told when the queue cannot be reached (the worker keeps trying). */
  onError?: (message: string) => void;
  /** Told of every job finished: the input, and the article saved or the error. */
  onJob?: (done: { source: string; article?: string; error?: string }) => void;
}

/** What an ingest job returns as its output (kept with the finished job). */
type JobOutput = { article: string; created: boolean } | { error: string };

/**
 * Take ingest jobs until `signal` aborts, `concurrency` at a time. A bad input (extraction or analysis failed, or
 * overran its deadline) goes to the dead-letter queue at once with its error — it would fail the same way again;
 * a failure to save (the database away) is thrown, so the queue retries the job with backoff.
 */
export async function runIngestWorker(
  store: Store,
  boss: PgBoss,
  opts: IngestWorkerOptions,
  signal: AbortSignal,
): Promise<void> {
  const settings = opts.queue ?? QUEUE_SETTINGS;
  const pool = new WorkerPool(opts.concurrency, opts.deadlineMs === undefined ? {} : { deadlineMs: opts.deadlineMs });
  let running = 0;
  let stopping = false;
  const work = async (job: PgBoss.Job<IngestJobData>): Promise<JobOutput> => {
    const { arrival } = job.data;
    const doc = JSON.parse(job.data.doc) as RawDocument;
    const outcome = await pool.run(doc);
    if (!outcome.ok) {
      // Cut short by our own stop, the input is not at fault: thrown, the job goes back to the queue.
      if (stopping) throw new Error(`the worker stopped while working on ${doc.source}`);
      const letter: DeadLetterData = { source: doc.source, error: outcome.error };
      await boss.send(DEAD_LETTER_QUEUE, letter);
      opts.onJob?.({ source: doc.source, error: outcome.error });
      return { error: outcome.error };
    }
    const { shown } = job.data;
    const saved = await store.saveArticle(
      shown === undefined ? outcome.value.article : { ...outcome.value.article, source: shown },
      outcome.value.analysis,
      arrival === undefined ? {} : { arrival },
    );
    opts.onJob?.({ source: doc.source, article: saved.id });
    return { article: saved.id, created: saved.created };
  };
  // Loops of a job at a time, each settled on its own, `jobsPerThread` per worker thread. Not pg-boss's `work()`: its loop
  // waits out the polling interval after every job, however short the job was, which would cap a worker at one
  // document per interval; this one fetches the next job at once and only sleeps when the queue is empty.
  const loop = async (): Promise<void> => {
    while (!signal.aborted) {
      let job: PgBoss.Job<IngestJobData> | undefined;
      try {
        [job] = await boss.fetch<IngestJobData>(INGEST_QUEUE, { batchSize: 1 });
      } catch (err) {
        // The database away: say so and try again after a poll interval, as pg-boss's own loop would.
        opts.onError?.(`could not fetch a job: ${errorMessage(err)}`);
      }
      if (!job) {
        await sleep(settings.pollSeconds * 1000, signal);
        continue;
      }
      running++;
      try {
        const output = await work(job);
        await boss.complete(INGEST_QUEUE, job.id, output);
      } catch (err) {
        // Not the input's fault (the database away, the worker stopping): the queue retries it with backoff.
        await boss.fail(INGEST_QUEUE, job.id, { message: errorMessage(err) }).catch(() => undefined);
      } finally {
        running--;
      }
    }
  };
  const loops = Array.from({ length: Math.max(1, opts.concurrency) * settings.jobsPerThread }, () => loop());
  await abortion(signal);
  // Take no more jobs; let those running finish (a document has its deadline), then end the threads. A job still
  // running after the grace period fails as stopped and is retried by the queue.
  const graceUntil = Date.now() + settings.stopGraceSeconds * 1000;
  while (running > 0 && Date.now() < graceUntil) await new Promise((wake) => setTimeout(wake, 100));
  stopping = true;
  await pool.close();
  await Promise.all(loops);
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

function abortion(signal: AbortSignal): Promise<void> {
  return signal.aborted
    ? Promise.resolve()
    : new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
