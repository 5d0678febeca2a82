// The job queue on PostgreSQL (needs a server: STORYLINE_BENCH_PG, else STORYLINE_TEST_PG, a postgres:// URL).
//
// - Throughput: the same documents queued, then worked by 1 and by 2 `storyline worker` processes; the ratio is
//   what a second worker buys (the goal is ≥ 1.7× on 2 cores). Each process is started and warmed up (models
//   loaded) before the clock starts: a worker runs for hours, its start-up is not its speed.
// - The control, in the same rounds: the same documents extracted and analysed by 1 and by 2 plain processes, no
//   queue, no database. Its ratio is what the machine gives two processes of this work right now (the cores are
//   shared with PostgreSQL and, here, with other users); the queue's ratio is to be read against it.
// - CPU per document, of the worker processes and of the PostgreSQL backends serving them (when the server runs on
//   this machine): it does not depend on how busy the machine is, and says where a worker's time goes.
// - Overhead per job: the same documents through the queue with one in-process worker, against the in-process
//   pipeline (`ingestItems`, one worker thread) on the same store, both in this process.
//
// Rounds alternate 1 and 2 workers (and the control's 1 and 2 processes), so a change in the machine's load
// touches both sides of each ratio.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
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
import { type BenchResult, loadPages, loadT17Documents, projectRoot, report, seconds, sharedOrSkip } from './shared.js';

/** Documents per run: at ~30–50 a second, 10–15 s of steady work per run. */
const DOCUMENTS = 500;
/** Web pages per run: each costs several times a T17 text. */
const PAGES = 250;
/** Rounds of (1 worker, 2 workers, control 1, control 2). */
const ROUNDS = 2;
/**
 * Jobs done before the clock starts: a few batches per worker of the most started, so that every process has
 * loaded its models and is in its stride. The same count for 1 and 2 workers, so both time the same work.
 */
const WARM_UP = 2 * 2 * QUEUE_SETTINGS.jobsPerThread;
/** How often the bench looks at the queue's counts: the timing's resolution. */
const POLL_MS = 100;
const cli = join(projectRoot, 'dist', 'src', 'cli', 'main.js');
const controlChild = fileURLToPath(new URL('./queue-control-child.js', import.meta.url));

interface Corpus {
  name: string;
  kind: 't17' | 'pages';
  dir: string;
  limit: number;
  docs: RawDocument[];
}

/** A fresh store schema and queue schema: the store's URL (its connections named `app`) and the queue's schema. */
type Fresh = (name: string) => Promise<{ db: string; queueSchema: string }>;

export async function benchQueue(): Promise<BenchResult[]> {
  const pgUrl = process.env.STORYLINE_BENCH_PG ?? process.env.STORYLINE_TEST_PG;
  if (!pgUrl) {
    process.stderr.write('skipping the queue benchmark: set STORYLINE_BENCH_PG=postgres://… (a scratch database)\n');
    return [];
  }
  const t17 = sharedOrSkip('eval/t17', 'the queue benchmark');
  if (!t17) return [];
  const pages = sharedOrSkip('eval/dates/html', 'the queue benchmark on web pages');
  const corpora: Corpus[] = [
    { name: 'T17 texts', kind: 't17', dir: t17, limit: DOCUMENTS, docs: loadT17Documents(t17, DOCUMENTS) },
  ];
  // Real web pages: extraction is most of their cost, as in a crawl; T17's short texts are the worst case for
  // the queue, whose cost per job (and the database's) is the same for a short text as for a page.
  if (pages)
    corpora.push({ name: 'web pages', kind: 'pages', dir: pages, limit: PAGES, docs: await loadPages(pages, PAGES) });
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  const schemas: string[] = [];
  const app = `storyline_bench_${process.pid}`;
  const fresh: Fresh = async (name) => {
    const store = `bench_${name}_${process.pid}`;
    const queueSchema = `bench_${name}_jobs_${process.pid}`;
    schemas.push(store, queueSchema);
    await admin.query(`DROP SCHEMA IF EXISTS ${store} CASCADE; CREATE SCHEMA ${store}`);
    const url = new URL(pgUrl);
    url.searchParams.set('options', `-c search_path=${store}`);
    // Named, so the bench finds the backends serving the workers (pg_stat_activity) and reads their CPU.
    url.searchParams.set('application_name', app);
    return { db: url.toString(), queueSchema };
  };
  const backends = new BackendCpu(admin, app);
  const results: BenchResult[] = [];
  try {
    for (const corpus of corpora) results.push(...(await scaling(corpus, fresh, backends)));
    results.push(await overheadPerJob(corpora[0]?.docs ?? [], fresh));
  } finally {
    for (const s of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    await admin.end();
  }
  return results;
}

interface Run {
  docsPerSecond: number;
  /** CPU seconds per document of the worker processes, and of their PostgreSQL backends (undefined: not here). */
  workerCpuMs: number;
  pgCpuMs?: number;
}

/** Rounds of 1 and 2 queue workers and of the control's 1 and 2 plain processes; the rates and ratios. */
async function scaling(corpus: Corpus, fresh: Fresh, backends: BackendCpu): Promise<BenchResult[]> {
  const queue: Run[][] = [[], []];
  const control: { docsPerSecond: number; cpuMs: number }[][] = [[], []];
  for (let round = 0; round < ROUNDS; round++) {
    for (const workers of [1, 2]) {
      queue[workers - 1]?.push(await queueRun(corpus, workers, fresh, backends, round));
      control[workers - 1]?.push(await controlRun(corpus, workers));
    }
  }
  const [q1, q2] = queue as [Run[], Run[]];
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const [c1, c2] = control.map((runs) => runs.map((r) => r.docsPerSecond)) as [number[], number[]];
  const controlCpu = mean((control[0] ?? []).map((r) => r.cpuMs));
  const cpu = (runs: Run[]) => {
    const pgMs = runs.every((r) => r.pgCpuMs !== undefined) ? mean(runs.map((r) => r.pgCpuMs as number)) : undefined;
    return `CPU per doc: workers ${mean(runs.map((r) => r.workerCpuMs)).toFixed(1)} ms${pgMs === undefined ? '' : `, PostgreSQL ${pgMs.toFixed(1)} ms`}`;
  };
  const ratios = q1.map((r, i) => (q2[i] as Run).docsPerSecond / r.docsPerSecond);
  const controlRatios = c1.map((r, i) => (c2[i] as number) / r);
  const list = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(', ');
  const queueRatio = mean(ratios);
  const controlRatio = mean(controlRatios);
  return [
    report({
      name: `queue: ${corpus.name}, 1 worker process`,
      value: mean(q1.map((r) => r.docsPerSecond)),
      unit: 'docs/s',
      note: `${list(q1.map((r) => r.docsPerSecond))}; ${cpu(q1)}`,
    }),
    report({
      name: `queue: ${corpus.name}, 2 worker processes`,
      value: mean(q2.map((r) => r.docsPerSecond)),
      unit: 'docs/s',
      note: `${list(q2.map((r) => r.docsPerSecond))}; ${cpu(q2)}`,
    }),
    report({
      name: `queue: ${corpus.name}, 2 workers against 1`,
      value: queueRatio,
      unit: '×',
      note: `rounds ${list(ratios)}; goal ≥ 1.7× on 2 cores`,
    }),
    report({
      name: `no queue (control): ${corpus.name}, 2 processes against 1`,
      value: controlRatio,
      unit: '×',
      note: `rounds ${list(controlRatios)}; ${mean(c1).toFixed(1)} → ${mean(c2).toFixed(1)} docs/s, CPU per doc ${controlCpu.toFixed(1)} ms: extraction only, what the machine gives now`,
    }),
    report({
      name: `queue: ${corpus.name}, its ratio against the control's`,
      value: queueRatio / controlRatio,
      unit: '×',
      note: '1.0: the queue scales as well as plain processes do on this machine now',
    }),
  ];
}

/** `workers` worker processes, warmed up, on `corpus`: documents per second after the warm-up, CPU per document. */
async function queueRun(
  corpus: Corpus,
  workers: number,
  fresh: Fresh,
  backends: BackendCpu,
  round: number,
): Promise<Run> {
  const { db, queueSchema } = await fresh(`${corpus.kind}_w${workers}_r${round}`);
  const env = { ...process.env, STORYLINE_QUEUE_SCHEMA: queueSchema, STORYLINE_QUEUE_POLL_SECONDS: '0.2' };
  const settings = { ...QUEUE_SETTINGS, schema: queueSchema };
  // The bench's own connections (its polling) are not the workers': not named, not counted.
  const own = new URL(db);
  own.searchParams.delete('application_name');
  await (await openStore(own.toString())).close();
  const boss = await openQueue(own.toString(), settings, { supervise: false });
  const children = Array.from({ length: workers }, () =>
    spawn(process.execPath, [cli, 'worker', '--db', db], { env, stdio: ['ignore', 'ignore', 'pipe'] }),
  );
  try {
    // Every worker polling before anything is queued, so each takes its share of the warm-up.
    await Promise.all(children.map((child) => lineFrom(child, 'stderr', /taking ingest jobs/)));
    await enqueueDocuments(boss, corpus.docs, settings);
    let start: { t: bigint; workerCpu: number; pgCpu?: number } | undefined;
    for (;;) {
      const c = await jobCounts(boss, queueSchema);
      const finished = c.done + c.failed;
      if (!start && finished >= WARM_UP) {
        start = { t: process.hrtime.bigint(), workerCpu: processCpu(children), pgCpu: await backends.seconds() };
      }
      if (start && finished >= corpus.docs.length) {
        const elapsed = seconds(start.t);
        const measured = corpus.docs.length - WARM_UP;
        const pgCpu = await backends.seconds();
        return {
          docsPerSecond: measured / elapsed,
          workerCpuMs: ((processCpu(children) - start.workerCpu) * 1000) / measured,
          ...(pgCpu === undefined || start.pgCpu === undefined
            ? {}
            : { pgCpuMs: ((pgCpu - start.pgCpu) * 1000) / measured }),
        };
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode === null ? c.on('exit', r) : r(null)))));
    await boss.stop({ graceful: false, wait: true });
  }
}

/**
 * `processes` plain processes extracting and analysing `corpus` between them, warmed up: documents per second, and
 * their CPU per document.
 */
async function controlRun(corpus: Corpus, processes: number): Promise<{ docsPerSecond: number; cpuMs: number }> {
  const children = Array.from({ length: processes }, (_, share) =>
    spawn(
      process.execPath,
      [
        controlChild,
        corpus.kind,
        corpus.dir,
        String(corpus.limit),
        String(share),
        String(processes),
        String(WARM_UP / processes),
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    ),
  );
  try {
    await Promise.all(children.map((child) => lineFrom(child, 'stdout', /^ready$/)));
    const t = process.hrtime.bigint();
    const done = children.map((child) => lineFrom(child, 'stdout', /^[\d.]+ [\d.]+$/));
    for (const child of children) child.stdin?.write('go\n');
    const lines = await Promise.all(done);
    const measured = corpus.docs.length - WARM_UP;
    const cpu = lines.reduce((sum, line) => sum + Number(line.split(' ')[1]), 0);
    return { docsPerSecond: measured / seconds(t), cpuMs: (cpu * 1000) / measured };
  } finally {
    for (const child of children) child.kill('SIGTERM');
  }
}

/** Resolves with the first line of the child's `stream` matching `pattern`; rejects if the child exits first. */
function lineFrom(child: ChildProcess, stream: 'stdout' | 'stderr', pattern: RegExp): Promise<string> {
  const input = child[stream];
  if (!input) return Promise.reject(new Error(`the child's ${stream} is not piped`));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input });
    const onExit = (code: number | null): void =>
      reject(new Error(`a bench child exited (${code}) before saying ${pattern}`));
    child.once('exit', onExit);
    lines.on('line', (line) => {
      if (!pattern.test(line)) return;
      child.off('exit', onExit);
      resolve(line);
    });
  });
}

/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on Linux). */
const TICKS = 100;

/** CPU seconds (user and system) that a process has used, all its threads: /proc, so Linux only (else 0). */
function cpuOf(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return 0;
  }
}

function processCpu(children: ChildProcess[]): number {
  return children.reduce((sum, child) => sum + cpuOf(child.pid), 0);
}

/**
 * CPU of the PostgreSQL backends whose connections carry the bench's application name, when the server runs on
 * this machine (its backends are then processes here). A backend seen once is counted until its last sighting.
 */
class BackendCpu {
  private readonly seen = new Map<number, number>();
  constructor(
    private readonly admin: pg.Client,
    private readonly app: string,
  ) {}

  /** Total CPU seconds so far of every backend seen; undefined when the backends are not processes here. */
  async seconds(): Promise<number | undefined> {
    const { rows } = await this.admin.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE application_name = $1',
      [this.app],
    );
    for (const { pid } of rows) {
      if (!this.isPostgres(pid)) return undefined;
      this.seen.set(pid, cpuOf(pid));
    }
    let total = 0;
    for (const cpu of this.seen.values()) total += cpu;
    return total;
  }

  private isPostgres(pid: number): boolean {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('postgres');
    } catch {
      return false;
    }
  }
}

async function overheadPerJob(docs: RawDocument[], fresh: Fresh): Promise<BenchResult> {
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
  const settings = { ...QUEUE_SETTINGS, schema: queued.queueSchema, pollSeconds: 0.2 };
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
    note: `${((directSeconds * 1000) / measured.length).toFixed(1)} ms/doc in-process, ${((queuedSeconds * 1000) / measured.length).toFixed(1)} ms/doc queued (enqueue included), one worker thread, both into PostgreSQL`,
  });
}
