// The queue bench's control, one process of it: `node queue-control-child.js t17|pages DIR LIMIT SHARE OF WARM`
// extracts and analyses its share of the bench's documents (every OF-th from SHARE on) in its own main thread,
// with no queue and no database. It warms up on WARM of them, prints "ready", waits for "go" on stdin, does the
// rest, and prints the seconds that took and the CPU seconds it used. Started 1 and 2 at a time, it shows what two processes of pure
// extraction get out of the machine right now, beside what two queue workers get.
import { createInterface } from 'node:readline';
import type { RawDocument } from '../src/model.js';
import { processDocument } from '../src/pipeline/process.js';
import { loadPages, loadT17Documents } from './shared.js';

const [kind, dir, limit, share, of, warm] = process.argv.slice(2);
if (!dir || !limit || !share || !of || !warm)
  throw new Error('usage: queue-control-child t17|pages DIR LIMIT SHARE OF WARM');
const all = kind === 'pages' ? await loadPages(dir, Number(limit)) : loadT17Documents(dir, Number(limit));
const mine = all.filter((_, i) => i % Number(of) === Number(share));

function process_(docs: RawDocument[]): void {
  for (const doc of docs) {
    try {
      processDocument(doc);
    } catch {
      // A bad input costs what it cost; the queue dead-letters it, here it is simply done.
    }
  }
}

process_(mine.slice(0, Number(warm)));
process.stdout.write('ready\n');
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (line !== 'go') continue;
  const t = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  process_(mine.slice(Number(warm)));
  const used = process.cpuUsage(cpu);
  process.stdout.write(`${Number(process.hrtime.bigint() - t) / 1e9} ${(used.user + used.system) / 1e6}\n`);
  break;
}
lines.close();
