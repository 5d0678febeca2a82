// The analysis stage: one pure function over an Article, like a pipeline of
// components over one document — sentences first, then time expressions, quotes
// and the event date each sentence reports.

import type { Analysis, Article, SentenceAnalysis, TimeExpression } from '../model.js';
import { findQuotes } from './quotes.js';
import { tokenize } from './sentences.js';
import { findTimeExpressions, sentenceEventDate } from './timex.js';

/** The publication date as an anchor for relative dates, only when it names a day. */
function anchorOf(article: Article): string | undefined {
  const value = article.published?.value;
  return value && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : undefined;
}

export function analyzeArticle(article: Article): Analysis {
  const { text } = article;
  const sentenceTokens = tokenize(text);
  const timexes = findTimeExpressions(text, anchorOf(article));
  const quotes = findQuotes(text);

  // Walk sentences and timexes together (both sorted by offset) to give each sentence its date.
  const sentences: SentenceAnalysis[] = [];
  let t = 0;
  for (const s of sentenceTokens) {
    while (t < timexes.length && (timexes[t]?.end ?? 0) <= s.start) t++;
    const inside: TimeExpression[] = [];
    for (let i = t; i < timexes.length; i++) {
      const x = timexes[i];
      if (!x || x.start >= s.end) break;
      inside.push(x);
    }
    const eventDate = sentenceEventDate(text.slice(s.start, s.end), inside);
    sentences.push(eventDate ? { start: s.start, end: s.end, eventDate } : { start: s.start, end: s.end });
  }
  return { article: article.id, sentences, entities: [], mentions: [], timexes, quotes };
}
