// API latency: p50/p95 of the story list, a story and a search, on a database holding all of Timeline17.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestPaths } from '../src/pipeline.js';
import { startServer } from '../src/server/server.js';
import { openStore } from '../src/store/open.js';
import { refreshStories } from '../src/stories.js';
import { type BenchResult, report, seconds, sharedOrSkip } from './shared.js';

const REQUESTS = 200;
const WARMUP = 20;
const TARGET_P95_MS = 50;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/**
 * Sequential GETs (one client, keep-alive): the latency a user sees, not throughput. The first request is reported
 * apart: it pays for building caches (the entity index, a large story's JSON) that later requests reuse.
 */
async function measure(url: string): Promise<{ p50: number; p95: number; first: number }> {
  const times: number[] = [];
  let first = 0;
  for (let i = 0; i < WARMUP + REQUESTS; i++) {
    const t = process.hrtime.bigint();
    const res = await fetch(url);
    if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}`);
    await res.arrayBuffer();
    if (i === 0) first = seconds(t) * 1000;
    if (i >= WARMUP) times.push(seconds(t) * 1000);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), first };
}

/** Ingest Timeline17 into a fresh database; or, with STORYLINE_BENCH_DB, measure on that database as it is. */
export async function benchApi(workers: number): Promise<BenchResult[]> {
  const given = process.env.STORYLINE_BENCH_DB;
  const t17Dir = given ? undefined : sharedOrSkip('eval/t17', 'API latency on Timeline17');
  if (!given && !t17Dir) return [];
  const dir = mkdtempSync(join(tmpdir(), 'storyline-bench-api-'));
  const store = await openStore(given ?? join(dir, 'bench.db'));
  try {
    if (t17Dir) {
      const t = process.hrtime.bigint();
      const ingest = await ingestPaths(store, [join(t17Dir, '*', 'InputDocs')], { workers });
      const { stories } = await refreshStories(store);
      process.stderr.write(
        `api bench: ${ingest.ingested} articles, ${stories} stories, ready in ${seconds(t).toFixed(0)} s\n`,
      );
    } else {
      process.stderr.write(
        `api bench: on ${given}, ${await store.countArticles()} articles, ${await store.countStories()} stories\n`,
      );
    }
    const server = await startServer({ store, port: 0 });
    try {
      const [largest] = await store.listStories({ limit: 1, sort: 'size' });
      if (!largest) throw new Error('no stories were built');
      const storyId = encodeURIComponent(largest.id);
      const count = await store.countStories();
      const [median] = await store.listStories({ limit: 1, offset: Math.floor(count / 2), sort: 'size' });
      const medianId = encodeURIComponent(median?.id ?? largest.id);
      const cases: [string, string][] = [
        ['GET /api/stories (first page of 20)', '/api/stories?limit=20'],
        [`GET /api/stories/:id (largest, ${largest.articles} articles)`, `/api/stories/${storyId}`],
        [`GET /api/stories/:id (median, ${median?.articles ?? largest.articles} articles)`, `/api/stories/${medianId}`],
        ['GET /api/search?q=oil spill', '/api/search?q=oil%20spill&limit=20'],
        ['GET /stories/:id (HTML page, largest)', `/stories/${storyId}`],
      ];
      const results: BenchResult[] = [];
      for (const [name, path] of cases) {
        const { p50, p95, first } = await measure(server.url + path);
        results.push(
          report({ name: `${name} p50`, value: p50, unit: 'ms', note: `first request ${first.toFixed(0)} ms` }),
        );
        results.push(
          report({
            name: `${name} p95`,
            value: p95,
            unit: 'ms',
            note: p95 < TARGET_P95_MS ? `under the ${TARGET_P95_MS} ms target` : `OVER the ${TARGET_P95_MS} ms target`,
          }),
        );
      }
      return results;
    } finally {
      await server.close();
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
