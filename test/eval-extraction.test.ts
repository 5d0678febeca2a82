import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aggregateScores, decodeHtml, scoreExtraction, scorePage, tokenize } from '../src/eval/extraction.js';
import { evalExtraction } from '../src/pipeline/index.js';
import { needShared, sharedPath } from './helpers.js';

const close = (actual: number, expected: number) =>
  assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} ≠ ${expected}`);

test('tokens are \\w+ runs in any script, case kept', () => {
  assert.deepEqual(tokenize("L'Élysée a dit: Москва, 東京_1 — 2015!"), [
    'L',
    'Élysée',
    'a',
    'dit',
    'Москва',
    '東京_1',
    '2015',
  ]);
});

test('identical texts score 1, disjoint texts 0', () => {
  const text = 'France launched new air strikes on Raqqa on Sunday night.';
  assert.deepEqual(scoreExtraction({ a: { articleBody: text } }, { a: { articleBody: text } }), {
    f1: 1,
    precision: 1,
    recall: 1,
  });
  const disjoint = scoreExtraction(
    { a: { articleBody: text } },
    { a: { articleBody: 'Menu Home Sports Weather Contact Subscribe Login' } },
  );
  assert.deepEqual(disjoint, { f1: 0, precision: 0, recall: 0 });
});

test('a partial overlap, computed by hand', () => {
  // truth shingles: (a b c d), (b c d e); prediction: (a b c d), (b c d x) → TP 1, FP 1, FN 1 → 1/3 each.
  const page = scorePage('a b c d e', 'a b c d x');
  close(page.tp, 1 / 3);
  close(page.fp, 1 / 3);
  close(page.fn, 1 / 3);
  // With a second, perfect page: precision = recall = mean(0.5, 1) = 0.75.
  const scores = scoreExtraction(
    { p1: { articleBody: 'a b c d e' }, p2: { articleBody: 'one two three four five' } },
    { p1: { articleBody: 'a b c d x' }, p2: { articleBody: 'one two three four five' } },
  );
  close(scores.precision, 0.75);
  close(scores.recall, 0.75);
  close(scores.f1, 0.75);
});

test('shingles count repeats', () => {
  // Truth has (a b c d) twice, the prediction once: TP 1, FN 1.
  const page = scorePage('a b c d a b c d', 'a b c d');
  assert.ok(page.fn > 0 && page.fp === 0);
});

test('an empty prediction costs recall and is left out of precision, as in the benchmark', () => {
  const empty = scorePage('a b c d e', '');
  assert.deepEqual(empty, { tp: 0, fp: 0, fn: 1 });
  const scores = aggregateScores([empty, scorePage('a b c d e', 'a b c d e')]);
  close(scores.precision, 1);
  close(scores.recall, 0.5);
  close(scores.f1, 2 / 3);
  // A missing prediction counts as empty.
  close(scoreExtraction({ a: { articleBody: 'a b c d e' } }, {}).recall, 0);
});

test('texts with fewer than 4 tokens form one shingle; no tokens, none', () => {
  assert.deepEqual(scorePage('a b', 'a b'), { tp: 1, fp: 0, fn: 0 });
  assert.deepEqual(scorePage('a b', 'a c'), { tp: 0, fp: 0.5, fn: 0.5 });
  // Both empty: the page counts in neither mean.
  assert.deepEqual(scorePage('', '!!'), { tp: 0, fp: 0, fn: 0 });
  assert.deepEqual(aggregateScores([scorePage('', ''), scorePage('a b c d', 'a b c d')]), {
    f1: 1,
    precision: 1,
    recall: 1,
  });
});

test('matching is case-sensitive, as the benchmark tokens are', () => {
  assert.deepEqual(scorePage('The cat sat down', 'the cat sat down'), { tp: 0, fp: 0.5, fn: 0.5 });
});

test('pages decode as UTF-8 unless their meta charset says otherwise', () => {
  const latin1 = Buffer.from('<html><head><meta charset="iso-8859-1"></head><body>caf\xe9</body></html>', 'latin1');
  assert.match(decodeHtml(latin1).text, /café/);
  assert.equal(decodeHtml(latin1).encoding, 'iso-8859-1');
  const utf8 = Buffer.from('<html><body>café</body></html>', 'utf8');
  assert.match(decodeHtml(utf8).text, /café/);
});

test('F1 on the 91 benchmark pages is at least 0.96', { skip: needShared('eval/extraction') }, async () => {
  const result = await evalExtraction(sharedPath('eval', 'extraction'));
  assert.equal(result.pages, 91);
  assert.deepEqual(result.failed, []);
  assert.equal(Object.keys(result.predictions).length, 91);
  assert.ok(
    result.f1 >= 0.96,
    `F1 ${result.f1.toFixed(4)} (P ${result.precision.toFixed(4)}, R ${result.recall.toFixed(4)})`,
  );
});
