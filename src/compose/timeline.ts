// A story's timeline, after the date-wise approach of Ghalandari & Ifrim (ACL 2020, "Examining the
// state-of-the-art in news timeline summarization"):
// 1. rank dates by the evidence of the articles (timeline-dates.ts): publications on and just after a day,
//    and articles naming the day in their text;
// 2. for each chosen date, gather the sentences that name it and the undated lead sentences of articles
//    published that day or the day after; keep those close to the date's centroid (the words both groups
//    share, so that the day's own news wins over background), and pick the sentences whose sum best matches
//    that centroid, skipping any that repeat an entry already in the timeline;
// 3. near-identical sentences from several articles become one entry citing them all.
// Dates are days, or months when a story only knows the month.

import type { Citation, TimelineDay, TimelineEntry } from '../model.js';
import { addDays, isDay } from '../text/days.js';
import { matchOf } from './citations.js';
import { withoutNotesOf } from './display.js';
import { TIMELINE_SIZE } from './settings.js';
import { type CandidateSentence, jaccard } from './sentences.js';
import {
  type DatedSentence,
  type DateWeights,
  type DateWindow,
  defaultDateWeights,
  rankDates,
} from './timeline-dates.js';
import type { TimelineSentence } from './timeline-sentences.js';
import { cosine, dot, inverseFrequencies, kneeIndex, plus, sum, tfidf, type Vector } from './timeline-vectors.js';

export interface TimelineOptions {
  maxDates: number;
  sentencesPerDate: number;
  /** Only dates inside this window (inclusive) appear. */
  window?: DateWindow;
  /** Whether month-level dates may appear (for stories whose sources give only the month). */
  months: boolean;
  /** Undated sentences this early in their article speak for its publication day and the day before. */
  leadSentences: number;
  /**
   * Undated sentences further on that report at their publication (a reporting or present frame) speak for that
   * day up to this position: deeper in an article such sentences are mostly background and comment. Chosen by
   * leave-one-topic-out on Timeline17's five topics (ROUGE-1 + ROUGE-2 on four, from 5, 8, 10, 15, 20, 30, all):
   * 10 in three folds, 20 and 30 in one each; the figures are flat from 10 to 30.
   */
  referencePositions: number;
  /** Entries this similar (TF-IDF cosine) to an entry already chosen repeat it and are skipped. */
  maxSimilarity: number;
  /** Keep only the sentences above the knee of the similarity-to-centroid curve before choosing. */
  kneeFilter: boolean;
  dateWeights: DateWeights;
}

export const defaultTimelineOptions: TimelineOptions = {
  maxDates: 10,
  sentencesPerDate: 2,
  months: true,
  leadSentences: 5,
  referencePositions: 10,
  maxSimilarity: 0.5,
  kneeFilter: true,
  dateWeights: defaultDateWeights,
};

/**
 * How many dates the timeline of a story of `articles` original articles has: TIMELINE_SIZE.perRootArticle per
 * square root of the count, between its fewest and most.
 */
export function timelineDates(articles: number): number {
  const grown = Math.round(TIMELINE_SIZE.perRootArticle * Math.sqrt(Math.max(0, articles)));
  return Math.min(TIMELINE_SIZE.maxDates, Math.max(TIMELINE_SIZE.minDates, grown));
}

/** Options as callers give them: any subset, date weights included. */
export type TimelineSettings = Partial<Omit<TimelineOptions, 'dateWeights'>> & { dateWeights?: Partial<DateWeights> };

/** Sentences at least this alike (word-set Jaccard) report the same thing: one entry, several citations. */
const SAME_SENTENCE = 0.5;

/** A sentence as the composer sees it: where it comes from and what dates it. */
interface Item extends DatedSentence {
  sentence: CandidateSentence;
  /** The date the sentence reports (its first named day or month), if any. */
  event?: string;
  /** Whether `event`, and whether `published`, rest on an inferred publication date. */
  eventInferred: boolean;
  publishedInferred: boolean;
  /** Undated, but reporting at its publication (a reporting or present frame): see `referencePositions`. */
  atReference: boolean;
  /** Undated background ("has previously confined…"): its publication does not date it. */
  background: boolean;
}

function itemOf(s: CandidateSentence | TimelineSentence): Item {
  const rich = s as TimelineSentence;
  const fromPublication = !s.dateFromText && s.date && isDay(s.date) ? s.date : undefined;
  const published = rich.published ?? fromPublication;
  const mentions = rich.mentions ?? (s.dateFromText && s.date ? [s.date] : []);
  const event = s.dateFromText ? s.date : undefined;
  return {
    sentence: s,
    eventInferred: Boolean(event && s.dateInferred),
    atReference: Boolean(rich.atReference),
    background: Boolean(rich.background),
    publishedInferred: Boolean(rich.publishedInferred ?? (fromPublication && s.dateInferred)),
    article: s.article,
    position: s.position,
    mentions,
    ...(published ? { published } : {}),
    ...(event ? { event } : {}),
  };
}

/**
 * The date a sentence has for the composer, whether or not it is chosen (or even considered: see
 * `referencePositions`): its event date, else its publication day when it opens its article (it then also speaks
 * for the day before) or reports at its publication; undefined when it has no date.
 */
export function timelineDateOf(
  s: CandidateSentence | TimelineSentence,
  o: Pick<TimelineOptions, 'leadSentences'> = defaultTimelineOptions,
): string | undefined {
  const i = itemOf(s);
  const byPublication = !i.background && (i.position < o.leadSentences || i.atReference);
  return i.event ?? (i.published && byPublication ? i.published : undefined);
}

/** One citation per article, the first member's (the sentence shown) first; each says how close it is to it. */
export function citationsOf(members: CandidateSentence[]): Citation[] {
  const seen = new Set<string>();
  const out: Citation[] = [];
  const shown = members[0];
  for (const m of members) {
    if (seen.has(m.article)) continue;
    seen.add(m.article);
    const match = m === shown ? 'same' : matchOf(shown?.text ?? '', m.text);
    out.push({ article: m.article, start: m.start, end: m.end, match });
  }
  return out;
}

function push<K, V>(m: Map<K, V[]>, key: K, value: V): void {
  const list = m.get(key);
  if (list) list.push(value);
  else m.set(key, [value]);
}

/** The date's centroid: the words the sentences naming it and those published then share, else all words. */
function dateCentroid(named: readonly Vector[], published: readonly Vector[]): Vector {
  const a = sum(named);
  const b = sum(published);
  if (named.length === 0) return b;
  if (published.length === 0) return a;
  const both: Vector = new Map();
  for (const [k, x] of a) {
    const y = b.get(k);
    if (y !== undefined) both.set(k, x / named.length + y / published.length);
  }
  if (both.size > 0) return both;
  const all: Vector = new Map();
  for (const [k, x] of a) all.set(k, x / named.length);
  for (const [k, y] of b) all.set(k, (all.get(k) ?? 0) + y / published.length);
  return all;
}

export function buildTimeline(
  sentences: readonly (CandidateSentence | TimelineSentence)[],
  opts: TimelineSettings = {},
): TimelineDay[] {
  const o: TimelineOptions = {
    ...defaultTimelineOptions,
    ...opts,
    dateWeights: { ...defaultTimelineOptions.dateWeights, ...opts.dateWeights },
  };
  const items = sentences.map(itemOf);
  const idf = inverseFrequencies(items.map((i) => i.sentence.words));
  const vectors = new Map<Item, Vector>();
  const vectorOf = (i: Item): Vector => {
    let v = vectors.get(i);
    if (!v) vectors.set(i, (v = tfidf(i.sentence.words, idf)));
    return v;
  };

  // Who speaks for each date: sentences naming it, and undated lead sentences published then or the day after.
  const naming = new Map<string, Item[]>();
  const publishing = new Map<string, Item[]>();
  for (const i of items) {
    if (i.event) push(naming, i.event, i);
    else if (i.background) continue;
    else if (i.published && i.sentence.position < o.leadSentences) {
      push(publishing, i.published, i);
      push(publishing, addDays(i.published, -1), i);
    } else if (i.published && i.atReference && i.sentence.position < o.referencePositions)
      push(publishing, i.published, i);
  }

  const chosen: Item[] = [];
  // An entry repeats another when their words mostly coincide or their TF-IDF vectors are too close.
  const alike = (a: Item, b: Item): boolean =>
    jaccard(a.sentence.words, b.sentence.words) >= SAME_SENTENCE || dot(vectorOf(a), vectorOf(b)) > o.maxSimilarity;
  const repeats = (i: Item, also: readonly Item[]): boolean =>
    chosen.some((c) => alike(c, i)) || also.some((c) => alike(c, i));

  const days: TimelineDay[] = [];
  const ranked = rankDates(items, o.dateWeights, { ...(o.window ? { window: o.window } : {}), months: o.months });
  for (const { date, granularity } of ranked) {
    if (days.length >= o.maxDates) break;
    // A month says less than a day: shown only when none of its days is (with a certain entry: an inferred day
    // does not hide what a dated article says of its month).
    if (granularity === 'month' && days.some((d) => d.date.startsWith(date) && d.entries.some((e) => !e.inferred)))
      continue;
    const named = naming.get(date) ?? [];
    const published = granularity === 'day' ? (publishing.get(date) ?? []) : [];
    const all = [...named, ...published];
    if (!all.some((i) => i.sentence.standsAlone)) continue;
    const picked = pickSentences(all, dateCentroid(named.map(vectorOf), published.map(vectorOf)), vectorOf, o, repeats);
    if (picked.length === 0) continue;
    // An entry's date is inferred when every sentence it cites has this date only by an inferred publication.
    const inferredHere = (i: Item): boolean => (i.event === date ? i.eventInferred : i.publishedInferred);
    const entries: TimelineEntry[] = picked.map((p) => {
      const alike = all.filter((q) => q !== p && jaccard(q.sentence.words, p.sentence.words) >= SAME_SENTENCE);
      const members = [p, ...alike];
      return {
        text: withoutNotesOf(p.sentence.shown, date),
        citations: citationsOf(members.map((q) => q.sentence)),
        ...(members.every(inferredHere) ? { inferred: true as const } : {}),
      };
    });
    chosen.push(...picked);
    days.push({ date, granularity, entries });
  }
  return days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** Sentences of one date whose sum is closest to the date's centroid, none repeating an earlier entry. */
function pickSentences(
  pool: readonly Item[],
  centroid: Vector,
  vectorOf: (i: Item) => Vector,
  o: TimelineOptions,
  repeats: (i: Item, also: readonly Item[]) => boolean,
): Item[] {
  let candidates = [...new Set(pool)];
  if (o.kneeFilter && candidates.length > 2) {
    const scored = candidates.map((i) => ({ i, sim: cosine(vectorOf(i), centroid) }));
    const sims = scored.map((s) => s.sim).sort((a, b) => b - a);
    const threshold = sims[kneeIndex(sims)] ?? 0;
    const above = scored.filter((s) => s.sim > 0 && s.sim >= threshold).map((s) => s.i);
    if (above.length > 0) candidates = above;
  }
  const target = sum(candidates.map(vectorOf));
  // Every sentence shapes what the date is about; only those that stand alone can be its entries (those above
  // the knee if any, else any).
  const shown = candidates.filter((c) => c.sentence.standsAlone);
  candidates = shown.length > 0 ? shown : [...new Set(pool)].filter((c) => c.sentence.standsAlone);
  const picked: Item[] = [];
  let summary: Vector = new Map();
  while (picked.length < o.sentencesPerDate) {
    let best: Item | undefined;
    let bestScore = -1;
    for (const c of candidates) {
      if (picked.includes(c)) continue;
      const next = plus(summary, vectorOf(c));
      const score = cosine(next, target);
      if (score > bestScore) {
        best = c;
        bestScore = score;
      }
    }
    if (!best) break;
    candidates = candidates.filter((c) => c !== best);
    if (repeats(best, picked)) continue;
    picked.push(best);
    summary = plus(summary, vectorOf(best));
  }
  return picked;
}
