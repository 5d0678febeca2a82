// What clustering looks at in an article: its salient words (stemmed in its own language, stopwords of that
// language out), the names it mentions (entities when the analysis has them, capitalised words otherwise), the
// numbers it gives, and its dates (publication and the event dates its sentences report).
//
// Words are keyed by language ("fr:greve"), names and numbers are not: two articles in different languages can
// only meet through the people, places and figures they share, which is the strong evidence a cross-language
// link needs. Two stories of the same kind (two earthquakes) share topic words; names, places, numbers and dates
// are what tell them apart, so they are kept as their own keys.

import { dayNumber, exactDayNumber, mainEventDay as mainDay } from '../text/days.js';
import { foldAccents, isKnownLanguage, isStopwordIn, MIN_WORD, stemIn } from '../text/languages.js';
import { wordSpans } from '../text/words.js';
import type { Analysis, Article } from '../model.js';
import { type PassageAnchor, passageAnchors } from './passages.js';

/** Prefixes of feature keys: a name, a number, an entity or a place (from the analysis). Words are `<lang>:`. */
export const NAME = 'n:';
export const NUMBER = '#';
export const ENTITY = 'e:';
export const PLACE = 'p:';

export interface ClusterDoc {
  id: string;
  /** Day number (days since 1970-01-01) of publication, when known. */
  day?: number;
  /** ISO 639-1 code of the text, `und` when unknown. */
  language: string;
  /** Feature key → count (title words count `TITLE_WEIGHT` times). */
  terms: Map<string, number>;
  /** Day numbers of the event dates (day precision) its sentences report. */
  eventDays: number[];
  /** The body's words in order, for finding boilerplate the stream repeats (see passages.ts). */
  body?: BodyPassages;
}

/**
 * What the clusterer needs to leave out a passage other articles repeat: the feature key each body word gave
 * (undefined for stopwords), the words themselves (lower case, accents folded: what entity names are compared
 * with), the passage anchors, and the keys the title gives (never left out: the title says what this article is
 * about, whatever else repeats it).
 */
export interface BodyPassages {
  keys: (string | undefined)[];
  words: string[];
  anchors: PassageAnchor[];
  titleKeys: Set<string>;
}

/** A title says what the article is about in a few words: each of its words counts as this many in the body. */
const TITLE_WEIGHT = 2;
/**
 * Tokens longer than this are not words (URLs, base64, a run of one letter): they are cut before any feature is
 * made, so a 5 MB "word" costs one pass over its characters and nothing more.
 */
const MAX_TOKEN = 40;

const SENTENCE_END = /[.!?:;"“”'`()\n]\s*$/u;
/** Capitalised words that are not names even in the middle of a sentence (English calendar words and pronouns). */
const NOT_NAMES = new Set(
  `monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december mr mrs ms dr the a an i it he she we they this that there but and or in on at
for of to by with from as his her its their our`.split(/\s+/),
);

function add(terms: Map<string, number>, key: string, weight: number): void {
  terms.set(key, (terms.get(key) ?? 0) + weight);
}

/**
 * Word stems, numbers and capitalised names of a text into `terms`. A word is a name when the body shows it
 * capitalised in mid-sentence and never in lower case; a title's capitals say nothing (headlines are often in
 * Title Case), so title words follow what the body says of them. In a language that capitalises every noun
 * (German) this makes nouns names too; they are then just keys that never meet another language's words.
 */
export function addTextFeatures(
  terms: Map<string, number>,
  parts: readonly { text: string; weight: number; title?: boolean }[],
  language: string,
  body?: BodyPassages,
): void {
  const wordLanguage = isKnownLanguage(language) ? language : 'und';
  const tokens: { word: string; weight: number; title?: boolean }[] = [];
  const midCapital = new Set<string>();
  const lower = new Set<string>();
  for (const { text, weight, title } of parts)
    for (const m of wordSpans(text, { acrossStops: true })) {
      let raw = m.text;
      if (raw.length > MAX_TOKEN) raw = raw.slice(0, MAX_TOKEN);
      const word = foldAccents(raw).replace(/['’]s?$/u, '');
      tokens.push(title ? { word, weight, title } : { word, weight });
      if (title) continue;
      const first = raw[0] ?? '';
      if (first === first.toLowerCase()) {
        if (first !== first.toUpperCase()) lower.add(word); // a lower-case letter (not a digit or a caseless script)
        continue;
      }
      const index = m.start;
      const opens = index === 0 || SENTENCE_END.test(text.slice(Math.max(0, index - 3), index));
      if (!opens && raw !== raw.toUpperCase() && !NOT_NAMES.has(word)) midCapital.add(word);
    }
  for (const t of tokens) {
    const { word: w, weight } = t;
    let key: string | undefined;
    if (/\p{N}/u.test(w)) key = `${NUMBER}${w.replace(/,/g, '')}`;
    else if (w.length < MIN_WORD || isStopwordIn(wordLanguage, w)) key = undefined;
    else if (midCapital.has(w) && !lower.has(w)) key = `${NAME}${w}`;
    else key = `${wordLanguage}:${stemIn(wordLanguage, w)}`;
    if (key !== undefined) add(terms, key, weight);
    if (!body) continue;
    if (t.title) {
      if (key !== undefined) body.titleKeys.add(key);
      continue;
    }
    body.keys.push(key);
    body.words.push(w.toLowerCase());
  }
  if (body) body.anchors = passageAnchors(body.words);
}

export function clusterDocFrom(article: Article, analysis?: Analysis): ClusterDoc {
  const terms = new Map<string, number>();
  const parts: { text: string; weight: number; title?: boolean }[] = [{ text: article.text, weight: 1 }];
  if (article.title) parts.unshift({ text: article.title, weight: TITLE_WEIGHT, title: true });
  const language = article.language || 'und';
  const body: BodyPassages = { keys: [], words: [], anchors: [], titleKeys: new Set() };
  addTextFeatures(terms, parts, language, body);
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
    const d = exactDayNumber(s.eventDate);
    if (d !== undefined) eventDays.push(d);
  }
  return { id: article.id, day: dayNumber(article.published?.value), language, terms, eventDays, body };
}

/** The day an article mostly reports (see `mainEventDay` in text/days.ts). */
export function mainEventDay(doc: Pick<ClusterDoc, 'day' | 'eventDays'>): number | undefined {
  return mainDay(doc.day, doc.eventDays);
}
