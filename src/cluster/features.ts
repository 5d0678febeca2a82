// What clustering looks at in an article: its salient words, the names it mentions,
// and its dates (publication and the event dates its sentences report).

import { contentWords, stem } from '../analyze/words.js';
import type { Analysis, Article } from '../model.js';

export interface ClusterDoc {
  id: string;
  /** Day number (days since 1970-01-01) of publication, when known. */
  day?: number;
  /** Stemmed content word → weight (title words count double). */
  terms: Map<string, number>;
  /** Entity keys (or capitalised names when there is no entity analysis). */
  names: Set<string>;
  /** Day numbers of the event dates reported in the text. */
  eventDays: number[];
}

export function dayNumberOf(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(value);
  if (!m) return undefined;
  return Math.floor(Date.UTC(Number(m[1]), Number(m[2]) - 1, m[3] ? Number(m[3]) : 15) / 86_400_000);
}

function addTerms(terms: Map<string, number>, text: string, weight: number): void {
  for (const w of contentWords(text)) {
    const s = stem(w);
    terms.set(s, (terms.get(s) ?? 0) + weight);
  }
}

/** Capitalised words that do not open a sentence: a cheap stand-in for names. */
function capitalisedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(/(?<![.!?"“]\s)(?<!^)\b(\p{Lu}[\p{L}-]{2,})/gmu)) {
    const w = m[1];
    if (w && w !== w.toUpperCase()) names.add(w.toLowerCase());
  }
  return names;
}

export function clusterDocFrom(article: Article, analysis?: Analysis): ClusterDoc {
  const terms = new Map<string, number>();
  if (article.title) addTerms(terms, article.title, 2);
  addTerms(terms, article.text, 1);
  const names =
    analysis && analysis.entities.length > 0
      ? new Set(analysis.entities.map((e) => e.key))
      : capitalisedNames(article.text);
  const eventDays: number[] = [];
  for (const s of analysis?.sentences ?? []) {
    const d = dayNumberOf(s.eventDate);
    if (d !== undefined) eventDays.push(d);
  }
  return { id: article.id, day: dayNumberOf(article.published?.value), terms, names, eventDays };
}
