// Everything a reader sees of one story, from its articles and their analyses:
// title, summary, timeline, sources (with copies), shared passages, entities, quotes.

import type { Analysis, Article, SharedPassage, Story, StoryArticle, StoryEntity, StoryQuote } from '../model.js';
import { candidateSentences } from './sentences.js';
import { buildSummary, type SummaryOptions } from './summary.js';
import { buildTimeline, type TimelineOptions } from './timeline.js';

export interface StoryInput {
  id: string;
  version: number;
  updated: string;
  articles: Article[];
  analyses: Map<string, Analysis>;
  /** Article id → the canonical article it copies. */
  duplicateOf?: Map<string, string>;
  sharedPassages?: SharedPassage[];
}

export interface ComposeOptions {
  timeline?: Partial<TimelineOptions>;
  summary?: Partial<SummaryOptions>;
}

function byPublication(a: Article, b: Article): number {
  return (a.published?.value ?? '9999').localeCompare(b.published?.value ?? '9999') || a.id.localeCompare(b.id);
}

function storyEntities(input: StoryInput): StoryEntity[] {
  const byKey = new Map<string, StoryEntity>();
  for (const analysis of input.analyses.values()) {
    const counts = new Map<string, number>();
    for (const m of analysis.mentions) counts.set(m.entity, (counts.get(m.entity) ?? 0) + 1);
    for (const e of analysis.entities) {
      const known = byKey.get(e.key);
      if (known) {
        known.mentions += counts.get(e.key) ?? 0;
        for (const a of e.aliases) if (!known.aliases.includes(a)) known.aliases.push(a);
        known.geo ??= e.geo;
      } else {
        byKey.set(e.key, {
          id: e.key,
          name: e.name,
          type: e.type,
          aliases: [...e.aliases],
          mentions: counts.get(e.key) ?? 0,
          ...(e.geo ? { geo: e.geo } : {}),
        });
      }
    }
  }
  return [...byKey.values()].sort((a, b) => b.mentions - a.mentions || a.name.localeCompare(b.name));
}

function storyQuotes(input: StoryInput): StoryQuote[] {
  const out: StoryQuote[] = [];
  for (const article of input.articles) {
    const analysis = input.analyses.get(article.id);
    if (!analysis) continue;
    const names = new Map(analysis.entities.map((e) => [e.key, e.name] as const));
    for (const q of analysis.quotes) {
      if (q.kind !== 'direct') continue;
      const speaker = (q.speaker && (names.get(q.speaker) ?? q.speaker)) ?? q.speakerMention?.text;
      if (!speaker) continue;
      out.push({ speaker, text: q.text, article: article.id, start: q.start, end: q.end });
    }
  }
  return out;
}

export function composeStory(input: StoryInput, opts: ComposeOptions = {}): Story {
  const articles = [...input.articles].sort(byPublication);
  // Copies add citations, not new sentences: compose from canonical articles only.
  const originals = articles.filter((a) => !input.duplicateOf?.has(a.id));
  const sentences = originals.flatMap((a) => candidateSentences(a, input.analyses.get(a.id)));
  const summary = buildSummary(sentences, opts.summary);
  const timeline = buildTimeline(sentences, opts.timeline);
  const titled = articles.find((a) => a.title);
  const title = titled?.title ?? summary[0]?.text.slice(0, 100) ?? 'Untitled story';
  const storyArticles: StoryArticle[] = articles.map((a) => {
    const duplicateOf = input.duplicateOf?.get(a.id);
    return {
      id: a.id,
      ...(a.title ? { title: a.title } : {}),
      ...(a.outlet ? { outlet: a.outlet } : {}),
      ...(a.published ? { published: a.published.value } : {}),
      ...(a.url ? { url: a.url } : {}),
      ...(duplicateOf ? { duplicateOf } : {}),
    };
  });
  return {
    id: input.id,
    title,
    version: input.version,
    updated: input.updated,
    summary,
    timeline,
    articles: storyArticles,
    sharedPassages: input.sharedPassages ?? [],
    entities: storyEntities(input),
    quotes: storyQuotes(input),
  };
}
