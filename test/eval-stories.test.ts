import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { evalStories } from '../src/cli/commands/eval-stories.js';
import {
  bcubed,
  loadStoryRows,
  parseStoryRows,
  scoreStories,
  type StoryRow,
  timeline17Rows,
} from '../src/eval/stories.js';
import { needShared, projectRoot, sharedPath } from './helpers.js';

const row = (id: string, gold: string, day?: number): StoryRow => ({
  id,
  gold,
  record: { text: id },
  ...(day !== undefined ? { day } : {}),
});

test('scorer: B-cubed, pairs, singletons and mixed stories on hand-made partitions', () => {
  const rows = [row('a1', 'A', 10), row('a2', 'A', 11), row('a3', 'A', 20), row('b1', 'B', 10), row('b2', 'B', 12)];
  // Perfect.
  const perfect = new Map([
    ['a1', 'x'],
    ['a2', 'x'],
    ['a3', 'x'],
    ['b1', 'y'],
    ['b2', 'y'],
  ]);
  const p = scoreStories(rows, perfect);
  assert.deepEqual(
    [p.bcubed_precision, p.bcubed_recall, p.bcubed_f1, p.pair_precision, p.pair_recall_3d],
    [1, 1, 1, 1, 1],
  );
  assert.deepEqual([p.stories, p.gold_stories, p.singletons, p.mixed], [2, 2, 0, 0]);
  // Everything in one story: precision (3/5·3 + 2/5·2)/5 = 13/25, recall 1.
  const one = scoreStories(rows, new Map(rows.map((r) => [r.id, 'x'] as const)));
  assert.equal(one.bcubed_precision, 0.52);
  assert.equal(one.bcubed_recall, 1);
  assert.equal(one.pair_precision, 0.4); // 4 same-story pairs of 10
  assert.equal(one.mixed, 1);
  // All singletons (missing predictions count as singletons): precision 1, recall (3·1/3 + 2·1/2)/5 = 0.4.
  const none = scoreStories(rows, new Map());
  assert.equal(none.bcubed_precision, 1);
  assert.equal(none.bcubed_recall, 0.4);
  assert.equal(none.singletons, 5);
  assert.equal(none.pair_recall_3d, 0); // a1–a2 and b1–b2 are within 3 days, a1–a3 is not counted
  // Split A: a3 alone. Near pairs a1–a2 and b1–b2 still together.
  const split = scoreStories(rows, new Map([...perfect, ['a3', 'z']]));
  assert.equal(split.pair_recall_3d, 1);
  assert.equal(split.bcubed_precision, 1);
  assert.equal(split.bcubed_recall, Math.round((((2 / 3) * 2 + 1 / 3 + 2) / 5) * 1e4) / 1e4);
  const { f1 } = bcubed(new Map([['a', '1']]), new Map([['a', 'g']]));
  assert.equal(f1, 1);
});

test('rows: JSONL fields and gold labels (story, event, label or topic); lines without them are skipped', () => {
  const { rows, skipped } = parseStoryRows(
    [
      '{"id": 1, "text": "x", "event": "e1", "published": "2020-01-02"}',
      '{"id": "2", "html": "<p>y</p>", "topic": 7}',
      '{"id": "3", "text": "no gold"}',
      '',
    ].join('\n'),
  );
  assert.equal(skipped, 1);
  assert.deepEqual(
    rows.map((r) => [r.id, r.gold, r.day]),
    [
      ['1', 'e1', 18263],
      ['2', '7', undefined],
    ],
  );
});

test(
  'Timeline17 read as one stream: publication order, gold = topic before the underscore',
  { skip: needShared('eval/t17') },
  () => {
    const rows = timeline17Rows(sharedPath('eval', 't17'));
    assert.ok(rows.length > 2500);
    assert.deepEqual(new Set(rows.map((r) => r.gold)), new Set(['bpoil', 'H1N1', 'haiti', 'MJ', 'Finan']));
    for (let i = 1; i < rows.length; i++) assert.ok((rows[i - 1]?.day as number) <= (rows[i]?.day as number));
  },
);

test('any language: unrelated stories of one language apart, same-story articles together (en, fr, de, es)', async () => {
  const file = join(projectRoot, 'test', 'fixtures', 'languages', 'stories.jsonl');
  const languages = new Set(parseStoryRows(readFileSync(file, 'utf8')).rows.map((r) => r.gold.split('-')[0]));
  assert.ok(languages.size >= 4);
  const scores = await evalStories(file, { workers: 0 });
  assert.equal(scores.failed, 0);
  assert.equal(scores.bcubed_precision, 1, JSON.stringify(scores));
  assert.equal(scores.bcubed_recall, 1, JSON.stringify(scores));
});

test('a story set given as its folder reads the articles.jsonl inside, as given as the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'storyline-rows-'));
  try {
    const lines = [
      { id: 'r1', text: 'The fictional Lumen dam was closed on Monday.', story: 'lumen' },
      { id: 'r2', text: 'The fictional Norvale fair opened on Tuesday.', story: 'fair' },
    ];
    writeFileSync(join(dir, 'articles.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n'));
    const fromFolder = loadStoryRows(dir).map((r) => [r.id, r.gold]);
    assert.deepEqual(fromFolder, [
      ['r1', 'lumen'],
      ['r2', 'fair'],
    ]);
    assert.deepEqual(
      loadStoryRows(join(dir, 'articles.jsonl')).map((r) => [r.id, r.gold]),
      fromFolder,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
