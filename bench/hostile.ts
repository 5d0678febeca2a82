// Linear time on hostile text shapes: extraction and analysis of each made-up shape at size n and 4n, in this
// process. The ratio of the two times is the figure: ~4 is linear, 16 quadratic (before issue 10, 80,000
// characters of `x.` took 15 s against 1 s at 20,000, and of `a-` 56 s against 3 s).
import { processDocument } from '../src/pipeline/index.js';
import type { RawDocument } from '../src/model.js';
import { type BenchResult, report } from './shared.js';

/** Sizes in characters: the small one big enough that fixed costs do not dominate. */
const SMALL = 100_000;
const LARGE = 4 * SMALL;

/** Text shapes that made a stage super-linear once, or could. */
const SHAPES: Record<string, (n: number) => string> = {
  'one long token': (n) => 'x'.repeat(n),
  'x.x.x.': (n) => 'x.'.repeat(n / 2),
  'a-a-a-': (n) => 'a-'.repeat(n / 2),
  'capitalised words, no stop': (n) => 'Aaron Bbbbb '.repeat(n / 12),
  'quotes and said': (n) => 'he said "yes". '.repeat(n / 15),
  'dates everywhere': (n) => 'on Monday 3 March 2020 '.repeat(n / 23),
  'one paragraph of prose': (n) => 'the council met and the bridge will reopen in May '.repeat(n / 50),
};

function doc(text: string): RawDocument {
  return {
    source: 'hostile.txt',
    kind: 'text',
    content: `A made-up page\n\n${text}\n\nThe end.`,
    encoding: 'utf-8',
    fetchedAt: '2026-01-01T00:00:00Z',
    meta: {},
  };
}

function cpuSeconds(run: () => void): number {
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

export async function benchHostile(): Promise<BenchResult[]> {
  processDocument(doc('Warm-up: Jane Doe said on Monday that "all is well".')); // models load outside the timing
  const results: BenchResult[] = [];
  for (const [name, shape] of Object.entries(SHAPES)) {
    const small = cpuSeconds(() => processDocument(doc(shape(SMALL))));
    const large = cpuSeconds(() => processDocument(doc(shape(LARGE))));
    results.push(
      report({
        name: `time ${LARGE / 1000}k / ${SMALL / 1000}k chars: ${name}`,
        value: large / small,
        unit: '× (4 = linear)',
        note: `${(small * 1000).toFixed(0)} ms → ${(large * 1000).toFixed(0)} ms`,
      }),
    );
  }
  return results;
}
