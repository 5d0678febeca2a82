// The sentences a timeline is built from: candidate sentences plus what dates them — the day their
// article was published and the days or months their time expressions name.

import type { Analysis, Article, SentenceAnalysis, Span, TimeExpression } from '../model.js';
import { itemsBySpan } from '../text/spans.js';
import { type CandidateSentence, candidateSentences } from './sentences.js';

export interface TimelineSentence extends CandidateSentence {
  /** The publication day of its article (`YYYY-MM-DD`), when known. */
  published?: string;
  /** True when that day is inferred (the article gave none). */
  publishedInferred?: true;
  /** The days (`YYYY-MM-DD`) and months (`YYYY-MM`) its time expressions name, in text order. */
  mentions?: string[];
  /** It names no date of its own and reports at its article's publication (see SentenceAnalysis.atReference). */
  atReference?: true;
  /** It names no date of its own and tells background (see SentenceAnalysis.background): no date at all. */
  background?: true;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^\d{4}-\d{2}$/;

/** A time expression's value as a day or a month (times count as their day), else undefined. */
export function dateValueOf(t: TimeExpression): string | undefined {
  const v = t.value;
  if (!v) return undefined;
  if (t.granularity === 'day' && DAY.test(v)) return v;
  if (t.granularity === 'time') return DAY.test(v.slice(0, 10)) ? v.slice(0, 10) : undefined;
  if (t.granularity === 'month' && MONTH.test(v)) return v;
  return undefined;
}

/** Day and month values of the time expressions inside each span (both lists sorted by offset). */
function mentionsBySpan(spans: readonly Span[], timexes: readonly TimeExpression[]): string[][] {
  const sorted = [...timexes].sort((a, b) => a.start - b.start);
  return itemsBySpan(spans, sorted).map((inside) =>
    inside.map(dateValueOf).filter((v): v is string => v !== undefined),
  );
}

/**
 * The timeline sentences of one article. `spans` replaces the analysis' sentence spans when the caller knows
 * better (a corpus given one sentence a line), each with the event date the analysis would give it.
 * `candidates`: the article's candidate sentences from this analysis and `inferred`, when the caller has them
 * already (a story's summary reads the same ones): they depend only on the spans' bounds and event dates, so the
 * ones made here would be equal; not with `spans`, which changes the spans.
 */
export function timelineSentences(
  article: Article,
  analysis: Analysis,
  spans?: readonly SentenceAnalysis[],
  inferred?: ReadonlySet<number>,
  candidates?: readonly CandidateSentence[],
): TimelineSentence[] {
  const sentenceSpans: readonly SentenceAnalysis[] = spans ?? analysis.sentences;
  const mentions = mentionsBySpan(sentenceSpans, analysis.timexes);
  const byStart = new Map<number, string[]>();
  const atReference = new Set<number>();
  const background = new Set<number>();
  const withDates: SentenceAnalysis[] = sentenceSpans.map((s, i) => {
    const values = mentions[i] ?? [];
    byStart.set(s.start, values);
    if (s.atReference) atReference.add(s.start);
    if (s.background) background.add(s.start);
    const { eventDate } = s;
    return eventDate ? { start: s.start, end: s.end, eventDate } : { start: s.start, end: s.end };
  });
  const value = article.published?.value.slice(0, 10);
  const published = value && DAY.test(value) ? value : undefined;
  const publishedInferred = published !== undefined && article.published?.from === 'inferred';
  const made =
    candidates && spans === undefined
      ? candidates
      : candidateSentences(article, { ...analysis, sentences: withDates }, inferred);
  return made.map((c) => ({
    ...c,
    ...(published ? { published } : {}),
    ...(publishedInferred ? { publishedInferred: true as const } : {}),
    mentions: byStart.get(c.start) ?? [],
    ...(atReference.has(c.start) ? { atReference: true as const } : {}),
    ...(background.has(c.start) ? { background: true as const } : {}),
  }));
}
