// The search workers' in-memory index: a page's hits chosen without sorting every hit are exactly the first hits of
// the whole ranking, ties included (equal scores keep insertion order). Fictional articles only.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ArticleIndex } from '../src/server/article-index.js';
import { seededRandom } from './helpers.js';

test('rank with a page size keeps exactly the head of the whole ranking, ties in insertion order', () => {
  const index = new ArticleIndex();
  const random = seededRandom(7);
  // Many articles share a score (the same text), others differ in how often and where the word occurs.
  for (let seq = 1; seq <= 400; seq++) {
    const times = 1 + Math.floor(random() * 4);
    const filler = 'the harbour ferry of Lake Varno ran late'.split(' ').slice(0, 1 + Math.floor(random() * 8));
    index.add({
      seq,
      title: seq % 3 === 0 ? 'Varno lantern festival' : 'Varno ferry notes',
      text: [...Array.from({ length: times }, () => 'lantern'), ...filler].join(' '),
      outlet: seq % 2 === 0 ? 'Varno Courier' : 'Lake Gazette',
    });
  }
  const words = index.queryTerms('lantern') as string[];
  const whole = index.rank(words);
  assert.equal(whole.length, 400);
  const scores = new Set(whole.map((h) => h.score));
  assert.ok(scores.size > 3 && scores.size < 400, 'the fixture has both distinct and tied scores');
  for (let i = 1; i < whole.length; i++) {
    const [a, b] = [whole[i - 1], whole[i]] as [(typeof whole)[0], (typeof whole)[0]];
    assert.ok(a.score > b.score || (a.score === b.score && a.seq < b.seq), `hit ${i}: best first, ties by insertion`);
  }
  for (const top of [0, 1, 7, 21, 200, 399, 400, 1000]) {
    assert.deepEqual(index.rank(words, {}, top), whole.slice(0, top), `top ${top}`);
  }
  const filtered = index.rank(words, { outlet: 'Varno Courier' });
  assert.deepEqual(index.rank(words, { outlet: 'Varno Courier' }, 21), filtered.slice(0, 21), 'with a filter');
});

test('snippets read as text: PTB tokens undone around the marks, the marks whole', () => {
  const index = new ArticleIndex();
  const text = "The Harbour Wire -LRB- Ostry -RRB- said Dunmere 's barrier , built in 2031 , held .";
  index.add({ seq: 1, text, title: undefined });
  const words = index.queryTerms('dunmere barrier') as string[];
  assert.equal(
    index.snippet(1, words, undefined, text),
    "The Harbour Wire (Ostry) said [Dunmere]'s [barrier], built in 2031, held.",
  );
});
