// `npm run bench [-- NAME...]`: speed, memory and scale benchmarks. Not part of `npm test`.
// Prints a table on stdout; with --json, one JSON document instead.
import { defaultWorkerCount } from '../src/pipeline/index.js';
import { benchAnalysis } from './analysis.js';
import { benchApi } from './api.js';
import { benchExtraction } from './extraction.js';
import { benchHostile } from './hostile.js';
import { benchIngest } from './ingest.js';
import { benchMemory } from './memory.js';
import { benchQueue } from './queue.js';
import { benchScale } from './scale.js';
import type { BenchResult } from './shared.js';
import { benchWebPages } from './web-pages.js';

const benches: Record<string, (workers: number) => Promise<BenchResult[]>> = {
  extraction: benchExtraction,
  analysis: benchAnalysis,
  ingest: benchIngest,
  api: benchApi,
  scale: benchScale,
  memory: benchMemory,
  hostile: benchHostile,
  queue: benchQueue,
  'web-pages': benchWebPages,
};

const args = process.argv.slice(2);
const wanted = args.filter((a) => !a.startsWith('--'));
const unknown = wanted.filter((w) => !(w in benches));
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(benches).join(', ')}\n`);
  process.exit(2);
}
const workers = defaultWorkerCount();
const all: BenchResult[] = [];
for (const [name, run] of Object.entries(benches)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  all.push(...(await run(workers)));
}
const peakMb = process.resourceUsage().maxRSS / 1024;
all.push({ name: 'peak resident memory (main thread process)', value: peakMb, unit: 'MB' });
process.stdout.write(`${'peak resident memory'.padEnd(48)} ${peakMb.toFixed(0).padStart(10)} MB\n`);
if (args.includes('--json')) process.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
