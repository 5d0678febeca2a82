// The story step of a batch ingest into a database file runs in a thread of its own (for its bounded heap): its
// stories are those the caller's thread makes of the same articles.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { writeSyntheticCorpus } from '../bench/synthetic-articles.js';
import { ingestAndRefresh } from '../src/pipeline/index.js';
import { readInputs } from '../src/ingest/read.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/store.js';

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'storyline-story-thread-'));
});
after(async () => rm(root, { recursive: true, force: true }));

/** The stories as sets of members, each listed sorted: ids aside, the partition. */
async function partition(store: Store): Promise<string[]> {
  const members = new Map<string, string[]>();
  for (const [article, story] of await store.getStoryAssignments())
    members.set(story, [...(members.get(story) ?? []), article]);
  return [...members.values()].map((m) => m.sort().join(',')).sort();
}

test('a file store gets its stories from the story thread, the same partition as in the caller thread', async () => {
  const corpus = writeSyntheticCorpus(join(root, 'corpus'), 120);
  const file = await openStore(join(root, 'stories.sqlite'));
  const memory = await openStore(':memory:');
  try {
    assert.ok(file.location, 'a database file can be opened by another thread');
    assert.equal(memory.location, undefined, 'a :memory: store cannot');
    const inThread = await ingestAndRefresh(file, readInputs([corpus], { maxBytes: 1 << 20 }), { workers: 1 });
    const here = await ingestAndRefresh(memory, readInputs([corpus], { maxBytes: 1 << 20 }), { workers: 1 });
    assert.equal(inThread.storiesError, undefined);
    assert.ok((inThread.stories?.stories ?? 0) > 1);
    assert.deepEqual(inThread.stories, here.stories);
    assert.deepEqual(await partition(file), await partition(memory));
    assert.equal(await file.countUnclustered(), 0, 'nothing is left pending');
  } finally {
    await file.close();
    await memory.close();
  }
});
