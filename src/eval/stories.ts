// Stories in a mixed stream (protocol: ../shared/eval/README.md): rows are ingested in the order given, with
// their dates, through the very path `storyline ingest` runs (read → extract → analyze → dedup → cluster →
// refresh), then the stored stories are scored against the gold ones: B-cubed precision, recall and F1, pair
// precision, and pair recall over same-story articles published at most 3 days apart.
//
// DATA is a JSONL of rows `{id, text|html, title?, published?, outlet?, url?, story|event|label|topic}`, or a
// Timeline17 folder, read as one stream: every article of every collection in publication order, dated by its
// folder, gold story = the collection's topic (the part of its name before `_`).

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { dayNumber } from '../text/days.js';

export interface StoryRow {
  id: string;
  /** The JSON record as a user's export would hold it (`text` or `html`, and metadata). */
  record: Record<string, unknown>;
  gold: string;
  /** Day number of `published`, when the row has one (for the 3-day pair recall). */
  day?: number;
}

export interface StoryScores {
  bcubed_precision: number;
  bcubed_recall: number;
  bcubed_f1: number;
  stories: number;
  gold_stories: number;
  /** Predicted stories of one article. */
  singletons: number;
  /** Predicted stories of two or more articles in which a second gold story holds more than 5% of the articles. */
  mixed: number;
  pair_precision: number;
  pair_recall_3d: number;
}

const GOLD_FIELDS = ['story', 'event', 'label', 'topic'] as const;
/** A second gold story above this share of a predicted story makes it "mixed". */
const MIXED_SHARE = 0.05;
/** The pair recall counts same-story pairs published at most this many days apart (the protocol's 3). */
const PAIR_RECALL_DAYS = 3;

/** Rows of a JSONL file; lines without an id, a text or a gold label are skipped (and counted). */
export function parseStoryRows(jsonl: string): { rows: StoryRow[]; skipped: number } {
  const rows: StoryRow[] = [];
  let skipped = 0;
  for (const line of jsonl.split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as Record<string, unknown>;
    const goldField = GOLD_FIELDS.find((f) => r[f] !== undefined && r[f] !== null);
    if (r.id === undefined || goldField === undefined || (typeof r.text !== 'string' && typeof r.html !== 'string')) {
      skipped++;
      continue;
    }
    const record: Record<string, unknown> = {};
    for (const k of ['text', 'html', 'title', 'published', 'outlet', 'url', 'language'])
      if (r[k] !== undefined) record[k] = r[k];
    const day = typeof r.published === 'string' ? dayNumber(r.published) : undefined;
    rows.push({ id: String(r.id), record, gold: String(r[goldField]), ...(day !== undefined ? { day } : {}) });
  }
  return { rows, skipped };
}

/** Timeline17 as one stream: every article of every collection, by publication day, then collection and file. */
export function timeline17Rows(dir: string): StoryRow[] {
  const rows: (StoryRow & { order: [string, string, number] })[] = [];
  for (const collection of readdirSync(dir).sort()) {
    const inputs = join(dir, collection, 'InputDocs');
    let days: string[];
    try {
      days = readdirSync(inputs).filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d));
    } catch {
      continue; // not a collection
    }
    const gold = collection.split('_')[0] as string;
    for (const date of days) {
      for (const file of readdirSync(join(inputs, date))) {
        const path = join(inputs, date, file);
        if (!statSync(path).isFile()) continue;
        const id = `${collection}/${date}/${file}`;
        const record = { text: readFileSync(path, 'utf8'), published: date, url: `urn:t17:${id}` };
        const day = dayNumber(date) as number;
        rows.push({ id, record, gold, day, order: [date, collection, Number.parseInt(file, 10) || 0] });
      }
    }
  }
  rows.sort(
    (a, b) => a.order[0].localeCompare(b.order[0]) || a.order[1].localeCompare(b.order[1]) || a.order[2] - b.order[2],
  );
  return rows.map(({ order: _order, ...row }) => row);
}

/** The file of rows a story set's folder holds. */
const STORY_ROWS_FILE = 'articles.jsonl';

/** The rows of DATA: a JSONL file, a folder holding `articles.jsonl` (DUC 2006, ECB+), or a Timeline17 folder. */
export function loadStoryRows(path: string): StoryRow[] {
  if (!statSync(path).isDirectory()) return parseStoryRows(readFileSync(path, 'utf8')).rows;
  const rowsFile = join(path, STORY_ROWS_FILE);
  return existsSync(rowsFile) ? parseStoryRows(readFileSync(rowsFile, 'utf8')).rows : timeline17Rows(path);
}

/** B-cubed precision, recall and F1 of a predicted partition against a gold one (items missing a prediction are singletons). */
export function bcubed(
  predicted: ReadonlyMap<string, string>,
  gold: ReadonlyMap<string, string>,
): { precision: number; recall: number; f1: number } {
  const predOf = (id: string) => predicted.get(id) ?? `\u0000singleton:${id}`;
  const cells = new Map<string, number>(); // "pred\tgold" → count
  const predSize = new Map<string, number>();
  const goldSize = new Map<string, number>();
  for (const [id, g] of gold) {
    const p = predOf(id);
    const cell = `${p}\t${g}`;
    cells.set(cell, (cells.get(cell) ?? 0) + 1);
    predSize.set(p, (predSize.get(p) ?? 0) + 1);
    goldSize.set(g, (goldSize.get(g) ?? 0) + 1);
  }
  let precision = 0;
  let recall = 0;
  for (const [id, g] of gold) {
    const p = predOf(id);
    const correct = cells.get(`${p}\t${g}`) as number;
    precision += correct / (predSize.get(p) as number);
    recall += correct / (goldSize.get(g) as number);
  }
  const n = Math.max(1, gold.size);
  precision /= n;
  recall /= n;
  return { precision, recall, f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0 };
}

const pairs = (n: number) => (n * (n - 1)) / 2;

/** Whether a predicted story is "mixed": its gold stories' article counts, largest first, put a second one above `MIXED_SHARE`. */
export function isMixed(sizesLargestFirst: readonly number[]): boolean {
  const size = sizesLargestFirst.reduce((a, b) => a + b, 0);
  return size >= 2 && (sizesLargestFirst[1] ?? 0) > MIXED_SHARE * size;
}

/** Every score of the protocol for a predicted partition of the rows (row id → story id). */
export function scoreStories(rows: readonly StoryRow[], predicted: ReadonlyMap<string, string>): StoryScores {
  const gold = new Map(rows.map((r) => [r.id, r.gold] as const));
  const { precision, recall, f1 } = bcubed(predicted, gold);
  const predOf = (id: string) => predicted.get(id) ?? `\u0000singleton:${id}`;
  const byPred = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const p = predOf(r.id);
    const counts = byPred.get(p) ?? new Map<string, number>();
    counts.set(r.gold, (counts.get(r.gold) ?? 0) + 1);
    byPred.set(p, counts);
  }
  let samePairs = 0;
  let allPairs = 0;
  let singletons = 0;
  let mixed = 0;
  for (const counts of byPred.values()) {
    const sizes = [...counts.values()].sort((a, b) => b - a);
    const size = sizes.reduce((a, b) => a + b, 0);
    if (size === 1) singletons++;
    if (isMixed(sizes)) mixed++;
    allPairs += pairs(size);
    for (const n of sizes) samePairs += pairs(n);
  }
  // Pair recall over same-story pairs at most 3 days apart (dated rows only).
  let near = 0;
  let nearTogether = 0;
  const byGold = new Map<string, StoryRow[]>();
  for (const r of rows) if (r.day !== undefined) (byGold.get(r.gold) ?? byGold.set(r.gold, []).get(r.gold))?.push(r);
  for (const members of byGold.values()) {
    members.sort((a, b) => (a.day as number) - (b.day as number));
    for (let i = 0; i < members.length; i++) {
      const a = members[i] as StoryRow;
      for (let j = i + 1; j < members.length; j++) {
        const b = members[j] as StoryRow;
        if ((b.day as number) - (a.day as number) > PAIR_RECALL_DAYS) break;
        near++;
        if (predOf(a.id) === predOf(b.id)) nearTogether++;
      }
    }
  }
  const round = (x: number) => Math.round(x * 1e4) / 1e4;
  return {
    bcubed_precision: round(precision),
    bcubed_recall: round(recall),
    bcubed_f1: round(f1),
    stories: byPred.size,
    gold_stories: new Set(gold.values()).size,
    singletons,
    mixed,
    pair_precision: round(allPairs > 0 ? samePairs / allPairs : 1),
    pair_recall_3d: round(near > 0 ? nearTogether / near : 1),
  };
}
