// Quote attribution scored on PolNeAR (brat standoff: `text/*.txt`, `attributions/<text>_<annotator>.ann`).
// Gold = attributions whose Content lies mostly (> 50% of its non-space characters) inside quotation marks and that
// have a Source span. A predicted direct quote is right when its span overlaps a gold Content and its speaker mention
// overlaps that attribution's Source. Where several annotators covered one text, the alphabetically first annotation
// file is used, so every text is scored against exactly one annotator.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findQuotes } from '../analyze/quotes.js';
import type { Quote, Span } from '../model.js';

export interface GoldAttribution {
  content: Span[];
  source: Span[];
  cue: Span[];
}

export interface QuoteEvalResult {
  precision: number;
  recall: number;
  f1: number;
  gold: number;
  predicted: number;
  /** Predictions whose quote and speaker both match a gold attribution. */
  right: number;
  /** Gold attributions found. */
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

/** Right predictions and matched gold for one text. */
export function scoreText(predicted: Quote[], gold: GoldAttribution[]): { right: number; matched: number } {
  const hit = new Set<number>();
  let right = 0;
  for (const q of predicted) {
    let ok = false;
    gold.forEach((g, i) => {
      if (q.speakerMention && overlaps(q, g.content) && overlaps(q.speakerMention, g.source)) {
        ok = true;
        hit.add(i);
      }
    });
    if (ok) right++;
  }
  return { right, matched: hit.size };
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

export async function evalQuotes(dir: string): Promise<QuoteEvalResult> {
  const docs = await loadPolnear(dir);
  let gold = 0;
  let predicted = 0;
  let right = 0;
  let matched = 0;
  let words = 0;
  let seconds = 0;
  for (const doc of docs) {
    const t0 = process.hrtime.bigint();
    const quotes = findQuotes(doc.text).filter((q) => q.kind === 'direct');
    seconds += Number(process.hrtime.bigint() - t0) / 1e9;
    words += doc.text.split(/\s+/).filter(Boolean).length;
    const s = scoreText(quotes, doc.gold);
    gold += doc.gold.length;
    predicted += quotes.length;
    right += s.right;
    matched += s.matched;
  }
  const precision = predicted ? right / predicted : 0;
  const recall = gold ? matched / gold : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, gold, predicted, right, matched, texts: docs.length, words, seconds };
}
