// What clustering looks at in an article: its salient words, the names it mentions (entities when the
// analysis has them, capitalised words otherwise), the numbers it gives, and its dates (publication and
// the event dates its sentences report). Two stories of the same kind (two earthquakes) share topic
// words; names, places, numbers and dates are what tell them apart, so they are kept as their own keys.

import { isStopword, stem } from '../analyze/words.js';
import type { Analysis, Article } from '../model.js';

/** Prefixes of feature keys: a plain word stem, a name, a number, an entity (from the analysis). */
export const NAME = 'n:';
export const NUMBER = '#';
export const ENTITY = 'e:';
export const PLACE = 'p:';

export interface ClusterDoc {
  id: string;
  /** Day number (days since 1970-01-01) of publication, when known. */
  day?: number;
  /** Feature key → count: word stems, `n:` names, `#` numbers, `e:`/`p:` entities (title counts double). */
  terms: Map<string, number>;
  /** Day numbers of the event dates (day precision) its sentences report. */
  eventDays: number[];
  /** Years the text mentions (from its dates and from four-digit years), for telling apart two similar stories. */
  years: number[];
}

export function dayNumberOf(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(value);
  if (!m) return undefined;
  return Math.floor(Date.UTC(Number(m[1]), Number(m[2]) - 1, m[3] ? Number(m[3]) : 15) / 86_400_000);
}

export function dateOfDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

const TOKEN = /[\p{L}\p{N}]+(?:[.,'’-][\p{L}\p{N}]+)*/gu;
const SENTENCE_END = /[.!?:;"“”'`()\n]\s*$/u;
/** Capitalised words that are not names even in the middle of a sentence. */
const NOT_NAMES = new Set(
  `monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december mr mrs ms dr the a an i it he she we they this that there but and or in on at
for of to by with from as his her its their our`.split(/\s+/),
);

function add(terms: Map<string, number>, key: string, weight: number): void {
  terms.set(key, (terms.get(key) ?? 0) + weight);
}

/**
 * Word stems, numbers and capitalised names of a text into `terms`. A capitalised word counts as a name when
 * it does not open a sentence, or when the same word appears capitalised mid-sentence elsewhere in the text.
 */
export function addTextFeatures(
  terms: Map<string, number>,
  parts: readonly { text: string; weight: number }[],
  years: Set<number>,
): void {
  const tokens: { word: string; capital: boolean; opens: boolean; weight: number }[] = [];
  const midNames = new Set<string>();
  for (const { text, weight } of parts)
    for (const m of text.matchAll(TOKEN)) {
      const raw = m[0];
      const before = text.slice(Math.max(0, (m.index ?? 0) - 3), m.index ?? 0);
      const opens = (m.index ?? 0) === 0 || SENTENCE_END.test(before);
      const first = raw[0] ?? '';
      const capital = first !== first.toLowerCase() && raw !== raw.toUpperCase();
      const word = raw.toLowerCase().replace(/['’]s?$/u, '');
      tokens.push({ word, capital, opens, weight });
      if (capital && !opens && !NOT_NAMES.has(word)) midNames.add(word);
    }
  for (const t of tokens) {
    const { word: w, weight } = t;
    if (/\p{N}/u.test(w)) {
      if (/^(19|20)\d\d$/.test(w)) years.add(Number(w));
      add(terms, `${NUMBER}${w.replace(/,/g, '')}`, weight);
      continue;
    }
    if (w.length < 2 || isStopword(w)) continue;
    if (t.capital && midNames.has(w)) add(terms, `${NAME}${w}`, weight);
    else add(terms, stem(w), weight);
  }
}

export function clusterDocFrom(article: Article, analysis?: Analysis): ClusterDoc {
  const terms = new Map<string, number>();
  const years = new Set<number>();
  const parts = [{ text: article.text, weight: 1 }];
  if (article.title) parts.unshift({ text: article.title, weight: 2 });
  addTextFeatures(terms, parts, years);
  if (analysis) {
    // Entities (when the analysis has them) add resolved keys: "Hollande" and "Francois Hollande" meet.
    const types = new Map(analysis.entities.map((e) => [e.key, e.type] as const));
    for (const m of analysis.mentions) {
      const type = types.get(m.entity);
      add(terms, `${type === 'PLACE' ? PLACE : ENTITY}${m.entity}`, 1);
    }
  }
  const eventDays: number[] = [];
  for (const s of analysis?.sentences ?? []) {
    // Day-precision dates only: a month ("in September") says little about which event an article reports.
    const d = s.eventDate && /^\d{4}-\d{2}-\d{2}/.test(s.eventDate) ? dayNumberOf(s.eventDate) : undefined;
    if (d !== undefined) eventDays.push(d);
  }
  for (const x of analysis?.timexes ?? []) {
    const m = x.value && !x.unresolved ? /^(\d{4})/.exec(x.value) : null;
    if (m) years.add(Number(m[1]));
  }
  return {
    id: article.id,
    day: dayNumberOf(article.published?.value),
    terms,
    eventDays,
    years: [...years].sort((a, b) => a - b),
  };
}
