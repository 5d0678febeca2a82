// Peak resident memory of whole ingests (`storyline ingest`, workers and story step included), each in a fresh
// process (peak RSS is a high-water mark of a process): a one-article baseline (the fixed base every ingest pays:
// the models and gazetteers in the main thread and each worker), a 20 MB single-line text, the 799 real pages of
// ../shared/eval/dates, and made-up corpora of 1k, 5k and 20k articles: memory must stay flat as the batch grows.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchResult, report, sharedOrSkip } from './shared.js';
import { writeSyntheticCorpus } from './synthetic-articles.js';

/**
 * Goals: issue 10 (peak RSS at most ~10x the input plus a fixed base), issue 16 (the dates pages within 1 GB, and
 * within ±20% from 1k to 20k articles).
 */
const GOALS = { text20Mb: 600, datesMb: 1024, flatShare: 0.2 };
/** Words of the made-up 20 MB text: ordinary prose, one line, no paragraph breaks. */
const FILLER = 'The fictional council of Example Town met on Monday and said the bridge would reopen in May. ';
/** Sizes of the made-up corpora (STORYLINE_BENCH_MEMORY_SIZES=1000,5000 for a shorter run). */
const SIZES = (process.env.STORYLINE_BENCH_MEMORY_SIZES ?? '1000,5000,20000').split(',').map(Number);

interface ChildReport {
  peakMb: number;
  articles: number;
  stories: number;
  exitCode: number;
}

function ingestInChild(dir: string, paths: string[], options: string[] = []): ChildReport {
  const child = fileURLToPath(new URL('./memory-child.js', import.meta.url));
  const out = execFileSync(
    process.execPath,
    [child, join(dir, `db-${Date.now()}.sqlite`), ...paths, '--', ...options],
    { encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  return JSON.parse(out.trim().split('\n').pop() as string) as ChildReport;
}

export async function benchMemory(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'storyline-bench-memory-'));
  const results: BenchResult[] = [];
  try {
    const small = join(dir, 'one.txt');
    writeFileSync(small, `A fictional headline\n\n${FILLER.repeat(20)}`);
    const base = ingestInChild(dir, [small]);
    results.push(report({ name: 'peak RSS, one small article (base)', value: base.peakMb, unit: 'MB' }));

    const big = join(dir, 'big.txt');
    writeFileSync(big, `A fictional headline\n\n${FILLER.repeat(Math.ceil((20 * 1024 * 1024) / FILLER.length))}`);
    // Inputs up to 32 MB: the 20 MB text must reach the pipeline (the default input limit is 20 MB).
    const text = ingestInChild(dir, [big], ['--max-size', '32']);
    rmSync(big);
    results.push(
      report({
        name: 'peak RSS, a 20 MB single-line text',
        value: text.peakMb,
        unit: 'MB',
        note: `goal <= ${GOALS.text20Mb} MB; ${(text.peakMb - base.peakMb).toFixed(0)} MB above base; ${text.articles} stored`,
      }),
    );

    const dates = sharedOrSkip('eval/dates', 'memory of the dates pages');
    if (dates) {
      const pages = ingestInChild(dir, [join(dates, 'html')]);
      results.push(
        report({
          name: 'peak RSS, ingesting eval/dates',
          value: pages.peakMb,
          unit: 'MB',
          note: `goal <= ${GOALS.datesMb} MB; ${pages.articles} stored, ${pages.stories} stories`,
        }),
      );
    }

    const peaks: number[] = [];
    for (const size of SIZES) {
      const corpus = writeSyntheticCorpus(join(dir, `corpus-${size}`), size);
      const run = ingestInChild(dir, [corpus]);
      rmSync(corpus, { recursive: true, force: true });
      peaks.push(run.peakMb);
      results.push(
        report({
          name: `peak RSS, ${size} made-up articles`,
          value: run.peakMb,
          unit: 'MB',
          note: `${run.articles} stored, ${run.stories} stories`,
        }),
      );
    }
    if (peaks.length > 1) {
      const ratio = (peaks[peaks.length - 1] as number) / (peaks[0] as number);
      results.push(
        report({
          name: `peak RSS, ${SIZES[SIZES.length - 1]} ÷ ${SIZES[0]} articles`,
          value: ratio,
          unit: '×',
          note: `goal within ${1 - GOALS.flatShare}–${1 + GOALS.flatShare}×`,
        }),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
