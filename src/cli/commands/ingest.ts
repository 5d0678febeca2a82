import { loadManifest, type WarcStats } from '../../ingest/read.js';
import type { SidecarMeta } from '../../model.js';
import { type IngestAndRefreshReport, ingestAndRefresh } from '../../pipeline/index.js';
import { readInputs } from '../../ingest/read.js';
import { openStore } from '../../store/open.js';
import { defaultWorkerCount, WORKER_SETTINGS } from '../../pipeline/index.js';
import {
  dbSpec,
  flag,
  intOption,
  type ParsedArgs,
  parseCommandArgs,
  sizeOption,
  stringOption,
  UsageError,
} from '../args.js';
import { log, printJson, printLine } from '../output.js';
import { createProgress } from '../progress.js';

export const ingestOptions = {
  manifest: { type: 'string' },
  'max-size': { type: 'string' },
  'max-text': { type: 'string' },
  deadline: { type: 'string' },
  workers: { type: 'string' },
} as const;

export const ingestUsage = `storyline ingest PATH... [--manifest F.jsonl] [--max-size MB] [--max-text SIZE] [--deadline S] [--workers N] [--db FILE] [--json]
  Read files, folders (recursive), globs, .gz, JSONL/JSON exports, feeds and WARC archives into the database.
  --max-text SIZE (e.g. 2MB, 500KB; default 2MB): an article's clean text is cut at this size, with a warning.
  --deadline S (default 30): seconds one document may take to extract and analyse; past it, it fails alone.
  JSON: {ingested, unchanged, failed: [{path, error}], articles: [id]}`;

/** Options shared by `ingest` and `digest`: the manifest and the size limits. */
export interface IngestSettings {
  manifest?: Map<string, SidecarMeta>;
  maxBytes: number;
  /** Cap on an article's clean text; undefined: extraction's default. */
  maxTextBytes?: number;
  /** Per-document deadline of extraction and analysis; undefined: the worker pool's default. */
  deadlineMs?: number;
  workers: number;
}

/** One stderr line per WARC archive: what it held, so that skipped records are visible without failing anything. */
function logWarcStats(path: string, stats: WarcStats): void {
  const skipped = Object.entries(stats.skipped).sort((a, b) => b[1] - a[1]);
  const total = skipped.reduce((sum, [, n]) => sum + n, 0);
  const reasons = skipped.slice(0, 5).map(([reason, n]) => `${n} ${reason}`);
  if (skipped.length > 5) reasons.push('…');
  const damaged = stats.damaged > 0 ? `, ${stats.damaged} damaged` : '';
  const why = total > 0 ? ` (${reasons.join(', ')})` : '';
  log(`${path}: ${stats.records} WARC records, ${stats.documents} pages, ${total} skipped${why}${damaged}`);
}

export async function readIngestSettings(args: ParsedArgs): Promise<IngestSettings> {
  const manifestPath = stringOption(args, 'manifest');
  let manifest: Map<string, SidecarMeta> | undefined;
  if (manifestPath) {
    try {
      manifest = await loadManifest(manifestPath);
    } catch (err) {
      throw new UsageError(`--manifest ${manifestPath}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const maxBytes = intOption(args, 'max-size', 20) * 1024 * 1024;
  const maxTextBytes = sizeOption(args, 'max-text', undefined);
  const workers = intOption(args, 'workers', defaultWorkerCount());
  const deadline = intOption(args, 'deadline', WORKER_SETTINGS.deadlineMs / 1000);
  if (deadline < 1) throw new UsageError('--deadline must be at least 1 second');
  return { manifest, maxBytes, maxTextBytes, deadlineMs: deadline * 1000, workers };
}

/** Ingest and refresh the stories (the one pipeline), with a progress line; failures reported on stderr. */
export async function runIngest(
  store: Awaited<ReturnType<typeof openStore>>,
  paths: string[],
  settings: IngestSettings,
): Promise<IngestAndRefreshReport> {
  const progress = createProgress(undefined, 'ingesting');
  const report = await ingestAndRefresh(store, readInputs(paths, { ...settings, onWarcStats: logWarcStats }), {
    ...settings,
    onProgress: (p) => progress.tick(p.done, p.source),
  });
  progress.finish();
  for (const f of report.failed) log(`failed: ${f.path}: ${f.error}`);
  if (report.storiesError) log(report.storiesError);
  else if (report.stories) log(`${report.stories.stories} stories, ${report.stories.changed} new or updated`);
  return report;
}

export async function ingestCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, ingestOptions);
  if (args.positionals.length === 0) throw new UsageError('ingest needs at least one PATH');
  const settings = await readIngestSettings(args);
  const store = await openStore(dbSpec(args));
  try {
    const { stories: _stories, storiesError, ...report } = await runIngest(store, args.positionals, settings);
    if (flag(args, 'json')) printJson(report);
    else
      printLine(
        `ingested ${report.ingested}, unchanged ${report.unchanged}, failed ${report.failed.length} (${report.articles.length} articles)`,
      );
    return report.failed.length > 0 || storiesError ? 1 : 0;
  } finally {
    await store.close();
  }
}
