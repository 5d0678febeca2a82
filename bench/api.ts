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

/** Sequential GETs (one client, keep-alive): the latency a user sees, not throughput. */
async function measure(url: string): Promise<{ p50: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < WARMUP + REQUESTS; i++) {
    const t = process.hrtime.bigint();
    const res = await fetch(url);
    if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}`);
    await res.arrayBuffer();
    if (i >= WARMUP) times.push(seconds(t) * 1000);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

export async function benchApi(workers: number): Promise<BenchResult[]> {
  const t17Dir = sharedOrSkip('eval/t17', 'API latency on Timeline17');
  if (!t17Dir) return [];
  const dir = mkdtempSync(join(tmpdir(), 'storyline-bench-api-'));
  const store = await openStore(join(dir, 'bench.db'));
  try {
    const t = process.hrtime.bigint();
    const ingest = await ingestPaths(store, [join(t17Dir, '*', 'InputDocs')], { workers });
    const { stories } = await refreshStories(store);
    process.stderr.write(
      `api bench: ${ingest.ingested} articles, ${stories} stories, ready in ${seconds(t).toFixed(0)} s\n`,
    );
    const server = await startServer({ store, port: 0 });
    try {
      const [largest] = await store.listStories({ limit: 1, sort: 'size' });
      if (!largest) throw new Error('no stories were built');
      const storyId = encodeURIComponent(largest.id);
      const cases: [string, string][] = [
        ['GET /api/stories (first page of 20)', '/api/stories?limit=20'],
        [`GET /api/stories/:id (largest, ${largest.articles} articles)`, `/api/stories/${storyId}`],
        ['GET /api/search?q=oil spill', '/api/search?q=oil%20spill&limit=20'],
        ['GET /stories/:id (HTML page, largest)', `/stories/${storyId}`],
      ];
      const results: BenchResult[] = [];
      for (const [name, path] of cases) {
        const { p50, p95 } = await measure(server.url + path);
        results.push(report({ name: `${name} p50`, value: p50, unit: 'ms' }));
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
