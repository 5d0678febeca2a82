// The job queue on PostgreSQL (needs a server: STORYLINE_BENCH_PG, else STORYLINE_TEST_PG, a postgres:// URL).
//
// - Throughput: the same documents queued, then worked by 1 and by 2 `storyline worker` processes; the ratio is
//   what a second worker buys (the goal is ≥ 1.7× on 2 cores). Each process is started and warmed up on documents
//   of its own (models loaded, V8's optimising compiler through most of its work) before the clock starts: a
//   worker runs for hours, its start-up is not its speed — and two processes each warming up inside the timed
//   window would pay that start-up twice per document measured.
// - Two placements, each reported: unpinned (the kernel spreads every thread over both cores, as it does any
//   process) and pinned (`taskset`: each worker process, all its threads, on a core of its own, as a worker on a
//   host of its own would be; 1 worker on core 0, 2 on cores 0 and 1). PostgreSQL, on this machine, is not pinned:
//   it shares both cores with the workers in either placement.
// - The control, in the same rounds and placements: the same documents extracted and analysed by 1 and by 2 plain
//   processes, no queue, no database. Its ratio is what the machine gives two processes of this work right now;
//   the queue's ratio is to be read against it.
// - CPU per document by kind of thread — worker main threads (claiming, saving, settling), stage threads
//   (extraction and analysis), helper threads (V8's compiler and garbage collector, libuv) — and of the PostgreSQL
//   backends serving the workers: it depends little on how busy the machine is, says where a worker's time goes,
//   and bounds the ratio. One worker at the pace of its stage thread needs (all its CPU per doc) ÷ (its stage
//   thread's) cores ("cores 1 worker needs"); when that is near 2, one worker can use the whole machine and a
//   second has nothing left to take.
// - Overhead per job: the same documents through the queue with one in-process worker, against the in-process
//   pipeline (`ingestItems`, one worker thread) on the same store, both in this process.
//
// Rounds alternate 1 and 2 workers (and the control's 1 and 2 processes), so a change in the machine's load
// touches both sides of each ratio.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
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
import { addCpu, NO_CPU, processCpu, subCpu, type ThreadCpu, threadCpu, totalCpu } from './thread-cpu.js';

/** Documents timed per run: at ~30–80 a second, 6–15 s of steady work per run. */
const DOCUMENTS = 500;
/** Web pages timed per run: each costs several times a T17 text. */
const PAGES = 250;
/** Rounds of (1 worker, 2 workers, control 1, control 2) in each placement. */
const ROUNDS = 2;
/**
 * Documents each process works before the clock starts, taken from beyond the timed ones (so 1 and 2 workers time
 * the same documents). Models load on the first; V8's optimising compiler then works for hundreds more: measured on
 * T17 texts, its threads used 6 ms of CPU per document over the 500 after a 24-document warm-up, 2 ms after a
 * 300-document one (against ~11 ms for the extraction itself).
 */
const WARM_UP_PER_PROCESS = 250;
/** How often the bench looks at the queue's counts: the timing's resolution. */
const POLL_MS = 100;
const cli = join(projectRoot, 'dist', 'src', 'cli', 'main.js');
const controlChild = fileURLToPath(new URL('./queue-control-child.js', import.meta.url));
const cores = availableParallelism();

type Placement = 'unpinned' | 'pinned';
const PLACEMENTS: readonly Placement[] = ['unpinned', 'pinned'];

interface Corpus {
  name: string;
  kind: 't17' | 'pages';
  dir: string;
  /** The documents timed, the same for every run. */
  docs: RawDocument[];
  /** Documents for the warm-ups, after the timed ones: `warmUp` for each of up to 2 processes. */
  spare: RawDocument[];
  warmUp: number;
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
  const corpus = (name: string, kind: Corpus['kind'], dir: string, timed: number, all: RawDocument[]): Corpus => {
    const spare = all.slice(timed);
    // A smaller folder than the bench wants gives each process what there is (said in the results' notes).
    return {
      name,
      kind,
      dir,
      docs: all.slice(0, timed),
      spare,
      warmUp: Math.min(WARM_UP_PER_PROCESS, Math.floor(spare.length / 2)),
    };
  };
  const corpora: Corpus[] = [
    corpus('T17 texts', 't17', t17, DOCUMENTS, loadT17Documents(t17, DOCUMENTS + 2 * WARM_UP_PER_PROCESS)),
  ];
  // Real web pages: extraction is most of their cost, as in a crawl; T17's short texts are the worst case for
  // the queue, whose cost per job (and the database's) is the same for a short text as for a page.
  if (pages)
    corpora.push(corpus('web pages', 'pages', pages, PAGES, await loadPages(pages, PAGES + 2 * WARM_UP_PER_PROCESS)));
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
    for (const c of corpora) results.push(...(await scaling(c, fresh, backends)));
    results.push(await overheadPerJob(corpora[0]?.docs ?? [], fresh));
  } finally {
    for (const s of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    await admin.end();
  }
  return results;
}

interface Run {
  docsPerSecond: number;
  /** CPU seconds per document of the processes, by kind of thread. */
  cpu: ThreadCpu;
  /** CPU seconds per document of the PostgreSQL backends serving them (undefined: not on this machine). */
  pgCpu?: number;
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const list = (xs: number[]): string => xs.map((x) => x.toFixed(2)).join(', ');
const ms = (s: number): string => (s * 1000).toFixed(1);
const meanCpu = (runs: Run[]): ThreadCpu => ({
  main: mean(runs.map((r) => r.cpu.main)),
  stages: mean(runs.map((r) => r.cpu.stages)),
  helpers: mean(runs.map((r) => r.cpu.helpers)),
});
const meanPg = (runs: Run[]): number | undefined =>
  runs.every((r) => r.pgCpu !== undefined) ? mean(runs.map((r) => r.pgCpu as number)) : undefined;

/** CPU per document, by kind: "main 3.1 + stages 11.2 + helpers 1.4 (+ PostgreSQL 5.0) = 20.7 ms". */
function describeCpu(runs: Run[], stages: boolean): string {
  const cpu = meanCpu(runs);
  const pgCpu = meanPg(runs);
  const parts = [`main ${ms(cpu.main)}`, ...(stages ? [`stages ${ms(cpu.stages)}`] : []), `helpers ${ms(cpu.helpers)}`];
  const pgPart = pgCpu === undefined ? '' : ` + PostgreSQL ${ms(pgCpu)}`;
  return `CPU per doc: ${parts.join(' + ')}${pgPart} = ${ms(totalCpu(cpu) + (pgCpu ?? 0))} ms`;
}

/**
 * Cores a process of these runs needs to go at the pace of its busiest thread: all its CPU per document (its
 * PostgreSQL backends' included) over that thread's (the stage thread of a worker, the main thread of a control).
 */
function coresNeeded(runs: Run[]): number {
  const cpu = meanCpu(runs);
  return (totalCpu(cpu) + (meanPg(runs) ?? 0)) / Math.max(cpu.main, cpu.stages);
}

/** Rounds of 1 and 2 queue workers and of the control's 1 and 2 plain processes, per placement; rates and ratios. */
async function scaling(corpus: Corpus, fresh: Fresh, backends: BackendCpu): Promise<BenchResult[]> {
  const queue = new Map<Placement, [Run[], Run[]]>(PLACEMENTS.map((p) => [p, [[], []]]));
  const control = new Map<Placement, [Run[], Run[]]>(PLACEMENTS.map((p) => [p, [[], []]]));
  for (let round = 0; round < ROUNDS; round++)
    for (const placement of PLACEMENTS)
      for (const workers of [1, 2]) {
        queue.get(placement)?.[workers - 1]?.push(await queueRun(corpus, workers, placement, fresh, backends, round));
        control.get(placement)?.[workers - 1]?.push(await controlRun(corpus, workers, placement));
      }
  const results: BenchResult[] = [];
  const warm = `warm-up ${corpus.warmUp} docs per process`;
  for (const placement of PLACEMENTS) {
    const [q1, q2] = queue.get(placement) as [Run[], Run[]];
    const [c1, c2] = control.get(placement) as [Run[], Run[]];
    const label = `${corpus.name}, ${placement}`;
    const ratios = q1.map((r, i) => (q2[i] as Run).docsPerSecond / r.docsPerSecond);
    const controlRatios = c1.map((r, i) => (c2[i] as Run).docsPerSecond / r.docsPerSecond);
    const rate1 = mean(q1.map((r) => r.docsPerSecond));
    // Cores one process needs to run at the pace of its busiest thread (never waiting for a core): its CPU per
    // document (with its PostgreSQL backends') over its busiest thread's. It does not depend on what else runs on
    // the machine. On 2 cores, 2 processes cannot do more than 2 ÷ that of what 1 does at that pace.
    const needed1 = coresNeeded(q1);
    const controlNeeded = coresNeeded(c1);
    results.push(
      report({
        name: `queue: ${label}, 1 worker process`,
        value: rate1,
        unit: 'docs/s',
        note: `${list(q1.map((r) => r.docsPerSecond))}; ${describeCpu(q1, true)}; ${warm}`,
      }),
      report({
        name: `queue: ${label}, 2 worker processes`,
        value: mean(q2.map((r) => r.docsPerSecond)),
        unit: 'docs/s',
        note: `${list(q2.map((r) => r.docsPerSecond))}; ${describeCpu(q2, true)}`,
      }),
      report({
        name: `queue: ${label}, 2 workers against 1`,
        value: mean(ratios),
        unit: '×',
        note: `rounds ${list(ratios)}; goal ≥ 1.7× on 2 cores`,
      }),
      report({
        name: `queue: ${label}, cores 1 worker needs`,
        value: needed1,
        unit: 'cores',
        note: `its CPU per doc with PostgreSQL's ÷ its stage thread's: at full pace; so 2 workers on 2 cores get at most ${Math.min(2, 2 / needed1).toFixed(2)}× (cores 1 control process needs: ${controlNeeded.toFixed(2)}, at most ${Math.min(2, 2 / controlNeeded).toFixed(2)}×)`,
      }),
      report({
        name: `no queue (control): ${label}, 2 processes against 1`,
        value: mean(controlRatios),
        unit: '×',
        note: `rounds ${list(controlRatios)}; ${mean(c1.map((r) => r.docsPerSecond)).toFixed(1)} → ${mean(c2.map((r) => r.docsPerSecond)).toFixed(1)} docs/s; 1 process ${describeCpu(c1, false)}`,
      }),
      report({
        name: `queue: ${label}, its ratio against the control's`,
        value: mean(ratios) / mean(controlRatios),
        unit: '×',
        note: '1.0: the queue scales as well as plain processes do on this machine now',
      }),
    );
  }
  return results;
}

/** `node ARGS`, or under `taskset -c CORE` when pinned (the process and every thread it starts stay on that core). */
function startNode(
  args: string[],
  placement: Placement,
  index: number,
  opts: Parameters<typeof spawn>[2],
): ChildProcess {
  return placement === 'pinned'
    ? spawn('taskset', ['-c', String(index % cores), process.execPath, ...args], opts)
    : spawn(process.execPath, args, opts);
}

/**
 * `workers` worker processes on `corpus`, each warmed up on documents of its own first: documents per second of
 * the timed ones, CPU per document.
 */
async function queueRun(
  corpus: Corpus,
  workers: number,
  placement: Placement,
  fresh: Fresh,
  backends: BackendCpu,
  round: number,
): Promise<Run> {
  const { db, queueSchema } = await fresh(`${corpus.kind}_${placement}_w${workers}_r${round}`);
  const env = { ...process.env, STORYLINE_QUEUE_SCHEMA: queueSchema, STORYLINE_QUEUE_POLL_SECONDS: '0.2' };
  const settings = { ...QUEUE_SETTINGS, schema: queueSchema };
  // The bench's own connections (its polling) are not the workers': not named, not counted.
  const own = new URL(db);
  own.searchParams.delete('application_name');
  await (await openStore(own.toString())).close();
  const boss = await openQueue(own.toString(), settings, { supervise: false });
  const children = Array.from({ length: workers }, (_, i) =>
    startNode([cli, 'worker', '--db', db], placement, i, { env, stdio: ['ignore', 'ignore', 'pipe'] }),
  );
  const warmUp = workers * corpus.warmUp;
  try {
    // Every worker polling before anything is queued, so each takes its share of the warm-up.
    await Promise.all(children.map((child) => lineFrom(child, 'stderr', /taking ingest jobs/)));
    // The warm-up's jobs first (queued earlier, so taken first), then the timed ones.
    await enqueueDocuments(boss, corpus.spare.slice(0, warmUp), settings);
    await enqueueDocuments(boss, corpus.docs, settings);
    const total = warmUp + corpus.docs.length;
    let start: { t: bigint; cpu: ThreadCpu; pgCpu?: number } | undefined;
    for (;;) {
      const c = await jobCounts(boss, queueSchema);
      const finished = c.done + c.failed;
      if (!start && finished >= warmUp) {
        start = { t: process.hrtime.bigint(), cpu: cpuOfAll(children), pgCpu: await backends.seconds() };
      }
      if (start && finished >= total) {
        const elapsed = seconds(start.t);
        const measured = corpus.docs.length;
        const pgCpu = await backends.seconds();
        const cpu = subCpu(cpuOfAll(children), start.cpu);
        return {
          docsPerSecond: measured / elapsed,
          cpu: { main: cpu.main / measured, stages: cpu.stages / measured, helpers: cpu.helpers / measured },
          ...(pgCpu === undefined || start.pgCpu === undefined ? {} : { pgCpu: (pgCpu - start.pgCpu) / measured }),
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

const cpuOfAll = (children: ChildProcess[]): ThreadCpu =>
  children.reduce((sum, child) => addCpu(sum, threadCpu(child.pid)), NO_CPU);

/**
 * `processes` plain processes extracting and analysing `corpus` between them, each warmed up on documents of its
 * own: documents per second, and their CPU per document by kind of thread.
 */
async function controlRun(corpus: Corpus, processes: number, placement: Placement): Promise<Run> {
  const children = Array.from({ length: processes }, (_, share) =>
    startNode(
      [
        controlChild,
        corpus.kind,
        corpus.dir,
        String(corpus.docs.length),
        String(corpus.warmUp),
        String(share),
        String(processes),
      ],
      placement,
      share,
      { stdio: ['pipe', 'pipe', 'inherit'] },
    ),
  );
  try {
    await Promise.all(children.map((child) => lineFrom(child, 'stdout', /^ready$/)));
    const before = children.map((child) => threadCpu(child.pid));
    const t = process.hrtime.bigint();
    // Each child's CPU read the moment it says it is done (it then waits to be stopped).
    const done = children.map((child, i) =>
      lineFrom(child, 'stdout', /^done /).then(() => subCpu(threadCpu(child.pid), before[i] ?? NO_CPU)),
    );
    for (const child of children) child.stdin?.write('go\n');
    const cpus = await Promise.all(done);
    const elapsed = seconds(t);
    const measured = corpus.docs.length;
    const cpu = cpus.reduce(addCpu, NO_CPU);
    return {
      docsPerSecond: measured / elapsed,
      cpu: { main: cpu.main / measured, stages: cpu.stages / measured, helpers: cpu.helpers / measured },
    };
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
      this.seen.set(pid, processCpu(pid));
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
