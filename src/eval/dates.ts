// Publication dates (protocol: ../shared/eval/README.md, "Publication dates"): a page is right when the day of
// its `published` equals the gold `date`; a page left undated, or whose ingest failed, is wrong. Scored beside:
// how the wrong ones are wrong (a day off, after the crawl), and the same figures per collection.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dayNumber } from '../text/days.js';

export interface DateGold {
  /** As the manifest names it (`html/x.html.gz`). */
  file: string;
  url?: string;
  /** `YYYY-MM-DD`. */
  date: string;
  collection: string;
}

/** What the engine said about one page. */
export interface DatePrediction {
  /** `YYYY-MM-DD` of the published date (`YYYY-MM` or `YYYY` when that is all it says), or null when undated. */
  day: string | null;
  /** `YYYY-MM-DD` of the crawl (the document's fetchedAt), when known. */
  crawlDay?: string;
  failed?: boolean;
}

export interface DateCounts {
  pages: number;
  right: number;
  accuracy: number;
  /** No date, ingest succeeded. */
  undated: number;
  /** A date, not the gold day. */
  wrong: number;
  /** Dated to a month or a year only (counted in `wrong`). */
  month_only: number;
  /** Wrong by exactly one day (usually a time zone). */
  wrong_by_one_day: number;
  /** Pages whose ingest failed (also wrong). */
  failed: number;
  /** Pages dated after their crawl day (impossible: a page cannot be published after it was fetched). */
  after_crawl: number;
}

export interface DateScores extends DateCounts {
  collections: Record<string, DateCounts>;
}

/** `{file, url, date, collection}` a line; lines without a file or a date are an error naming the line. */
export async function loadDateGold(dir: string): Promise<DateGold[]> {
  const path = join(dir, 'gold.jsonl');
  const text = await readFile(path, 'utf8');
  const rows: DateGold[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const r = JSON.parse(line) as Record<string, unknown>;
    if (typeof r.file !== 'string' || typeof r.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(r.date)) {
      throw new Error(`${path} line ${i + 1}: expected {"file", "date": "YYYY-MM-DD"}`);
    }
    rows.push({
      file: r.file,
      date: r.date,
      collection: typeof r.collection === 'string' ? r.collection : 'all',
      ...(typeof r.url === 'string' ? { url: r.url } : {}),
    });
  });
  return rows;
}

function emptyCounts(): DateCounts {
  return {
    pages: 0,
    right: 0,
    accuracy: 0,
    undated: 0,
    wrong: 0,
    month_only: 0,
    wrong_by_one_day: 0,
    failed: 0,
    after_crawl: 0,
  };
}

function count(c: DateCounts, gold: string, p: DatePrediction | undefined): void {
  c.pages++;
  if (!p || p.failed) {
    c.failed++;
    return;
  }
  if (p.day === null) {
    c.undated++;
    return;
  }
  // String order is day order for ISO dates; a month after the crawl month counts too.
  if (p.crawlDay && p.day > p.crawlDay.slice(0, p.day.length)) c.after_crawl++;
  if (p.day === gold) {
    c.right++;
    return;
  }
  c.wrong++;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(p.day)) {
    c.month_only++;
    return;
  }
  const a = dayNumber(p.day);
  const b = dayNumber(gold);
  if (a !== undefined && b !== undefined && Math.abs(a - b) === 1) c.wrong_by_one_day++;
}

/** Scores predictions (by gold `file`) against the gold days; a page without a prediction counts as failed. */
export function scoreDates(gold: readonly DateGold[], predictions: ReadonlyMap<string, DatePrediction>): DateScores {
  const all = emptyCounts();
  const collections: Record<string, DateCounts> = {};
  for (const g of gold) {
    const p = predictions.get(g.file);
    count(all, g.date, p);
    count((collections[g.collection] ??= emptyCounts()), g.date, p);
  }
  for (const c of [all, ...Object.values(collections)]) c.accuracy = c.pages > 0 ? c.right / c.pages : 0;
  return { ...all, collections };
}
