// The sentences a story is composed from: each with its article, span, words and
// the date it reports (its event date, else — for the opening sentences, which
// report the news of the day — the publication date).

import type { Analysis, Article } from '../model.js';
import { splitSentences } from '../text/sentences.js';
import { stemmedWordSet } from '../text/words.js';
import { ArticleDisplay } from './display.js';

export interface CandidateSentence {
  article: string;
  start: number;
  end: number;
  text: string;
  /** The text shown for it (display.ts): no dateline, opening pronoun resolved, relative days dated. */
  shown: string;
  /** False when it cannot be shown on its own (an opening pronoun nobody resolves): never an entry or summary. */
  standsAlone: boolean;
  /** Position of the sentence in its article (0 = first). */
  position: number;
  /** `YYYY-MM-DD` or `YYYY-MM`, when the sentence can be dated. */
  date?: string;
  /** True when the date comes from the text itself, not from the publication date. */
  dateFromText: boolean;
  /** True when the date rests on an inferred publication date (its article gave none): never shown as certain. */
  dateInferred?: true;
  words: Set<string>;
}

const MIN_WORDS = 6;
const MAX_WORDS = 70;
/** Sentences this early in an article report the day's news when they carry no date. */
const LEAD_SENTENCES = 2;

/**
 * `inferred`: starts of the sentences whose event date comes from an inferred publication date (infer-dates.ts);
 * an inferred `article.published` marks the dates it gives too.
 */
export function candidateSentences(
  article: Article,
  analysis?: Analysis,
  inferred?: ReadonlySet<number>,
): CandidateSentence[] {
  // Without an analysis, the same splitter the analysis uses: the spans are those an analysis would give.
  const spans = analysis?.sentences.length ? analysis.sentences : splitSentences(article.text);
  const published = article.published?.value.slice(0, 10);
  const out: CandidateSentence[] = [];
  const display = new ArticleDisplay(article, analysis);
  spans.forEach((span, position) => {
    const text = article.text.slice(span.start, span.end).trim();
    const wordCount = text.split(/\s+/).length;
    if (wordCount < MIN_WORDS || wordCount > MAX_WORDS) return;
    const eventDate = 'eventDate' in span ? (span.eventDate as string | undefined) : undefined;
    const usable = eventDate && /^\d{4}-\d{2}(-\d{2})?$/.test(eventDate) ? eventDate : undefined;
    const date =
      usable ??
      (position < LEAD_SENTENCES && published && /^\d{4}-\d{2}-\d{2}$/.test(published) ? published : undefined);
    const dateInferred = usable
      ? inferred?.has(span.start)
      : date !== undefined && article.published?.from === 'inferred';
    const { text: shown, standsAlone } = display.show(span, spans[position - 1]);
    out.push({
      article: article.id,
      start: span.start,
      end: span.end,
      text,
      shown,
      standsAlone,
      position,
      date,
      dateFromText: Boolean(usable),
      ...(dateInferred ? { dateInferred: true as const } : {}),
      words: stemmedWordSet(text),
    });
  });
  return out;
}

export function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / (a.size + b.size - shared);
}
