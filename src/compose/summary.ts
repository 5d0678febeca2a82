// A story's summary, as an editor would write its first paragraph: a few sentences told in the order of the
// events they report, covering the story's key dates — its first, its largest (the day most articles report) and
// its latest — one sentence a date, none repeating another, each cited. Within a date the sentence told is the
// most central to the story (the words many of its articles share), early in its article. Also the one-line
// "latest": the story's most recent event.

import type { CitedText, DatedText } from '../model.js';
import { dayNumber, isDay } from '../text/days.js';
import { type CandidateSentence, jaccard } from './sentences.js';
import { SUMMARY } from './settings.js';
import { citationsOf } from './timeline.js';

export interface SummaryOptions {
  minSentences: number;
  maxSentences: number;
}

export const defaultSummaryOptions: SummaryOptions = { minSentences: 3, maxSentences: 5 };

/** What the summary is told around. */
export interface SummaryContext {
  /**
   * The story's dates worth telling (its timeline's: `YYYY-MM-DD` or `YYYY-MM`), ranked and filtered there by the
   * evidence of the articles; without them, every date a sentence reports is one.
   */
  dates?: readonly string[];
  /**
   * The story's latest publication day: a date after it is a plan or a forecast ("will vote on 2 December"), not
   * what happened most recently.
   */
  until?: string;
}

export interface StorySummary {
  summary: CitedText[];
  latest?: DatedText;
}

interface Scored {
  s: CandidateSentence;
  score: number;
}

/** Whether `date` (a day or a month) lies on or before the day `until`. */
function notAfter(date: string, until: string | undefined): boolean {
  return until === undefined || date <= until.slice(0, date.length);
}

/** The summary and the latest line of a story from its candidate sentences (sentences.ts). */
export function buildSummary(
  sentences: readonly CandidateSentence[],
  opts: Partial<SummaryOptions> = {},
  context: SummaryContext = {},
): StorySummary {
  const { minSentences, maxSentences } = { ...defaultSummaryOptions, ...opts };
  if (sentences.length === 0) return { summary: [] };
  // Word → number of articles using it: words many articles share are what the story is about.
  const articlesPerWord = new Map<string, Set<string>>();
  for (const s of sentences)
    for (const w of s.words) {
      let set = articlesPerWord.get(w);
      if (!set) articlesPerWord.set(w, (set = new Set()));
      set.add(s.article);
    }
  // Every sentence counts for what the story is about; only those that stand alone may be told.
  const scored: Scored[] = sentences
    .filter((s) => s.standsAlone)
    .map((s) => {
      let shared = 0;
      for (const w of s.words) shared += (articlesPerWord.get(w)?.size ?? 1) - 1;
      const centrality = shared / Math.sqrt(Math.max(1, s.words.size));
      return { s, score: centrality / (1 + SUMMARY.positionDecay * s.position) };
    })
    .sort((a, b) => b.score - a.score);

  // Each date's sentences, best first, and how many articles report it.
  const byDate = new Map<string, Scored[]>();
  const articlesOn = new Map<string, Set<string>>();
  const sentencesOn = new Map<string, number>();
  for (const x of scored) {
    if (!x.s.date) continue;
    const list = byDate.get(x.s.date);
    if (list) list.push(x);
    else byDate.set(x.s.date, [x]);
  }
  for (const s of sentences) {
    if (!s.date) continue;
    sentencesOn.set(s.date, (sentencesOn.get(s.date) ?? 0) + 1);
    let set = articlesOn.get(s.date);
    if (!set) articlesOn.set(s.date, (set = new Set()));
    set.add(s.article);
  }
  // A date's weight: the articles reporting it, then its sentences (the day most articles tell is the largest).
  const weight = (d: string): [number, number] => [articlesOn.get(d)?.size ?? 0, sentencesOn.get(d) ?? 0];
  const heavier = (a: string, b: string): number => {
    const [wa, sa] = weight(a);
    const [wb, sb] = weight(b);
    return wb - wa || sb - sa;
  };
  // What happened: dates after the latest publication are plans and forecasts, not told as events.
  const all = [...new Set(context.dates ?? byDate.keys())]
    .filter((d) => byDate.has(d) && notAfter(d, context.until))
    .sort();
  // The first and latest events are dates more than one sentence reports, when the story has such: a date one
  // sentence names is a detail ("Kerry met Iran's foreign minister on Saturday"), not an event.
  const reported = all.filter((d) => (sentencesOn.get(d) ?? 0) >= SUMMARY.eventSentences);
  const events = reported.length > 0 ? reported : all;
  // The first event is a day's when the story knows one: a month alone is mostly background ("in January").
  const first = events.find(isDay) ?? events[0];
  const latestDate = events[events.length - 1];
  const largest = [...all].sort((a, b) => heavier(a, b) || a.localeCompare(b))[0];
  const keys = new Set([first, largest, latestDate].filter((d): d is string => d !== undefined));
  const priority = [...keys];
  // Then the heaviest of the other dates, ties going to the one farthest from the dates already told.
  const distance = (d: string): number =>
    Math.min(...priority.map((p) => Math.abs((dayNumber(p) ?? 0) - (dayNumber(d) ?? 0))));
  let rest = all.filter((d) => !keys.has(d));
  while (rest.some(isDay) && priority.length < maxSentences) {
    const next = rest
      .filter(isDay)
      .reduce((a, b) => (heavier(a, b) > 0 || (heavier(a, b) === 0 && distance(b) > distance(a)) ? b : a));
    priority.push(next);
    rest = rest.filter((d) => d !== next);
  }
  priority.push(...rest.sort(heavier));

  const chosen: CandidateSentence[] = [];
  const redundant = (s: CandidateSentence): boolean =>
    chosen.some((c) => c === s || jaccard(c.words, s.words) >= SUMMARY.redundantWords);
  const pick = (pool: readonly Scored[]): boolean => {
    const next = pool.find((x) => !redundant(x.s));
    if (next) chosen.push(next.s);
    return next !== undefined;
  };
  // One sentence a date, key dates first (a month only for a key date: beside days it is mostly background);
  // then, if that is too few, the months and a second sentence a date in the same order; then the story's most
  // central sentences whatever their date.
  for (const d of priority) if (chosen.length < maxSentences && (isDay(d) || keys.has(d))) pick(byDate.get(d) ?? []);
  for (const d of priority) if (chosen.length < minSentences) pick(byDate.get(d) ?? []);
  while (chosen.length < minSentences && pick(scored));

  const dateOf = (s: CandidateSentence): string => s.date ?? '9999';
  chosen.sort((a, b) => dateOf(a).localeCompare(dateOf(b)) || a.position - b.position);
  const cited = (s: CandidateSentence): CitedText => {
    // Cite every article that says nearly the same thing.
    const alike = sentences.filter((o) => o !== s && jaccard(o.words, s.words) >= SUMMARY.citeWords);
    return { text: s.shown, citations: citationsOf([s, ...alike]) };
  };
  const summary = chosen.map(cited);
  if (latestDate === undefined) return { summary };
  // The latest line: the best sentence of the latest date that fits on a line, else its best.
  const onLatest = byDate.get(latestDate) ?? [];
  const line = onLatest.find((x) => x.s.shown.length <= SUMMARY.latestMaxChars) ?? onLatest[0];
  return line ? { summary, latest: { ...cited(line.s), date: latestDate } } : { summary };
}
