import { loadManifest } from '../../ingest/read.js';
import type { SidecarMeta } from '../../model.js';
import { type IngestAndRefreshReport, ingestAndRefresh } from '../../pipeline.js';
import { readInputs } from '../../ingest/read.js';
import { openStore } from '../../store/open.js';
import { defaultWorkerCount } from '../../worker-pool.js';
import { dbSpec, flag, intOption, type ParsedArgs, parseCommandArgs, stringOption, UsageError } from '../args.js';
import { log, printJson, printLine } from '../output.js';
import { createProgress } from '../progress.js';

export const ingestOptions = {
  manifest: { type: 'string' },
  'max-size': { type: 'string' },
  workers: { type: 'string' },
} as const;

export const ingestUsage = `storyline ingest PATH... [--manifest F.jsonl] [--max-size MB] [--workers N] [--db FILE] [--json]
  Read files, folders (recursive), globs, .gz, JSONL/JSON exports into the database.
  JSON: {ingested, unchanged, failed: [{path, error}], articles: [id]}`;

/** Options shared by `ingest` and `digest`: the manifest and the size limit. */
export interface IngestSettings {
  manifest?: Map<string, SidecarMeta>;
  maxBytes: number;
  workers: number;
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
  const workers = intOption(args, 'workers', defaultWorkerCount());
  return { manifest, maxBytes, workers };
}

/** Ingest and refresh the stories (the one pipeline), with a progress line; failures reported on stderr. */
export async function runIngest(
  store: Awaited<ReturnType<typeof openStore>>,
  paths: string[],
  settings: IngestSettings,
): Promise<IngestAndRefreshReport> {
  const progress = createProgress(undefined, 'ingesting');
  const report = await ingestAndRefresh(store, readInputs(paths, settings), {
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
