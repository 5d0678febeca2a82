// Extraction speed: HTML pages/s on the extraction benchmark's real pages (one thread and the
// worker pool), and plain-text articles/s on Timeline17's scraped texts.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { extractHtml } from '../src/extract/html.js';
import { extractText } from '../src/extract/text.js';
import type { RawDocument } from '../src/model.js';
import { WorkerPool } from '../src/pipeline/index.js';
import { type BenchResult, loadT17Documents, report, seconds, sharedOrSkip } from './shared.js';

function raw(source: string, kind: RawDocument['kind'], content: string): RawDocument {
  return { source, kind, content, encoding: 'utf-8', fetchedAt: new Date().toISOString(), meta: {} };
}

function loadBenchmarkPages(dir: string): RawDocument[] {
  const htmlDir = join(dir, 'html');
  return readdirSync(htmlDir)
    .filter((f) => f.endsWith('.html.gz'))
    .sort()
    .map((f) => raw(f, 'html', gunzipSync(readFileSync(join(htmlDir, f))).toString('utf8')));
}

export async function benchExtraction(workers: number): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const extractionDir = sharedOrSkip('eval/extraction', 'HTML extraction speed');
  if (extractionDir) {
    const pages = loadBenchmarkPages(extractionDir);
    const rounds = 8;
    for (const p of pages.slice(0, 20)) {
      try {
        extractHtml(p); // warm up: JIT
      } catch {
        // counted by the eval, not here
      }
    }
    let t = process.hrtime.bigint();
    for (let r = 0; r < rounds; r++)
      for (const p of pages) {
        try {
          extractHtml(p);
        } catch {
          // A page without content still costs its parse; errors are counted by the eval, not here.
        }
      }
    results.push(
      report({
        name: 'HTML extraction, 1 thread',
        value: (pages.length * rounds) / seconds(t),
        unit: 'pages/s',
        note: `${pages.length} benchmark pages × ${rounds}`,
      }),
    );

    const pool = new WorkerPool(workers);
    await Promise.all(pages.slice(0, workers * 2).map((p) => pool.extract(p))); // warm up: module loading
    t = process.hrtime.bigint();
    const jobs: Promise<unknown>[] = [];
    for (let r = 0; r < rounds; r++) for (const p of pages) jobs.push(pool.extract(p));
    await Promise.all(jobs);
    results.push(
      report({
        name: `HTML extraction, ${workers} workers`,
        value: (pages.length * rounds) / seconds(t),
        unit: 'pages/s',
        note: 'includes structured-clone transfer',
      }),
    );
    await pool.close();
  }

  const t17Dir = sharedOrSkip('eval/t17', 'plain-text extraction speed');
  if (t17Dir) {
    const texts = loadT17Documents(t17Dir);
    const pass = (): void => {
      for (const d of texts) {
        try {
          extractText(d);
        } catch {
          // see above
        }
      }
    };
    pass(); // warm up: JIT
    const textRounds = 3;
    const t = process.hrtime.bigint();
    for (let r = 0; r < textRounds; r++) pass();
    results.push(
      report({
        name: 'plain-text extraction, 1 thread',
        value: (texts.length * textRounds) / seconds(t),
        unit: 'articles/s',
        note: `${texts.length} Timeline17 articles × ${textRounds}`,
      }),
    );
  }
  return results;
}
