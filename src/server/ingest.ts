// Ingest from the server: in-memory documents → processed, saved, stories refreshed. One ingest at a time,
// because refreshing stories reads and rewrites them all.
import type { IngestItem } from '../ingest/read.js';
import { type IngestReport, ingestAndRefresh } from '../pipeline/index.js';
import type { Store } from '../store/store.js';

export interface ServerIngestReport extends IngestReport {
  /** Article id → title, for the articles read. */
  titles: Record<string, string>;
  /** The stories the read articles now belong to. */
  stories: { id: string; title: string }[];
  /** Set when saving worked but the stories could not be refreshed. */
  storiesError?: string;
}

let queue: Promise<unknown> = Promise.resolve();

/** Run `task` after every ingest already queued (in this process). */
function serialized<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}

/** The same report as `storyline ingest --json`, plus the stories the articles landed in. */
export function ingestBatch(
  store: Store,
  items: IngestItem[],
  opts: { workers?: number; onStoriesChanged?: () => void } = {},
): Promise<ServerIngestReport> {
  return serialized(async () => {
    const titles: Record<string, string> = {};
    const {
      stories: refreshed,
      storiesError,
      ...base
    } = await ingestAndRefresh(store, items, {
      workers: opts.workers,
      keepWorkers: true, // the next upload should not wait for the models to load again
      onSaved: (article) => {
        if (article.title) titles[article.id] = article.title;
      },
    });
    const report: ServerIngestReport = { ...base, titles, stories: [], ...(storiesError ? { storiesError } : {}) };
    if ((refreshed?.changed ?? 0) > 0) opts.onStoriesChanged?.();
    const assignments = await store.getStoryAssignments();
    const storyIds = [...new Set(report.articles.map((a) => assignments.get(a)).filter((s): s is string => !!s))];
    for (const id of storyIds) {
      const story = await store.getStory(id);
      if (story) report.stories.push({ id, title: story.title });
    }
    return report;
  });
}
