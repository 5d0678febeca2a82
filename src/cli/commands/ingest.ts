import type { StoryClusterSettings } from '../../cluster/settings.js';
import { sourceLabeler } from '../../ingest/source-label.js';
import { safeFetch } from '../../fetch/safe-fetch.js';
import { ENV_ALLOW_LOOPBACK, FETCH_SETTINGS } from '../../fetch/settings.js';
import {
  type FeedStats,
  type Fetcher,
  feedStatsLine,
  loadManifest,
  readInputs,
  type WarcStats,
} from '../../ingest/read.js';
import type { RawDocument, SidecarMeta } from '../../model.js';
import {
  defaultWorkerCount,
  enqueueDocuments,
  type FailedInput,
  type IngestAndRefreshReport,
  ingestAndRefresh,
  openQueue,
} from '../../pipeline/index.js';
import { openStore } from '../../store/open.js';
import {
  flag,
  intOption,
  type ParsedArgs,
  parseCommandArgs,
  parseSize,
  sizeOption,
  stringOption,
  UsageError,
} from '../args.js';
import { loadSettings, queueDatabase, type Settings } from '../config.js';
import { log, printJson, printLine } from '../output.js';
import { MAX_URL_SOURCE_ITEMS } from '../../ingest/settings.js';
import { createProgress } from '../progress.js';

export const ingestOptions = {
  manifest: { type: 'string' },
  'max-size': { type: 'string' },
  'max-text': { type: 'string' },
  deadline: { type: 'string' },
  workers: { type: 'string' },
  queue: { type: 'boolean' },
} as const;

export const ingestUsage = `storyline ingest PATH|URL... [--manifest F.jsonl] [--max-size MB] [--max-text SIZE] [--deadline S] [--workers N] [--db FILE] [--queue] [--json]
  Read files, folders (recursive), globs, .gz, JSONL/JSON exports, feeds and WARC archives into the database.
  A URL (http/https) may be a page (one article), a feed (RSS, Atom, JSON Feed: each item's page is fetched, the
  item's own text standing in when the page cannot be) or a sitemap (incl. Google News): at most
  ${MAX_URL_SOURCE_ITEMS} pages each, every page once. Only public addresses are fetched;
  ${ENV_ALLOW_LOOPBACK}=1 (for tests only) lets it reach loopback addresses.
  --queue (PostgreSQL only): put the inputs on the job queue and return; \`storyline worker\` processes do the rest.
    JSON: {queued, failed: [{path, error}]}
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
  /** Story-clustering tunables from the settings (config file, environment). */
  stories: StoryClusterSettings;
  /** Fetches URL inputs through the vetted fetcher (address rules, deadline, size cap). */
  fetch: Fetcher;
}

/**
 * The fetcher of URL inputs: public addresses only, bodies within --max-size. Loopback is reached only when the
 * environment says so, which tests do to serve pages from this machine; private networks stay refused.
 */
export function cliFetcher(maxBytes: number, env: NodeJS.ProcessEnv = process.env): Fetcher {
  const allowLoopback = env[ENV_ALLOW_LOOPBACK] === '1';
  return (url) =>
    safeFetch(url, {
      maxBytes,
      allowLoopback,
      accept: FETCH_SETTINGS.acceptFeeds,
      allowHint: 'storyline ingest fetches public addresses only',
    });
}

/** One stderr line per feed with items skipped as links (too short to be articles). */
const logFeedStats = (path: string, stats: FeedStats): void => log(feedStatsLine(path, stats));

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

export async function readIngestSettings(
  args: ParsedArgs,
  config: Settings = loadSettings(args),
): Promise<IngestSettings> {
  const manifestPath = stringOption(args, 'manifest');
  let manifest: Map<string, SidecarMeta> | undefined;
  if (manifestPath) {
    try {
      manifest = await loadManifest(manifestPath);
    } catch (err) {
      throw new UsageError(`--manifest ${manifestPath}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const { ingest: limits, stories } = config;
  const maxBytes = intOption(args, 'max-size', limits.maxSizeMb) * 1024 * 1024;
  // The config file's '' means extraction's default.
  const fromConfig = limits.maxText === '' ? undefined : parseSize(limits.maxText, 'ingest.maxText');
  const maxTextBytes = sizeOption(args, 'max-text', fromConfig);
  const workers = intOption(args, 'workers', limits.workers || defaultWorkerCount());
  const deadline = intOption(args, 'deadline', limits.deadlineSeconds);
  if (deadline < 1) throw new UsageError('--deadline must be at least 1 second');
  const fetch = cliFetcher(maxBytes);
  return { manifest, maxBytes, maxTextBytes, deadlineMs: deadline * 1000, workers, stories, fetch };
}

/** The inputs read with these settings, each archive's and feed's skipped records said on stderr. */
function readInputsLogged(paths: string[], settings: IngestSettings): ReturnType<typeof readInputs> {
  return readInputs(paths, { ...settings, onWarcStats: logWarcStats, onFeedStats: logFeedStats });
}

/** Ingest and refresh the stories (the one pipeline), with a progress line; failures reported on stderr. */
export async function runIngest(
  store: Awaited<ReturnType<typeof openStore>>,
  paths: string[],
  settings: IngestSettings,
): Promise<IngestAndRefreshReport> {
  const progress = createProgress(undefined, 'ingesting');
  const report = await ingestAndRefresh(store, readInputsLogged(paths, settings), {
    ...settings,
    sourceLabel: sourceLabeler(paths, process.cwd()),
    onProgress: (p) => progress.tick(p.done, p.source),
  });
  progress.finish();
  for (const f of report.failed) log(`failed: ${f.path}: ${f.error}`);
  if (report.storiesError) log(report.storiesError);
  else if (report.stories) log(`${report.stories.stories} stories, ${report.stories.changed} new or updated`);
  return report;
}

/**
 * `ingest --queue`: read and split the inputs here (the queue carries documents, not paths another host could not
 * open), enqueue them, and return. Inputs that cannot be read fail here, as in a plain ingest.
 */
async function enqueueIngest(args: ParsedArgs, config: Settings, settings: IngestSettings): Promise<number> {
  const db = queueDatabase(config);
  // Opening the store makes its tables (before the first worker saves into them); it hands out arrival places.
  const store = await openStore(db);
  const boss = await openQueue(db, config.queue, { supervise: false }).catch(async (err: unknown) => {
    await store.close();
    throw err;
  });
  const failed: FailedInput[] = [];
  try {
    async function* documents(): AsyncGenerator<RawDocument> {
      for await (const item of readInputsLogged(args.positionals, settings)) {
        if (item.ok) yield item.doc;
        else {
          failed.push({ path: item.source, error: item.error });
          log(`failed: ${item.source}: ${item.error}`);
        }
      }
    }
    const queued = await enqueueDocuments(
      boss,
      documents(),
      config.queue,
      store.reserveArrivals?.bind(store),
      sourceLabeler(args.positionals, process.cwd()),
    );
    if (flag(args, 'json')) printJson({ queued, failed });
    else printLine(`queued ${queued}, failed ${failed.length}`);
  } finally {
    await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
    await store.close();
  }
  return failed.length > 0 ? 1 : 0;
}

export async function ingestCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, ingestOptions);
  if (args.positionals.length === 0) throw new UsageError('ingest needs at least one PATH or URL');
  const config = loadSettings(args);
  const settings = await readIngestSettings(args, config);
  if (flag(args, 'queue')) return enqueueIngest(args, config, settings);
  const store = await openStore(config.db);
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
