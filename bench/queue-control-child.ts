// The queue bench's control, one process of it: `node queue-control-child.js t17|pages DIR MEASURED WARM SHARE OF`
// loads the bench's documents (MEASURED, then OF × WARM more), warms up on WARM of the extra ones (its own: the
// SHARE-th slice), prints "ready", waits for "go" on stdin, then extracts and analyses its share of the MEASURED
// ones (every OF-th from SHARE on) in its own main thread, with no queue and no database, and prints the seconds
// that took. It then waits to be stopped, so the bench can read its threads' CPU from /proc. Started 1 and 2 at a
// time, it shows what two processes of pure extraction get out of the machine right now, beside what two queue
// workers get.
import { createInterface } from 'node:readline';
import type { RawDocument } from '../src/model.js';
import { processDocument } from '../src/pipeline/process.js';
import { loadPages, loadT17Documents } from './shared.js';

const [kind, dir, measuredArg, warmArg, shareArg, ofArg] = process.argv.slice(2);
if (!dir || !measuredArg || !warmArg || !shareArg || !ofArg)
  throw new Error('usage: queue-control-child t17|pages DIR MEASURED WARM SHARE OF');
const [measured, warm, share, of] = [measuredArg, warmArg, shareArg, ofArg].map(Number) as [
  number,
  number,
  number,
  number,
];
const limit = measured + of * warm;
const all = kind === 'pages' ? await loadPages(dir, limit) : loadT17Documents(dir, limit);
const mine = all.slice(0, measured).filter((_, i) => i % of === share);
const warmUp = all.slice(measured + share * warm, measured + (share + 1) * warm);

function process_(docs: RawDocument[]): void {
  for (const doc of docs) {
    try {
      processDocument(doc);
    } catch {
      // A bad input costs what it cost; the queue dead-letters it, here it is simply done.
    }
  }
}

process_(warmUp);
process.stdout.write('ready\n');
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (line !== 'go') continue;
  const t = process.hrtime.bigint();
  process_(mine);
  process.stdout.write(`done ${Number(process.hrtime.bigint() - t) / 1e9}\n`);
}
