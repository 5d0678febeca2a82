// Wires clustering and composition over what the store holds: articles (and their analyses) → stories,
// persisted with stable ids, versions and a change log.
//
// Two paths. `buildStories` (digest) clusters a batch and names the stories by `reconcile`. `refreshStories`
// (ingest) is incremental: it restores the clusterer's state for the time window around the new articles only,
// adds them, and recomposes only the stories they touch, so the cost of a new article does not grow with the
// archive. Merges and splits found on the way are recorded in the change log.

import { clusterDocFrom, dateOfDay } from './cluster/features.js';
import { type ClusterChange, type ClusterState, OnlineClusterer, type OnlineClusterOptions } from './cluster/online.js';
import { clusterBatch, clusterStories } from './cluster/stories.js';
import { composeStory } from './compose/story.js';
import type { Analysis, Article, Story } from './model.js';
import type { ClusterStateRow, Store, StoryChange } from './store/store.js';

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

/** An event inside a story: the articles reporting what happened on one date (`YYYY-MM-DD`, when dated). */
export interface StoryEvent {
  id: string;
  date?: string;
  articles: string[];
}

/**
 * Pure: both levels for a set of articles: each story (named as `buildStories` names it) with its events, in date
 * order. Article → event → story is read off the result.
 */
export function groupEvents(input: StoryBuildInput): { story: string; articles: string[]; events: StoryEvent[] }[] {
  const docs = input.articles
    .map((a) => clusterDocFrom(a, input.analyses.get(a.id)))
    .sort((a, b) => (a.day ?? 0) - (b.day ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const clusterer = clusterBatch(docs);
  const byFirst = new Map<string, string>();
  for (const [story, members] of clusterer.stories()) byFirst.set([...members].sort()[0] as string, story);
  const groups = [...clusterer.stories().values()]
    .map((m) => [...m].sort())
    .sort((a, b) => b.length - a.length || (a[0] ?? '').localeCompare(b[0] ?? ''));
  const { groups: named } = reconcile(groups, new Map(), new Date(0).toISOString());
  return [...named].map(([id, members]) => {
    const internal = byFirst.get(members[0] as string) as string;
    const events = clusterer.events(internal).map((e) => {
      const date = e.day === undefined ? undefined : dateOfDay(e.day);
      return { id: `${id}@${date ?? 'undated'}`, ...(date ? { date } : {}), articles: e.articles };
    });
    return { story: id, articles: members, events };
  });
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

/** Read some articles of the store with their analyses (missing ids are skipped). */
async function loadArticles(store: Store, ids: Iterable<string>): Promise<StoryBuildInput> {
  const articles: Article[] = [];
  const analyses = new Map<string, Analysis>();
  for (const id of ids) {
    const article = await store.getArticle(id);
    if (!article) continue;
    articles.push(article);
    const analysis = await store.getAnalysis(id);
    if (analysis) analyses.set(id, analysis);
  }
  return { articles, analyses };
}

function stateRows(clusterer: OnlineClusterer, ids: Iterable<string>): ClusterStateRow[] {
  const rows: ClusterStateRow[] = [];
  for (const id of ids) {
    const state = clusterer.stateOf(id);
    if (state)
      rows.push({ article: id, state: JSON.stringify(state), ...(state.day !== undefined ? { day: state.day } : {}) });
  }
  return rows;
}

/** Recluster everything, keep the stored story ids by overlap (`reconcile`), and save the clustering state. */
async function rebuildAll(
  store: Store,
  now: string,
  opts: Partial<OnlineClusterOptions>,
): Promise<{ stories: number; changed: number }> {
  const input = await loadAll(store);
  const docs = input.articles
    .map((a) => clusterDocFrom(a, input.analyses.get(a.id)))
    .sort((a, b) => (a.day ?? 0) - (b.day ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const clusterer = clusterBatch(docs, opts);
  const groups = [...clusterer.stories().values()].map((m) => [...m].sort());
  const { groups: named, changes, removed } = reconcile(groups, await store.getStoryAssignments(), now);
  const stories: Story[] = [];
  const assignments = new Map<string, string>();
  for (const [id, members] of named) {
    const stored = await store.getStory(id);
    stories.push(composeGroup(id, members, input, (stored?.version ?? 0) + 1, now));
    for (const m of members) assignments.set(m, id);
    if (stored && !changes.some((c) => c.story === id)) changes.push({ story: id, kind: 'updated', at: now });
  }
  await store.saveStories({ stories, removed, assignments, changes });
  await store.saveClusterState(
    stateRows(
      clusterer,
      docs.map((d) => d.id),
    ),
  );
  return { stories: named.size, changed: stories.length };
}

/** The story that finally holds an absorbed one, following merges made in the same refresh. */
function finalOwner(story: string, absorbedInto: Map<string, string>): string {
  let s = story;
  for (let hops = 0; absorbedInto.has(s) && hops < 1000; hops++) s = absorbedInto.get(s) as string;
  return s;
}

/**
 * Bring the stored stories up to date with the stored articles, incrementally: restore the clustering state of
 * the time window around the articles not clustered yet, add them, and recompose only the stories they touched
 * (grown, merged or split). Story ids stay stable: an article joins an existing story, merges keep the larger
 * story's id, and a split keeps the id on the larger part.
 */
export async function refreshStories(
  store: Store,
  now = new Date().toISOString(),
  opts: Partial<OnlineClusterOptions> = {},
): Promise<{ stories: number; changed: number }> {
  const freshIds = await store.listUnclustered();
  if (freshIds.length === 0) return { stories: await store.countStories(), changed: 0 };
  // A database whose stories were made before clustering state was kept: rebuild once, names kept by overlap.
  if (freshIds.length === (await store.countArticles()) && (await store.countStories()) > 0) {
    return rebuildAll(store, now, opts);
  }
  const fresh = await loadArticles(store, freshIds);
  const docs = fresh.articles
    .map((a) => clusterDocFrom(a, fresh.analyses.get(a.id)))
    .sort((a, b) => (a.day ?? 0) - (b.day ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const clusterer = new OnlineClusterer(opts);
  const days = docs.map((d) => d.day).filter((d): d is number => d !== undefined);
  const margin = clusterer.opts.windowDays * 1.5;
  const rows = await store.loadClusterState({
    fromDay: days.length > 0 ? Math.min(...days) - margin : 1,
    toDay: days.length > 0 ? Math.max(...days) + margin : 0,
    // Undated articles have no window to restore by; the most recent ones stand for it.
    undated: Math.min(clusterer.opts.undatedKept, 2000),
  });
  clusterer.restore(
    rows.map((r) => {
      const state = JSON.parse(r.state) as ClusterState;
      return r.story ? { ...state, story: r.story } : state;
    }),
  );
  for (const d of docs) clusterer.add(d);
  clusterer.refine(docs.map((d) => d.id));
  const clusterChanges = clusterer.drainChanges();

  // Stories touched: those of the new articles and every story named in a change.
  const absorbedInto = new Map<string, string>();
  for (const c of clusterChanges) if (c.kind === 'merged') for (const o of c.others ?? []) absorbedInto.set(o, c.story);
  const touched = new Set<string>();
  for (const d of docs) touched.add(clusterer.storyOfArticle(d.id) as string);
  for (const c of clusterChanges) {
    touched.add(finalOwner(c.story, absorbedInto));
    for (const o of c.others ?? []) touched.add(finalOwner(o, absorbedInto));
  }
  // Members: those the clusterer holds, plus stored members outside the window (they stay with their story,
  // or follow it into the story that absorbed it).
  const membersOf = new Map<string, Set<string>>();
  const storedStories = new Map<string, Story>();
  const storedIds = new Set<string>([...touched, ...absorbedInto.keys()]);
  for (const id of storedIds) {
    const stored = await store.getStory(id);
    if (stored) storedStories.set(id, stored);
  }
  for (const id of touched) membersOf.set(id, new Set(clusterer.membersOf(id)));
  for (const [id, stored] of storedStories) {
    const owner = finalOwner(id, absorbedInto);
    const set = membersOf.get(owner);
    if (!set) continue;
    for (const a of stored.articles) if (!clusterer.has(a.id)) set.add(a.id);
  }

  const stories: Story[] = [];
  const assignments = new Map<string, string>();
  const changes: StoryChange[] = clusterChanges.map((c: ClusterChange) => ({ ...c, at: now }));
  const removed = [...absorbedInto.keys()].filter((s) => storedStories.has(s) && !membersOf.has(s));
  for (const [id, set] of membersOf) {
    const members = [...set].sort();
    if (members.length === 0) {
      if (storedStories.has(id)) removed.push(id);
      continue;
    }
    const input = await loadArticles(store, members);
    const stored = storedStories.get(id);
    stories.push(composeGroup(id, members, input, (stored?.version ?? 0) + 1, now));
    for (const m of members) assignments.set(m, id);
    if (stored && !changes.some((c) => c.story === id)) changes.push({ story: id, kind: 'updated', at: now });
    if (!stored && !changes.some((c) => c.story === id)) changes.push({ story: id, kind: 'created', at: now });
  }
  await store.saveStories({ stories, removed, assignments, changes });
  await store.saveClusterState(stateRows(clusterer, clusterer.drainDirty()));
  return { stories: await store.countStories(), changed: stories.length };
}
