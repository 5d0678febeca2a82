// The job queue of a PostgreSQL deployment: inputs go in as jobs, stateless workers on any host take them, and one
// clusterer turns what they saved into stories. The engine is pg-boss (10.x, the line for Node 20): it keeps the
// jobs in the same PostgreSQL as the articles, hands each job to exactly one worker (SELECT … FOR UPDATE SKIP
// LOCKED), retries with backoff, fails a job whose worker vanished once its expiry passes, and moves a job that
// ran out of retries to a dead-letter queue. SQLite has no queue: `storyline ingest` does everything in-process.
//
// A job carries the document itself, not a path: a path names a file only on the machine that named it, while the
// queue is read by workers on other hosts. So `ingest --queue` reads and splits the inputs (cheap: no extraction),
// and a worker does the costly part — extract, analyse, save — with an upsert keyed by the article's content hash,
// so a job run twice (its worker was killed after saving) stores the article once.

import PgBoss from 'pg-boss';
import type { RawDocument } from '../model.js';
import { isPostgresUrl } from '../store/open.js';

export interface QueueSettings {
  /** Schema holding the queue's tables, apart from the articles' own. */
  schema: string;
  /**
   * Attempts after the first for a job that failed for a reason outside its input (database gone, worker killed):
   * such failures pass. A bad input is not retried: it fails the same way every time (see `InputFailure`).
   */
  retryLimit: number;
  /** Seconds before the first retry; doubled (with jitter) at each further one. */
  retryDelaySeconds: number;
  /**
   * A job still active this long after it started is taken to have lost its worker (SIGKILL, a host gone) and is
   * failed, then retried. Well above one document's deadline (30 s) plus its save, so a slow job is never run
   * twice at once, and short enough that a crash delays its input by minutes, not the engine's default 15.
   */
  expireSeconds: number;
  /** How often one of the processes sweeps expired jobs (pg-boss maintenance); bounds the delay after a crash. */
  maintenanceSeconds: number;
  /** How often an idle worker asks for a job. */
  pollSeconds: number;
  /**
   * Jobs a worker holds per worker thread: claimed, being extracted, or waiting to be saved. Several, so the thread
   * always has its next document while jobs are claimed and saved in batches (one round trip and one commit for
   * many: a commit waits ~4 ms for the disk here). At most this many one-document deadlines (30 s) must fit well
   * inside `expireSeconds`, or a held job could expire unworked and run twice.
   */
  jobsPerThread: number;
  /**
   * Claim more jobs once a worker has no more than this many per thread left to start: one running and one
   * waiting keep the thread busy through the fetch, and each fetch then claims `jobsPerThread` minus this.
   */
  refillPerThread: number;
  /** Most finished jobs saved and settled in one transaction (they batch up while the previous one commits). */
  settleBatch: number;
  /** Jobs written per INSERT when enqueuing: one round trip per this many inputs. */
  enqueueBatch: number;
  /** Finished jobs kept (for `storyline jobs`) this long before pg-boss archives them. */
  keepDoneSeconds: number;
  /** On SIGTERM a worker lets its running jobs finish for this long (one document's deadline), then gives them back. */
  stopGraceSeconds: number;
}

export const QUEUE_SETTINGS: QueueSettings = {
  schema: 'storyline_queue',
  retryLimit: 3,
  retryDelaySeconds: 5,
  expireSeconds: 300,
  maintenanceSeconds: 30,
  pollSeconds: 1,
  jobsPerThread: 6,
  refillPerThread: 2,
  settleBatch: 32,
  enqueueBatch: 200,
  keepDoneSeconds: 7 * 24 * 3600,
  stopGraceSeconds: 30,
};

/** The queue of inputs to extract, analyse and save. */
export const INGEST_QUEUE = 'ingest';
/** Where a job goes when it cannot be done: a bad input at once, any other failure after its retries. */
export const DEAD_LETTER_QUEUE = 'ingest-failed';

/** What one ingest job carries. */
export interface IngestJobData {
  /** Names the input in `storyline jobs` and in errors. */
  source: string;
  /**
   * The RawDocument as JSON text. A string, not an object: PostgreSQL's jsonb cannot hold U+0000 anywhere, and a
   * hostile input may carry one; inside a string the escape `\u0000` is plain characters.
   */
  doc: string;
  /** The source the article is stored under (relative to what the user gave, ingest/source-label.ts); absent: the
   * document's own. */
  shown?: string;
  /**
   * The input's place in the arrival order, reserved when it was queued: workers finish in any order, and the story
   * step takes a day's articles in arrival order, so without it the stories would depend on which worker was faster.
   */
  arrival?: number;
}

/** What a dead-letter job carries: the input, and why it failed. */
export interface DeadLetterData {
  source: string;
  error: string;
}

/** Error codes of the queue room, each with its message template. */
export const QUEUE_ERRORS = {
  NOT_POSTGRES: (db: string) => `the job queue needs a PostgreSQL database (--db postgres://…), not ${db}`,
  START_FAILED: (why: string) => `the job queue could not be opened: ${why}`,
} as const;

export class QueueError extends Error {
  override name = 'QueueError';
  constructor(
    readonly code: keyof typeof QUEUE_ERRORS,
    message: string,
  ) {
    super(message);
  }
}

/** A started pg-boss on `db`, with the ingest and dead-letter queues created. Stop it with `queue.stop()`. */
export async function openQueue(
  db: string,
  settings: QueueSettings = QUEUE_SETTINGS,
  opts: { supervise?: boolean } = {},
): Promise<PgBoss> {
  if (!isPostgresUrl(db)) throw new QueueError('NOT_POSTGRES', QUEUE_ERRORS.NOT_POSTGRES(db));
  const boss = new PgBoss({
    connectionString: db,
    schema: settings.schema,
    maintenanceIntervalSeconds: settings.maintenanceSeconds,
    // Every worker sweeps expired jobs (one at a time: pg-boss elects one per interval); a reader need not.
    supervise: opts.supervise ?? true,
    archiveCompletedAfterSeconds: settings.keepDoneSeconds,
    archiveFailedAfterSeconds: settings.keepDoneSeconds,
    // A handful of connections: a worker holds one while it polls and one while it settles a job.
    max: 4,
  });
  // pg-boss reports trouble in its background loops as events; without a listener Node would crash on them.
  boss.on('error', (err) => process.stderr.write(`storyline queue: ${err.message}\n`));
  try {
    await boss.start();
    await ensureQueue(boss, DEAD_LETTER_QUEUE, { retryLimit: 0 });
    await ensureQueue(boss, INGEST_QUEUE, {
      retryLimit: settings.retryLimit,
      retryDelay: settings.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: settings.expireSeconds,
      deadLetter: DEAD_LETTER_QUEUE,
    });
  } catch (err) {
    await boss.stop({ graceful: false, wait: false }).catch(() => undefined);
    throw new QueueError('START_FAILED', QUEUE_ERRORS.START_FAILED(err instanceof Error ? err.message : String(err)));
  }
  return boss;
}

async function ensureQueue(boss: PgBoss, name: string, options: Omit<PgBoss.Queue, 'name'>): Promise<void> {
  // Several processes start at once: creating a queue another just created is not an error.
  if (await boss.getQueue(name)) await boss.updateQueue(name, { name, ...options });
  else
    await boss.createQueue(name, { name, ...options }).catch(async (err: unknown) => {
      if (!(await boss.getQueue(name))) throw err;
    });
}

/**
 * Put documents on the queue, a batch per round trip, each with its place in the arrival order when `reserve`
 * (the store's `reserveArrivals`) is given. Returns how many were queued.
 */
export async function enqueueDocuments(
  boss: PgBoss,
  docs: AsyncIterable<RawDocument> | Iterable<RawDocument>,
  settings: QueueSettings = QUEUE_SETTINGS,
  reserve?: (count: number) => Promise<number[]>,
  sourceLabel?: (source: string) => string,
): Promise<number> {
  let batch: PgBoss.JobInsert<IngestJobData>[] = [];
  let queued = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const places = reserve ? await reserve(batch.length) : [];
    batch.forEach((job, i) => {
      if (places[i] !== undefined && job.data) job.data.arrival = places[i];
    });
    await boss.insert(batch);
    queued += batch.length;
    batch = [];
  };
  for await (const doc of docs) {
    batch.push({
      name: INGEST_QUEUE,
      data: {
        source: doc.source,
        doc: JSON.stringify(doc),
        ...(sourceLabel && sourceLabel(doc.source) !== doc.source ? { shown: sourceLabel(doc.source) } : {}),
      },
      retryLimit: settings.retryLimit,
      retryDelay: settings.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: settings.expireSeconds,
      deadLetter: DEAD_LETTER_QUEUE,
    });
    if (batch.length >= settings.enqueueBatch) await flush();
  }
  await flush();
  return queued;
}

export interface JobCounts {
  queued: number;
  active: number;
  retry: number;
  done: number;
  failed: number;
  /** Jobs in the dead-letter queue: inputs that could not be done, with their errors. */
  deadLetter: number;
}

export interface JobFailure {
  source: string;
  error: string;
  at: string;
}

/** Jobs of the ingest queue (in the queue's `schema`) by state (finished ones archived by now included), and the dead letters. */
export async function jobCounts(boss: PgBoss, schema: string): Promise<JobCounts> {
  const db = boss.getDb();
  const { rows } = await db.executeSql(
    // A job whose input was bad is completed (it must not be retried) with the error as its output.
    `SELECT name, CASE WHEN state = 'completed' AND output ? 'error' THEN 'failed' ELSE state::text END AS state,
            count(*)::integer AS n FROM (
       SELECT name, state, output FROM ${schema}.job WHERE name = ANY($1)
       UNION ALL SELECT name, state, output FROM ${schema}.archive WHERE name = ANY($1)
     ) j GROUP BY 1, 2`,
    [[INGEST_QUEUE, DEAD_LETTER_QUEUE]],
  );
  const counts: JobCounts = { queued: 0, active: 0, retry: 0, done: 0, failed: 0, deadLetter: 0 };
  for (const row of rows as { name: string; state: string; n: number }[]) {
    if (row.name === DEAD_LETTER_QUEUE) counts.deadLetter += row.n;
    else if (row.state === 'created') counts.queued += row.n;
    else if (row.state === 'active') counts.active += row.n;
    else if (row.state === 'retry') counts.retry += row.n;
    else if (row.state === 'completed') counts.done += row.n;
    else if (row.state === 'failed' || row.state === 'cancelled') counts.failed += row.n;
  }
  return counts;
}

/** The dead letters, newest first: which input failed and why. */
export async function jobFailures(boss: PgBoss, schema: string, limit = 50): Promise<JobFailure[]> {
  const db = boss.getDb();
  const { rows } = await db.executeSql(
    // A dead letter is ours (a bad input: source and error in its data) or pg-boss's (retries spent: the job's
    // own data, and the error it was failed with as output, a serialised Error or {value: message}).
    `SELECT data->>'source' AS source,
            COALESCE(data->>'error', output->>'message', output->'value'->>'message', output::text) AS error,
            created_on AS at FROM (
       SELECT data, output, created_on FROM ${schema}.job WHERE name = $1
       UNION ALL SELECT data, output, created_on FROM ${schema}.archive WHERE name = $1
     ) j ORDER BY created_on DESC LIMIT $2`,
    [DEAD_LETTER_QUEUE, limit],
  );
  return (rows as { source: string | null; error: string | null; at: Date }[]).map((r) => ({
    source: r.source ?? '(unknown input)',
    error: r.error ?? 'failed',
    at: new Date(r.at).toISOString(),
  }));
}

/** True while any ingest job is waiting, running or due for a retry: the clusterer waits for a quiet queue. */
export async function ingestBusy(boss: PgBoss, schema: string): Promise<boolean> {
  const { rows } = await boss
    .getDb()
    .executeSql(`SELECT 1 FROM ${schema}.job WHERE name = $1 AND state IN ('created', 'retry', 'active') LIMIT 1`, [
      INGEST_QUEUE,
    ]);
  return rows.length > 0;
}
