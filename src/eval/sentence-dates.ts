// Sentence dating on Timeline17: for each sentence of a gold timeline, the input sentences it was written from
// (most content words shared both ways, in articles published around the gold day), and whether the engine
// dates those sentences to the gold day. It measures the dating of sentences apart from which dates and
// sentences the composer then selects: a sentence dated to the wrong day can only land on the wrong date.
import { addDays } from '../text/days.js';
import { detokenise } from '../text/ptb.js';
import { stemmedWordSet } from '../text/words.js';
import { type LagWindow, SENTENCE_DATING, type SentenceDatingSettings } from './settings.js';
import type { Timeline } from './tls-metrics.js';

/** One input sentence as the engine dated it. */
export interface DatedSource {
  /** Its text (PTB-tokenised as the T17 lines are, or plain). */
  text: string;
  /** Its article's publication day (`YYYY-MM-DD`). */
  published: string;
  /** The day (or month) the engine files it under; undefined when it would never be a timeline entry. */
  date?: string;
}

/** One gold sentence with the sources found for it. */
export interface GoldSentenceDating {
  date: string;
  text: string;
  /** The engine's dates of its sources (undefined: undated), best matching first. */
  sources: (string | undefined)[];
  /** Share of its sources dated to the gold day. */
  accuracy: number;
}

export interface SentenceDating {
  /**
   * Mean over the gold sentences with at least one source of the share of their sources dated to the gold day;
   * null when no gold sentence has a source.
   */
  accuracy: number | null;
  /** Gold sentences, and those with at least one source (the others are not counted). */
  goldSentences: number;
  matched: number;
  /** Source sentences found, and of them the undated ones (never a timeline entry). */
  sources: number;
  undated: number;
  details: GoldSentenceDating[];
}

function wordsOf(text: string): Set<string> {
  return stemmedWordSet(detokenise(text));
}

/** Words of `a` also in `b`. */
function shared(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let n = 0;
  for (const w of a) if (b.has(w)) n++;
  return n;
}

/**
 * The sentence-dating score of one gold timeline against the dated input sentences of its articles, the sources
 * read from articles published `window` days after the gold day (by default, the same day).
 */
export function sentenceDating(
  gold: Timeline,
  inputs: readonly DatedSource[],
  window: LagWindow = SENTENCE_DATING.sameDay,
  settings: Pick<SentenceDatingSettings, 'minOverlap' | 'minSharedWords'> = SENTENCE_DATING,
): SentenceDating {
  // By publication day: a gold sentence is compared only with the days of its window.
  const byDay = new Map<string, { date?: string; words: Set<string> }[]>();
  const wordsByText = new Map<string, Set<string>>();
  for (const s of inputs) {
    let words = wordsByText.get(s.text);
    if (!words) wordsByText.set(s.text, (words = wordsOf(s.text)));
    let list = byDay.get(s.published);
    if (!list) byDay.set(s.published, (list = []));
    list.push({ ...(s.date ? { date: s.date } : {}), words });
  }
  const details: GoldSentenceDating[] = [];
  let goldSentences = 0;
  let found = 0;
  let undated = 0;
  for (const entry of gold) {
    for (const text of entry.sentences) {
      goldSentences++;
      const words = wordsOf(text);
      const matches: { date: string | undefined; overlap: number }[] = [];
      const sources = [];
      for (let lag = window.from; lag <= window.to; lag++) sources.push(...(byDay.get(addDays(entry.date, lag)) ?? []));
      for (const s of sources) {
        const n = shared(words, s.words);
        if (n < settings.minSharedWords) continue;
        const overlap = Math.min(n / words.size, n / s.words.size);
        if (overlap >= settings.minOverlap) matches.push({ date: s.date, overlap });
      }
      if (matches.length === 0) continue;
      matches.sort((a, b) => b.overlap - a.overlap);
      const right = matches.filter((m) => m.date === entry.date).length;
      found += matches.length;
      undated += matches.filter((m) => m.date === undefined).length;
      details.push({
        date: entry.date,
        text,
        sources: matches.map((m) => m.date),
        accuracy: right / matches.length,
      });
    }
  }
  const accuracy = details.length ? details.reduce((n, d) => n + d.accuracy, 0) / details.length : null;
  return { accuracy, goldSentences, matched: details.length, sources: found, undated, details };
}
