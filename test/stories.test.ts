import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeArticle } from '../src/analyze/analyze.js';
import { clusterDocFrom } from '../src/cluster/features.js';
import { OnlineClusterer } from '../src/cluster/online.js';
import { evalClusters, seededRandom, shuffled } from '../src/eval/clusters.js';
import { loadManifest } from '../src/ingest/read.js';
import type { Analysis, Article } from '../src/model.js';
import { ingestPaths } from '../src/pipeline.js';
import { openStore } from '../src/store/open.js';
import { buildStories, groupArticles, groupEvents, loadAll, reconcile, refreshStories } from '../src/stories.js';
import { needShared, projectRoot, sharedPath } from './helpers.js';

async function withStore<T>(run: (store: Awaited<ReturnType<typeof openStore>>) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'storyline-stories-'));
  const store = await openStore(join(dir, 'test.db'));
  try {
    return await run(store);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The seeds as ingested (extracted and analysed by the pipeline), with their analyses. */
async function seedArticles(): Promise<{ articles: Article[]; analyses: Map<string, Analysis> }> {
  return withStore(async (store) => {
    const manifest = await loadManifest(sharedPath('seeds', 'manifest.jsonl'));
    await ingestPaths(store, [sharedPath('seeds', 'articles')], { manifest });
    return loadAll(store);
  });
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((x, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((p) => [x, ...p]));
}

test(
  'seeds: one story whatever the order of ingest (all 120 orders, incremental)',
  {
    skip: needShared('seeds'),
  },
  async () => {
    const { articles, analyses } = await seedArticles();
    assert.equal(articles.length, 5);
    const docs = articles.map((a) => clusterDocFrom(a, analyses.get(a.id)));
    for (const order of permutations(docs)) {
      const c = new OnlineClusterer();
      for (const d of order) c.add(d);
      const stories = c.stories();
      assert.equal(stories.size, 1, `order ${order.map((d) => d.id.slice(0, 4)).join(' ')}`);
    }
  },
);

test(
  'seeds: the store path, one article per ingest, keeps one story id and logs its growth',
  {
    skip: needShared('seeds'),
  },
  async () => {
    const manifest = await loadManifest(sharedPath('seeds', 'manifest.jsonl'));
    const files = readdirSync(sharedPath('seeds', 'articles')).sort();
    for (const seed of [1, 2, 3]) {
      await withStore(async (store) => {
        const ids = new Set<string>();
        for (const file of shuffled(files, seededRandom(seed))) {
          await ingestPaths(store, [sharedPath('seeds', 'articles', file)], { manifest });
          await refreshStories(store);
          const stories = await store.listStories();
          assert.equal(stories.length, 1);
          ids.add((stories[0] as { id: string }).id);
        }
        assert.equal(ids.size, 1, 'the story keeps its id as it grows');
        const [story] = await store.listStories();
        assert.equal(story?.articles, 5);
        assert.equal(story?.version, 5);
        const kinds = (await store.getStoryChanges(story?.id)).map((c) => c.kind);
        assert.deepEqual(kinds, ['created', 'updated', 'updated', 'updated', 'updated']);
        assert.deepEqual(await store.listUnclustered(), []);
      });
    }
  },
);

test('examples: two stories, the Corran Dam (6 articles) and the lantern festival (2)', async () => {
  await withStore(async (store) => {
    const examples = join(projectRoot, 'examples');
    const manifest = await loadManifest(join(examples, 'manifest.jsonl'));
    await ingestPaths(store, [examples], { manifest });
    const input = await loadAll(store);
    const sizes = groupArticles(input).map((g) => g.length);
    assert.deepEqual(sizes, [6, 2]);
    await refreshStories(store);
    const stories = await store.listStories({ sort: 'size' });
    assert.deepEqual(
      stories.map((s) => s.articles),
      [6, 2],
    );
    const dam = await store.getStory(stories[0]?.id as string);
    assert.match(JSON.stringify(dam?.articles), /dam|Corran/i);
  });
});

test('incremental path: examples one file at a time give the same two stories', async () => {
  await withStore(async (store) => {
    const examples = join(projectRoot, 'examples');
    const manifest = await loadManifest(join(examples, 'manifest.jsonl'));
    const files = readdirSync(examples).filter((f) => f !== 'manifest.jsonl');
    for (const file of shuffled(files, seededRandom(5))) {
      await ingestPaths(store, [join(examples, file)], { manifest });
      await refreshStories(store);
    }
    const stories = await store.listStories({ sort: 'size' });
    assert.deepEqual(
      stories.map((s) => s.articles),
      [6, 2],
    );
  });
});

test('reconcile: a growing story keeps its id, and a merge is recorded', () => {
  const now = '2026-01-01T00:00:00Z';
  const first = reconcile([['a', 'b'], ['c']], new Map(), now);
  const idAB = [...first.groups].find(([, m]) => m.includes('a'))?.[0] as string;
  const idC = [...first.groups].find(([, m]) => m.includes('c'))?.[0] as string;
  const previous = new Map<string, string>();
  for (const [id, members] of first.groups) for (const m of members) previous.set(m, id);
  // Grows: same id.
  const grown = reconcile([['a', 'b', 'd'], ['c']], previous, now);
  assert.deepEqual(grown.groups.get(idAB), ['a', 'b', 'd']);
  assert.deepEqual(grown.changes, []);
  // Merges: the larger story keeps its id and records the absorbed one, which is removed.
  const merged = reconcile([['a', 'b', 'c', 'd']], previous, now);
  assert.deepEqual([...merged.groups.keys()], [idAB]);
  assert.deepEqual(merged.changes, [{ story: idAB, kind: 'merged', others: [idC], at: now }]);
  assert.deepEqual(merged.removed, [idC]);
});

test('analysis-free fallback: articles without analysis still cluster', () => {
  const text = 'Rescuers in Lisbon searched collapsed houses after the earthquake, Ana Duarte said in Portugal.';
  const a: Article = { id: 'x', source: 'x', language: 'en', paragraphs: [text], text, removed: [] };
  const withAnalysis = clusterDocFrom(a, analyzeArticle(a));
  const without = clusterDocFrom(a);
  assert.ok(without.terms.has('n:lisbon'));
  assert.ok(withAnalysis.terms.size >= without.terms.size);
});

test(
  'ECB+: story-level B-cubed F1 of at least 0.90 (shuffled order)',
  {
    skip: needShared('eval/ecbplus'),
  },
  async () => {
    const scores = await evalClusters(sharedPath('eval', 'ecbplus', 'articles.jsonl'));
    assert.equal(scores.gold_clusters, 66);
    assert.ok(
      scores.bcubed_f1 >= 0.9,
      `F1 ${scores.bcubed_f1} (P ${scores.bcubed_precision}, R ${scores.bcubed_recall})`,
    );
  },
);

test('seeds: events inside the story, each dated', { skip: needShared('seeds') }, async () => {
  const input = await seedArticles();
  const [story, ...others] = groupEvents(input);
  assert.equal(others.length, 0);
  assert.equal(story?.articles.length, 5);
  const dates = story?.events.map((e) => e.date) ?? [];
  assert.ok(dates.length >= 3, `events ${dates.join(', ')}`);
  assert.ok(dates.every((d) => d !== undefined && d >= '2015-09-01' && d <= '2015-11-30'));
  assert.deepEqual(story?.events.flatMap((e) => e.articles).sort(), [...(story?.articles ?? [])].sort());
});

test('a database with stories but no clustering state is rebuilt once, keeping story ids', async () => {
  await withStore(async (store) => {
    const examples = join(projectRoot, 'examples');
    await ingestPaths(store, [examples], { manifest: await loadManifest(join(examples, 'manifest.jsonl')) });
    const [dam] = buildStories(await loadAll(store));
    assert.ok(dam);
    const legacy = { ...dam, id: 'legacy-dam' };
    const assignments = new Map(dam.articles.map((a) => [a.id, 'legacy-dam'] as const));
    await store.saveStories({ stories: [legacy], removed: [], assignments, changes: [] });
    await refreshStories(store);
    const stories = await store.listStories({ sort: 'size' });
    assert.deepEqual(
      stories.map((s) => [s.id === 'legacy-dam', s.articles]),
      [
        [true, 6],
        [false, 2],
      ],
    );
    assert.deepEqual(await store.listUnclustered(), []);
  });
});
