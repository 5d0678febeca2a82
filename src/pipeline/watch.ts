// `storyline watch`: poll sources (feeds, sitemaps, pages) on their own schedules, read what is new through the
// one pipeline, and keep in the store what a restart needs — each source's validators and schedule, and every item
// handled — so that it sends conditional requests and fetches nothing twice.
//
// Writes, and what a kill leaves: an item is marked seen right after its article is saved (a kill in between
// fetches that one page again: at least once, and saving is idempotent); a source's new validators are written only
// once all its items are handled, in one transaction with the last of them, so a poll cut short is polled again
// in full (its items already saved are skipped as seen).
import type { StoryClusterSettings } from '../cluster/settings.js';
import { type GateClock, realClock } from '../fetch/host-gate.js';
import type { PoliteFetcher } from '../fetch/polite.js';
import { isTransient } from '../fetch/retry.js';
import type { Validators } from '../fetch/safe-fetch.js';
import { dueNow, nextDue } from '../fetch/schedule.js';
import type { IngestItem } from '../ingest/read.js';
import { canonicalUrl, readFetchedUrl, type UrlIngestOptions } from '../ingest/url.js';
import type { FeedStats } from '../ingest/feed.js';
import type { RawDocument } from '../model.js';
import type { Store, WatchSourceState } from '../store/store.js';
import { errorMessage, ingestItems, type PipelineOptions, storyStepAfterIngest } from './ingest.js';

export interface WatchOptions {
  store: Store;
  /** The sources' URLs, each polled on its own schedule. */
  sources: readonly string[];
  /** Interval between two polls of one source. */
  everyMs: number;
  fetcher: PoliteFetcher;
  /** How fetched bodies are read (size cap, shortest feed item, manifest). */
  read: Omit<UrlIngestOptions, 'fetch' | 'seenBefore' | 'onItem' | 'onFeedStats'>;
  /** Cap on an article's clean text (as `ingest --max-text`); undefined: extraction's default. */
  maxTextBytes?: number;
  /** Extraction and analysis in this process (workers, deadline); ignored when `enqueue` is given. */
  pipeline?: PipelineOptions;
  stories?: Partial<StoryClusterSettings>;
  /** Put the documents on the job queue instead of processing them here; resolves with how many were queued. */
  enqueue?: (docs: AsyncIterable<RawDocument>) => Promise<number>;
  /** Stop once every source has been polled this many times (tests, one-off runs); by default, run until stopped. */
  polls?: number;
  /** Aborted to stop: the poll under way stops after its current item, its writes done; no new poll starts. */
  signal?: AbortSignal;
  /** One line per poll, and a line per story refresh. */
  log: (line: string) => void;
  clock?: GateClock;
}

export interface PollResult {
  url: string;
  /** 200 (read), 304 (not modified) or 'error' (the source could not be had). */
  status: 200 | 304 | 'error';
  /** Items not seen before, taken in this poll. */
  newItems: number;
  ingested: number;
  unchanged: number;
  failed: number;
  queued: number;
  ms: number;
  error?: string;
}

export interface WatchSummary {
  polls: number;
  notModified: number;
  errors: number;
  newItems: number;
  ingested: number;
  unchanged: number;
  failed: number;
  queued: number;
}

const iso = (ms: number): string => new Date(ms).toISOString();

function validatorsOf(state: WatchSourceState | undefined): Validators | undefined {
  if (!state?.etag && !state?.lastModified) return undefined;
  return {
    ...(state.etag ? { etag: state.etag } : {}),
    ...(state.lastModified ? { lastModified: state.lastModified } : {}),
  };
}

/** A span for people: `45 s`, `15 min`, `2 h`. */
export function formatSpan(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 100) / 10} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 6_000) / 10} min`;
  return `${Math.round(ms / 360_000) / 10} h`;
}

/** One poll's log line: source, HTTP status, new items, what came of them, duration. */
export function pollLine(r: PollResult, skipped: Record<string, number> = {}): string {
  const took = `in ${(r.ms / 1000).toFixed(2)} s`;
  if (r.status === 'error') return `watch ${r.url}: error ${took}: ${r.error ?? 'failed'}`;
  const done =
    r.status === 304
      ? ''
      : r.queued > 0
        ? ` (${r.queued} queued, ${r.failed} failed)`
        : ` (${r.ingested} ingested, ${r.unchanged} unchanged, ${r.failed} failed)`;
  const reasons = Object.entries(skipped).map(([why, n]) => `${n} ${why}`);
  const skips = reasons.length > 0 ? `; skipped ${reasons.join(', ')}` : '';
  return `watch ${r.url}: ${r.status} ${r.newItems} new${done}${skips} ${took}`;
}

function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Runs until stopped (or until each source had `polls` polls): polls what is due, then sleeps until the next is. */
export async function runWatch(opts: WatchOptions): Promise<WatchSummary> {
  const clock = opts.clock ?? realClock;
  const stopped = (): boolean => opts.signal?.aborted === true;
  const states = await opts.store.getWatchSources(opts.sources);
  const due = new Map<string, number | undefined>();
  const polled = new Map<string, number>();
  for (const url of opts.sources) {
    const next = states.get(url)?.nextDue;
    due.set(url, next === undefined ? undefined : Date.parse(next));
    polled.set(url, 0);
  }
  const summary: WatchSummary = {
    polls: 0,
    notModified: 0,
    errors: 0,
    newItems: 0,
    ingested: 0,
    unchanged: 0,
    failed: 0,
    queued: 0,
  };
  let firstRound = true;
  while (!stopped()) {
    const open = new Map([...due].filter(([url]) => opts.polls === undefined || (polled.get(url) ?? 0) < opts.polls));
    if (open.size === 0) break;
    const now = clock.now();
    const ready = dueNow(open, now);
    if (ready.length === 0) {
      const next = Math.min(...[...open.values()].map((d) => d ?? now));
      await abortableSleep(Math.max(0, next - now), opts.signal);
      continue;
    }
    let saved = 0;
    for (const url of ready) {
      if (stopped()) break;
      let result: PollResult;
      try {
        result = await pollSource(url, states, opts, clock);
      } catch (err) {
        // The store failed (a locked or lost database): this poll is lost, not the watcher; the source is due again
        // after its interval, and what it saved before the failure is kept.
        opts.log(`watch ${url}: error: ${errorMessage(err)}`);
        result = { url, status: 'error', newItems: 0, ingested: 0, unchanged: 0, failed: 0, queued: 0, ms: 0 };
        states.set(url, { ...(states.get(url) ?? { url, failures: 0 }), nextDue: iso(clock.now() + opts.everyMs) });
      }
      polled.set(url, (polled.get(url) ?? 0) + 1);
      due.set(url, Date.parse(states.get(url)?.nextDue ?? iso(clock.now() + opts.everyMs)));
      summary.polls++;
      if (result.status === 304) summary.notModified++;
      if (result.status === 'error') summary.errors++;
      summary.newItems += result.newItems;
      summary.ingested += result.ingested;
      summary.unchanged += result.unchanged;
      summary.failed += result.failed;
      summary.queued += result.queued;
      saved += result.ingested;
    }
    // The first round also clusters what a killed run saved but never got to.
    if (!opts.enqueue && (saved > 0 || firstRound)) {
      try {
        const stories = await storyStepAfterIngest(opts.store, {
          keepWorkers: opts.pipeline?.keepWorkers,
          stories: opts.stories,
        });
        opts.log(`watch: ${stories.stories} stories, ${stories.changed} new or updated`);
      } catch (err) {
        opts.log(`watch: stories could not be refreshed: ${errorMessage(err)}`);
      }
    }
    firstRound = false;
  }
  return summary;
}

/** Poll one source, write what it needs, log its line. */
async function pollSource(
  url: string,
  states: Map<string, WatchSourceState>,
  opts: WatchOptions,
  clock: GateClock,
): Promise<PollResult> {
  const { store } = opts;
  const started = clock.now();
  const prior = states.get(url) ?? { url, failures: 0 };
  const result: PollResult = { url, status: 200, newItems: 0, ingested: 0, unchanged: 0, failed: 0, queued: 0, ms: 0 };
  const finish = async (state: WatchSourceState, seen: string[], skipped?: Record<string, number>) => {
    await store.saveWatchPoll({ source: state, seen, from: url });
    states.set(url, state);
    result.ms = clock.now() - started;
    opts.log(pollLine(result, skipped));
    return result;
  };

  let fetched;
  try {
    fetched = await opts.fetcher.fetch(url, validatorsOf(prior));
  } catch (err) {
    const failures = prior.failures + 1;
    const next = nextDue(clock.now(), opts.everyMs, failures);
    result.status = 'error';
    result.error = `${errorMessage(err)}; ${failures} failed in a row, next poll in ${formatSpan(next - clock.now())}`;
    return finish({ ...prior, lastPoll: iso(started), nextDue: iso(next), failures }, []);
  }
  const polledState = (validators: Validators): WatchSourceState => ({
    url,
    ...validators,
    lastPoll: iso(started),
    nextDue: iso(nextDue(clock.now(), opts.everyMs, 0)),
    failures: 0,
  });
  if (fetched.notModified) {
    result.status = 304;
    // A 304 may carry fresh validators; those it leaves out stay as they were.
    return finish(polledState({ ...validatorsOf(prior), ...validatorsOf({ failures: 0, ...fetched }) }), []);
  }

  // What each yielded input stands for (its source → the item's key), and the items that yielded nothing.
  const keyOf = new Map<string, string>();
  const handled: string[] = [];
  const transient = new Set<string>();
  let stats: FeedStats | undefined;
  const items = readFetchedUrl(url, fetched, {
    ...opts.read,
    fetch: async (page) => {
      try {
        return await opts.fetcher.fetch(page);
      } catch (err) {
        if (isTransient(err)) transient.add(canonicalUrl(page));
        throw err;
      }
    },
    seenBefore: async (key) => (await store.getWatchSeen([key])).has(key),
    onItem: (key, source) => {
      result.newItems++;
      if (source === undefined) handled.push(key);
      else keyOf.set(source, key);
    },
    onFeedStats: (_url, s) => (stats = s),
  });
  /** The keys an input stands for: its item's, and the page it landed on (a later link straight to it is the same). */
  const keysFor = (source: string): string[] => {
    const key = keyOf.get(source);
    if (key === undefined) return [];
    // Only a page's own URL (`feedURL#n` is the item's text, and its URL the feed's) names another key.
    const landed = /^https?:\/\/[^#]*$/i.test(source) ? canonicalUrl(source) : key;
    return landed === key ? [key] : [key, landed];
  };
  // Stop between items when asked to: what was saved stays, and the source is polled again in full next time.
  async function* untilStopped(): AsyncGenerator<IngestItem> {
    for await (const item of items) {
      const cap = opts.maxTextBytes;
      yield cap === undefined || !item.ok ? item : { ok: true, doc: { ...item.doc, maxTextBytes: cap } };
      if (opts.signal?.aborted) return;
    }
  }

  const marks: Promise<void>[] = [];
  const failedKeys: string[] = [];
  if (opts.enqueue) {
    const queuedKeys: string[] = [];
    async function* documents(): AsyncGenerator<RawDocument> {
      for await (const item of untilStopped()) {
        if (item.ok) {
          queuedKeys.push(...keysFor(item.doc.source));
          yield item.doc;
        } else {
          result.failed++;
          opts.log(`failed: ${item.source}: ${item.error}`);
          if (!transient.has(canonicalUrl(item.source))) failedKeys.push(...keysFor(item.source));
        }
      }
    }
    result.queued = await opts.enqueue(documents());
    handled.push(...queuedKeys);
  } else {
    const report = await ingestItems(store, untilStopped(), {
      ...opts.pipeline,
      onSaved: (_article, source) => {
        const seen = keysFor(source);
        if (seen.length > 0) marks.push(store.saveWatchPoll({ seen, from: url }));
      },
    });
    await Promise.all(marks);
    result.ingested = report.ingested;
    result.unchanged = report.unchanged;
    result.failed = report.failed.length;
    for (const f of report.failed) {
      opts.log(`failed: ${f.path}: ${f.error}`);
      // A page that failed for a reason that may pass is tried again by the next poll that lists it.
      if (!transient.has(canonicalUrl(f.path))) failedKeys.push(...keysFor(f.path));
    }
  }
  handled.push(...failedKeys);
  if (opts.signal?.aborted) {
    // Cut short: the items handled are kept, the validators are not, so the next poll reads the source again.
    await store.saveWatchPoll({ seen: handled, from: url });
    result.ms = clock.now() - started;
    opts.log(`${pollLine(result, stats?.skipped)} (stopped)`);
    return result;
  }
  return finish(polledState(validatorsOf({ failures: 0, ...fetched }) ?? {}), handled, stats?.skipped);
}
