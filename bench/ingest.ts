// End-to-end ingest: all of Timeline17's input articles into a fresh SQLite database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestPaths } from '../src/pipeline/index.js';
import { openStore } from '../src/store/open.js';
import { type BenchResult, report, seconds, sharedOrSkip } from './shared.js';

export async function benchIngest(workers: number): Promise<BenchResult[]> {
  const t17Dir = sharedOrSkip('eval/t17', 'Timeline17 ingest');
  if (!t17Dir) return [];
  const dir = mkdtempSync(join(tmpdir(), 'storyline-bench-'));
  try {
    const store = await openStore(join(dir, 'bench.db'));
    const t = process.hrtime.bigint();
    const result = await ingestPaths(store, [join(t17Dir, '*', 'InputDocs')], { workers });
    const elapsed = seconds(t);
    await store.close();
    const n = result.ingested + result.unchanged;
    return [
      report({
        name: `ingest Timeline17 into SQLite, ${workers} workers`,
        value: elapsed,
        unit: 's',
        note: `${n} articles, ${result.failed.length} failed, ${(n / elapsed).toFixed(0)} articles/s`,
      }),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
