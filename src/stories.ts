// Wires clustering and composition over what the store holds: articles (and their
// analyses) → stories. Used by `digest` today; persistent, incremental story
// tracking builds on the same stages.

import { clusterDocFrom } from './cluster/features.js';
import { clusterStories } from './cluster/stories.js';
import { composeStory } from './compose/story.js';
import type { Analysis, Article, Story } from './model.js';
import type { Store } from './store/store.js';

export interface StoryBuildInput {
  articles: Article[];
  analyses: Map<string, Analysis>;
}

/** Read every article of the store with its analysis. */
export async function loadAll(store: Store): Promise<StoryBuildInput> {
  const total = await store.countArticles();
  const summaries = await store.listArticles({ limit: total });
  const articles: Article[] = [];
  const analyses = new Map<string, Analysis>();
  for (const s of summaries) {
    const article = await store.getArticle(s.id);
    if (!article) continue;
    articles.push(article);
    const analysis = await store.getAnalysis(s.id);
    if (analysis) analyses.set(s.id, analysis);
  }
  return { articles, analyses };
}

/** Pure: cluster the articles into stories and compose each. Largest stories first. */
export function buildStories(input: StoryBuildInput, now = new Date().toISOString()): Story[] {
  const docs = input.articles.map((a) => clusterDocFrom(a, input.analyses.get(a.id)));
  const byId = new Map(input.articles.map((a) => [a.id, a] as const));
  const stories: Story[] = [];
  for (const [id, members] of clusterStories(docs)) {
    const articles = members.map((m) => byId.get(m)).filter((a): a is Article => Boolean(a));
    const analyses = new Map<string, Analysis>();
    for (const a of articles) {
      const analysis = input.analyses.get(a.id);
      if (analysis) analyses.set(a.id, analysis);
    }
    stories.push(composeStory({ id, version: 1, updated: now, articles, analyses }));
  }
  return stories.sort((a, b) => b.articles.length - a.articles.length || a.id.localeCompare(b.id));
}
