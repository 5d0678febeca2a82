// `storyline eval dates DIR`: the pages of DIR/html are read as `storyline ingest DIR/html --manifest
// DIR/manifest.jsonl` reads them (the same reader, manifest and extraction), and the day of each article's
// `published` is scored against DIR/gold.jsonl (eval/dates.ts). Analysis, dedup and clustering do not touch the
// publication date, so they are skipped: the date a user's ingest stores is the one extraction returns.
import { join, resolve } from 'node:path';
import { type DatePrediction, type DateScores, loadDateGold, scoreDates } from '../../eval/dates.js';
import { extractArticle } from '../../extract/extract.js';
import { describeError } from '../../ingest/errors.js';
import { loadManifest, readInputs } from '../../ingest/read.js';
import { log } from '../output.js';

export interface DateEvalResult extends DateScores {
  /** Gold file → `YYYY-MM-DD` or null, the format outside scorers read. */
  predictions: Record<string, string | null>;
}

export async function evalDates(dir: string): Promise<DateEvalResult> {
  const gold = await loadDateGold(dir);
  const manifest = await loadManifest(join(dir, 'manifest.jsonl'));
  const fileOf = new Map(gold.map((g) => [resolve(dir, g.file), g.file]));
  const found = new Map<string, DatePrediction>();
  let n = 0;
  for await (const item of readInputs([join(dir, 'html')], { manifest })) {
    const source = item.ok ? item.doc.source : item.source;
    const file = fileOf.get(resolve(source));
    if (file === undefined) continue; // not a gold page
    if (!item.ok) {
      found.set(file, { day: null, failed: true });
      log(`${source}: ${item.error}`);
      continue;
    }
    const crawlDay = item.doc.fetchedAt.slice(0, 10);
    try {
      const published = extractArticle(item.doc).published;
      found.set(file, { day: published ? published.value.slice(0, 10) : null, crawlDay });
    } catch (err) {
      found.set(file, { day: null, failed: true, crawlDay });
      log(`${source}: ${describeError(err)}`);
    }
    if (++n % 100 === 0) log(`eval dates: ${n} pages`);
  }
  const predictions: Record<string, string | null> = {};
  for (const g of gold) {
    const day = found.get(g.file)?.day;
    // Only a day is a prediction of the day: a month or a year is written as null (and scored as wrong).
    predictions[g.file] = day && /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : null;
  }
  return { ...scoreDates(gold, found), predictions };
}
