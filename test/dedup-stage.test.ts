// Dedup as a stage of the story step: each pending article checked against the archive (the band and sentence
// index in the store), its original and shared passages stored with it, used by clustering and composition.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { clusterDocFrom } from '../src/cluster/features.js';
import { StreamClusterer } from '../src/cluster/stream.js';
import { storyPassages } from '../src/dedup/index.js';
import type { Article } from '../src/model.js';
import { rebuildStories, refreshStories } from '../src/pipeline/index.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { StoriesUpdate } from '../src/store/store.js';
import { copy, original, sharer, unrelated } from './dedup-fixtures.js';

async function withStore<T>(run: (store: SqliteStore) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'storyline-dedup-'));
  const store = new SqliteStore(join(dir, 'test.db'));
  try {
    return await run(store);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function ingestBatches(store: SqliteStore, batches: Article[][], chunkSize?: number): Promise<void> {
  for (const batch of batches) {
    for (const a of batch) await store.saveArticle(a);
    await refreshStories(store, '2015-10-01T00:00:00.000Z', chunkSize ? { chunkSize } : {});
  }
}

async function storyOf(store: SqliteStore, id: string): Promise<string | undefined> {
  return (await store.getArticleStories([id])).get(id);
}

test('a near copy ingested in a later batch points to the earlier article and joins its story', async () => {
  await withStore(async (store) => {
    await ingestBatches(store, [[original, unrelated], [copy]]);
    const dedup = await store.getDedup([original.id, copy.id, unrelated.id]);
    assert.equal(dedup.get(copy.id)?.duplicateOf, original.id);
    assert.ok((dedup.get(copy.id)?.similarity ?? 0) >= 0.8);
    assert.equal(dedup.get(original.id)?.duplicateOf, undefined);
    assert.equal(dedup.get(unrelated.id)?.duplicateOf, undefined);
    const story = await storyOf(store, original.id);
    assert.ok(story);
    assert.equal(await storyOf(store, copy.id), story, 'the copy is in its original’s story');
    assert.notEqual(await storyOf(store, unrelated.id), story);
    const json = await store.getStory(story);
    assert.equal(json?.articles.find((a) => a.id === copy.id)?.duplicateOf, original.id, 'story JSON names the copy');
    assert.equal(json?.articles.find((a) => a.id === original.id)?.duplicateOf, undefined);
  });
});

test('the stored shared passage of a later article appears in its story’s JSON', async () => {
  await withStore(async (store) => {
    await ingestBatches(store, [[original], [sharer]]);
    const stored = (await store.getDedup([sharer.id])).get(sharer.id);
    assert.equal(stored?.duplicateOf, undefined, 'sharing a paragraph is not being a copy');
    assert.equal(stored?.passages.length, 1);
    const passage = stored?.passages[0];
    assert.equal(sharer.text.slice(passage?.start, passage?.end), original.paragraphs[3]);
    assert.deepEqual(
      passage?.shared.map((s) => [s.article, original.text.slice(s.start, s.end)]),
      [[original.id, original.paragraphs[3]]],
    );
    const story = await storyOf(store, sharer.id);
    assert.equal(await storyOf(store, original.id), story);
    const json = await store.getStory(story as string);
    assert.deepEqual(json?.sharedPassages, [{ text: original.paragraphs[3], articles: [original.id, sharer.id] }]);
  });
});

test('copies and passages survive a rebuild, and chunks of one give the results of one chunk', async () => {
  const results = async (store: SqliteStore) =>
    JSON.stringify([...(await store.getDedup([original.id, copy.id, sharer.id, unrelated.id]))].sort());
  await withStore(async (batched) => {
    await ingestBatches(batched, [[original, unrelated], [copy], [sharer]]);
    const before = await results(batched);
    const storyBefore = await batched.getStory((await storyOf(batched, original.id)) as string);
    await rebuildStories(batched, '2015-10-02T00:00:00.000Z');
    assert.equal(await results(batched), before, 'the rebuild finds the same copies and passages');
    const story = await storyOf(batched, original.id);
    assert.equal(await storyOf(batched, copy.id), story);
    const storyAfter = await batched.getStory(story as string);
    assert.deepEqual(storyAfter?.sharedPassages, storyBefore?.sharedPassages);
    assert.equal(storyAfter?.articles.find((a) => a.id === copy.id)?.duplicateOf, original.id);
    await withStore(async (single) => {
      await ingestBatches(single, [[original, unrelated, copy, sharer]], 1);
      assert.equal(await results(single), before);
    });
  });
});

test('a kill mid-chunk leaves the chunk undone: no dedup result, index row or story without the rest', async () => {
  class FailingStore extends SqliteStore {
    override async saveStories(update: StoriesUpdate): Promise<void> {
      if (!update.dedup) return super.saveStories(update);
      // The last row written fails, after every other row of the chunk was written in the transaction.
      const units = [...update.dedup.units, { key: 1, article: null as unknown as string }];
      return super.saveStories({ ...update, dedup: { ...update.dedup, units } });
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'storyline-dedup-'));
  const store = new FailingStore(join(dir, 'test.db'));
  try {
    for (const a of [original, copy]) await store.saveArticle(a);
    await assert.rejects(refreshStories(store));
    assert.equal(await store.countUnclustered(), 2);
    assert.equal(await store.countStories(), 0);
    assert.equal((await store.getDedup([original.id, copy.id])).size, 0);
    const index = await store.loadDedupIndex([], [], 10, 10);
    assert.equal(index.canonicals.length, 0);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the clusterer puts an article in the story it is told the article copies', () => {
  const clusterer = new StreamClusterer();
  const story = clusterer.add(clusterDocFrom(original));
  assert.notEqual(clusterer.add(clusterDocFrom(unrelated)), story, 'untold, an unrelated text starts its own story');
  const told = { ...unrelated, id: 'x-told' };
  assert.equal(clusterer.add(clusterDocFrom(told), story), story);
});

test('story passages: occurrences outside the story are dropped, overlapping ones merge, copy pairs do not count', () => {
  const text = 'x'.repeat(200);
  const members = [
    { id: 'a', text, passages: [] },
    { id: 'b', text, passages: [{ start: 10, end: 50, shared: [{ article: 'a', start: 0, end: 40 }] }] },
    {
      id: 'c',
      text,
      passages: [
        {
          start: 5,
          end: 60,
          shared: [
            { article: 'a', start: 0, end: 55 },
            { article: 'elsewhere', start: 0, end: 55 },
          ],
        },
      ],
    },
    { id: 'd', text, passages: [{ start: 100, end: 150, shared: [{ article: 'c', start: 100, end: 150 }] }] },
  ];
  const passages = storyPassages(members, new Map([['d', 'c']]));
  assert.deepEqual(passages, [{ text: text.slice(0, 55), articles: ['a', 'b', 'c'] }]);
});
