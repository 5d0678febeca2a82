// TempEval-3 style scoring of findTimeExpressions on a JSONL of documents
// (`{id, dct, title, text, timexes: [{start, end, text, type, value, mod}]}`, e.g. ../shared/eval/tempeval3/tbaq.jsonl).
// Gold DATE and TIME expressions are scored; a prediction overlapping only a gold DURATION or SET counts neither way.
import { readFile } from 'node:fs/promises';
import type { TimeExpression } from '../model.js';

export interface GoldTimex {
  start: number;
  end: number;
  text: string;
  type: 'DATE' | 'TIME' | 'DURATION' | 'SET';
  value: string | null;
  mod?: string | null;
}

export interface TimexDoc {
  id: string;
  dct: string;
  title?: string;
  text: string;
  timexes: GoldTimex[];
}

export interface TimexScores {
  strict_f1: number;
  relaxed_f1: number;
  value_f1: number;
  strict_precision: number;
  strict_recall: number;
  relaxed_precision: number;
  relaxed_recall: number;
  value_precision: number;
  value_recall: number;
  gold: number;
  predicted: number;
  words: number;
  seconds: number;
  words_per_second: number;
}

/** Per-document counts, kept separate so that callers can list errors. */
export interface DocCounts {
  gold: number;
  predicted: number;
  strictPred: number;
  strictGold: number;
  relaxedPred: number;
  relaxedGold: number;
  valuePred: number;
  valueGold: number;
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }): boolean =>
  a.start < b.end && b.start < a.end;

export function scoreDoc(gold: GoldTimex[], predictedAll: TimeExpression[]): DocCounts {
  const scored = gold.filter((g) => g.type === 'DATE' || g.type === 'TIME');
  const ignored = gold.filter((g) => g.type === 'DURATION' || g.type === 'SET');
  const predicted = predictedAll.filter(
    (p) => scored.some((g) => overlaps(p, g)) || !ignored.some((g) => overlaps(p, g)),
  );
  const counts: DocCounts = {
    gold: scored.length,
    predicted: predicted.length,
    strictPred: 0,
    strictGold: 0,
    relaxedPred: 0,
    relaxedGold: 0,
    valuePred: 0,
    valueGold: 0,
  };
  for (const p of predicted) {
    if (scored.some((g) => g.start === p.start && g.end === p.end)) counts.strictPred++;
    if (scored.some((g) => overlaps(p, g))) counts.relaxedPred++;
    if (scored.some((g) => overlaps(p, g) && g.value === p.value)) counts.valuePred++;
  }
  for (const g of scored) {
    if (predicted.some((p) => g.start === p.start && g.end === p.end)) counts.strictGold++;
    if (predicted.some((p) => overlaps(p, g))) counts.relaxedGold++;
    if (predicted.some((p) => overlaps(p, g) && g.value === p.value)) counts.valueGold++;
  }
  return counts;
}

function f1(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

const ratio = (a: number, b: number): number => (b > 0 ? a / b : 0);

export async function loadTimexDocs(file: string): Promise<TimexDoc[]> {
  const raw = await readFile(file, 'utf8');
  return raw
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as TimexDoc);
}

/** The time expressions an analyser finds in a text anchored at its publication date (analyze/timex.ts). */
export type FindTimexes = (text: string, dct: string) => TimeExpression[];

/** Scores `find` on the documents (strict, relaxed and value F1), timing it alone. */
export function scoreDocs(docs: TimexDoc[], find: FindTimexes): TimexScores {
  const total: DocCounts = {
    gold: 0,
    predicted: 0,
    strictPred: 0,
    strictGold: 0,
    relaxedPred: 0,
    relaxedGold: 0,
    valuePred: 0,
    valueGold: 0,
  };
  let words = 0;
  let elapsed = 0;
  for (const doc of docs) {
    words += doc.text.split(/\s+/).filter(Boolean).length;
    const t0 = performance.now();
    const predicted = find(doc.text, doc.dct);
    elapsed += performance.now() - t0;
    const c = scoreDoc(doc.timexes, predicted);
    for (const key of Object.keys(total) as (keyof DocCounts)[]) total[key] += c[key];
  }
  const sp = ratio(total.strictPred, total.predicted);
  const sr = ratio(total.strictGold, total.gold);
  const rp = ratio(total.relaxedPred, total.predicted);
  const rr = ratio(total.relaxedGold, total.gold);
  const vp = ratio(total.valuePred, total.predicted);
  const vr = ratio(total.valueGold, total.gold);
  const round = (x: number): number => Math.round(x * 1000) / 1000;
  const seconds = elapsed / 1000;
  return {
    strict_f1: round(f1(sp, sr)),
    relaxed_f1: round(f1(rp, rr)),
    value_f1: round(f1(vp, vr)),
    strict_precision: round(sp),
    strict_recall: round(sr),
    relaxed_precision: round(rp),
    relaxed_recall: round(rr),
    value_precision: round(vp),
    value_recall: round(vr),
    gold: total.gold,
    predicted: total.predicted,
    words,
    seconds: round(seconds),
    words_per_second: Math.round(ratio(words, seconds)),
  };
}
