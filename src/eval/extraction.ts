// The article-extraction benchmark's metric (scrapinghub/article-extraction-benchmark) and a runner
// that scores extractHtml on a copy of its data (`ground-truth.json` + `html/<id>.html.gz`).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { RawDocument } from '../model.js';

/** Python's `\w` in Unicode mode: letters, numbers (any script) and underscore. */
const TOKEN_RE = /[\p{L}\p{N}_]+/gu;
const SHINGLE_SIZE = 4;

export function tokenize(text: string): string[] {
  return text.match(TOKEN_RE) ?? [];
}

/**
 * Counts of n-token shingles. As in the benchmark, a text with fewer than n tokens (but at least one)
 * yields one shingle of all its tokens, and a text without tokens yields none.
 */
export function shingleCounts(text: string, n = SHINGLE_SIZE): Map<string, number> {
  const tokens = tokenize(text);
  const counts = new Map<string, number>();
  const last = Math.max(1, tokens.length - n + 1);
  for (let i = 0; i < last && tokens.length > 0; i++) {
    // U+0001 cannot occur inside a token, so joined keys are unambiguous.
    const key = tokens.slice(i, i + n).join('\u0001');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export interface PageScore {
  tp: number;
  fp: number;
  fn: number;
}

/** TP/FP/FN over shingles with counts, normalised to sum 1 (all 0 when both texts have no tokens). */
export function scorePage(truth: string, prediction: string): PageScore {
  const truthShingles = shingleCounts(truth);
  const predShingles = shingleCounts(prediction);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [key, trueCount] of truthShingles) {
    const predCount = predShingles.get(key) ?? 0;
    tp += Math.min(trueCount, predCount);
    fn += Math.max(0, trueCount - predCount);
  }
  for (const [key, predCount] of predShingles) {
    fp += Math.max(0, predCount - (truthShingles.get(key) ?? 0));
  }
  const sum = tp + fp + fn;
  return sum > 0 ? { tp: tp / sum, fp: fp / sum, fn: fn / sum } : { tp, fp, fn };
}

function precisionOf({ tp, fp, fn }: PageScore): number {
  if (fp === 0 && fn === 0) return 1;
  if (tp === 0 && fp === 0) return 0;
  return tp / (tp + fp);
}

function recallOf({ tp, fp, fn }: PageScore): number {
  if (fp === 0 && fn === 0) return 1;
  if (tp === 0 && fn === 0) return 0;
  return tp / (tp + fn);
}

function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

export interface ExtractionScores {
  f1: number;
  precision: number;
  recall: number;
}

/**
 * Benchmark aggregation: precision is the mean over pages whose prediction has shingles, recall the mean
 * over pages whose truth has shingles (so an empty prediction costs recall, not precision); F1 of the means.
 */
export function aggregateScores(pages: PageScore[]): ExtractionScores {
  const precision = mean(pages.filter((p) => p.tp + p.fp > 0).map(precisionOf));
  const recall = mean(pages.filter((p) => p.tp + p.fn > 0).map(recallOf));
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { f1, precision, recall };
}

/** Scores predictions against the truth, page by page (same keys expected; a missing prediction counts as empty). */
export function scoreExtraction(
  truth: Record<string, { articleBody?: string }>,
  predictions: Record<string, { articleBody?: string }>,
): ExtractionScores {
  const pages = Object.keys(truth).map((id) =>
    scorePage(truth[id]?.articleBody ?? '', predictions[id]?.articleBody ?? ''),
  );
  return aggregateScores(pages);
}

// ---- loader + runner ----

/** Reads the charset a page declares in its first bytes (`<meta charset>` or http-equiv Content-Type). */
export function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  const m =
    /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head) ??
    /<meta[^>]+content\s*=\s*["'][^"']*charset=([\w.:-]+)/i.exec(head);
  return m?.[1]?.toLowerCase();
}

/** Decodes page bytes: UTF-8 unless the page declares another charset that this Node knows. */
export function decodeHtml(bytes: Uint8Array): { text: string; encoding: string } {
  const declared = declaredCharset(bytes);
  if (declared && declared !== 'utf-8' && declared !== 'utf8') {
    try {
      return { text: new TextDecoder(declared).decode(bytes), encoding: declared };
    } catch {
      // An unknown label: fall through to UTF-8.
    }
  }
  return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8' };
}

export interface EvalExtractionOptions {
  /** Only the first N pages (by id order), for quick runs. */
  limit?: number;
  /** Called after each page, for progress on stderr. */
  onPage?: (id: string, index: number, total: number) => void;
}

export interface EvalExtractionResult extends ExtractionScores {
  pages: number;
  /** Pages whose extraction threw (scored as an empty prediction). */
  failed: { id: string; error: string }[];
  /** In the benchmark's output format, ready to be written as `{id: {articleBody}}`. */
  predictions: Record<string, { articleBody: string }>;
}

/** The article text an extractor finds in a page (extractHtml's, handed in by the pipeline room). */
export type ExtractText = (raw: RawDocument) => { text: string };

/** Runs `extract` on every page of an extraction data set and scores it with the benchmark metric. */
export async function evalExtractionWith(
  dir: string,
  extract: ExtractText,
  opts: EvalExtractionOptions = {},
): Promise<EvalExtractionResult> {
  const truth = JSON.parse(await readFile(join(dir, 'ground-truth.json'), 'utf8')) as Record<
    string,
    { articleBody?: string; url?: string }
  >;
  let ids = Object.keys(truth).sort();
  if (opts.limit !== undefined) ids = ids.slice(0, opts.limit);
  const predictions: Record<string, { articleBody: string }> = {};
  const failed: { id: string; error: string }[] = [];
  for (const [index, id] of ids.entries()) {
    const bytes = gunzipSync(await readFile(join(dir, 'html', `${id}.html.gz`)));
    const { text, encoding } = decodeHtml(bytes);
    // No sidecar URL: the benchmark gives extractors only the HTML.
    const raw: RawDocument = {
      source: `${id}.html.gz`,
      kind: 'html',
      content: text,
      encoding,
      fetchedAt: new Date(0).toISOString(),
      meta: {},
    };
    try {
      predictions[id] = { articleBody: extract(raw).text };
    } catch (err) {
      predictions[id] = { articleBody: '' };
      failed.push({ id, error: err instanceof Error ? err.message : String(err) });
    }
    opts.onPage?.(id, index, ids.length);
  }
  const scoredTruth = Object.fromEntries(ids.map((id) => [id, truth[id] ?? {}]));
  return { ...scoreExtraction(scoredTruth, predictions), pages: ids.length, failed, predictions };
}
