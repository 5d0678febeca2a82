import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { evalExtraction, evalMetadata, evalQuotes, evalTimex, evalTls } from '../../pipeline/index.js';
import { flag, type ParsedArgs, parseCommandArgs, stringOption, UsageError } from '../args.js';
import { log, printJson, printLine } from '../output.js';
import { evalDates } from './eval-dates.js';
import { evalStories } from './eval-stories.js';

export const evalUsage = `storyline eval KIND DATA [--out PATH] --json
  KIND: extraction | dates | metadata | timex | quotes | stories | tls
  Runs the engine on a data set from ../shared/eval/ and prints its scores.
  eval extraction DIR --out F   also writes the predictions {id: {articleBody}} to F
  eval dates DIR --out F        DIR: html/*.html.gz, manifest.jsonl {file, url}, gold.jsonl {file, date, collection};
                                reads the pages as ingest does and scores the day of each one's published date
                                (right, undated, wrong, wrong_by_one_day, after_crawl; per collection);
                                writes {file: "YYYY-MM-DD" | null} to F
  eval metadata DIR             DIR: Readability test pages (<case>/source.html, expected-metadata.json); title and
                                byline right when their word sets match (case, punctuation, order and a leading
                                "By" ignored), over the pages that expect one; --out F writes the misses to F
  eval tls DIR --out OUT        also writes each predicted timeline to OUT/<collection>/<gold file name>;
                                --topic T (repeatable): only the collections named T or of topic T (bpoil, MJ, …);
                                sentence_date_accuracy: how often the sentences the gold entries were written
                                from are dated to the entry's day
  eval stories DATA --out F     DATA: a JSONL of {id, text|html, title?, published?, outlet?, url?, story|event|label|topic},
                                or a Timeline17 folder (read as one stream); ingests the rows in order through the
                                ingest pipeline and scores the stories (B-cubed, pairs); writes {row id: story id} to F`;

type Scores = object;
type EvalRunner = (data: string, args: ParsedArgs) => Promise<Scores>;

async function writeOut(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
  log(`wrote ${path}`);
}

const runners: Record<string, EvalRunner> = {
  async extraction(dir, args) {
    const { predictions, ...scores } = await evalExtraction(dir);
    const out = stringOption(args, 'out');
    if (out) await writeOut(out, predictions);
    return scores;
  },
  async dates(dir, args) {
    const { predictions, ...scores } = await evalDates(dir);
    const out = stringOption(args, 'out');
    if (out) await writeOut(out, predictions);
    return scores;
  },
  async metadata(dir, args) {
    const { misses, ...scores } = await evalMetadata(dir);
    const out = stringOption(args, 'out');
    if (out) await writeOut(out, misses);
    return scores;
  },
  timex: (file) => evalTimex(file),
  quotes: (dir) => evalQuotes(dir),
  async stories(data, args) {
    const { predictions, ...scores } = await evalStories(data);
    const out = stringOption(args, 'out');
    if (out) await writeOut(out, predictions);
    return scores;
  },
  tls: (dir, args) => {
    const topics = args.values.topic;
    const collections = Array.isArray(topics) ? topics : typeof topics === 'string' ? [topics] : undefined;
    return evalTls(dir, { out: stringOption(args, 'out'), ...(collections ? { collections } : {}) });
  },
};

/** One per-item score as a line: its names, then its numbers (`key=value`). */
function itemLine(item: unknown): string {
  const fields = Object.entries(item as Record<string, unknown>);
  const names = fields.filter(([, v]) => typeof v === 'string').map(([, v]) => String(v));
  const numbers = fields
    .filter(([, v]) => typeof v === 'number')
    .map(([k, v]) => `${k}=${Number((v as number).toFixed(4))}`);
  return `  ${names.join('/')}: ${numbers.join(' ')}`;
}

export async function evalCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, { out: { type: 'string' }, topic: { type: 'string', multiple: true } });
  const [kind, data, ...rest] = args.positionals;
  if (!kind || !data || rest.length > 0) throw new UsageError('eval needs KIND and DATA');
  const runner = runners[kind];
  if (!runner) throw new UsageError(`unknown eval kind "${kind}" (known: ${Object.keys(runners).join(', ')})`);
  const started = Date.now();
  const scores = await runner(data, args);
  log(`eval ${kind} took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (flag(args, 'json')) printJson(scores);
  else {
    for (const [k, v] of Object.entries(scores)) if (typeof v !== 'object') printLine(`${k}: ${String(v)}`);
    // Per-item figures (a TLS run's timelines), one line each: their numbers only.
    const items: unknown = (scores as { timelines?: unknown }).timelines;
    if (Array.isArray(items)) for (const item of items) printLine(itemLine(item));
  }
  return 0;
}
