// Extraction speed: HTML pages/s on the extraction benchmark's real pages (one thread, beside Readability+linkedom
// alone on the same pages in the same run, and the worker pool), and plain-text articles/s on Timeline17's texts.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
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
    const storyline = (p: RawDocument): void => {
      try {
        extractHtml(p);
      } catch {
        // A page without content still costs its parse; errors are counted by the eval, not here.
      }
    };
    // The baseline: what a user would run instead, the parse and Readability's article, nothing else.
    const readability = (p: RawDocument): void => {
      try {
        new Readability(parseHTML(p.content).document as unknown as Document).parse();
      } catch {
        // as above
      }
    };
    for (const p of pages.slice(0, 20)) {
      storyline(p); // warm up: JIT
      readability(p);
    }
    // Rounds alternate between the two, so that the machine's drift (other jobs on its cores) falls on both alike.
    let storylineNs = 0n;
    let readabilityNs = 0n;
    for (let r = 0; r < rounds; r++) {
      let t = process.hrtime.bigint();
      for (const p of pages) readability(p);
      readabilityNs += process.hrtime.bigint() - t;
      t = process.hrtime.bigint();
      for (const p of pages) storyline(p);
      storylineNs += process.hrtime.bigint() - t;
    }
    const perSecond = (ns: bigint): number => (pages.length * rounds) / (Number(ns) / 1e9);
    const baseline = perSecond(readabilityNs);
    const ours = perSecond(storylineNs);
    results.push(
      report({
        name: 'HTML extraction, Readability+linkedom alone',
        value: baseline,
        unit: 'pages/s',
        note: `${pages.length} benchmark pages × ${rounds}, 1 thread: parse + Readability.parse()`,
      }),
      report({
        name: 'HTML extraction, 1 thread',
        value: ours,
        unit: 'pages/s',
        note: 'the whole of extractHtml: content, clean-up, metadata, date',
      }),
      report({ name: 'HTML extraction ÷ Readability+linkedom alone', value: ours / baseline, unit: '×' }),
    );

    const pool = new WorkerPool(workers);
    await Promise.all(pages.slice(0, workers * 2).map((p) => pool.extract(p))); // warm up: module loading
    const t = process.hrtime.bigint();
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
