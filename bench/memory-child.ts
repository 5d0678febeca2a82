// One ingest in a process of its own, for bench/memory.ts: `node memory-child.js DB PATH...` runs the whole
// pipeline (workers included: they are threads of this process) and prints its peak resident memory in MB.
import { readInputs } from '../src/ingest/read.js';
import { ingestAndRefresh } from '../src/pipeline/index.js';
import { openStore } from '../src/store/open.js';
import { defaultWorkerCount } from '../src/pipeline/index.js';

const [db, ...paths] = process.argv.slice(2);
if (!db || paths.length === 0) throw new Error('usage: memory-child DB PATH...');
const store = await openStore(db);
// Inputs up to 32 MB: the 20 MB text must reach the pipeline (the default input limit is 20 MB).
const report = await ingestAndRefresh(store, readInputs(paths, { maxBytes: 32 * 1024 * 1024 }), {
  workers: defaultWorkerCount(),
});
await store.close();
process.stdout.write(
  `${JSON.stringify({
    peakMb: process.resourceUsage().maxRSS / 1024,
    articles: report.articles.length,
    failed: report.failed.length,
  })}\n`,
);
