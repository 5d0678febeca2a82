// The analysis stage: one pure function over an Article, like a pipeline of
// components over one document — sentences and tokens first, then entities,
// time expressions, quotes (their speakers linked to entities) and the event
// date each sentence reports.

import type { Analysis, Article, Entity, EntityMention, Quote, SentenceAnalysis, TimeExpression } from '../model.js';
import { findEntities } from './entities.js';
import { personSignature } from './entities-names.js';
import { findQuotes } from './quotes.js';
import { tokenize } from '../text/sentences.js';
import { itemsBySpan } from '../text/spans.js';
import { dateSentence } from './event-date.js';
import { findTimeExpressions } from './timex.js';

/** The publication date as an anchor for relative dates, only when it names a day. */
function anchorOf(article: Article): string | undefined {
  const value = article.published?.value;
  return value && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : undefined;
}

/**
 * Each sentence with the event date it reports, or, when it names none, whether it reports at the article's
 * reference date (its publication); sentences and timexes are both sorted by offset.
 */
export function datedSentences(
  text: string,
  spans: readonly { start: number; end: number }[],
  timexes: readonly TimeExpression[],
): SentenceAnalysis[] {
  const bySentence = itemsBySpan(spans, timexes);
  return spans.map((s, i) => ({
    start: s.start,
    end: s.end,
    ...dateSentence(text.slice(s.start, s.end), bySentence[i] ?? [], s.start),
  }));
}

/**
 * The entity a quote's speaker is: the entity mentioned where the speaker is written, else the
 * person whose name (or name ending, "Le Drian") matches the resolved speaker name.
 */
function linkSpeaker(q: Quote, entities: Entity[], mentions: EntityMention[]): string | undefined {
  const at = q.speakerMention;
  if (at) {
    // "a spokesman for the Interior Ministry": the speaker is the person, whose head word comes before "for"; the
    // organisation named after it is whom they speak for, not who speaks. Such a speaker links to no entity.
    const cut = /\s(?:for|of|at|from|with)\s/.exec(at.text);
    const head = cut ? (at.text.slice(0, cut.index).split(/\s+/).pop() ?? '') : '';
    if (cut && /^\p{Ll}/u.test(head)) return undefined;
    const m = mentions.find((x) => x.start < at.end && x.end > at.start);
    if (m) return m.entity;
  }
  const name = q.speaker;
  if (!name) return undefined;
  const sig = personSignature(name);
  if (sig.length === 0) return undefined;
  const fits = (e: Entity): boolean =>
    [e.name, ...e.aliases].some((alias) => {
      const a = personSignature(alias);
      return a.length >= sig.length && sig.every((w, i) => a[a.length - sig.length + i] === w);
    });
  return (entities.find((e) => e.type === 'PERSON' && fits(e)) ?? entities.find(fits))?.key;
}

export function analyzeArticle(article: Article): Analysis {
  const { text } = article;
  const sentenceTokens = tokenize(text);
  const { entities, mentions } = findEntities(text, sentenceTokens);
  const timexes = findTimeExpressions(text, anchorOf(article), { sentences: sentenceTokens });
  // findQuotes gives `speaker` as a resolved name; here it becomes the entity key, the name kept beside it.
  const quotes = findQuotes(text).map(({ speaker: name, ...q }): Quote => {
    const entity = linkSpeaker({ ...q, speaker: name }, entities, mentions);
    return { ...q, ...(name ? { speakerName: name } : {}), ...(entity ? { speaker: entity } : {}) };
  });
  return {
    article: article.id,
    sentences: datedSentences(text, sentenceTokens, timexes),
    entities,
    mentions,
    timexes,
    quotes,
  };
}
