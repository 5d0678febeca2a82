// Everything a reader sees of one story, from its articles and their analyses:
// title, summary, timeline, sources (with copies), shared passages, entities, quotes.

import type { Analysis, Article, SharedPassage, Story, StoryArticle, StoryEntity, StoryQuote } from '../model.js';
import type { StoryAnalyzer } from './analyzer.js';
import { CopyCitations } from './citations.js';
import { byPublication, byPublished, eventDayOf, placeInEvents, storyEvents } from './events.js';
import { type InferredDate, inferPublicationDates } from './infer-dates.js';
import { type CandidateSentence, candidateSentences } from './sentences.js';
import { buildSummary, type SummaryOptions } from './summary.js';
import { buildTimeline, type TimelineOptions, timelineDates } from './timeline.js';
import { timelineSentences } from './timeline-sentences.js';
import { UNTITLED_STORY } from './settings.js';
import { articleLead, sentenceTitle, storyTitle } from './title.js';

export interface StoryInput {
  id: string;
  version: number;
  updated: string;
  articles: Article[];
  analyses: Map<string, Analysis>;
  /** Article id → the canonical article it copies (the dedup stage's finding, stored with the article). */
  duplicateOf?: Map<string, string>;
  /**
   * Members the story is not composed from (a big story is composed from a sample of its articles, so that
   * recomposing it costs a bounded amount): listed as sources and placed in events by their publication day.
   */
  others?: StoryArticle[];
  /** Passages several of its articles carry (the dedup stage's finding, stored with the articles). */
  sharedPassages?: SharedPassage[];
}

export interface ComposeOptions {
  timeline?: Partial<TimelineOptions>;
  summary?: Partial<SummaryOptions>;
}

/** Story-level entities (one "François Hollande" for all his forms) and each article's key → story entity. */
function storyEntities(
  input: StoryInput,
  analyzer: StoryAnalyzer,
): { entities: StoryEntity[]; byArticle: Map<string, Map<string, string>> } {
  const perArticle = [...input.analyses.values()].map((a) => ({
    article: a.article,
    entities: a.entities,
    mentions: a.mentions,
  }));
  const merged = analyzer.mergeStoryEntities(perArticle);
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

/**
 * The articles and analyses as composition reads them once undated articles have inferred dates: an inferred
 * date stands for the publication day only when its window is narrow (`datesPublication`), while the expressions
 * it makes certain date their sentences either way. Events move only for narrow windows: an article known only
 * to be "on or after 30 September" is not the news of the one day its background sentence names. Also: the
 * articles whose event day the inference moved.
 */
function withInferredDates(
  articles: readonly Article[],
  analyses: Map<string, Analysis>,
  inferred: ReadonlyMap<string, InferredDate>,
): {
  dated: Article[];
  analyses: Map<string, Analysis>;
  eventAnalyses: Map<string, Analysis>;
  inferredDays: Set<string>;
} {
  if (inferred.size === 0) return { dated: [...articles], analyses, eventAnalyses: analyses, inferredDays: new Set() };
  const redone = new Map(analyses);
  const eventAnalyses = new Map(analyses);
  const inferredDays = new Set<string>();
  const dated = articles.map((a) => {
    const guess = inferred.get(a.id);
    if (!guess) return a;
    redone.set(a.id, guess.analysis);
    if (!guess.datesPublication) return a;
    eventAnalyses.set(a.id, guess.analysis);
    const article = { ...a, published: guess.published };
    if (eventDayOf(article, guess.analysis) !== eventDayOf(a, analyses.get(a.id))) inferredDays.add(a.id);
    return article;
  });
  return { dated, analyses: redone, eventAnalyses, inferredDays };
}

/** The story of `input`; `analyzer` is the analysis room's, handed in by the pipeline (analyzer.ts says why). */
export function composeStory(input: StoryInput, analyzer: StoryAnalyzer, opts: ComposeOptions = {}): Story {
  const articles = [...input.articles].sort(byPublication);
  const duplicateOf = input.duplicateOf ?? new Map<string, string>();
  const sharedPassages = input.sharedPassages ?? [];
  // Undated articles dated by their story (marked inferred); copies, sources and shared passages keep what the
  // articles say.
  const inferred = inferPublicationDates(articles, input.analyses, analyzer);
  const { dated, analyses, eventAnalyses, inferredDays } = withInferredDates(articles, input.analyses, inferred);
  // Copies add citations, not new sentences: compose from canonical articles only.
  const originals = dated.filter((a) => !duplicateOf.has(a.id));
  const inferredStarts = (id: string): ReadonlySet<number> | undefined => inferred.get(id)?.inferredSentences;
  // Each article's candidate sentences are made once: the summary reads them, and the timeline reads them with
  // their dates (splitting and showing every sentence twice was a tenth of the story step).
  const candidates = originals.map((a) => candidateSentences(a, analyses.get(a.id), inferredStarts(a.id)));
  const sentences = candidates.flat();
  // The timeline also reads each sentence's publication day and every date it names.
  const composedTimeline = buildTimeline(
    originals.flatMap((a, i) => {
      const analysis = analyses.get(a.id);
      const made = candidates[i] as CandidateSentence[];
      return analysis ? timelineSentences(a, analysis, undefined, inferredStarts(a.id), made) : made;
    }),
    // The date count grows with the story unless the caller fixes it (an evaluation asks for the gold's).
    { maxDates: timelineDates(originals.length), ...opts.timeline },
  );
  // The summary tells the timeline's dates, up to the latest publication (later ones are plans, not news).
  const until = dated
    .map((a) => a.published?.value.slice(0, 10))
    .filter((d): d is string => d !== undefined)
    .sort()
    .at(-1);
  const told = buildSummary(sentences, opts.summary, {
    dates: composedTimeline.map((d) => d.date),
    ...(until ? { until } : {}),
  });
  // A sentence a copy prints too cites the copy, marked as one.
  const copies = new CopyCitations(articles, input.analyses, duplicateOf);
  const summary = told.summary.map((s) => copies.cite(s));
  const latest = told.latest ? copies.cite(told.latest) : undefined;
  const timeline = composedTimeline.map((d) => ({ ...d, entries: d.entries.map((e) => copies.cite(e)) }));
  const { entities, byArticle } = storyEntities(input, analyzer);
  // No headline at all (research corpora ship bare text): the summary's first sentence, cleaned and cut at a word.
  const lead = summary[0]?.text;
  const title = storyTitle(articles, input.analyses) ?? (lead ? sentenceTitle(lead) : UNTITLED_STORY);
  const composed: StoryArticle[] = articles.map((a) => {
    const copyOf = duplicateOf.get(a.id);
    const guess = inferred.get(a.id)?.published;
    return {
      id: a.id,
      ...(a.title ? { title: a.title } : { lead: articleLead(a.text, input.analyses.get(a.id)?.sentences) }),
      ...(a.outlet ? { outlet: a.outlet } : {}),
      ...(a.published ? { published: a.published.value } : {}),
      ...(a.url ? { url: a.url } : {}),
      ...(copyOf ? { duplicateOf: copyOf } : {}),
      ...(guess ? { inferredPublished: guess } : {}),
    };
  });
  const storyArticles = [...composed, ...(input.others ?? [])].sort(byPublished);
  return {
    id: input.id,
    title,
    version: input.version,
    updated: input.updated,
    summary,
    ...(latest ? { latest } : {}),
    timeline,
    articles: storyArticles,
    events: storyEvents(dated, eventAnalyses, duplicateOf, input.others, inferredDays),
    sharedPassages,
    entities,
    quotes: storyQuotes(input, entities, byArticle),
  };
}

/**
 * A composed story with new members (not listed in it yet) listed but not read: they join its sources and its
 * events (by publication day, as the members a big story is not composed from do); its summary, timeline,
 * entities and quotes stay those of its last composition (`composedFrom`).
 */
export function withListedArticles(
  story: Story,
  added: readonly StoryArticle[],
  version: number,
  updated: string,
): Story {
  const articles = [...story.articles, ...added].sort(byPublished);
  const listed = new Map(articles.map((a) => [a.id, a] as const));
  return { ...story, version, updated, articles, events: placeInEvents(story.events, added, listed) };
}

/**
 * What a reader is told when a story's summary is older than its source list (new members listed, not yet read:
 * `withListedArticles`); undefined when the summary is current.
 */
export function composedNote(story: Story): string | undefined {
  const composed = story.composedFrom?.articles;
  const newer = composed === undefined ? 0 : story.articles.length - composed;
  if (newer <= 0) return undefined;
  const since = newer === 1 ? 'the 1 article' : `the ${newer} articles`;
  return `Written when the story had ${composed} articles; ${since} since are in its sources and events, not yet in the summary.`;
}
