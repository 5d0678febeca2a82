import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadManifest, readInputs } from '../src/ingest/read.js';
import { ingestAndRefresh, ingestItems } from '../src/pipeline/index.js';
import { parseStoryRows } from '../src/eval/stories.js';
import { toArticleRecord } from '../src/ingest/records.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/store.js';
import { rebuildStories, refreshStories } from '../src/pipeline/index.js';
import { needShared, projectRoot, seededRandom, sharedPath, shuffled } from './helpers.js';

async function withStore<T>(run: (store: Store) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'storyline-stories-'));
  const store = await openStore(join(dir, 'test.db'));
  try {
    return await run(store);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const examples = join(projectRoot, 'examples');

async function ingest(store: Store, paths: string[], manifestFile?: string): Promise<void> {
  const manifest = manifestFile ? await loadManifest(manifestFile) : undefined;
  const report = await ingestAndRefresh(store, readInputs(paths, { manifest }));
  assert.equal(report.storiesError, undefined);
}

/** Story sizes, largest first, and the titles of each story's articles. */
async function storySizes(store: Store): Promise<number[]> {
  return (await store.listStories({ sort: 'size' })).map((s) => s.articles);
}

/** The multilingual fixture stream (fictional), in publication order, as ingest items. */
function languageStream() {
  const file = join(projectRoot, 'test', 'fixtures', 'languages', 'stories.jsonl');
  const rows = parseStoryRows(readFileSync(file, 'utf8')).rows.sort((a, b) => (a.day ?? 0) - (b.day ?? 0));
  return rows.map((r) => {
    const rec = toArticleRecord(r.record);
    const doc = {
      source: r.id,
      kind: rec.kind,
      content: rec.content,
      encoding: 'utf-8',
      fetchedAt: '',
      meta: rec.meta,
    };
    return { ok: true as const, doc };
  });
}

/** A store's stories as sorted lists of their articles: what two runs are compared by. */
async function partition(store: Store): Promise<string[]> {
  const groups = new Map<string, string[]>();
  for (const [article, story] of await store.getStoryAssignments())
    groups.set(story, [...(groups.get(story) ?? []), article]);
  return [...groups.values()].map((g) => g.sort().join(',')).sort();
}

for (const withManifest of [true, false]) {
  test(
    `seeds: one story of five ${withManifest ? 'with' : 'without'} the manifest, with dated events`,
    { skip: needShared('seeds') },
    async () => {
      await withStore(async (store) => {
        await ingest(
          store,
          [sharedPath('seeds', 'articles')],
          withManifest ? sharedPath('seeds', 'manifest.jsonl') : undefined,
        );
        assert.deepEqual(await storySizes(store), [5]);
        const [summary] = await store.listStories();
        const story = await store.getStory(summary?.id as string);
        const events = story?.events ?? [];
        assert.ok(events.length >= 2, `events: ${JSON.stringify(events)}`);
        assert.deepEqual(
          events.flatMap((e) => e.articles).sort(),
          story?.articles.map((a) => a.id).sort(),
          'every article in exactly one event',
        );
        const dated = events.filter((e) => e.date);
        assert.ok(dated.every((e) => (e.date as string) >= '2015-09-01' && (e.date as string) <= '2015-11-30'));
      });
    },
  );
}

test(
  'seeds one file at a time: the story keeps its id as it grows and logs each change',
  { skip: needShared('seeds') },
  async () => {
    const files = readdirSync(sharedPath('seeds', 'articles')).sort();
    for (const seed of [1, 2]) {
      await withStore(async (store) => {
        const ids = new Set<string>();
        for (const file of shuffled(files, seededRandom(seed))) {
          await ingest(store, [sharedPath('seeds', 'articles', file)], sharedPath('seeds', 'manifest.jsonl'));
          const stories = await store.listStories();
          ids.add(stories[0]?.id as string);
        }
        assert.deepEqual(await storySizes(store), [5]);
        const [story] = await store.listStories();
        assert.ok(ids.has(story?.id as string));
        assert.equal(story?.version, 5);
        const kinds = (await store.getStoryChanges(story?.id)).map((c) => c.kind);
        assert.equal(kinds[0], 'created');
        assert.equal(await store.countUnclustered(), 0);
      });
    }
  },
);

test('examples: the dam story and the festival story apart, in one batch and one file at a time', async () => {
  await withStore(async (store) => {
    await ingest(store, [examples], join(examples, 'manifest.jsonl'));
    assert.deepEqual(await storySizes(store), [6, 2]);
    const dam = await store.getStory((await store.listStories({ sort: 'size' }))[0]?.id as string);
    assert.match(JSON.stringify(dam?.articles), /dam|Corran/i);
  });
  await withStore(async (store) => {
    const files = readdirSync(examples).filter((f) => f !== 'manifest.jsonl');
    for (const file of shuffled(files, seededRandom(5))) {
      await ingest(store, [join(examples, file)], join(examples, 'manifest.jsonl'));
    }
    assert.deepEqual(await storySizes(store), [6, 2]);
  });
});

test('a killed story step is finished by the next run, even when nothing new comes in', async () => {
  await withStore(async (store) => {
    const manifest = await loadManifest(join(examples, 'manifest.jsonl'));
    // Articles saved, stories never made (as after a kill between the two steps).
    const { ingestItems } = await import('../src/pipeline/index.js');
    await ingestItems(store, readInputs([examples], { manifest }));
    assert.equal(await store.countStories(), 0);
    assert.ok((await store.countUnclustered()) > 0);
    const again = await ingestAndRefresh(store, readInputs([examples], { manifest }));
    assert.equal(again.ingested, 0, 'nothing new');
    assert.deepEqual(await storySizes(store), [6, 2]);
    assert.equal(await store.countUnclustered(), 0);
  });
});

test('rebuild: stories made again from the articles; old ids that vanished redirect to the new ones', async () => {
  await withStore(async (store) => {
    await ingest(store, [examples], join(examples, 'manifest.jsonl'));
    const before = await store.listStories({ sort: 'size' });
    // Rename the dam story as an older version would have called it.
    const dam = await store.getStory(before[0]?.id as string);
    assert.ok(dam);
    const assignments = new Map(dam.articles.map((a) => [a.id, 'legacy-dam'] as const));
    await store.saveStories({ stories: [{ ...dam, id: 'legacy-dam' }], removed: [dam.id], assignments, changes: [] });
    await rebuildStories(store);
    assert.deepEqual(await storySizes(store), [6, 2]);
    assert.equal(await store.resolveStoryId('legacy-dam'), before[0]?.id);
    assert.equal(await store.getStory('legacy-dam'), undefined);
    assert.equal((await refreshStories(store)).changed, 0, 'nothing pending afterwards');
  });
});

test('a stream ingested in two batches gives the partition of one batch', async () => {
  const items = languageStream();
  const one = await withStore(async (store) => {
    await ingestAndRefresh(store, items);
    return partition(store);
  });
  const two = await withStore(async (store) => {
    const half = Math.floor(items.length / 2);
    await ingestAndRefresh(store, items.slice(0, half));
    await ingestAndRefresh(store, items.slice(half));
    return partition(store);
  });
  assert.ok(one.length >= 7, `${one.length} stories`);
  assert.deepEqual(two, one);
});

test('a big story is composed from a bounded sample, yet lists every article and places each in an event', async () => {
  await withStore(async (store) => {
    const streets = ['Harbour', 'Mill', 'Quay', 'Chapel', 'Market', 'Tanner', 'Rope', 'Salt'];
    for (let i = 0; i < 340; i++) {
      const day = `2031-03-${String(1 + (i % 28)).padStart(2, '0')}`;
      const text =
        `Rescuers in the fictional port of Velmora searched ${streets[i % 8]} Street after the magnitude 6.1 earthquake, ` +
        `Mayor Ana Duarte said on day ${i}. Aftershocks shook Velmora and the Ostrania army sent ${i + 3} more trucks.`;
      await store.saveArticle({
        id: `big-${i}`,
        source: `big/${i}.txt`,
        title: `Velmora earthquake: search goes on (${i})`,
        language: 'en',
        paragraphs: [text],
        text,
        removed: [],
        published: { value: day, precision: 'day', from: 'sidecar' },
      });
    }
    await refreshStories(store);
    const [largest] = await store.listStories({ sort: 'size' });
    assert.ok((largest?.articles ?? 0) > 300, `largest story has ${largest?.articles} articles`);
    const story = await store.getStory(largest?.id as string);
    const members = (await store.getStoryMembers([largest?.id as string])).get(largest?.id as string) ?? [];
    assert.deepEqual(story?.articles.map((a) => a.id).sort(), [...members].sort());
    assert.deepEqual(story?.events.flatMap((e) => e.articles).sort(), [...members].sort());
    assert.ok((story?.summary.length ?? 0) > 0);
  });
});

test('a big story kept between chunks is read again when another process changed it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'storyline-stories-'));
  const file = join(dir, 'test.db');
  const first = await openStore(file);
  const second = await openStore(file);
  const quake = (i: number) => {
    const text =
      `Rescue teams in the fictional town of Korvala dug through rubble on Birch Lane after the magnitude 5.8 ` +
      `earthquake, Governor Lis Marrow said on report ${i}. Aftershocks rattled Korvala and ${i + 2} tents went up.`;
    return {
      id: `quake-${i}`,
      source: `quake/${i}.txt`,
      title: `Korvala earthquake: rescue goes on (${i})`,
      language: 'en',
      paragraphs: [text],
      text,
      removed: [],
      published: {
        value: `2032-05-${String(1 + (i % 28)).padStart(2, '0')}`,
        precision: 'day' as const,
        from: 'sidecar' as const,
      },
    };
  };
  try {
    // One handle makes the big story (and keeps its members), the other adds to it, then the first again.
    for (let i = 0; i < 320; i++) await first.saveArticle(quake(i));
    await refreshStories(first);
    for (let i = 320; i < 340; i++) await second.saveArticle(quake(i));
    await refreshStories(second);
    for (let i = 340; i < 350; i++) await first.saveArticle(quake(i));
    await refreshStories(first);
    const [largest] = await first.listStories({ sort: 'size' });
    assert.equal(largest?.articles, 350);
    const story = await first.getStory(largest?.id as string);
    const members = (await first.getStoryMembers([largest?.id as string])).get(largest?.id as string) ?? [];
    assert.equal(members.length, 350);
    assert.deepEqual(story?.articles.map((a) => a.id).sort(), [...members].sort());
    assert.deepEqual(story?.events.flatMap((e) => e.articles).sort(), [...members].sort());
  } finally {
    await first.close();
    await second.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('in small chunks, and by two store handles in turn, the story step gives the partition of one chunk', async () => {
  const items = languageStream();
  const one = await withStore(async (store) => {
    await ingestItems(store, items);
    await refreshStories(store);
    return partition(store);
  });
  assert.ok(one.length >= 7, `${one.length} stories`);
  // One handle, chunks of three: each chunk continues from what the one before saved (and this process kept).
  const chunked = await withStore(async (store) => {
    await ingestItems(store, items);
    await refreshStories(store, undefined, { chunkSize: 3 });
    return partition(store);
  });
  assert.deepEqual(chunked, one);
  // Two handles in turn: each must see the stories the other changed, not what it kept.
  const dir = mkdtempSync(join(tmpdir(), 'storyline-stories-'));
  const first = await openStore(join(dir, 'test.db'));
  const second = await openStore(join(dir, 'test.db'));
  try {
    const third = Math.ceil(items.length / 3);
    for (const [k, store] of [first, second, first].entries()) {
      await ingestItems(store, items.slice(k * third, (k + 1) * third));
      await refreshStories(store, undefined, { chunkSize: 3 });
    }
    assert.deepEqual(await partition(first), one);
  } finally {
    await first.close();
    await second.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
