// The story's title: of its articles' headlines, cleaned (no dateline, no PTB tokenisation, no outlet's name
// at the end), the one whose words are most central to the story — shared with the other headlines and with the
// articles' texts — rather than the first article's, which may be an opinion piece or a side detail.

import type { Analysis, Article, Span } from '../model.js';
import { detokenise } from '../text/ptb.js';
import { datelineLength } from './display.js';
import { monthNumber } from '../text/months.js';
import { splitSentences } from '../text/sentences.js';
import { isStopword, stemmedWordSet, wordSpans } from '../text/words.js';
import { STORY_TITLE, UNTITLED_ARTICLE, UNTITLED_STORY } from './settings.js';

const OUTLET_WORD = /^(?:\p{Lu}[\p{L}&'’.]*|[\p{Ll}\d-]+\.(?:com|org|net|co\.uk|[a-z]{2})|of|the|and|on|&)$/u;

/**
 * A wire page's header run into its text: "GENEVA | Wed Apr 29, 2009 7:31 pm EDT " (place in capitals, a bar, the
 * weekday, date, time and zone of the page). The dateline that follows it is the dateline recogniser's.
 */
const PAGE_HEADER =
  /^[\p{Lu}][\p{Lu}\s/.,'’-]*\s\|\s(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\w*\s+\p{Lu}\p{Ll}+\.?\s+\d{1,2},?\s+\d{4}(?:\s+\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,5})?)?\s+/u;

/** `headline` as a reader should see it. */
export function cleanHeadline(headline: string): string {
  let h = detokenise(headline).replace(PAGE_HEADER, '');
  // An outlet's name after the last separator ("… - BBC News", "… | Reuters").
  const tail = /\s+(?:[-|–—]|::)\s+([^-|–—]+)$/.exec(h);
  if (tail && tail.index > 0) {
    const words = (tail[1] ?? '').trim().split(/\s+/);
    if (words.length <= STORY_TITLE.maxOutletWords && words.every((w) => OUTLET_WORD.test(w)))
      h = h.slice(0, tail.index).trim();
  }
  h = h.slice(datelineLength(h)).trim();
  return h.replace(/^\p{Ll}/u, (c) => c.toUpperCase());
}

/**
 * The most representative cleaned headline of `articles`, if any has one worth the name; `analyses` (by article
 * id), where given, save splitting the openings of untitled articles again.
 */
export function storyTitle(articles: readonly Article[], analyses?: ReadonlyMap<string, Analysis>): string | undefined {
  const candidates = (texts: (string | undefined)[]) =>
    texts.flatMap((t) => {
      if (!t) return [];
      const text = cleanHeadline(t);
      const words = stemmedWordSet(text);
      return words.size >= STORY_TITLE.minContentWords ? [{ text, words }] : [];
    });
  let heads = candidates(articles.map((a) => a.title));
  if (heads.length === 0) {
    const any = articles.find((a) => a.title)?.title;
    if (any) return cleanHeadline(any);
    // No headline at all (research corpora ship bare text): the most central of the articles' opening
    // sentences, the nearest thing to a headline news has, cut at a word. Headlines run into a text's first
    // sentence, where found, are headlines: only they compete when there are any, so the title is a whole
    // headline rather than a sentence cut short or a headline with the body's first words after it.
    const leads = articles.flatMap((a) => leadSentence(a.text, analyses?.get(a.id)?.sentences) ?? []);
    const headlines = candidates(leads.filter((l) => l.headline).map((l) => l.text));
    heads = (headlines.length > 0 ? headlines : candidates(leads.map((l) => l.text))).map((h) => ({
      ...h,
      text: shortened(h.text, STORY_TITLE.fallbackChars),
    }));
    if (heads.length === 0) return undefined;
  }
  if (heads.length === 1) return heads[0]?.text;
  // Per word: how many headlines, and how many article texts, use it.
  const inHeads = new Map<string, number>();
  for (const h of heads) for (const w of h.words) inHeads.set(w, (inHeads.get(w) ?? 0) + 1);
  const wanted = new Set(inHeads.keys());
  const inTexts = new Map<string, number>();
  for (const a of articles)
    for (const w of stemmedWordSet(a.text)) if (wanted.has(w)) inTexts.set(w, (inTexts.get(w) ?? 0) + 1);
  let best = heads[0];
  let bestScore = -1;
  for (const h of heads) {
    let score = 0;
    for (const w of h.words)
      score +=
        ((inHeads.get(w) ?? 1) - 1) / (heads.length - 1) +
        (STORY_TITLE.textWeight * (inTexts.get(w) ?? 0)) / articles.length;
    // Normalised like a cosine, so that a long headline does not win by length alone; ties go to the earliest.
    score /= Math.sqrt(h.words.size);
    if (score > bestScore) [best, bestScore] = [h, score];
  }
  return best?.text;
}

/**
 * Function words that are no sentence's first word in a statement, though capitalised they may be a name ("Will",
 * "May") or a number inside one ("Air Force One"): a capitalised one inside a run says nothing about a sentence
 * starting there.
 */
const NO_OPENER = new Set([
  'will',
  'may',
  'might',
  'must',
  'can',
  'could',
  'would',
  'should',
  'shall',
  'said',
  'says',
  'one',
  'two',
  'three',
]);

/**
 * The headline of a sentence that is a headline run into the text's first sentence, else the sentence itself.
 * Texts that lost the line break between their headline and their body (research corpora, scraped pages) read
 * "White House adviser tells ABC all new drilling is on hold The US administration has banned …": within a
 * sentence, a capitalised function word ("The", "An", "By", "It") right after a word that ends in a small letter or
 * a digit, with nothing but a space between, begins a new sentence — prose never capitalises it there, and
 * headlines, in sentence case or in title case, keep their small words small. The headline must keep
 * STORY_TITLE.minContentWords content words ("Why The Fed matters" is not cut to "Why"); a function word before the
 * capital ("of The Times") or a month name ("last May") is no break. Only for titles made from text: a real
 * headline is never cut.
 */
export function gluedHeadline(sentence: string): string {
  const words = wordSpans(sentence);
  let content = 0;
  for (let i = 1; i < words.length; i++) {
    const prev = words[i - 1] as { text: string; start: number };
    const word = words[i] as { text: string; start: number };
    const prevLower = prev.text.toLowerCase();
    if (prevLower.length >= 2 && !isStopword(prevLower)) content++;
    const lower = word.text.toLowerCase();
    const opener =
      /^\p{Lu}\p{Ll}*$/u.test(word.text) &&
      word.text !== 'I' &&
      isStopword(lower) &&
      !NO_OPENER.has(lower) &&
      monthNumber(lower) === undefined;
    if (!opener || content < STORY_TITLE.minContentWords) continue;
    const prevEnd = prev.start + prev.text.length;
    const afterWord =
      /[\p{Ll}\p{N}]$/u.test(prev.text) && !isStopword(prevLower) && monthNumber(prevLower) === undefined;
    if (afterWord && /^ +$/.test(sentence.slice(prevEnd, word.start))) return sentence.slice(0, prevEnd);
  }
  return sentence;
}

/** A date stamp, not a headline: a clock time, or a month's name with a year ("8 September 2010 Last updated"). */
function isDateStamp(text: string): boolean {
  if (/\b\d{1,2}[:.]\d{2}\b/.test(text) && /\b(?:GMT|UTC|BST|EST|EDT|PST|PDT|CET|am|pm|time)\b/i.test(text))
    return true;
  const words = wordSpans(text).map((w) => w.text);
  return (
    words.some((w) => monthNumber(w) !== undefined && w.length > 3) && words.some((w) => /^(?:19|20)\d{2}$/.test(w))
  );
}

/**
 * The opening of a text as a title: the headline run into its first sentence (`headline` true), a date stamp run in
 * before it dropped; else the first sentence.
 */
function runInLead(sentence: string): { text: string; headline: boolean } {
  let rest = sentence;
  // A page's date stamp may come first, then the headline: at most those two run-ins are looked for.
  for (let i = 0; i < 2; i++) {
    const glued = gluedHeadline(rest);
    if (glued.length === rest.length) break;
    if (!isDateStamp(glued)) return { text: glued, headline: true };
    rest = rest.slice(glued.length).trim();
  }
  return { text: rest, headline: false };
}

/**
 * The first sentence of `head`, the opening of a text whose sentences, where known (`sentences`, its analysis's),
 * save splitting it: their first is the opening's when it ends well inside it (`leadLookaheadChars`).
 */
function firstSentence(head: string, sentences?: readonly Span[]): Span | undefined {
  const known = sentences?.[0];
  if (known && known.end + STORY_TITLE.leadLookaheadChars <= head.length) return known;
  return splitSentences(head)[0];
}

/**
 * The first sentence of `text` (after any dateline, which cleanHeadline drops), or the headline run into it (then
 * `headline` is true).
 */
function leadSentence(text: string, sentences?: readonly Span[]): { text: string; headline: boolean } | undefined {
  const head = text.slice(0, STORY_TITLE.leadChars * 8);
  const first = firstSentence(head, sentences);
  return first ? runInLead(head.slice(first.start, first.end)) : undefined;
}

/** `text` cut at a word boundary within `max` characters, "…" marking the cut (whole when it fits). */
export function shortened(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max + 1).replace(/\s+\S*$/, '');
  return `${(cut.length > 0 ? cut : text.slice(0, max)).replace(/[\s,;:–—-]+$/, '')}…`;
}

/** A title from a sentence, for a story without headlines: cleaned like a headline, cut at a word. */
export function sentenceTitle(sentence: string): string {
  return shortened(cleanHeadline(gluedHeadline(sentence)), STORY_TITLE.fallbackChars);
}

/**
 * The opening words of an untitled article's text, cleaned like a headline, standing in for its title; `sentences`
 * (its analysis's), where given, save splitting the opening.
 */
export function articleLead(text: string, sentences?: readonly Span[]): string {
  const head = text.slice(0, STORY_TITLE.leadChars * 4);
  const first = firstSentence(head, sentences);
  // The first sentence's run-in headline, when it has one; else the opening words as they come.
  let lead = head;
  if (first) {
    const sentence = head.slice(first.start, first.end);
    const found = runInLead(sentence);
    if (found.headline) lead = found.text;
    else if (found.text.length < sentence.length) lead = head.slice(head.indexOf(found.text));
  }
  return shortened(cleanHeadline(lead), STORY_TITLE.leadChars);
}

/**
 * An article's title as every page, feed and export shows it: the headline cleaned; for an article without one,
 * the one fallback: its opening words in quotes (from `lead`, or the text when at hand: a reader sees they are no
 * headline), or UNTITLED_ARTICLE when neither is known.
 */
export function articleTitle(title: string | undefined, lead?: string): string {
  const clean = title ? cleanHeadline(title) : '';
  if (clean) return clean;
  return lead ? `“${lead}”` : UNTITLED_ARTICLE;
}

/** A story's title as shown (stored titles from before the cleaning are cleaned on the way out). */
export function storyDisplayTitle(title: string | undefined): string {
  const clean = title ? cleanHeadline(title) : '';
  return clean || UNTITLED_STORY;
}
