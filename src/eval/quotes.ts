// Quote attribution scored on PolNeAR (brat standoff: `text/*.txt`, `attributions/<text>_<annotator>.ann`).
// Gold = attributions whose Content lies mostly (> 50% of its non-space characters) inside quotation marks and that
// have a Source span. A predicted direct quote is right when its span overlaps a gold Content and its speaker mention
// overlaps that attribution's Source. Where several annotators covered one text, the alphabetically first annotation
// file is used, so every text is scored against exactly one annotator.
//
// `precision` and `recall` count one-to-one: predictions and gold are paired by a maximum matching (each gold quote
// meets at most one prediction and each prediction at most one gold quote), so three predictions cut from one gold
// quote count once. The older many-to-one figures (a prediction is right when it fits any gold quote, a gold quote
// is found when any prediction fits it) stay beside them as `precision_lenient` and `recall_lenient`.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Quote, Span } from '../model.js';
import { linearSumAssignment } from './assignment.js';

export interface GoldAttribution {
  content: Span[];
  source: Span[];
  cue: Span[];
}

export interface QuoteEvalResult {
  /** One-to-one: matched pairs (quote and speaker right) / predictions. */
  precision: number;
  /** One-to-one: matched pairs (quote and speaker right) / gold. */
  recall: number;
  f1: number;
  /** Many-to-one: predictions whose quote and speaker fit some gold attribution / predictions. */
  precision_lenient: number;
  /** Many-to-one: gold attributions fitted by some prediction / gold. */
  recall_lenient: number;
  /** One-to-one on the quote span alone (speaker not looked at): pairs / predictions and pairs / gold. */
  quote_precision: number;
  quote_recall: number;
  /** Of the quotes paired one-to-one by span, the share whose speaker mention is the gold source. */
  speaker_accuracy: number;
  gold: number;
  predicted: number;
  /** One-to-one pairs whose quote and speaker both match. */
  pairs: number;
  /** One-to-one pairs by quote span alone. */
  quote_pairs: number;
  /** Of those, the pairs whose speaker is right too. */
  speaker_right: number;
  /** Many-to-one: predictions whose quote and speaker both match some gold attribution. */
  right: number;
  /** Many-to-one: gold attributions found. */
  matched: number;
  texts: number;
  words: number;
  /** Time spent in `findQuotes` only. */
  seconds: number;
}

/** Parses brat standoff: T lines (`Type start end[;start end]`) and E lines (`Attribution:T1 Content:T2 …`). */
export function parseBrat(ann: string): GoldAttribution[] {
  const spans = new Map<string, Span[]>();
  const events: Record<string, string>[] = [];
  for (const line of ann.split('\n')) {
    const cols = line.split('\t');
    if (cols.length < 2) continue;
    if (cols[0].startsWith('T')) {
      const space = cols[1].indexOf(' ');
      if (space < 0) continue;
      const ranges = cols[1]
        .slice(space + 1)
        .split(';')
        .map((r) => r.trim().split(/\s+/).map(Number))
        .filter((r) => r.length === 2 && r.every(Number.isFinite))
        .map(([start, end]) => ({ start, end }));
      spans.set(cols[0], ranges);
    } else if (cols[0].startsWith('E')) {
      const roles: Record<string, string> = {};
      for (const part of cols[1].trim().split(/\s+/)) {
        const colon = part.indexOf(':');
        if (colon > 0) roles[part.slice(0, colon)] = part.slice(colon + 1);
      }
      events.push(roles);
    }
  }
  const out: GoldAttribution[] = [];
  for (const roles of events) {
    const content = spans.get(roles.Content ?? '');
    if (!content) continue;
    out.push({ content, source: spans.get(roles.Source ?? '') ?? [], cue: spans.get(roles.Cue ?? '') ?? [] });
  }
  return out;
}

/**
 * Which characters lie inside quotation marks, line by line. Curly and angle marks and `` open or close by their
 * shape; straight " and '' toggle. Independent of the quote finder, so that the gold set does not depend on it.
 */
export function insideQuotesMask(text: string): Uint8Array {
  const mask = new Uint8Array(text.length);
  let inside = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') inside = false;
    else if (c === '“' || c === '«') inside = true;
    else if (c === '”' || c === '»') inside = false;
    else if (c === '"') inside = !inside;
    else if (c === '`' && text[i + 1] === '`') {
      inside = true;
      i++;
    } else if (c === "'" && text[i + 1] === "'") {
      inside = !inside;
      i++;
    } else if (inside) mask[i] = 1;
  }
  return mask;
}

export function isDirectGold(text: string, mask: Uint8Array, a: GoldAttribution): boolean {
  let all = 0;
  let quoted = 0;
  for (const { start, end } of a.content)
    for (let p = start; p < end && p < text.length; p++) {
      if (/\s/.test(text[p])) continue;
      all++;
      quoted += mask[p];
    }
  return all > 0 && quoted / all > 0.5;
}

const overlaps = (a: Span, bs: Span[]): boolean => bs.some((b) => a.start < b.end && b.start < a.end);

export interface TextScore {
  /** One-to-one pairs whose quote and speaker match. */
  pairs: number;
  /** One-to-one pairs by quote span alone, and how many of them have the right speaker. */
  quotePairs: number;
  speakerRight: number;
  /** Many-to-one: predictions that fit some gold attribution, and gold attributions some prediction fits. */
  right: number;
  matched: number;
}

/** Characters two span lists share. */
function overlapChars(a: Span, bs: Span[]): number {
  let n = 0;
  for (const b of bs) n += Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
  return n;
}

/**
 * A maximum matching of predictions to gold over the allowed pairs, the most weighted first among matchings of that
 * size: `weight(i, j)` in [0, 1) for an allowed pair, undefined for a forbidden one. Each allowed pair is worth 1 plus
 * its weight scaled below 1 / (n + 1), so no number of weights can outbid one more pair. Returns the pairs.
 */
export function matchOneToOne(
  rows: number,
  cols: number,
  weight: (i: number, j: number) => number | undefined,
): [number, number][] {
  if (rows === 0 || cols === 0) return [];
  const scale = 1 / (Math.min(rows, cols) + 1);
  const allowed: (number | undefined)[][] = [];
  const cost: number[][] = [];
  for (let i = 0; i < rows; i++) {
    const w = Array.from({ length: cols }, (_, j) => weight(i, j));
    allowed.push(w);
    cost.push(w.map((x) => (x === undefined ? 0 : -(1 + Math.min(Math.max(x, 0), 0.999) * scale))));
  }
  const { rows: r, cols: c } = linearSumAssignment(cost);
  const out: [number, number][] = [];
  for (let k = 0; k < r.length; k++) if (allowed[r[k]][c[k]] !== undefined) out.push([r[k], c[k]]);
  return out;
}

/** One text scored both ways: one-to-one pairs (the headline figures) and the many-to-one counts. */
export function scoreText(predicted: Quote[], gold: GoldAttribution[]): TextScore {
  const quoteFits = (q: Quote, g: GoldAttribution): boolean => overlaps(q, g.content);
  const speakerFits = (q: Quote, g: GoldAttribution): boolean =>
    !!q.speakerMention && overlaps(q.speakerMention, g.source);
  // How much of the gold content a prediction covers: among equal-sized matchings, the closer spans pair.
  const share = (q: Quote, g: GoldAttribution): number => {
    const len = g.content.reduce((n, s) => n + s.end - s.start, 0);
    return len > 0 ? overlapChars(q, g.content) / len : 0;
  };
  const both = matchOneToOne(predicted.length, gold.length, (i, j) =>
    quoteFits(predicted[i], gold[j]) && speakerFits(predicted[i], gold[j]) ? share(predicted[i], gold[j]) : undefined,
  );
  // Speaker accuracy: pair by span alone, preferring pairs whose speaker is right, then count those.
  const spans = matchOneToOne(predicted.length, gold.length, (i, j) =>
    quoteFits(predicted[i], gold[j])
      ? (speakerFits(predicted[i], gold[j]) ? 0.5 : 0) + share(predicted[i], gold[j]) / 4
      : undefined,
  );
  const speakerRight = spans.filter(([i, j]) => speakerFits(predicted[i], gold[j])).length;
  const hit = new Set<number>();
  let right = 0;
  for (const q of predicted) {
    let ok = false;
    gold.forEach((g, i) => {
      if (quoteFits(q, g) && speakerFits(q, g)) {
        ok = true;
        hit.add(i);
      }
    });
    if (ok) right++;
  }
  return { pairs: both.length, quotePairs: spans.length, speakerRight, right, matched: hit.size };
}

/** One annotation file per text: the alphabetically first annotator's. */
export async function loadPolnear(dir: string): Promise<{ name: string; text: string; gold: GoldAttribution[] }[]> {
  const textNames = (await readdir(join(dir, 'text'))).filter((f) => f.endsWith('.txt')).sort();
  const annNames = (await readdir(join(dir, 'attributions'))).filter((f) => f.endsWith('.ann')).sort();
  const out: { name: string; text: string; gold: GoldAttribution[] }[] = [];
  for (const t of textNames) {
    const base = t.slice(0, -4);
    const ann = annNames.find((a) => a.startsWith(`${base}_`) && /^_[0-9a-f]+\.ann$/.test(a.slice(base.length)));
    if (!ann) continue;
    const text = await readFile(join(dir, 'text', t), 'utf8');
    const mask = insideQuotesMask(text);
    const gold = parseBrat(await readFile(join(dir, 'attributions', ann), 'utf8')).filter(
      (g) => g.source.length > 0 && isDirectGold(text, mask, g),
    );
    out.push({ name: base, text, gold });
  }
  return out;
}

/** The quotes an analyser finds in a text (analyze/quotes.ts findQuotes, handed in by the pipeline room). */
export type FindQuotes = (text: string) => Quote[];

/** Scores `find` on the PolNeAR folder DIR: direct quotes and their speakers, one to one; timed per text. */
export async function evalQuotesWith(dir: string, find: FindQuotes): Promise<QuoteEvalResult> {
  const docs = await loadPolnear(dir);
  let gold = 0;
  let predicted = 0;
  let pairs = 0;
  let quotePairs = 0;
  let speakerRight = 0;
  let right = 0;
  let matched = 0;
  let words = 0;
  let seconds = 0;
  for (const doc of docs) {
    const t0 = process.hrtime.bigint();
    const quotes = find(doc.text).filter((q) => q.kind === 'direct');
    seconds += Number(process.hrtime.bigint() - t0) / 1e9;
    words += doc.text.split(/\s+/).filter(Boolean).length;
    const s = scoreText(quotes, doc.gold);
    gold += doc.gold.length;
    predicted += quotes.length;
    pairs += s.pairs;
    quotePairs += s.quotePairs;
    speakerRight += s.speakerRight;
    right += s.right;
    matched += s.matched;
  }
  const ratio = (a: number, b: number): number => (b ? a / b : 0);
  const precision = ratio(pairs, predicted);
  const recall = ratio(pairs, gold);
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return {
    precision,
    recall,
    f1,
    precision_lenient: ratio(right, predicted),
    recall_lenient: ratio(matched, gold),
    quote_precision: ratio(quotePairs, predicted),
    quote_recall: ratio(quotePairs, gold),
    speaker_accuracy: ratio(speakerRight, quotePairs),
    gold,
    predicted,
    pairs,
    quote_pairs: quotePairs,
    speaker_right: speakerRight,
    right,
    matched,
    texts: docs.length,
    words,
    seconds,
  };
}
