// Timeline summarization metrics of tilse (Martschat & Markert 2017, "Improving ROUGE for Timeline
// Summarization"), reproducing TimelineRougeEvaluator with ROUGE-1.5.5 in raw-count mode and tilse's date F1:
// - concat: all daily summaries of each timeline concatenated (dates ascending), one ROUGE comparison;
// - agreement: per date present in both, counts summed; precision over predicted dates, recall over
//   reference dates (dates on one side only contribute their denominators);
// - alignManyToOne (`align_date_content_costs_many_to_one`, "align+ m:1"): every predicted date is mapped to
//   the reference date of least cost (for precision) and every reference date to the predicted date of least
//   cost (for recall). cost = (1 - 1/(|d1-d2|+1)) * (1 - approximate ROUGE-1 F1 of the raw tokens); ties go to
//   the earliest date (numpy argmin). Hits are weighted by 1/(|d1-d2|+1) and summed; denominators are summed.
// - alignOneToOne (`align_date_content_costs`, "align+"): the same costs, but an optimal injective assignment.
// - date: precision / recall / F1 of the predicted date set against the reference dates.
import { exactDayNumber } from '../text/days.js';
import { linearSumAssignment } from './assignment.js';
import {
  f1,
  type NgramCounts,
  ngramCounts,
  type PRF,
  type RougeCounts,
  type RougeResources,
  type RougeScores,
  rougeCountsFromNgrams,
  rougeTokens,
  splitTokens,
} from './rouge.js';

/** One dated entry of a timeline: the date (YYYY-MM-DD) and its summary sentences (space-tokenised). */
export interface TimelineEntry {
  date: string;
  sentences: string[];
}

/** A timeline: entries sorted by date, one entry per date. */
export type Timeline = TimelineEntry[];

export interface TimelineScores {
  concat: RougeScores;
  agreement: RougeScores;
  alignManyToOne: RougeScores;
  alignOneToOne: RougeScores;
  date: PRF;
}

/** Days since the epoch of a YYYY-MM-DD date (only differences matter). */
function dayNumber(date: string): number {
  const day = exactDayNumber(date);
  if (day === undefined) throw new Error(`not a YYYY-MM-DD date: ${date}`);
  return day;
}

/** Everything a metric needs about one date of one timeline, computed once. */
interface DaySummary {
  day: number;
  /** ROUGE tokens of the day's summary (a summary's tokens are the concatenation of its sentences' tokens). */
  tokens: string[];
  grams1: NgramCounts;
  grams2: NgramCounts;
  /** Whitespace-token counts without punctuation, for tilse's ROUGE-1 approximation in the alignment costs. */
  raw: Map<string, number>;
  rawTotal: number;
}

const EMPTY: DaySummary = {
  day: 0,
  tokens: [],
  grams1: { counts: new Map(), total: 0 },
  grams2: { counts: new Map(), total: 0 },
  raw: new Map(),
  rawTotal: 0,
};

// Python's string.punctuation; tilse drops a token when it is a *substring* of it (`k in string.punctuation`).
const PY_PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

function summarize(date: string, sentences: readonly string[], res: RougeResources): DaySummary {
  const tokens = rougeTokens(sentences, res);
  const raw = new Map<string, number>();
  let rawTotal = 0;
  for (const s of sentences) {
    for (const t of splitTokens(s)) {
      if (PY_PUNCTUATION.includes(t)) continue;
      raw.set(t, (raw.get(t) ?? 0) + 1);
      rawTotal++;
    }
  }
  return {
    day: dayNumber(date),
    tokens,
    grams1: ngramCounts(tokens, 1),
    grams2: ngramCounts(tokens, 2),
    raw,
    rawTotal,
  };
}

/** Sentences per date; a date listed twice has its sentences concatenated. */
function byDate(timeline: Timeline): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const e of timeline) {
    const list = map.get(e.date);
    if (list) list.push(...e.sentences);
    else map.set(e.date, [...e.sentences]);
  }
  return map;
}

interface Accumulator {
  precNum: number;
  precDen: number;
  recNum: number;
  recDen: number;
}

const newAcc = (): Accumulator => ({ precNum: 0, precDen: 0, recNum: 0, recDen: 0 });

function accToPrf(a: Accumulator): PRF {
  const p = a.precDen === 0 ? 0 : a.precNum / a.precDen;
  const r = a.recDen === 0 ? 0 : a.recNum / a.recDen;
  return { p, r, f: f1(p, r) };
}

/** ROUGE-1 and ROUGE-2 counts of one predicted day against the reference timelines' summaries of a day. */
function dayCounts(pred: DaySummary, refs: readonly DaySummary[]): [RougeCounts, RougeCounts] {
  return [
    rougeCountsFromNgrams(
      pred.grams1,
      refs.map((r) => r.grams1),
    ),
    rougeCountsFromNgrams(
      pred.grams2,
      refs.map((r) => r.grams2),
    ),
  ];
}

/** tilse's `compute_rouge_approximation`: unigram F1 of raw tokens against several references. */
function approxRouge1F(pred: DaySummary, refs: readonly DaySummary[]): number {
  let match = 0;
  for (const r of refs) {
    // The clipped overlap is symmetric: walk the smaller map.
    const [small, large] = pred.raw.size <= r.raw.size ? [pred.raw, r.raw] : [r.raw, pred.raw];
    for (const [tok, c] of small) {
      const other = large.get(tok);
      if (other !== undefined) match += Math.min(c, other);
    }
  }
  const precDenom = refs.length * pred.rawTotal;
  const precision = precDenom === 0 ? 0 : match / precDenom;
  let recDenom = 0;
  for (const r of refs) recDenom += r.rawTotal;
  const recall = recDenom === 0 ? 0 : match / recDenom;
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

/** Index of the first minimum (numpy argmin). */
function argmin(row: readonly number[]): number {
  let best = 0;
  for (let j = 1; j < row.length; j++) if (row[j] < row[best]) best = j;
  return best;
}

/** Prepared timelines: sorted dates and per-date summaries for the prediction and each reference. */
interface Prepared {
  predDates: string[];
  refDates: string[];
  pred: Map<string, DaySummary>;
  /** For each reference date, the day summary of every reference timeline (EMPTY where it lacks the date). */
  refs: Map<string, DaySummary[]>;
}

function prepare(predicted: Timeline, references: readonly Timeline[], res: RougeResources): Prepared {
  const pred = new Map<string, DaySummary>();
  for (const [date, sents] of byDate(predicted)) pred.set(date, summarize(date, sents, res));
  const refMaps = references.map(byDate);
  const refDateSet = new Set<string>();
  for (const m of refMaps) for (const d of m.keys()) refDateSet.add(d);
  const refs = new Map<string, DaySummary[]>();
  for (const date of refDateSet) {
    refs.set(
      date,
      refMaps.map((m) => {
        const s = m.get(date);
        return s ? summarize(date, s, res) : { ...EMPTY, day: dayNumber(date) };
      }),
    );
  }
  return { predDates: [...pred.keys()].sort(), refDates: [...refDateSet].sort(), pred, refs };
}

function scoresFrom(acc1: Accumulator, acc2: Accumulator): RougeScores {
  return { rouge1: accToPrf(acc1), rouge2: accToPrf(acc2) };
}

/** Concatenated token sequence -> the n-gram counts ROUGE compares. */
function wholeSummary(tokens: string[]): DaySummary {
  return { ...EMPTY, tokens, grams1: ngramCounts(tokens, 1), grams2: ngramCounts(tokens, 2) };
}

function concatScores(prep: Prepared, nRefs: number): RougeScores {
  // Tokenising the joined text equals joining the per-date token lists (ROUGE tokenises sentence by sentence).
  const pred = wholeSummary(prep.predDates.flatMap((d) => prep.pred.get(d)?.tokens ?? []));
  const refs = Array.from({ length: nRefs }, (_, i) =>
    wholeSummary(prep.refDates.flatMap((d) => prep.refs.get(d)?.[i]?.tokens ?? [])),
  );
  const [c1, c2] = dayCounts(pred, refs);
  const acc = (c: RougeCounts): Accumulator => ({
    precNum: c.hit,
    precDen: c.peerCount,
    recNum: c.hit,
    recDen: c.modelCount,
  });
  return scoresFrom(acc(c1), acc(c2));
}

function agreementScores(prep: Prepared, nRefs: number): RougeScores {
  const a1 = newAcc();
  const a2 = newAcc();
  const emptyRefs = Array.from({ length: nRefs }, () => EMPTY);
  const allDates = new Set([...prep.predDates, ...prep.refDates]);
  for (const date of allDates) {
    const pred = prep.pred.get(date);
    const refs = prep.refs.get(date);
    const [c1, c2] = dayCounts(pred ?? EMPTY, refs ?? emptyRefs);
    if (pred) {
      a1.precNum += c1.hit;
      a1.precDen += c1.peerCount;
      a2.precNum += c2.hit;
      a2.precDen += c2.peerCount;
    }
    if (refs) {
      a1.recNum += c1.hit;
      a1.recDen += c1.modelCount;
      a2.recNum += c2.hit;
      a2.recDen += c2.modelCount;
    }
  }
  return scoresFrom(a1, a2);
}

type AssignFn = (cost: number[][]) => { rows: number[]; cols: number[] };

const assignToMinCost: AssignFn = (cost) => ({ rows: cost.map((_, i) => i), cols: cost.map(argmin) });

/** tilse's `_get_date_content_costs`, predicted dates x reference dates (the recall matrix is its transpose). */
function dateContentCosts(prep: Prepared): number[][] {
  const preds = prep.predDates.map((d) => prep.pred.get(d) ?? EMPTY);
  const refs = prep.refDates.map((d) => prep.refs.get(d) ?? []);
  return preds.map((p) =>
    refs.map((r) => {
      const dateFactor = 1 - 1 / (Math.abs(p.day - r[0].day) + 1);
      // Python evaluates `date_factor * content_factor` in this order; keep it for bit-identical ties.
      return dateFactor * (1 - approxRouge1F(p, r));
    }),
  );
}

/** tilse's `_evaluate_per_day_mapping_micro` with the given costs and assignment. */
function alignScores(prep: Prepared, nRefs: number, cost: number[][], assign: AssignFn): RougeScores {
  const a1 = newAcc();
  const a2 = newAcc();
  const preds = prep.predDates.map((d) => prep.pred.get(d) ?? EMPTY);
  const refs = prep.refDates.map((d) => prep.refs.get(d) ?? []);
  const costT = refs.map((_, r) => preds.map((_, p) => cost[p][r]));
  const weight = (p: DaySummary, r: DaySummary[]): number => 1 / (Math.abs(p.day - r[0].day) + 1);

  const prec = assign(cost);
  const matchedPred = new Set(prec.rows);
  prec.rows.forEach((pi, k) => {
    const p = preds[pi];
    const r = refs[prec.cols[k]];
    const [c1, c2] = dayCounts(p, r);
    const w = weight(p, r);
    a1.precNum += w * c1.hit;
    a1.precDen += c1.peerCount;
    a2.precNum += w * c2.hit;
    a2.precDen += c2.peerCount;
  });
  const emptyRefs = Array.from({ length: nRefs }, () => EMPTY);
  preds.forEach((p, i) => {
    if (matchedPred.has(i)) return;
    const [c1, c2] = dayCounts(p, emptyRefs);
    a1.precDen += c1.peerCount;
    a2.precDen += c2.peerCount;
  });

  const rec = assign(costT);
  const matchedRef = new Set(rec.rows);
  rec.rows.forEach((ri, k) => {
    const r = refs[ri];
    const p = preds[rec.cols[k]];
    const [c1, c2] = dayCounts(p, r);
    const w = weight(p, r);
    a1.recNum += w * c1.hit;
    a1.recDen += c1.modelCount;
    a2.recNum += w * c2.hit;
    a2.recDen += c2.modelCount;
  });
  refs.forEach((r, i) => {
    if (matchedRef.has(i)) return;
    const [c1, c2] = dayCounts(EMPTY, r);
    a1.recDen += c1.modelCount;
    a2.recDen += c2.modelCount;
  });
  return scoresFrom(a1, a2);
}

/** A single timeline or a list of them (tilse's GroundTruth) as a list. */
function asReferenceList(reference: Timeline | readonly Timeline[]): readonly Timeline[] {
  if (reference.length > 0 && Array.isArray(reference[0])) return reference as readonly Timeline[];
  return [reference as Timeline];
}

/** Date precision / recall / F1 (tilse `evaluate_dates`); 0 where a timeline has no dates. */
export function dateScores(predicted: Timeline, reference: Timeline | readonly Timeline[]): PRF {
  const pred = new Set(predicted.map((e) => e.date));
  const ref = new Set(asReferenceList(reference).flatMap((t) => t.map((e) => e.date)));
  let both = 0;
  for (const d of pred) if (ref.has(d)) both++;
  const p = pred.size === 0 ? 0 : both / pred.size;
  const r = ref.size === 0 ? 0 : both / ref.size;
  return { p, r, f: f1(p, r) };
}

/**
 * All tilse timeline metrics of a predicted timeline against one reference timeline (or several, as tilse's
 * GroundTruth). Sentences are space-tokenised strings, as in Timeline17.
 */
export function evaluateTimeline(
  predicted: Timeline,
  reference: Timeline | readonly Timeline[],
  res: RougeResources,
): TimelineScores {
  const refs = asReferenceList(reference);
  const prep = prepare(predicted, refs, res);
  const aligned = prep.predDates.length > 0 && prep.refDates.length > 0;
  const zero: RougeScores = { rouge1: { p: 0, r: 0, f: 0 }, rouge2: { p: 0, r: 0, f: 0 } };
  const cost = aligned ? dateContentCosts(prep) : [];
  return {
    concat: concatScores(prep, refs.length),
    agreement: agreementScores(prep, refs.length),
    alignManyToOne: aligned ? alignScores(prep, refs.length, cost, assignToMinCost) : zero,
    alignOneToOne: aligned ? alignScores(prep, refs.length, cost, linearSumAssignment) : zero,
    date: dateScores(predicted, refs),
  };
}

/**
 * The T17 protocol's summary over several timelines (Ghalandari & Ifrim 2020): mean precision and mean
 * recall, then F1 of those means (not the mean of the F1s).
 */
export function averagePrf(scores: readonly PRF[]): PRF {
  if (scores.length === 0) return { p: 0, r: 0, f: 0 };
  let p = 0;
  let r = 0;
  for (const s of scores) {
    p += s.p;
    r += s.r;
  }
  p /= scores.length;
  r /= scores.length;
  return { p, r, f: f1(p, r) };
}
