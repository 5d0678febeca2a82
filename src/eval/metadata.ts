// Page metadata against Readability's test pages (`DIR/<case>/source.html` + `expected-metadata.json`): the
// title and byline extraction gives, compared after normalisation (see `sameText`). A byline is scored only on
// the pages whose expected byline is non-empty; a title on the pages that expect one.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RawDocument } from '../model.js';

/**
 * The words of a title or byline: lower case, letters and digits only (accents kept), a leading "By" dropped.
 * Two values are the same when they have the same set of words: case, spacing, punctuation and word order
 * ("Doe, Jane" / "Jane Doe") do not count; a missing or extra word does.
 */
/** "By" in the languages bylines are written in. */
const LEADING_BY = new Set(['by', 'par', 'por', 'von', 'di', 'door']);

/** "Written by" counts as "By". */
const WRITTEN = 'written';

export function normalisedWords(s: string | null | undefined): Set<string> {
  const words = (s ?? '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words[0] === WRITTEN && words[1] === 'by') words.shift();
  if (words[0] && LEADING_BY.has(words[0])) words.shift();
  return new Set(words);
}

/**
 * The name part of an expected byline: Readability's expected values sometimes run on into the date line
 * ("By Jane Doe\n March 25, 2015", "by Jane Doe22 Dec 2016") or are only a date ("Updated April 29, 2019"). The
 * name is the first line, up to a digit or an "Updated/Published/Posted" label; empty when there is none.
 */
export function expectedName(byline: string): string {
  const line = byline.split('\n')[0] ?? '';
  const cut =
    /\d|\b(?:last\s+)?(?:updated|published|posted)\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d/i.exec(
      line,
    );
  const name = (cut ? line.slice(0, cut.index) : line).trim();
  return normalisedWords(name).size > 0 ? name : '';
}

export function sameText(a: string | null | undefined, b: string | null | undefined): boolean {
  const x = normalisedWords(a);
  const y = normalisedWords(b);
  return x.size === y.size && [...x].every((w) => y.has(w));
}

export interface FieldScore {
  /** Pages that expect a non-empty value. */
  pages: number;
  right: number;
  accuracy: number;
}

export interface MetadataMiss {
  page: string;
  field: 'title' | 'byline';
  expected: string;
  got: string | null;
}

export interface MetadataScores {
  pages: number;
  failed: { page: string; error: string }[];
  title: FieldScore;
  byline: FieldScore;
  /** Pages whose expected byline names nobody (only a date line): left out of the byline score. */
  byline_date_only: number;
  /** The pages each field got wrong, for error analysis. */
  misses: MetadataMiss[];
}

function score(right: number, pages: number): FieldScore {
  return { pages, right, accuracy: pages > 0 ? right / pages : 0 };
}

/** The title and byline an extractor finds in a page (extractHtml's, handed in by the pipeline room). */
export type ExtractMetadata = (raw: RawDocument) => { title?: string; byline?: string };

/** Runs `extract` on every case folder of DIR (no URL, no sidecar: the HTML alone) and scores title and byline. */
export async function evalMetadataWith(dir: string, extract: ExtractMetadata): Promise<MetadataScores> {
  const cases = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const failed: { page: string; error: string }[] = [];
  const misses: MetadataMiss[] = [];
  let pages = 0;
  /** Pages whose expected byline is a date, not a name: not scored. */
  let dateOnly = 0;
  const counts = { title: [0, 0], byline: [0, 0] };
  for (const page of cases) {
    let expected: { title?: string | null; byline?: string | null };
    let html: string;
    try {
      expected = JSON.parse(await readFile(join(dir, page, 'expected-metadata.json'), 'utf8'));
      html = await readFile(join(dir, page, 'source.html'), 'utf8');
    } catch {
      continue; // not a test case
    }
    pages++;
    const raw: RawDocument = {
      source: join(dir, page, 'source.html'),
      kind: 'html',
      content: html,
      encoding: 'utf-8',
      fetchedAt: new Date().toISOString(),
      meta: {},
    };
    let got: { title?: string; byline?: string } = {};
    try {
      got = extract(raw);
    } catch (err) {
      failed.push({ page, error: err instanceof Error ? err.message : String(err) });
    }
    for (const field of ['title', 'byline'] as const) {
      const given = expected[field]?.trim();
      const want = given && field === 'byline' ? expectedName(given) : given;
      if (given && !want) dateOnly++;
      if (!want) continue;
      const c = counts[field];
      c[1] = (c[1] ?? 0) + 1;
      if (sameText(got[field], want)) c[0] = (c[0] ?? 0) + 1;
      else misses.push({ page, field, expected: want, got: got[field] ?? null });
    }
  }
  return {
    pages,
    failed,
    title: score(counts.title[0] ?? 0, counts.title[1] ?? 0),
    byline: score(counts.byline[0] ?? 0, counts.byline[1] ?? 0),
    byline_date_only: dateOnly,
    misses,
  };
}
