// The search pool's deadline under overload: searches that wait in the queue past their deadline fail (503), but a
// worker is terminated only for a search that itself ran that long, so an overload does not kill the workers whose
// index every later search needs. Fictional articles only.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SearchPool, SearchUnavailable } from '../src/server/search-pool.js';
import { ingestPaths } from '../src/pipeline/index.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/store.js';

const examplesDir = new URL('../../examples/', import.meta.url).pathname;

describe('search pool deadline', () => {
  let dir: string;
  let store: Store;
  let file: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'storyline-search-pool-'));
    file = join(dir, 'pool.db');
    store = await openStore(file);
    await ingestPaths(store, [examplesDir], { workers: 0 });
  });

  after(async () => {
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('searches that waited past the deadline fail alone; the worker running a search that began late lives on', async () => {
    // One worker, a short deadline and far more searches at once than it answers in that time: the queue's tail
    // overruns while waiting; the search running at the deadline began just before it and is let finish.
    const pool = new SearchPool(file, { deadlineMs: 150, workers: 1, maxQueued: 100_000 });
    try {
      await pool.warm();
      const words = ['dam', 'festival', 'river', 'water', 'music', 'council'];
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20_000 }, (_, i) =>
          pool.search(words[i % words.length] as string, { limit: 5, offset: 0 }),
        ),
      );
      const answered = outcomes.filter((o) => o.status === 'fulfilled').length;
      const refused = outcomes.filter((o) => o.status === 'rejected');
      assert.ok(answered > 0, 'the head of the queue is answered');
      assert.ok(refused.length > 0, 'the tail of the queue overran its deadline waiting');
      for (const r of refused) {
        assert.ok(r.reason instanceof SearchUnavailable, String(r.reason));
        assert.match(r.reason.message, /took longer than 150 ms/);
      }
      assert.equal(pool.terminated, 0, 'no worker was stopped for time its searches spent waiting');
      // The same worker (its index built once) answers right away afterwards.
      const hits = await pool.search('dam', { limit: 5, offset: 0 });
      assert.ok(hits.length > 0);
      assert.equal(pool.terminated, 0);
    } finally {
      await pool.close();
    }
  });
});
