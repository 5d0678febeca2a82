// Which dates a timeline shows: each candidate day is scored from the evidence of the articles — how many
// were published on it and on the day after (news reports yesterday's events), and how many articles name
// it in their text, weighted by when they name it (a day recalled after the fact is strong evidence that it
// mattered; a day announced in advance is weak) and where (a day named in an article's opening sentences is
// its news; one named deep in the body is background). Counts are damped, then each feature is scaled by its maximum over the candidate
// days, so the weights mean the same for a story of ten articles and one of three hundred.
// Months are candidates too, from month-only mentions ("in March"), for stories that know no day.

import { addDays, daysBetween, isDay, isMonth } from '../text/days.js';

/** What dates one sentence: its article's publication day and the days or months it names. */
export interface DatedSentence {
  article: string;
  published?: string;
  mentions: readonly string[];
  /** Position of the sentence in its article (0 = first). */
  position: number;
}

export interface DateWeights {
  /** Articles published that day. */
  published: number;
  /** Articles published the day after. */
  publishedNext: number;
  /** Articles naming the day in their text (each weighted by when, below). */
  mentioned: number;
  /** Weight of a mention in an article published the same day, relative to one published much later. */
  sameDay: number;
  /** Weight of a mention in an article published in the few days after (`recentDays`): the day's own news. */
  recent: number;
  recentDays: number;
  /** Weight of a mention of a day still to come when the article was published. */
  future: number;
  /** Weight of a mention past an article's first `leadPositions` sentences (its news), relative to one in them. */
  body: number;
  leadPositions: number;
  /** Each count is raised to this power before scaling (below 1: the most reported day does not drown the rest). */
  power: number;
  /** A month (from month-only mentions) weighs this much of a day with as many mentioning articles. */
  month: number;
}

// Tuned on Timeline17 (date F1 of the protocol in ../shared/eval/README.md); the ranking is flat around them.
export const defaultDateWeights: DateWeights = {
  published: 0.2,
  publishedNext: 0,
  mentioned: 1,
  sameDay: 0.25,
  recent: 0.5,
  recentDays: 4,
  future: 0.2,
  month: 0.5,
  power: 0.4,
  body: 0.2,
  leadPositions: 8,
};

export interface RankedDate {
  date: string;
  granularity: 'day' | 'month';
  score: number;
}

export interface DateWindow {
  /** First and last day a timeline may show (inclusive, `YYYY-MM-DD`). */
  start?: string;
  end?: string;
}

function inWindow(date: string, window: DateWindow | undefined): boolean {
  if (!window) return true;
  const from = isDay(date) ? date : `${date}-31`;
  const to = isDay(date) ? date : `${date}-01`;
  return (!window.start || from >= window.start) && (!window.end || to <= window.end);
}

function maxOf(m: Map<string, number>): number {
  let best = 0;
  for (const v of m.values()) if (v > best) best = v;
  return best;
}

function add(m: Map<string, number>, key: string, by: number): void {
  m.set(key, (m.get(key) ?? 0) + by);
}

/** Candidate dates, best first. `months` lets month-level dates compete. */
export function rankDates(
  sentences: readonly DatedSentence[],
  weights: DateWeights = defaultDateWeights,
  opts: { window?: DateWindow; months?: boolean } = {},
): RankedDate[] {
  const publishedOn = new Map<string, Set<string>>();
  // Per article, the strongest weight with which it names each day or month.
  const named = new Map<string, Map<string, number>>();
  for (const s of sentences) {
    if (s.published) {
      let set = publishedOn.get(s.published);
      if (!set) publishedOn.set(s.published, (set = new Set()));
      set.add(s.article);
    }
    let byDate = named.get(s.article);
    if (!byDate) named.set(s.article, (byDate = new Map()));
    for (const d of new Set(s.mentions)) {
      let w = 1;
      if (s.published && isDay(d)) {
        const lag = daysBetween(d, s.published);
        w = lag > weights.recentDays ? 1 : lag > 0 ? weights.recent : lag === 0 ? weights.sameDay : weights.future;
      } else if (s.published && isMonth(d)) {
        w = s.published.slice(0, 7) < d ? weights.future : 1;
      }
      if (s.position >= weights.leadPositions) w *= weights.body;
      byDate.set(d, Math.max(byDate.get(d) ?? 0, w));
    }
  }
  const published = new Map<string, number>();
  for (const [d, set] of publishedOn) published.set(d, set.size);
  const mentioned = new Map<string, number>();
  for (const byDate of named.values()) for (const [d, w] of byDate) add(mentioned, d, w);

  const candidates = new Set<string>();
  for (const d of published.keys()) candidates.add(d);
  for (const d of mentioned.keys()) if (isDay(d) || opts.months !== false) candidates.add(d);
  const days = [...candidates].filter((d) => isDay(d) && inWindow(d, opts.window));

  const damp = (x: number | undefined): number => (x ?? 0) ** weights.power;
  const dayMention = new Map(days.map((d) => [d, damp(mentioned.get(d))] as const));
  const dayPublished = new Map(days.map((d) => [d, damp(published.get(d))] as const));
  const dayNext = new Map(days.map((d) => [d, damp(published.get(addDays(d, 1)))] as const));
  const scale = (m: Map<string, number>): number => maxOf(m) || 1;
  const [mMax, pMax, nMax] = [dayMention, dayPublished, dayNext].map(scale) as [number, number, number];

  const ranked: RankedDate[] = days.map((d) => ({
    date: d,
    granularity: 'day',
    score:
      (weights.mentioned * (dayMention.get(d) ?? 0)) / mMax +
      (weights.published * (dayPublished.get(d) ?? 0)) / pMax +
      (weights.publishedNext * (dayNext.get(d) ?? 0)) / nMax,
  }));
  if (opts.months !== false) {
    for (const d of candidates) {
      if (!isMonth(d) || !inWindow(d, opts.window)) continue;
      ranked.push({ date: d, granularity: 'month', score: (weights.month * damp(mentioned.get(d))) / mMax });
    }
  }
  return ranked.sort((a, b) => b.score - a.score || (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
