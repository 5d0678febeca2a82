import { readFile } from 'node:fs/promises';
import { safeFetch } from '../../fetch/safe-fetch.js';
import { PoliteFetcher } from '../../fetch/polite.js';
import { ENV_ALLOW_LOOPBACK, FETCH_SETTINGS, WATCH_SETTINGS } from '../../fetch/settings.js';
import { isUrlInput } from '../../ingest/url.js';
import { parseWatchSources } from '../../ingest/watch-sources.js';
import { enqueueDocuments, errorMessage, openQueue } from '../../pipeline/index.js';
import { formatSpan, runWatch, type WatchOptions } from '../../pipeline/watch.js';
import { openStore } from '../../store/open.js';
import { parseSpanMs } from '../../text/instants.js';
import { flag, intOption, type ParsedArgs, parseCommandArgs, stringOption, UsageError } from '../args.js';
import { loadSettings, queueDatabase } from '../config.js';
import { log, printJson } from '../output.js';
import { ingestOptions, readIngestSettings } from './ingest.js';

export const watchUsage = `storyline watch SOURCES... [--every 15m] [--host-gap 2s] [--polls N | --once] [--queue] [--db FILE] [--json]
  Follow feeds (RSS 0.9x/2.0, RSS 1.0, Atom, JSON Feed), sitemaps (incl. Google News) and pages until stopped.
  SOURCES are URLs, files of URLs (one a line, # comments) or OPML files. Each source is polled on its own
  schedule (--every, default ${formatSpan(WATCH_SETTINGS.everyMs)}) with a conditional GET (ETag, Last-Modified). Each new item's page
  is fetched and ingested, once per canonical URL; the item's own text stands in when the page cannot be had or
  robots.txt forbids it. Polite: one request at a time per host and --host-gap between them (default ${formatSpan(WATCH_SETTINGS.hostGapMs)},
  or the host's Crawl-delay), robots.txt honoured, User-Agent "${FETCH_SETTINGS.userAgent}",
  retries with backoff after network errors, 5xx and 429 (Retry-After honoured). One line per poll on stderr.
  SIGINT/SIGTERM stop after the current item. State is kept in the database: a restart fetches nothing twice.
  --polls N: stop once every source has been polled N times (--once: N = 1).
  --queue (PostgreSQL only): put new items on the job queue for \`storyline worker\` instead of processing them.
  Takes ingest's --manifest, --max-size, --max-text, --deadline and --workers. ${ENV_ALLOW_LOOPBACK}=1
  (tests only) lets it reach loopback addresses.
  JSON (on exit): {polls, notModified, errors, newItems, ingested, unchanged, failed, queued}`;

function spanOption(args: ParsedArgs, name: string, fallback: number, least: number): number {
  const raw = stringOption(args, name);
  if (raw === undefined) return fallback;
  const ms = parseSpanMs(raw);
  if (ms === undefined || ms < least)
    throw new UsageError(`--${name} must be a span such as 500ms, 30s, 15m or 2h (at least ${least} ms), got "${raw}"`);
  return ms;
}

/** The sources named: URLs as given, files read (OPML or a list of URLs); each URL once, in order. */
async function readSources(inputs: string[]): Promise<string[]> {
  const urls: string[] = [];
  for (const input of inputs) {
    if (isUrlInput(input)) {
      urls.push(input);
      continue;
    }
    let text: string;
    try {
      text = await readFile(input, 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read the sources file ${input}: ${errorMessage(err)}`);
    }
    try {
      urls.push(...parseWatchSources(text));
    } catch (err) {
      throw new UsageError(`${input}: ${errorMessage(err)}`);
    }
  }
  return [...new Set(urls)];
}

export async function watchCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, {
    ...ingestOptions,
    every: { type: 'string' },
    'host-gap': { type: 'string' },
    polls: { type: 'string' },
    once: { type: 'boolean' },
  });
  if (args.positionals.length === 0)
    throw new UsageError('watch needs at least one source (a URL, a file of URLs or OPML)');
  // A poll a second is already more than any feed needs; below that is a typo (`--every 15` for 15 minutes).
  const everyMs = spanOption(args, 'every', WATCH_SETTINGS.everyMs, 1_000);
  const hostGapMs = spanOption(args, 'host-gap', WATCH_SETTINGS.hostGapMs, 0);
  const polls = flag(args, 'once')
    ? 1
    : stringOption(args, 'polls') === undefined
      ? undefined
      : intOption(args, 'polls', 1);
  if (polls === 0) throw new UsageError('--polls must be at least 1');
  const sources = await readSources(args.positionals);
  if (sources.length === 0) throw new UsageError('the sources given name no URL to watch');
  const config = loadSettings(args);
  const settings = await readIngestSettings(args, config);
  const queue = flag(args, 'queue');
  const db = queue ? queueDatabase(config) : config.db;

  const stop = new AbortController();
  const onSignal = (name: string) => () => {
    if (stop.signal.aborted) process.exit(130); // asked twice: the user means now
    log(`watch: ${name}, stopping after the current item`);
    stop.abort();
  };
  const onInt = onSignal('SIGINT');
  const onTerm = onSignal('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);

  const allowLoopback = process.env[ENV_ALLOW_LOOPBACK] === '1';
  const fetcher = new PoliteFetcher({
    hostGapMs,
    fetch: (url, o) =>
      safeFetch(url, {
        maxBytes: o.maxBytes ?? settings.maxBytes,
        allowLoopback,
        accept: o.accept ?? FETCH_SETTINGS.acceptFeeds,
        allowHint: 'storyline watch fetches public addresses only',
        ...(o.conditional ? { conditional: o.conditional } : {}),
        ...(o.beforeRedirect ? { beforeRedirect: o.beforeRedirect } : {}),
      }),
    // A feed item's page that is refused gives way to the item's own text, if it has enough (the poll line counts it).
    onDisallowed: (url) => log(`watch: ${url}: robots.txt disallows it; not fetched`),
    onRetry: (url, attempt, err, wait) =>
      log(`watch: ${url}: ${errorMessage(err)}; retry ${attempt} in ${formatSpan(wait)}`),
    stopped: () => stop.signal.aborted,
  });

  const store = await openStore(db);
  const boss = queue
    ? await openQueue(db, config.queue, { supervise: false }).catch(async (err: unknown) => {
        await store.close();
        throw err;
      })
    : undefined;
  try {
    log(`watch: ${sources.length} sources, every ${formatSpan(everyMs)}${polls ? `, ${polls} polls each` : ''}`);
    const options: WatchOptions = {
      store,
      sources,
      everyMs,
      fetcher,
      read: { maxBytes: settings.maxBytes, ...(settings.manifest ? { manifest: settings.manifest } : {}) },
      maxTextBytes: settings.maxTextBytes,
      pipeline: { workers: settings.workers, deadlineMs: settings.deadlineMs },
      stories: settings.stories,
      signal: stop.signal,
      log,
      ...(polls !== undefined ? { polls } : {}),
      ...(boss
        ? {
            enqueue: (docs) => enqueueDocuments(boss, docs, config.queue, store.reserveArrivals?.bind(store)),
          }
        : {}),
    };
    const summary = await runWatch(options);
    if (flag(args, 'json')) printJson(summary);
    log(
      `watch: ${summary.polls} polls (${summary.notModified} not modified, ${summary.errors} failed), ` +
        `${summary.newItems} new items, ${boss ? `${summary.queued} queued` : `${summary.ingested} ingested`}`,
    );
    return summary.failed > 0 || summary.errors > 0 ? 1 : 0;
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
    await boss?.stop({ graceful: false, wait: true }).catch(() => undefined);
    await store.close();
  }
}
