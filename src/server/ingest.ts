// Ingest from the server: in-memory documents → processed, saved, stories refreshed. One ingest at a time,
// because refreshing stories reads and rewrites them all.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { IngestItem } from '../ingest/read.js';
import type { RawDocument } from '../model.js';
import { errorMessage, type IngestReport } from '../pipeline.js';
import { type ProcessedDocument, processDocument } from '../process.js';
import type { Store } from '../store/store.js';
import { refreshStories } from '../stories.js';
import { WorkerPool } from '../worker-pool.js';

export interface ServerIngestReport extends IngestReport {
  /** Article id → title, for the articles read. */
  titles: Record<string, string>;
  /** The stories the read articles now belong to. */
  stories: { id: string; title: string }[];
  /** Set when saving worked but the stories could not be refreshed. */
  storiesError?: string;
}

/** Batches this long are processed in worker threads (when workers are allowed), keeping the server responsive. */
const WORKERS_AFTER = 24;

// Worker threads load the compiled process-worker.js: running from the TypeScript sources (tsx) there is none,
// and the batch is processed in this thread instead.
const workerEntryExists = existsSync(fileURLToPath(new URL('../process-worker.js', import.meta.url)));

type Outcome = { ok: true; value: ProcessedDocument } | { ok: false; error: string };

function processHere(doc: RawDocument): Outcome {
  try {
    return { ok: true, value: processDocument(doc) };
  } catch (err) {
    return { ok: false, error: errorMessage(err) };
  }
}

let queue: Promise<unknown> = Promise.resolve();

/** Run `task` after every ingest already queued (in this process). */
function serialized<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}

/** The same report as `storyline ingest --json`, plus the stories the articles landed in. */
export function ingestItems(
  store: Store,
  items: IngestItem[],
  opts: { workers?: number; onStoriesChanged?: () => void } = {},
): Promise<ServerIngestReport> {
  return serialized(async () => {
    const report: ServerIngestReport = {
      ingested: 0,
      unchanged: 0,
      failed: [],
      articles: [],
      titles: {},
      stories: [],
    };
    const seen = new Set<string>();
    const docs = items.filter((i) => i.ok).length;
    const pool =
      workerEntryExists && (opts.workers ?? 0) > 0 && docs >= WORKERS_AFTER
        ? new WorkerPool(opts.workers ?? 1)
        : undefined;
    try {
      // With a pool, every document is started at once (the batch is already in memory, bounded by the upload
      // limit); either way they are saved in input order.
      const pending = pool ? items.map((item) => (item.ok ? pool.run(item.doc) : undefined)) : [];
      for (const [i, item] of items.entries()) {
        if (!item.ok) {
          report.failed.push({ path: item.source, error: item.error });
          continue;
        }
        const outcome = (await pending[i]) ?? processHere(item.doc);
        if (!outcome.ok) {
          report.failed.push({ path: item.doc.source, error: outcome.error });
          continue;
        }
        try {
          const { article, analysis } = outcome.value;
          const saved = await store.saveArticle(article, analysis);
          if (saved.created) report.ingested++;
          else report.unchanged++;
          if (!seen.has(saved.id)) {
            seen.add(saved.id);
            report.articles.push(saved.id);
            if (article.title) report.titles[saved.id] = article.title;
          }
        } catch (err) {
          report.failed.push({ path: item.doc.source, error: `could not be saved: ${errorMessage(err)}` });
        }
      }
    } finally {
      await pool?.close();
    }
    if (report.ingested > 0) {
      try {
        await refreshStories(store);
      } catch (err) {
        report.storiesError = `stories could not be refreshed: ${errorMessage(err)}`;
      }
      opts.onStoriesChanged?.();
    }
    const assignments = await store.getStoryAssignments();
    const storyIds = [...new Set(report.articles.map((a) => assignments.get(a)).filter((s): s is string => !!s))];
    for (const id of storyIds) {
      const story = await store.getStory(id);
      if (story) report.stories.push({ id, title: story.title });
    }
    return report;
  });
}
