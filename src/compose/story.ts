// Everything a reader sees of one story, from its articles and their analyses:
// title, summary, timeline, sources (with copies), shared passages, entities, quotes.

import { mergeStoryEntities } from '../analyze/entities-merge.js';
import { DuplicateIndex, findSharedPassages, toStoryPassages } from '../dedup/index.js';
import type { Analysis, Article, SharedPassage, Story, StoryArticle, StoryEntity, StoryQuote } from '../model.js';
import { byPublication, byPublished, storyEvents } from './events.js';
import { candidateSentences } from './sentences.js';
import { buildSummary, type SummaryOptions } from './summary.js';
import { buildTimeline, type TimelineOptions } from './timeline.js';
import { timelineSentences } from './timeline-sentences.js';

export interface StoryInput {
  id: string;
  version: number;
  updated: string;
  articles: Article[];
  analyses: Map<string, Analysis>;
  /** Article id → the canonical article it copies. */
  duplicateOf?: Map<string, string>;
  /**
   * Members the story is not composed from (a big story is composed from a sample of its articles, so that
   * recomposing it costs a bounded amount): listed as sources and placed in events by their publication day.
   */
  others?: StoryArticle[];
  sharedPassages?: SharedPassage[];
}

export interface ComposeOptions {
  timeline?: Partial<TimelineOptions>;
  summary?: Partial<SummaryOptions>;
}

/** Story-level entities (one "François Hollande" for all his forms) and each article's key → story entity. */
function storyEntities(input: StoryInput): { entities: StoryEntity[]; byArticle: Map<string, Map<string, string>> } {
  const perArticle = [...input.analyses.values()].map((a) => ({
    article: a.article,
    entities: a.entities,
    mentions: a.mentions,
  }));
  const merged = mergeStoryEntities(perArticle);
  const mentions = new Map<string, number>();
  for (const a of perArticle) {
    const map = merged.byArticle.get(a.article);
    for (const m of a.mentions) {
      const key = map?.get(m.entity) ?? merged.keyMap.get(m.entity) ?? m.entity;
      mentions.set(key, (mentions.get(key) ?? 0) + 1);
    }
  }
  const entities = merged.entities
    .map((e): StoryEntity => ({
      id: e.key,
      name: e.name,
      type: e.type,
      aliases: e.aliases,
      mentions: mentions.get(e.key) ?? 0,
      ...(e.geo ? { geo: e.geo } : {}),
    }))
    .filter((e) => e.type !== 'OTHER' || e.mentions > 1)
    .sort((a, b) => b.mentions - a.mentions || a.name.localeCompare(b.name));
  return { entities, byArticle: merged.byArticle };
}

function storyQuotes(
  input: StoryInput,
  entities: StoryEntity[],
  byArticle: Map<string, Map<string, string>>,
): StoryQuote[] {
  const names = new Map(entities.map((e) => [e.id, e.name] as const));
  const out: StoryQuote[] = [];
  for (const article of input.articles) {
    const analysis = input.analyses.get(article.id);
    if (!analysis) continue;
    const keys = byArticle.get(article.id);
    for (const q of analysis.quotes) {
      if (q.kind !== 'direct') continue;
      const storyKey = q.speaker ? (keys?.get(q.speaker) ?? q.speaker) : undefined;
      // No fallback to the words as written: an unresolved "he", "it" or "the statement" is no speaker to show.
      const speaker = (storyKey && names.get(storyKey)) ?? q.speakerName;
      if (!speaker) continue;
      const linked = storyKey && names.has(storyKey) ? { speakerId: storyKey } : {};
      out.push({ speaker, ...linked, text: q.text, article: article.id, start: q.start, end: q.end });
    }
  }
  return out;
}

/** Copies among a story's articles: each near-duplicate → its canonical (earliest, then longest). */
function findCopies(articles: Article[]): Map<string, string> {
  const index = new DuplicateIndex();
  for (const a of articles) index.add({ id: a.id, text: a.text, published: a.published?.value });
  return index.duplicateOfMap(articles.map((a) => a.id));
}

export function composeStory(input: StoryInput, opts: ComposeOptions = {}): Story {
  const articles = [...input.articles].sort(byPublication);
  const duplicateOf = input.duplicateOf ?? findCopies(articles);
  const sharedPassages =
    input.sharedPassages ??
    toStoryPassages(
      findSharedPassages(
        articles.map((a) => ({ id: a.id, text: a.text })),
        {
          isDuplicatePair: (x, y) =>
            duplicateOf.get(x) === y ||
            duplicateOf.get(y) === x ||
            (duplicateOf.has(x) && duplicateOf.get(x) === duplicateOf.get(y)),
        },
      ),
    );
  // Copies add citations, not new sentences: compose from canonical articles only.
  const originals = articles.filter((a) => !duplicateOf.has(a.id));
  const sentences = originals.flatMap((a) => candidateSentences(a, input.analyses.get(a.id)));
  const summary = buildSummary(sentences, opts.summary);
  // The timeline also reads each sentence's publication day and every date it names.
  const timeline = buildTimeline(
    originals.flatMap((a) => {
      const analysis = input.analyses.get(a.id);
      return analysis ? timelineSentences(a, analysis) : candidateSentences(a);
    }),
    opts.timeline,
  );
  const { entities, byArticle } = storyEntities(input);
  const titled = articles.find((a) => a.title);
  const title = titled?.title ?? summary[0]?.text.slice(0, 100) ?? 'Untitled story';
  const composed: StoryArticle[] = articles.map((a) => {
    const copyOf = duplicateOf.get(a.id);
    return {
      id: a.id,
      ...(a.title ? { title: a.title } : {}),
      ...(a.outlet ? { outlet: a.outlet } : {}),
      ...(a.published ? { published: a.published.value } : {}),
      ...(a.url ? { url: a.url } : {}),
      ...(copyOf ? { duplicateOf: copyOf } : {}),
    };
  });
  const storyArticles = [...composed, ...(input.others ?? [])].sort(byPublished);
  return {
    id: input.id,
    title,
    version: input.version,
    updated: input.updated,
    summary,
    timeline,
    articles: storyArticles,
    events: storyEvents(articles, input.analyses, duplicateOf, input.others),
    sharedPassages,
    entities,
    quotes: storyQuotes(input, entities, byArticle),
  };
}
