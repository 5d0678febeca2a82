// Peak resident memory of whole ingests, each in a fresh process (peak RSS is a high-water mark of a process):
// a 20 MB single-line text, the 799 real pages of ../shared/eval/dates, and a one-article baseline - the fixed
// base every ingest pays (the models and gazetteers in the main thread and each worker).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchResult, report, sharedOrSkip } from './shared.js';

/** Goals of issue 10: peak RSS at most ~10x the input plus a fixed base. */
const GOALS_MB = { text20: 600, dates: 1024 };
/** Words of the made-up 20 MB text: ordinary prose, one line, no paragraph breaks. */
const FILLER = 'The fictional council of Example Town met on Monday and said the bridge would reopen in May. ';

interface ChildReport {
  peakMb: number;
  articles: number;
  failed: number;
}

function ingestInChild(dir: string, paths: string[]): ChildReport {
  const child = fileURLToPath(new URL('./memory-child.js', import.meta.url));
  const out = execFileSync(process.execPath, [child, join(dir, `db-${Date.now()}.sqlite`), ...paths], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
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
    const text = ingestInChild(dir, [big]);
    results.push(
      report({
        name: 'peak RSS, a 20 MB single-line text',
        value: text.peakMb,
        unit: 'MB',
        note: `goal <= ${GOALS_MB.text20} MB; ${(text.peakMb - base.peakMb).toFixed(0)} MB above base; ${text.articles} stored, ${text.failed} failed`,
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
          note: `goal <= ${GOALS_MB.dates} MB; ${pages.articles} stored, ${pages.failed} failed`,
        }),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
