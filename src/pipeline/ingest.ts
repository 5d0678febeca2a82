// Runs the stages over inputs and persists what they produce. The one place
// (with cli/ and server/) that wires the rooms together.

import { type IngestItem, type IngestOptions, readInputs } from '../ingest/read.js';
import type { StoryClusterSettings } from '../cluster/settings.js';
import type { Article } from '../model.js';
import type { ArticleToSave, SaveResult, Store } from '../store/store.js';
import { type RefreshResult, refreshStories } from './stories.js';
import { type StorableDocument, sharedWorkerPool, trimSharedWorkerPool, WORKER_SETTINGS } from './worker-pool.js';
import { PIPELINE } from './settings.js';
import { refreshStoriesInThread } from './story-thread.js';

export interface FailedInput {
  path: string;
  error: string;
}

export interface IngestReport {
  ingested: number;
  unchanged: number;
  failed: FailedInput[];
  /** Ids of the articles read, in input order, each once. */
  articles: string[];
}

export interface IngestProgress {
  /** Inputs handled so far (articles saved, unchanged or failed). */
  done: number;
  source: string;
}

export interface PipelineOptions extends IngestOptions {
  /**
   * Worker threads for extraction and analysis (at least one: every document runs in a worker, under a
   * deadline, never on the caller's event loop). The pool is the process's own and outlives the batch.
   */
  workers?: number;
  /** How long one document may take to extract and analyse (default 30 s); an overrun fails that input alone. */
  deadlineMs?: number;
  /**
   * Keep the workers (and their loaded models) after the batch: for a server taking one upload after another.
   * By default idle workers end before the story step, which then has their memory to itself.
   */
  keepWorkers?: boolean;
  onProgress?: (p: IngestProgress) => void;
  /** Story-clustering tunables for the story step (defaults: cluster/settings.ts). */
  stories?: Partial<StoryClusterSettings>;
  /**
   * How an article's `source` is stored (default: as read). The CLI passes `sourceLabeler` of its arguments, so
   * that no absolute path of the reading machine is stored and shown (ingest/source-label.ts).
   */
  sourceLabel?: (source: string) => string;
  /** Called for each article saved (new or unchanged), in input order, with the input it came from. */
  onSaved?: (article: Article, source: string) => void;
}

type Outcome = { ok: true; value: StorableDocument } | { ok: false; error: string };

/** A document on its way: read, in a worker or done (`outcome` set once its worker answered). */
interface Pending {
  source: string;
  answer: Promise<Outcome>;
  outcome?: Outcome;
}

/** One line, no stack: what a user reads in the `failed` list. */
export function errorMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0] ?? message;
}

/**
 * Read every input under `paths`, process and save each as its own transaction.
 * A bad input is reported in `failed` and never stops the batch. With workers,
 * documents are processed in parallel but saved in input order.
 */
export function ingestPaths(store: Store, paths: string[], opts: PipelineOptions = {}): Promise<IngestReport> {
  return ingestItems(store, readInputs(paths, opts), opts);
}

/**
 * Process and save a stream of read inputs (from files, uploads, …), each all or nothing (saved in batches of
 * the inputs at hand, each input its own savepoint).
 * Failed inputs go to `failed`; the rest goes on.
 */
export async function ingestItems(
  store: Store,
  items: AsyncIterable<IngestItem> | Iterable<IngestItem>,
  opts: PipelineOptions = {},
): Promise<IngestReport> {
  const report: IngestReport = { ingested: 0, unchanged: 0, failed: [], articles: [] };
  const seen = new Set<string>();
  const pool = sharedWorkerPool(Math.max(1, opts.workers ?? 1), opts.deadlineMs ?? WORKER_SETTINGS.deadlineMs);
  const window = pool.size * PIPELINE.windowPerWorker;
  const pending: Pending[] = [];
  let done = 0;

  const track = (source: string, answer: Promise<Outcome>): void => {
    const entry: Pending = { source, answer };
    void answer.then((outcome) => (entry.outcome = outcome));
    pending.push(entry);
  };

  /** Save the inputs at the head of the window whose workers have answered (at least the first), in input order. */
  const settle = async (): Promise<void> => {
    const head = pending[0];
    if (!head) return;
    head.outcome ??= await head.answer;
    const batch: Pending[] = [];
    while (batch.length < PIPELINE.saveBatch && pending[0]?.outcome) batch.push(pending.shift() as Pending);
    const ready = batch.flatMap((p) => {
      const outcome = p.outcome as Outcome;
      if (!outcome.ok) return [];
      const read = outcome.value.article;
      const article = opts.sourceLabel ? { ...read, source: opts.sourceLabel(read.source) } : read;
      return [{ entry: p, item: { article, analysis: outcome.value.analysis } }];
    });
    const saved = await saveAll(
      store,
      ready.map((r) => r.item),
    );
    const results = new Map(ready.map((r, i) => [r.entry, { item: r.item, result: saved[i] }] as const));
    for (const p of batch) {
      done++;
      const outcome = p.outcome as Outcome;
      const r = results.get(p);
      if (!outcome.ok) report.failed.push({ path: p.source, error: outcome.error });
      else if (!r?.result || 'error' in r.result) {
        const error = r?.result && 'error' in r.result ? r.result.error : 'no answer from the store';
        report.failed.push({ path: p.source, error: `could not be saved: ${errorMessage(error)}` });
      } else {
        if (r.result.created) report.ingested++;
        else report.unchanged++;
        if (!seen.has(r.result.id)) {
          seen.add(r.result.id);
          report.articles.push(r.result.id);
        }
        opts.onSaved?.(r.item.article, p.source);
      }
      opts.onProgress?.({ done, source: p.source });
    }
  };

  for await (const item of items) {
    if (!item.ok) track(item.source, Promise.resolve({ ok: false, error: item.error }));
    else track(item.doc.source, pool.runForStore(item.doc));
    while (pending.length >= window) await settle();
  }
  while (pending.length > 0) await settle();
  return report;
}

/** Save inputs in one batch where the store can, one by one elsewhere; each input's result or error, in order. */
async function saveAll(store: Store, items: ArticleToSave[]): Promise<(SaveResult | { error: unknown })[]> {
  if (items.length === 0) return [];
  if (store.saveArticles) return store.saveArticles(items);
  const out: (SaveResult | { error: unknown })[] = [];
  for (const { article, analysis } of items) {
    try {
      out.push(await store.saveArticle(article, analysis));
    } catch (error) {
      out.push({ error });
    }
  }
  return out;
}

/**
 * The story step as it follows an ingest. The workers' heaps are let go first (unless the caller keeps them), so
 * the story step's own heap never comes on top of theirs; a batch then runs it in a thread of its own, for its
 * bounded heap (PIPELINE.storyHeapMb), when another connection can open the store; a server keeping its workers,
 * or a store only this connection sees, runs it here. The ingest bench times exactly this.
 */
export async function storyStepAfterIngest(
  store: Store,
  opts: Pick<PipelineOptions, 'keepWorkers' | 'stories'> = {},
): Promise<RefreshResult> {
  if (!opts.keepWorkers) await trimSharedWorkerPool();
  return !opts.keepWorkers && store.location !== undefined
    ? refreshStoriesInThread(store.location, opts.stories)
    : refreshStories(store, undefined, opts.stories);
}

export interface IngestAndRefreshReport extends IngestReport {
  /** Set when the articles were saved but the stories could not be refreshed (they stay pending for the next run). */
  storiesError?: string;
  stories?: RefreshResult;
}

/**
 * The whole pipeline, the one path every caller runs (the CLI's ingest and digest, the server, every eval): read
 * inputs are processed and saved, each in its own transaction, then the story step clusters whatever is waiting.
 * The story step runs even when nothing new came in: articles a killed run saved but never clustered get their
 * stories now.
 */
export async function ingestAndRefresh(
  store: Store,
  items: AsyncIterable<IngestItem> | Iterable<IngestItem>,
  opts: PipelineOptions = {},
): Promise<IngestAndRefreshReport> {
  const report: IngestAndRefreshReport = await ingestItems(store, items, opts);
  try {
    report.stories = await storyStepAfterIngest(store, opts);
  } catch (err) {
    report.storiesError = `stories could not be refreshed: ${errorMessage(err)}`;
  }
  return report;
}
