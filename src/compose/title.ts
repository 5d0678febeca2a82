// The story's title: of its articles' headlines, cleaned (no dateline, no PTB tokenisation, no outlet's name
// at the end), the one whose words are most central to the story — shared with the other headlines and with the
// articles' texts — rather than the first article's, which may be an opinion piece or a side detail.

import type { Article } from '../model.js';
import { detokenise } from '../text/ptb.js';
import { datelineLength } from './display.js';
import { splitSentences } from '../text/sentences.js';
import { wordSet } from './sentences.js';
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

/** The most representative cleaned headline of `articles`, if any has one worth the name. */
export function storyTitle(articles: readonly Article[]): string | undefined {
  const candidates = (texts: (string | undefined)[]) =>
    texts.flatMap((t) => {
      if (!t) return [];
      const text = cleanHeadline(t);
      const words = wordSet(text);
      return words.size >= STORY_TITLE.minContentWords ? [{ text, words }] : [];
    });
  let heads = candidates(articles.map((a) => a.title));
  if (heads.length === 0) {
    const any = articles.find((a) => a.title)?.title;
    if (any) return cleanHeadline(any);
    // No headline at all (research corpora ship bare text): the most central of the articles' opening
    // sentences, the nearest thing to a headline news has, cut at a word.
    heads = candidates(articles.map((a) => leadSentence(a.text))).map((h) => ({
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
    for (const w of wordSet(a.text)) if (wanted.has(w)) inTexts.set(w, (inTexts.get(w) ?? 0) + 1);
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

/** The first sentence of `text` (after any dateline, which cleanHeadline drops). */
function leadSentence(text: string): string | undefined {
  const head = text.slice(0, STORY_TITLE.leadChars * 8);
  const first = splitSentences(head)[0];
  return first ? head.slice(first.start, first.end) : undefined;
}

/** `text` cut at a word boundary within `max` characters, "…" marking the cut (whole when it fits). */
export function shortened(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max + 1).replace(/\s+\S*$/, '');
  return `${(cut.length > 0 ? cut : text.slice(0, max)).replace(/[\s,;:–—-]+$/, '')}…`;
}

/** A title from a sentence, for a story without headlines: cleaned like a headline, cut at a word. */
export function sentenceTitle(sentence: string): string {
  return shortened(cleanHeadline(sentence), STORY_TITLE.fallbackChars);
}

/** The opening words of an untitled article's text, cleaned like a headline, standing in for its title. */
export function articleLead(text: string): string {
  return shortened(cleanHeadline(text.slice(0, STORY_TITLE.leadChars * 4)), STORY_TITLE.leadChars);
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
