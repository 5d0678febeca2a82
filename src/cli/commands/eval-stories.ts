// `storyline eval stories DATA`: the rows of a story set go through the very pipeline `storyline ingest` runs,
// into a temporary database, in the order given; then the stored stories are scored (eval/stories.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadStoryRows, scoreStories, type StoryRow, type StoryScores } from '../../eval/stories.js';
import { describeError } from '../../ingest/errors.js';
import type { IngestItem } from '../../ingest/read.js';
import { toArticleRecord } from '../../ingest/records.js';
import { ingestAndRefresh } from '../../pipeline/index.js';
import { openStore } from '../../store/open.js';
import { defaultWorkerCount } from '../../pipeline/index.js';

/** Rows become the records a user's JSONL export would hold, each named by its row id. */
function* rowItems(rows: readonly StoryRow[], fetchedAt: string): Generator<IngestItem> {
  for (const r of rows) {
    const source = `row:${r.id}`;
    try {
      const rec = toArticleRecord(r.record);
      yield {
        ok: true,
        doc: { source, kind: rec.kind, content: rec.content, encoding: 'utf-8', fetchedAt, meta: rec.meta },
      };
    } catch (err) {
      yield { ok: false, source, error: describeError(err) };
    }
  }
}

export interface StoryEvalResult extends StoryScores {
  rows: number;
  failed: number;
  /** Row id → story id (rows that failed to ingest are absent). */
  predictions: Record<string, string>;
}

/** Ingest `rows` in order through the pipeline (optionally into `db`, else a temporary SQLite file) and score. */
export async function evalStoryRows(
  rows: StoryRow[],
  opts: { db?: string; workers?: number } = {},
): Promise<StoryEvalResult> {
  const dir = opts.db ? undefined : mkdtempSync(join(tmpdir(), 'storyline-eval-stories-'));
  try {
    const store = await openStore(opts.db ?? join(dir as string, 'eval.db'));
    try {
      const articleOfRow = new Map<string, string>();
      const report = await ingestAndRefresh(store, rowItems(rows, new Date(0).toISOString()), {
        workers: opts.workers ?? defaultWorkerCount(),
        onSaved: (article, source) => articleOfRow.set(source.slice('row:'.length), article.id),
      });
      if (report.storiesError) throw new Error(report.storiesError);
      const assignments = await store.getStoryAssignments();
      const predictions: Record<string, string> = {};
      const predicted = new Map<string, string>();
      for (const [row, article] of articleOfRow) {
        const story = assignments.get(article);
        if (!story) continue;
        predictions[row] = story;
        predicted.set(row, story);
      }
      return { ...scoreStories(rows, predicted), rows: rows.length, failed: report.failed.length, predictions };
    } finally {
      await store.close();
    }
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

export function evalStories(path: string, opts: { db?: string; workers?: number } = {}): Promise<StoryEvalResult> {
  return evalStoryRows(loadStoryRows(path), opts);
}
