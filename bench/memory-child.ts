// One ingest in a process of its own, for bench/memory.ts: `node memory-child.js DB PATH... [-- INGEST OPTIONS]` runs
// `storyline ingest` (the command's own code: reading, worker threads, saving, the story step) and prints its peak
// resident memory in MB. Workers are threads of this process, so their memory is in the figure.
import { ingestCommand } from '../src/cli/commands/ingest.js';
import { openStore } from '../src/store/open.js';

const [db, ...rest] = process.argv.slice(2);
if (!db || rest.length === 0) throw new Error('usage: memory-child DB PATH... [-- OPTION...]');
const split = rest.indexOf('--');
const paths = split < 0 ? rest : rest.slice(0, split);
const options = split < 0 ? [] : rest.slice(split + 1);
// The command prints its summary line on stdout; this script's one JSON line comes after it.
const code = await ingestCommand([...paths, '--db', db, ...options]);
const peakMb = process.resourceUsage().maxRSS / 1024;
const store = await openStore(db);
const articles = await store.countArticles();
const stories = await store.countStories();
await store.close();
process.stdout.write(`${JSON.stringify({ peakMb, articles, stories, exitCode: code })}\n`);
