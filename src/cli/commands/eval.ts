import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { evalClusters } from '../../eval/clusters.js';
import { evalExtraction } from '../../eval/extraction.js';
import { evalQuotes } from '../../eval/quotes.js';
import { evalTimex } from '../../eval/timex.js';
import { evalTls } from '../../eval/tls.js';
import { flag, type ParsedArgs, parseCommandArgs, stringOption, UsageError } from '../args.js';
import { log, printJson, printLine } from '../output.js';

export const evalUsage = `storyline eval KIND DATA [--out PATH] --json
  KIND: extraction | timex | quotes | clusters | tls
  Runs the engine on a data set from ../shared/eval/ and prints its scores.
  eval extraction DIR --out F   also writes the predictions {id: {articleBody}} to F
  eval tls DIR --out OUT        also writes each predicted timeline to OUT/<collection>/<gold file name>`;

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
  timex: (file) => evalTimex(file),
  quotes: (dir) => evalQuotes(dir),
  clusters: (file) => evalClusters(file),
  tls: (dir, args) => evalTls(dir, { out: stringOption(args, 'out') }),
};

export async function evalCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, { out: { type: 'string' } });
  const [kind, data, ...rest] = args.positionals;
  if (!kind || !data || rest.length > 0) throw new UsageError('eval needs KIND and DATA');
  const runner = runners[kind];
  if (!runner) throw new UsageError(`unknown eval kind "${kind}" (known: ${Object.keys(runners).join(', ')})`);
  const started = Date.now();
  const scores = await runner(data, args);
  log(`eval ${kind} took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (flag(args, 'json')) printJson(scores);
  else for (const [k, v] of Object.entries(scores)) if (typeof v !== 'object') printLine(`${k}: ${String(v)}`);
  return 0;
}
