// Wires clustering and composition over what the store holds: articles (and
// their analyses) → stories, persisted with stable ids, versions and a change log.
//
// Clustering is recomputed over the articles and then reconciled with the stored
// stories by overlap, so a story keeps its id as it grows, and merges and splits
// are recorded. (Candidate retrieval keeps each article's cost bounded; see cluster/.)

import { clusterDocFrom } from './cluster/features.js';
import { clusterStories } from './cluster/stories.js';
import { composeStory } from './compose/story.js';
import type { Analysis, Article, Story } from './model.js';
import type { Store, StoryChange } from './store/store.js';

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

/** Pure: the article groups of the stories, each sorted, largest first. */
export function groupArticles(input: StoryBuildInput): string[][] {
  const docs = input.articles.map((a) => clusterDocFrom(a, input.analyses.get(a.id)));
  return [...clusterStories(docs).values()]
    .map((members) => [...members].sort())
    .sort((a, b) => b.length - a.length || (a[0] ?? '').localeCompare(b[0] ?? ''));
}

export interface Reconciled {
  /** Story id → its article ids. */
  groups: Map<string, string[]>;
  changes: StoryChange[];
  removed: string[];
}

/**
 * Give each new group a story id: the stored story it overlaps most keeps its id (largest
 * overlaps first); a group with no stored story gets a new id from its first article.
 * Stored stories left without a group were merged into the group that took their articles.
 */
export function reconcile(groups: string[][], previous: Map<string, string>, now: string): Reconciled {
  const candidates: { group: number; story: string; overlap: number }[] = [];
  groups.forEach((members, group) => {
    const counts = new Map<string, number>();
    for (const m of members) {
      const s = previous.get(m);
      if (s) counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    for (const [story, overlap] of counts) candidates.push({ group, story, overlap });
  });
  candidates.sort((a, b) => b.overlap - a.overlap || a.story.localeCompare(b.story) || a.group - b.group);
  const idOfGroup = new Map<number, string>();
  const claimed = new Set<string>();
  for (const c of candidates) {
    if (idOfGroup.has(c.group) || claimed.has(c.story)) continue;
    idOfGroup.set(c.group, c.story);
    claimed.add(c.story);
  }
  const result: Reconciled = { groups: new Map(), changes: [], removed: [] };
  groups.forEach((members, group) => {
    let id = idOfGroup.get(group);
    const formerStories = [...new Set(members.map((m) => previous.get(m)).filter((s): s is string => Boolean(s)))];
    if (!id) {
      id = `s-${members[0]}`;
      for (let n = 2; claimed.has(id); n++) id = `s-${members[0]}-${n}`;
      claimed.add(id);
      result.changes.push(
        formerStories.length > 0
          ? { story: id, kind: 'split', others: formerStories, at: now }
          : { story: id, kind: 'created', at: now },
      );
    }
    const absorbed = formerStories.filter((s) => s !== id && !claimed.has(s));
    if (absorbed.length > 0) result.changes.push({ story: id, kind: 'merged', others: absorbed, at: now });
    result.groups.set(id, members);
  });
  const storedIds = new Set(previous.values());
  for (const s of storedIds) if (!claimed.has(s)) result.removed.push(s);
  return result;
}

/** Pure: compose one story from its articles. */
export function composeGroup(
  id: string,
  members: string[],
  input: StoryBuildInput,
  version: number,
  now: string,
): Story {
  const byId = new Map(input.articles.map((a) => [a.id, a] as const));
  const articles = members.map((m) => byId.get(m)).filter((a): a is Article => Boolean(a));
  const analyses = new Map<string, Analysis>();
  for (const a of articles) {
    const analysis = input.analyses.get(a.id);
    if (analysis) analyses.set(a.id, analysis);
  }
  return composeStory({ id, version, updated: now, articles, analyses });
}

/** Pure: stories for a set of articles, without a store (the `digest` path). Largest first. */
export function buildStories(input: StoryBuildInput, now = new Date().toISOString()): Story[] {
  const { groups } = reconcile(groupArticles(input), new Map(), now);
  return [...groups].map(([id, members]) => composeGroup(id, members, input, 1, now));
}

/**
 * Bring the stored stories up to date with the stored articles: recluster, keep ids by
 * overlap, recompose only the stories whose articles changed, and save it all at once.
 */
export async function refreshStories(
  store: Store,
  now = new Date().toISOString(),
): Promise<{ stories: number; changed: number }> {
  const input = await loadAll(store);
  const previous = await store.getStoryAssignments();
  const { groups, changes, removed } = reconcile(groupArticles(input), previous, now);
  const previousSize = new Map<string, number>();
  for (const s of previous.values()) previousSize.set(s, (previousSize.get(s) ?? 0) + 1);
  const stories: Story[] = [];
  const assignments = new Map<string, string>();
  for (const [id, members] of groups) {
    const unchanged = previousSize.get(id) === members.length && members.every((m) => previous.get(m) === id);
    if (unchanged) continue;
    const stored = await store.getStory(id);
    stories.push(composeGroup(id, members, input, (stored?.version ?? 0) + 1, now));
    for (const m of members) assignments.set(m, id);
    if (stored && !changes.some((c) => c.story === id)) changes.push({ story: id, kind: 'updated', at: now });
  }
  await store.saveStories({ stories, removed, assignments, changes });
  return { stories: groups.size, changed: stories.length };
}
