// The worker pool: a worker is renewed after its share of documents (its memory bounded whatever the batch), and
// every document is still answered, in order, by whichever worker took it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RawDocument } from '../src/model.js';
import { WorkerPool } from '../src/pipeline/index.js';

function page(n: number): RawDocument {
  const body = `<p>The fictional council of Example Town met for the ${n}th time and said the bridge would reopen.</p>`;
  return {
    source: `page-${n}.html`,
    kind: 'html',
    content: `<html><head><title>Example Town, meeting ${n}</title></head><body><article>${body.repeat(4)}</article></body></html>`,
    encoding: 'utf-8',
    fetchedAt: '2026-01-01T00:00:00Z',
    meta: {},
  };
}

test('a worker that has taken its share of documents is renewed; every document is answered', async () => {
  const pool = new WorkerPool(1, { documentsPerWorker: 2 });
  try {
    const outcomes = await Promise.all([1, 2, 3, 4, 5].map((n) => pool.extract(page(n))));
    assert.deepEqual(
      outcomes.map((o) => (o.ok ? o.value.title : o.error)),
      [1, 2, 3, 4, 5].map((n) => `Example Town, meeting ${n}`),
    );
    assert.equal(pool.started, 3, 'five documents at two a worker take three workers');
  } finally {
    await pool.close();
  }
});

test("a queue job's JSON text is parsed in the worker: a document comes back with its analysis serialised, anything else fails alone", async () => {
  const pool = new WorkerPool(1);
  try {
    const [good, notJson, notDocument, after] = await Promise.all([
      pool.runJsonForStore(JSON.stringify(page(1))),
      pool.runJsonForStore('{"source": "cut short'),
      pool.runJsonForStore('[1, 2, 3]'),
      pool.runJsonForStore(JSON.stringify(page(2))),
    ]);
    assert.ok(good.ok && after.ok, 'both documents are processed');
    assert.equal(good.value.article.title, 'Example Town, meeting 1');
    const analysis = good.value.analysis;
    assert.ok(analysis && 'json' in analysis, 'the analysis arrives as its JSON text');
    assert.equal((JSON.parse(analysis.json) as { article: string }).article, good.value.article.id);
    assert.equal(analysis.article, good.value.article.id);
    assert.equal(after.value.article.title, 'Example Town, meeting 2');
    assert.ok(!notJson.ok && /JSON/.test(notJson.error), `not JSON: ${notJson.ok ? '' : notJson.error}`);
    assert.ok(!notDocument.ok && /no document/.test(notDocument.error));
  } finally {
    await pool.close();
  }
});

test("a renewed worker's replacement starts only once the worker it replaces has exited", async () => {
  // A thread started before the old one is gone takes a fresh allocator arena, and both heaps are held at once.
  let live = 0;
  let most = 0;
  const onWorker = (worker: import('node:worker_threads').Worker): void => {
    most = Math.max(most, ++live);
    worker.once('exit', () => live--);
  };
  process.on('worker', onWorker);
  const pool = new WorkerPool(1, { documentsPerWorker: 1 });
  try {
    const outcomes = await Promise.all([1, 2, 3].map((n) => pool.extract(page(n))));
    assert.ok(outcomes.every((o) => o.ok));
    assert.equal(pool.started, 3);
    assert.equal(most, 1, 'never two workers of a one-worker pool alive at once');
    await pool.trim();
    assert.equal(live, 0, 'trim resolves once the trimmed workers have exited');
  } finally {
    process.off('worker', onWorker);
    await pool.close();
  }
});
