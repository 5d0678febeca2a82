// End-to-end ingest: all of Timeline17's input articles into a fresh SQLite database, beside the stages alone
// (the same documents extracted and analysed by the same number of worker threads, nothing read from disk or
// saved) in the same run, rounds alternating: the ratio is what reading, moving documents between threads and
// saving cost on top of extraction and analysis. Then the story step over what was saved, timed on its own.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RawDocument } from '../src/model.js';
import { ingestPaths, storyStepAfterIngest, WorkerPool } from '../src/pipeline/index.js';
import { openStore } from '../src/store/open.js';
import { type BenchResult, loadT17Documents, report, seconds, sharedOrSkip } from './shared.js';

/** Rounds of each (STORYLINE_BENCH_ROUNDS): one round is ~30 s of both cores, so one by default. */
const ROUNDS = Number(process.env.STORYLINE_BENCH_ROUNDS ?? 1);

/** CPU seconds of this process's main thread so far (Linux: /proc), or undefined elsewhere. */
function mainThreadCpu(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime (fields 14 and 15 of stat; 12 and 13 after the name), in clock ticks of 1/100 s on Linux.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

/** The stages alone: every document through the pool, as many in flight as ingest keeps. */
async function stagesAlone(docs: RawDocument[], workers: number): Promise<number> {
  const pool = new WorkerPool(workers);
  const t = process.hrtime.bigint();
  const running = new Set<Promise<unknown>>();
  for (const doc of docs) {
    const job: Promise<unknown> = pool.run(doc).then(() => running.delete(job));
    running.add(job);
    if (running.size >= workers * 4) await Promise.race(running);
  }
  await Promise.all(running);
  const elapsed = seconds(t);
  await pool.close();
  return elapsed;
}

export async function benchIngest(workers: number): Promise<BenchResult[]> {
  const t17Dir = sharedOrSkip('eval/t17', 'Timeline17 ingest');
  if (!t17Dir) return [];
  const docs = loadT17Documents(t17Dir);
  const dir = mkdtempSync(join(tmpdir(), 'storyline-bench-'));
  let stagesTime = 0;
  let ingestTime = 0;
  let ingestMainCpu = 0;
  let ingestCpu = 0;
  let n = 0;
  let failed = 0;
  let refreshTime = 0;
  let refreshCpu = 0;
  try {
    for (let round = 0; round < ROUNDS; round++) {
      stagesTime += await stagesAlone(docs, workers);
      const store = await openStore(join(dir, `bench-${round}.db`));
      const cpu = process.cpuUsage();
      const main = mainThreadCpu();
      const t = process.hrtime.bigint();
      const result = await ingestPaths(store, [join(t17Dir, '*', 'InputDocs')], { workers });
      ingestTime += seconds(t);
      ingestCpu += cpuSeconds(cpu);
      if (main !== undefined) ingestMainCpu += (mainThreadCpu() ?? main) - main;
      n = result.ingested + result.unchanged;
      failed = result.failed.length;
      // The story step as `storyline ingest` runs it (its own thread, the workers let go first), all its threads' CPU.
      const refreshStart = process.cpuUsage();
      const r = process.hrtime.bigint();
      await storyStepAfterIngest(store);
      refreshTime += seconds(r);
      refreshCpu += cpuSeconds(refreshStart);
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const perSecond = (time: number): number => (docs.length * ROUNDS) / time;
  const ingestRate = (n * ROUNDS) / ingestTime;
  return [
    report({
      name: `extract + analyse alone, ${workers} workers`,
      value: perSecond(stagesTime),
      unit: 'articles/s',
      note: `${docs.length} Timeline17 documents × ${ROUNDS}, in memory, nothing saved`,
    }),
    report({
      name: `ingest Timeline17 into SQLite, ${workers} workers`,
      value: ingestRate,
      unit: 'articles/s',
      note: `${n} articles, ${failed} failed; ${((ingestCpu * 1000) / (n * ROUNDS)).toFixed(1)} ms CPU per article, of which main thread ${((ingestMainCpu * 1000) / (n * ROUNDS)).toFixed(1)} (read, save)`,
    }),
    report({
      name: 'ingest ÷ extract + analyse alone',
      value: ingestRate / perSecond(stagesTime),
      unit: '×',
      note: '1 would be reading and saving for free',
    }),
    report({
      name: 'story step after the ingest (its thread)',
      value: (n * ROUNDS) / refreshTime,
      unit: 'articles/s',
      note: `${((refreshCpu * 1000) / (n * ROUNDS)).toFixed(1)} ms CPU per article`,
    }),
    report({
      name: 'ingest and stories, whole',
      value: (n * ROUNDS) / (ingestTime + refreshTime),
      unit: 'articles/s',
      note: 'what `storyline ingest` of Timeline17 takes end to end',
    }),
  ];
}
