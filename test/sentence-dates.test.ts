// The sentence-dating evaluation on a hand-made mini case: fictional gold entries and input sentences.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sentenceDating } from '../src/eval/sentence-dates.js';

const gold = [
  { date: '2031-11-14', sentences: ['The Lumen dam gives way , flooding three villages of the Norvale valley .'] },
  {
    date: '2031-11-16',
    sentences: ['Norvale opens an inquiry into the breach of the Lumen dam .', 'A gold line nobody wrote from .'],
  },
];

test('sources are found by shared words on the gold day, and scored by the date the engine gives them', () => {
  const result = sentenceDating(gold, [
    // Two sources of the first entry: one dated right, one dated by a background expression.
    {
      text: 'The Lumen dam gave way on Friday , flooding three villages in the Norvale valley .',
      published: '2031-11-14',
      date: '2031-11-14',
    },
    {
      text: 'The Lumen dam , built in May , gave way , flooding three villages of the Norvale valley .',
      published: '2031-11-14',
      date: '2031-05',
    },
    // The same words a day later: not a same-day source.
    { text: 'The Lumen dam gave way , flooding three villages of the Norvale valley .', published: '2031-11-15' },
    // The second entry's source, left undated by the engine.
    { text: 'Norvale has opened an inquiry into the breach of the Lumen dam .', published: '2031-11-16' },
    // Shares only the topic words with the entries: no source.
    { text: 'The Norvale valley is known for its salt .', published: '2031-11-16', date: '2031-11-16' },
  ]);
  assert.equal(result.goldSentences, 3);
  assert.equal(result.matched, 2, 'the line nobody wrote from has no source');
  assert.equal(result.sources, 3);
  assert.equal(result.undated, 1);
  // (1/2 + 0/1) / 2: each gold sentence counts once, whatever its number of sources.
  assert.equal(result.accuracy, 0.25);
  const next = sentenceDating(
    gold,
    [
      {
        text: 'The Lumen dam gave way , flooding three villages of the Norvale valley .',
        published: '2031-11-15',
        date: '2031-11-14',
      },
    ],
    { from: 1, to: 1 },
  );
  assert.equal(next.matched, 1);
  assert.equal(next.accuracy, 1);
});
