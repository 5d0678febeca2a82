// The story step: articles waiting in the store → stories, persisted with stable ids, versions, a change log and
// redirects for ids merged away. Every path that makes stories (ingest, the server, digest, every eval) runs this.
//
// It is incremental and crash-safe. Pending articles are taken in publication order, a chunk at a time; for each
// chunk the clusterer's state is read for just the keys of those articles (document frequencies, postings; the
// centroids of the stories it compares in full as it asks for them), the articles are clustered (a pure step:
// cluster/stream.ts), the stories they touched are recomposed, and everything — stories, memberships, clustering
// state, the articles leaving the queue — is written in one transaction. A kill at any moment leaves either the
// chunk done or still pending, so rerunning ends in exactly the stories of an uninterrupted run; and a stream
// ingested in two batches gives the partition of one batch, because the second continues from the state the
// first saved.

import { type ClusterDoc, clusterDocFrom } from '../cluster/features.js';
import { STORY_CLUSTERING, type StoryClusterSettings } from '../cluster/settings.js';
import { StreamClusterer, storyStateFromJson, storyStateJson } from '../cluster/stream.js';
import { byPublication } from '../compose/events.js';
import { composeStory, withListedArticles } from '../compose/story.js';
import { ArchiveDedup, type DedupDoc, storyPassages } from '../dedup/index.js';
import type { Analysis, Article, ArticleDedup, SharedPassage, Story, StoryArticle } from '../model.js';
import type { ArticleSummary, DedupUpdate, Store, StoryChange } from '../store/store.js';
import { STORY_ANALYZER } from './story-analyzer.js';
import { type CachedMembers, storyMemberCache } from './story-members.js';
import { type ChangeBase, describeStoryChange } from './story-changes.js';
import { PIPELINE } from './settings.js';

export interface RefreshResult {
  /** Stories stored afterwards. */
  stories: number;
  /** Stories written (new or changed). */
  changed: number;
  /** Articles read into those stories' compositions (each story's sample, counted once per story written). */
  composed: number;
}

/**
 * Bring the stored stories up to date with the stored articles: cluster every pending article and recompose the
 * stories it touched. A database whose every article is pending while stories exist (made by an older version, or
 * after `resetClustering`) is rebuilt from scratch, old story ids redirected to the story holding most of their
 * articles.
 *
 * Each chunk runs under the store's story lock (read what is pending, cluster, write): two processes refreshing
 * one store take turns chunk by chunk, and neither ever clusters an article the other is clustering.
 *
 * `now` stamps every story version and change written (tests and evals fix it); by default each chunk gets the
 * time it is written at, strictly after the previous chunk's.
 */
export async function refreshStories(
  store: Store,
  now?: string,
  settings: Partial<StoryClusterSettings> = {},
): Promise<RefreshResult> {
  const { chunkSize } = { ...STORY_CLUSTERING, ...settings };
  let previous: Map<string, string> | undefined;
  let changed = 0;
  let composed = 0;
  let first = true;
  // Without a fixed `now`, each chunk is stamped when it is written, later than the chunk before: a reader asking
  // for the changes since the last one it saw never misses a chunk that committed after it looked.
  let lastStamp = 0;
  const stamp = (): string => {
    if (now !== undefined) return now;
    lastStamp = Math.max(Date.now(), lastStamp + 1);
    return new Date(lastStamp).toISOString();
  };
  for (;;) {
    const step = await store.withStoryLock(async () => {
      if (
        first &&
        (await store.countUnclustered()) === (await store.countArticles()) &&
        (await store.countStories()) > 0
      ) {
        previous = await store.getStoryAssignments();
        await store.resetClustering();
      }
      first = false;
      const ids = await store.listUnclustered(chunkSize);
      return ids.length === 0 ? undefined : refreshChunk(store, ids, stamp(), settings);
    });
    if (step === undefined) break;
    changed += step.changed;
    composed += step.composed;
  }
  if (previous) {
    const before = previous;
    await store.withStoryLock(() => redirectRebuilt(store, before, stamp()));
  }
  return { stories: await store.countStories(), changed, composed };
}

/** Forget every story and rebuild them all from the stored articles (`storyline refresh --rebuild`). */
export async function rebuildStories(store: Store, now?: string): Promise<RefreshResult> {
  const previous = await store.withStoryLock(async () => {
    const assignments = await store.getStoryAssignments();
    await store.resetClustering();
    return assignments;
  });
  const result = await refreshStories(store, now);
  await store.withStoryLock(() => redirectRebuilt(store, previous, now ?? new Date().toISOString()));
  return result;
}

/** Cluster one chunk of pending articles and save it with the stories it touched, in one transaction. */
async function refreshChunk(
  store: Store,
  ids: string[],
  now: string,
  settings: Partial<StoryClusterSettings>,
): Promise<{ changed: number; composed: number }> {
  const { docs, dedup } = await readChunk(store, ids);
  const copyOf = new Map<string, string>();
  for (const r of dedup.results) if (r.duplicateOf) copyOf.set(r.article, r.duplicateOf);
  // The stories of the stored originals copied here (originals of this chunk get theirs as they are clustered).
  const chunkIds = new Set(ids);
  const originalStories = await store.getArticleStories([...copyOf.values()].filter((id) => !chunkIds.has(id)));

  // The clusterer's state for just these articles' keys (counts, postings, the passage sketch); the centroids of
  // the stories it compares in full are read as it asks for them (`addSteps`).
  const clusterer = new StreamClusterer(settings);
  const keys = new Set<string>();
  for (const d of docs) for (const k of clusterer.keysOf(d)) keys.add(k);
  const index = await store.loadClusterIndex([...keys], clusterer.settings.postingsScanned);
  clusterer.loadTermCounts(index.termCounts);
  clusterer.loadPostings(index.postings);
  clusterer.loadPassageSketch(await store.loadClusterSketch());

  // A near copy joins its original's story: the clusterer is told which.
  for (const d of docs) {
    const original = copyOf.get(d.id);
    const steps = clusterer.addSteps(d, original === undefined ? undefined : originalStories.get(original));
    let step = steps.next();
    for (; !step.done; step = steps.next()) {
      const rows = await store.loadClusterStories(step.value);
      clusterer.loadStories(rows.map((r) => storyStateFromJson(r.id, r.state)));
    }
    if (!copyOf.has(d.id)) originalStories.set(d.id, step.value);
  }
  const result = clusterer.drain();
  const chunkDedup = new Map(dedup.results.map((r) => [r.article, r] as const));

  // Which stories change and how (pure), then one batched read of everything their composition needs. The big
  // stories' members come from this process's cache while the store says no one has changed them since.
  const touched = [...new Set([...result.assignments.values(), ...result.merged.values(), ...result.merged.keys()])];
  const memberCache = storyMemberCache(store);
  const cached = memberCache.valid(touched, await store.getStoryLastChanges(touched));
  const stored = new Map<string, readonly string[]>(
    await store.getStoryMembers(touched.filter((id) => !cached.has(id))),
  );
  for (const [id, c] of cached) stored.set(id, c.members);
  const plan = planStoryChanges(result, stored, now);
  const samples = await composeSamples(store, plan.stories, cached);
  const versions = await store.getStoryVersions(plan.stories.filter((p) => p.existed).map((p) => p.id));
  const changeOf = new Map(plan.changes.map((c) => [c.story, c] as const));
  const described = new Map<string, StoryChange>();
  const stories: Story[] = [];
  let composed = 0;
  // Composition: pure, story by story, from what was read; a group of stories at a time, so that what is held
  // (their sample articles and analyses, their versions being replaced) is bounded whatever the chunk touches.
  for (const group of composeGroups(plan.stories, samples)) {
    // The versions being replaced, to record what the new ones change (and to list new members in).
    const before = new Map<string, Story>();
    for (const story of await Promise.all(group.filter((p) => p.existed).map((p) => store.getStory(p.id))))
      if (story) before.set(story.id, story);
    // Stories that have not grown enough since their last composition list their new members only.
    const listedOnly = new Map<string, Story>();
    for (const p of group) {
      const previous = before.get(p.id);
      if (previous && !needsRecomposing(p.members.length, previous.composedFrom, !!changeOf.get(p.id)?.mergedFrom))
        listedOnly.set(p.id, previous);
    }
    // Each listed-only story's members that its stored version does not list yet.
    const newMembers = new Map<string, string[]>();
    for (const p of group) {
      const previous = listedOnly.get(p.id);
      if (!previous) continue;
      const held = new Set(previous.articles.map((a) => a.id));
      newMembers.set(
        p.id,
        p.members.filter((m) => !held.has(m)),
      );
    }
    const newListed = new Map(
      (await store.getArticleSummaries([...newMembers.values()].flat())).map((a) => [a.id, listedArticle(a)] as const),
    );
    const sampleIds = group
      .filter((p) => !listedOnly.has(p.id))
      .flatMap((p) => (samples.get(p.id) as ComposeSample).sample);
    const sampleArticles = new Map((await store.getArticles(sampleIds)).map((a) => [a.id, a] as const));
    const sampleAnalyses = await store.getAnalyses(sampleIds);
    const storedDedup = await store.getDedup(sampleIds.filter((id) => !chunkDedup.has(id)));
    const dedupOf = (id: string): ArticleDedup | undefined => chunkDedup.get(id) ?? storedDedup.get(id);
    for (const planned of group) {
      const version = (versions.get(planned.id) ?? 0) + 1;
      const previous = listedOnly.get(planned.id);
      if (previous) {
        const added = (newMembers.get(planned.id) ?? [])
          .map((id) => newListed.get(id))
          .filter((a): a is StoryArticle => !!a);
        const story = withListedArticles(previous, added, version, now);
        stories.push(story);
        const change = changeOf.get(story.id);
        if (change) described.set(story.id, describeStoryChange(change, previous, story));
        continue;
      }
      const { sample, others } = samples.get(planned.id) as ComposeSample;
      const storyArticles = sample.map((id) => sampleArticles.get(id)).filter((a): a is Article => a !== undefined);
      composed += storyArticles.length;
      // Only this story's analyses: composition reads every analysis it is given as the story's.
      const storyAnalyses = new Map<string, Analysis>();
      for (const a of storyArticles) {
        const analysis = sampleAnalyses.get(a.id);
        if (analysis) storyAnalyses.set(a.id, analysis);
      }
      const { duplicateOf, sharedPassages } = storyDedup(storyArticles, new Set(planned.members), others, dedupOf);
      const composedStory = composeStory(
        {
          id: planned.id,
          version,
          updated: now,
          articles: storyArticles,
          analyses: storyAnalyses,
          duplicateOf,
          sharedPassages,
          ...(others.length > 0 ? { others } : {}),
        },
        STORY_ANALYZER,
      );
      const story: Story = { ...composedStory, composedFrom: { version, articles: planned.members.length } };
      stories.push(story);
      const change = changeOf.get(story.id);
      if (change) described.set(story.id, describeStoryChange(change, before.get(story.id), story));
    }
  }
  const { assignments, removed, redirects } = plan;
  const changes = plan.changes.map((c) => described.get(c.story) as StoryChange);
  await store.saveStories({
    stories,
    removed,
    assignments,
    changes,
    redirects,
    cluster: {
      termCounts: result.termCounts,
      stories: result.stories.map((s) => ({ id: s.id, seq: s.seq, state: storyStateJson(s) })),
      removedStories: [...result.merged.keys()],
      postingsAdded: result.postingsAdded,
      postingsRemoved: result.postingsRemoved,
      clustered: ids,
      ...(result.passageSketch ? { sketch: result.passageSketch } : {}),
    },
    dedup,
  });
  // The big stories' members as just written, under the change numbers this write logged (read under the story
  // lock, so no other writer's number can be taken for ours).
  for (const id of result.merged.keys()) memberCache.drop(id);
  const big = plan.stories.filter((p) => p.members.length > PIPELINE.composeSample);
  const written = await store.getStoryLastChanges(big.map((p) => p.id));
  for (const p of big) {
    const change = written.get(p.id);
    const listed = samples.get(p.id)?.listed;
    if (change !== undefined && listed) memberCache.put(p.id, change, { members: p.members, listed });
  }
  return { changed: stories.length, composed };
}

/**
 * What the clusterer and the dedup stage need of a chunk's articles. The articles and analyses themselves are let go
 * here: the chunk's stories are composed from samples read group by group.
 */
async function readChunk(store: Store, ids: string[]): Promise<{ docs: ClusterDoc[]; dedup: DedupUpdate }> {
  const articles = await store.getArticles(ids);
  const analyses = await store.getAnalyses(ids);
  const docs = articles.map((a) => clusterDocFrom(a, analyses.get(a.id)));
  analyses.clear();
  return { docs, dedup: await dedupChunk(store, articles) };
}

/**
 * The dedup stage for one chunk: each article, in publication order, checked against the archive's band and
 * sentence index (postings of just these articles' keys, bounded per key) and the chunk's earlier articles; then
 * its shared passages from the texts of the few earlier articles that share its sentences.
 */
async function dedupChunk(store: Store, articles: readonly Article[]): Promise<DedupUpdate> {
  const dedup = new ArchiveDedup();
  const docs = articles.map((a): DedupDoc => ({
    id: a.id,
    text: a.text,
    ...(a.published ? { published: a.published.value } : {}),
  }));
  const bandKeys = new Set<number>();
  const unitKeys = new Set<number>();
  for (const d of docs) {
    const keys = dedup.keysOf(d);
    for (const k of keys.bands) bandKeys.add(k);
    for (const k of keys.units) unitKeys.add(k);
  }
  const { postingsPerBand, postingsPerUnit } = dedup.settings;
  const archive = await store.loadDedupIndex([...bandKeys], [...unitKeys], postingsPerBand, postingsPerUnit);
  dedup.load(archive.bands, archive.units, archive.canonicals);
  const decisions = docs.map((d) => dedup.add(d));
  const byId = new Map(docs.map((d) => [d.id, d] as const));
  const toRead = [...new Set(decisions.flatMap((d) => d.passageCandidates))].filter((id) => !byId.has(id));
  for (const a of await store.getArticles(toRead)) byId.set(a.id, { id: a.id, text: a.text });
  const results = decisions.map((decision, i) =>
    dedup.passagesOf(
      docs[i] as DedupDoc,
      decision,
      decision.passageCandidates.map((id) => byId.get(id)).filter((d): d is DedupDoc => d !== undefined),
    ),
  );
  return { results, ...dedup.drain() };
}

/**
 * A story's copies and shared passages from what the dedup stage stored for its articles: a copy is shown as one
 * when its original is in the story too; passages keep the occurrences in the story's articles.
 */
function storyDedup(
  articles: readonly Article[],
  members: ReadonlySet<string>,
  others: readonly StoryArticle[],
  dedupOf: (id: string) => ArticleDedup | undefined,
): { duplicateOf: Map<string, string>; sharedPassages: SharedPassage[] } {
  const duplicateOf = new Map<string, string>();
  for (const a of articles) {
    const original = dedupOf(a.id)?.duplicateOf;
    if (original !== undefined && members.has(original)) duplicateOf.set(a.id, original);
  }
  const ordered = [...articles].sort(byPublication);
  const sharedPassages = storyPassages(
    ordered.map((a) => ({ id: a.id, text: a.text, passages: dedupOf(a.id)?.passages ?? [] })),
    duplicateOf,
    new Set(others.map((o) => o.id)),
  );
  return { duplicateOf, sharedPassages };
}

/** A story the chunk changes: its members afterwards, whether it was stored before, the stories merged into it. */
export interface PlannedStory {
  id: string;
  members: string[];
  existed: boolean;
}

/** Everything a chunk changes in the stories, before any composition: what `saveStories` writes besides them. */
export interface StoryChangePlan {
  stories: PlannedStory[];
  /** Articles new to a story, and that story: members already held are not rewritten. */
  assignments: Map<string, string>;
  /** Each planned story's change log entry, to be completed by diffing its old and new versions. */
  changes: ChangeBase[];
  /** Stored stories merged away, each redirected to the story it went into. */
  removed: string[];
  redirects: Map<string, string>;
}

/**
 * Which stories a clustered chunk changes and how — a pure function of the clusterer's result and the members the
 * touched stories held: each touched story's members (what it held, what the stories merged into it held, its new
 * articles), the new assignments, the change log entries, the stories removed and their redirects.
 */
export function planStoryChanges(
  result: { assignments: ReadonlyMap<string, string>; merged: ReadonlyMap<string, string> },
  stored: ReadonlyMap<string, readonly string[]>,
  now: string,
): StoryChangePlan {
  const touched = new Set<string>([...result.assignments.values(), ...result.merged.values()]);
  const members = new Map<string, Set<string>>();
  for (const id of touched) members.set(id, new Set(stored.get(id)));
  for (const [gone, into] of result.merged) for (const a of stored.get(gone) ?? []) members.get(into)?.add(a);
  for (const [article, story] of result.assignments) members.get(story)?.add(article);
  const absorbed = new Map<string, string[]>();
  for (const [gone, into] of result.merged)
    if (stored.has(gone)) absorbed.set(into, [...(absorbed.get(into) ?? []), gone]);

  const stories: PlannedStory[] = [];
  const assignments = new Map<string, string>();
  const changes: ChangeBase[] = [];
  for (const [id, set] of members) {
    const memberIds = [...set].sort();
    const existed = stored.has(id);
    stories.push({ id, members: memberIds, existed });
    // Only articles that are new to this story are written: rewriting every member of a long story at each batch
    // made the story step's cost grow with the story's size.
    const held = new Set(stored.get(id));
    const articlesAdded = memberIds.filter((m) => !held.has(m));
    for (const m of articlesAdded) assignments.set(m, id);
    const gone = absorbed.get(id);
    changes.push({
      story: id,
      kind: existed ? 'updated' : 'created',
      at: now,
      articlesAdded,
      // Members only ever move between stories by merging, so none leaves a surviving story here.
      articlesRemoved: [...held].filter((m) => !set.has(m)),
      ...(gone ? { mergedFrom: gone.sort() } : {}),
    });
  }
  const removed = [...result.merged.keys()].filter((s) => stored.has(s));
  const redirects = new Map(removed.map((s) => [s, result.merged.get(s) as string] as const));
  return { stories, assignments, changes, removed, redirects };
}

interface ComposeSample {
  sample: string[];
  others: StoryArticle[];
  /** A big story's members' metadata, in publication order (what the sample is chosen from). */
  listed?: ArticleSummary[];
}

/**
 * Each planned story's sample. A big story's members' metadata comes from its valid cache entry (`cached`), in
 * publication order already, and one read of the summaries of the members it lacks (new, or merged in).
 */
async function composeSamples(
  store: Store,
  stories: readonly PlannedStory[],
  cached: ReadonlyMap<string, CachedMembers>,
): Promise<Map<string, ComposeSample>> {
  const big = stories.filter((s) => s.members.length > PIPELINE.composeSample);
  const lacking = new Map<string, string[]>();
  for (const s of big) {
    const known = new Set(cached.get(s.id)?.members);
    lacking.set(
      s.id,
      s.members.filter((id) => !known.has(id)),
    );
  }
  const summaries = new Map(
    (await store.getArticleSummaries([...new Set([...lacking.values()].flat())])).map((a) => [a.id, a] as const),
  );
  return new Map(
    stories.map((s) => {
      if (s.members.length <= PIPELINE.composeSample) return [s.id, { sample: s.members, others: [] }] as const;
      const rest = (lacking.get(s.id) ?? [])
        .map((id) => summaries.get(id))
        .filter((a): a is ArticleSummary => a !== undefined);
      // Sorted order first, then the few new ones: the sort below then costs little more than a pass.
      return [s.id, composeSample([...(cached.get(s.id)?.listed ?? []), ...rest])] as const;
    }),
  );
}

/**
 * The planned stories in groups, in plan order, each group's samples together at most `composeGroupArticles`
 * articles (a story's sample is never split: a group is at least one story).
 */
function composeGroups(
  stories: readonly PlannedStory[],
  samples: ReadonlyMap<string, ComposeSample>,
): PlannedStory[][] {
  const groups: PlannedStory[][] = [];
  let group: PlannedStory[] = [];
  let held = 0;
  for (const planned of stories) {
    const size = samples.get(planned.id)?.sample.length ?? 0;
    if (group.length > 0 && held + size > PIPELINE.composeGroupArticles) {
      groups.push(group);
      group = [];
      held = 0;
    }
    group.push(planned);
    held += size;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

/** The members a big story is composed from (a time-spread sample, the newest always in) and the rest. */
function composeSample(members: readonly ArticleSummary[]): ComposeSample {
  const listed = [...members].sort(
    (a, b) => (a.published ?? '').localeCompare(b.published ?? '') || a.id.localeCompare(b.id),
  );
  const chosen = new Set(listed.slice(-PIPELINE.composeNewest).map((a) => a.id));
  const older = listed.slice(0, -PIPELINE.composeNewest);
  const step = older.length / (PIPELINE.composeSample - PIPELINE.composeNewest);
  for (let i = 0; i < PIPELINE.composeSample - PIPELINE.composeNewest; i++)
    chosen.add((older[Math.floor(i * step)] as ArticleSummary).id);
  const others = listed.filter((a) => !chosen.has(a.id)).map(listedArticle);
  return { sample: [...chosen].sort(), others, listed };
}

/** A member a story lists without reading it: what its sources list shows. */
function listedArticle(a: ArticleSummary): StoryArticle {
  return {
    id: a.id,
    ...(a.title ? { title: a.title } : {}),
    ...(a.outlet ? { outlet: a.outlet } : {}),
    ...(a.published ? { published: a.published } : {}),
    ...(a.url ? { url: a.url } : {}),
  };
}

/**
 * Whether a story of `members` articles, last composed as `composed`, is recomposed in full now: always after a
 * merge, when it was never composed by the pipeline, or once it has grown by `recomposeShare` of what it was
 * composed from (at least one article, at most `recomposeArticles`); otherwise its new members are only listed.
 */
export function needsRecomposing(members: number, composed: Story['composedFrom'], merged: boolean): boolean {
  if (!composed || merged) return true;
  const due = Math.max(1, Math.min(Math.ceil(composed.articles * PIPELINE.recomposeShare), PIPELINE.recomposeArticles));
  return members - composed.articles >= due;
}

/** After a rebuild: each old story id that is gone points to the story now holding most of its articles. */
async function redirectRebuilt(store: Store, previous: Map<string, string>, now: string): Promise<void> {
  const current = await store.getStoryAssignments();
  const votes = new Map<string, Map<string, number>>();
  for (const [article, old] of previous) {
    const next = current.get(article);
    if (!next) continue;
    const v = votes.get(old) ?? new Map<string, number>();
    v.set(next, (v.get(next) ?? 0) + 1);
    votes.set(old, v);
  }
  const redirects = new Map<string, string>();
  const live = new Set(current.values());
  const splits: StoryChange[] = [];
  for (const [old, v] of votes) {
    if (live.has(old)) continue;
    const best = [...v].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
    if (best) redirects.set(old, best[0]);
    // Its articles went to several stories: the old id redirects to the largest share, and the log says where
    // the rest went.
    if (v.size > 1) splits.push({ story: old, kind: 'split', splitInto: [...v.keys()].sort(), at: now });
  }
  if (redirects.size === 0) return;
  const changes: StoryChange[] = [
    ...[...redirects].map(([old, to]): StoryChange => ({
      story: to,
      kind: 'merged',
      others: [old],
      mergedFrom: [old],
      at: now,
    })),
    ...splits,
  ];
  await store.saveStories({ stories: [], removed: [], assignments: new Map(), changes, redirects });
}

/** Every stored story, largest first (then by id): what `digest` prints. */
export async function allStories(store: Store): Promise<Story[]> {
  const total = await store.countStories();
  const list = await store.listStories({ sort: 'size', limit: total });
  const out: Story[] = [];
  for (const s of list) {
    const story = await store.getStory(s.id);
    if (story) out.push(story);
  }
  return out;
}
