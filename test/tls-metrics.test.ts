// Timeline metrics (tilse): hand-worked small timelines, the assignment routine, the Timeline17 loader, and
// every score of the shared reference vectors (tilse + Perl ROUGE-1.5.5) reproduced.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { linearSumAssignment } from '../src/eval/assignment.js';
import { makeRougeResources } from '../src/eval/rouge.js';
import {
  averagePrf,
  evaluateTimeline,
  listCollections,
  loadCollectionDocs,
  loadRougeResources,
  loadTimeline,
  parseTimeline,
  type Timeline,
  writeTimeline,
} from '../src/eval/t17.js';
import { needShared, sharedPath } from './helpers.js';

const noStopwords = makeRougeResources('', []);
const close = (a: number, b: number, eps = 1e-12): boolean => Math.abs(a - b) <= eps;

test('timeline metrics on a hand-worked pair', () => {
  // Unigrams: storm hit coast | rescu begin. The 01-03 prediction belongs to the 01-02 reference date.
  const predicted: Timeline = [
    { date: '2020-01-01', sentences: ['storm hits coast'] },
    { date: '2020-01-03', sentences: ['rescue begins'] },
  ];
  const reference: Timeline = [
    { date: '2020-01-01', sentences: ['storm hits coast'] },
    { date: '2020-01-02', sentences: ['rescue begins'] },
  ];
  const s = evaluateTimeline(predicted, reference, noStopwords);
  assert.deepEqual(s.date, { p: 0.5, r: 0.5, f: 0.5 });
  // concat: identical token sequences.
  assert.deepEqual(s.concat.rouge1, { p: 1, r: 1, f: 1 });
  assert.deepEqual(s.concat.rouge2, { p: 1, r: 1, f: 1 });
  // agreement: only 01-01 matches (3 hits); 01-03 adds 2 to the precision denominator, 01-02 2 to recall's.
  assert.ok(close(s.agreement.rouge1.p, 3 / 5) && close(s.agreement.rouge1.r, 3 / 5));
  assert.ok(close(s.agreement.rouge2.p, 2 / 3) && close(s.agreement.rouge2.r, 2 / 3));
  // align m:1: 01-03 maps to 01-02 (cost (1 - 1/2) * 0 = 0 beats (1 - 1/3) * 1); hits weighted by 1/2.
  assert.ok(close(s.alignManyToOne.rouge1.p, (3 + 2 / 2) / 5));
  assert.ok(close(s.alignManyToOne.rouge1.r, (3 + 2 / 2) / 5));
  assert.ok(close(s.alignManyToOne.rouge2.p, (2 + 1 / 2) / 3));
  assert.ok(close(s.alignManyToOne.rouge2.r, (2 + 1 / 2) / 3));
  assert.deepEqual(s.alignOneToOne, s.alignManyToOne);
});

test('align m:1 maps several predicted dates to one reference date; 1:1 does not', () => {
  const reference: Timeline = [
    { date: '2020-01-01', sentences: ['storm hits coast'] },
    { date: '2020-01-10', sentences: ['rescue begins'] },
  ];
  const predicted: Timeline = [
    { date: '2020-01-01', sentences: ['storm hits coast'] },
    { date: '2020-01-02', sentences: ['storm hits coast'] },
  ];
  const s = evaluateTimeline(predicted, reference, noStopwords);
  // m:1 precision: both predicted days align with 01-01 (weights 1 and 1/2): (3 + 1.5) / 6.
  assert.ok(close(s.alignManyToOne.rouge1.p, 4.5 / 6));
  // 1:1: 01-02 must take 01-10 and shares no word with it: 3 / 6.
  assert.ok(close(s.alignOneToOne.rouge1.p, 3 / 6));
  // Recall in both: 01-01 fully found, "rescue begins" nowhere: 3 / 5.
  assert.ok(close(s.alignManyToOne.rouge1.r, 3 / 5));
  assert.ok(close(s.alignOneToOne.rouge1.r, 3 / 5));
});

test('averagePrf takes F1 of the mean precision and mean recall', () => {
  const avg = averagePrf([
    { p: 1, r: 0, f: 0 },
    { p: 0, r: 1, f: 0 },
  ]);
  assert.deepEqual(avg, { p: 0.5, r: 0.5, f: 0.5 });
  assert.deepEqual(averagePrf([]), { p: 0, r: 0, f: 0 });
});

test('linearSumAssignment finds a minimum-cost assignment (checked by brute force)', () => {
  let seed = 7;
  const rand = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const best = (cost: number[][], rows: number[], used: Set<number>): number => {
    if (rows.length === 0) return 0;
    const [i, ...rest] = rows;
    let min = Number.POSITIVE_INFINITY;
    for (let j = 0; j < cost[0].length; j++) {
      if (used.has(j)) continue;
      used.add(j);
      min = Math.min(min, cost[i][j] + best(cost, rest, used));
      used.delete(j);
    }
    return min;
  };
  for (let trial = 0; trial < 60; trial++) {
    const n = 1 + Math.floor(rand() * 5);
    const m = 1 + Math.floor(rand() * 5);
    // Integer costs make ties common, which is where a wrong routine usually slips.
    const cost = Array.from({ length: n }, () => Array.from({ length: m }, () => Math.floor(rand() * 4)));
    const { rows, cols } = linearSumAssignment(cost);
    assert.equal(rows.length, Math.min(n, m));
    assert.equal(new Set(rows).size, rows.length);
    assert.equal(new Set(cols).size, cols.length);
    const total = rows.reduce((sum, r, k) => sum + cost[r][cols[k]], 0);
    const optimum =
      n <= m ? best(cost, [...Array(n).keys()], new Set()) : best(transpose(cost), [...Array(m).keys()], new Set());
    assert.equal(total, optimum, JSON.stringify(cost));
  }
});

function transpose(a: number[][]): number[][] {
  return a[0].map((_, j) => a.map((row) => row[j]));
}

test('timeline file format: duplicate dates merge, writeTimeline round-trips', () => {
  const dashes = '-'.repeat(32);
  const text = `2010-05-02\nB one . \n${dashes}\n2010-05-01\nA one .\n\n${dashes}\n2010-05-02\nB two .\n${dashes}\n`;
  const tl = parseTimeline(text);
  assert.deepEqual(tl, [
    { date: '2010-05-01', sentences: ['A one .'] },
    { date: '2010-05-02', sentences: ['B one .', 'B two .'] },
  ]);
  assert.deepEqual(parseTimeline(writeTimeline(tl)), tl);
  const dir = mkdtempSync(join(tmpdir(), 't17-'));
  writeFileSync(join(dir, 'tl.txt'), writeTimeline(tl));
  assert.deepEqual(loadTimeline(join(dir, 'tl.txt')), tl);
});

test('Timeline17 loader reads the shared collections', { skip: needShared('eval/t17') }, () => {
  const root = sharedPath('eval', 't17');
  const collections = listCollections(root);
  assert.ok(collections.length > 0);
  for (const c of collections) assert.ok(c.timelineFiles.length > 0, c.topic);
  const first = collections[0];
  const docs = loadCollectionDocs(root, first.topic);
  assert.ok(docs.length > 0);
  for (let i = 1; i < docs.length; i++) assert.ok(docs[i - 1].date <= docs[i].date);
  for (const d of docs) {
    assert.match(d.date, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(d.sentences.every((s) => s.length > 0 && !s.includes('\n')));
  }
  const tl = loadTimeline(first.timelineFiles[0]);
  assert.ok(tl.length > 0);
  for (let i = 1; i < tl.length; i++) assert.ok(tl[i - 1].date < tl[i].date);
});

interface VectorScores {
  precision: number;
  recall: number;
  f_score: number;
}
interface Vector {
  topic: string;
  reference_file: string;
  kind: string;
  predicted: Timeline;
  reference: Timeline;
  scores: Record<string, Record<string, VectorScores>> & { date: VectorScores };
}

test(
  'reproduces every score of the reference evaluator vectors',
  {
    skip: needShared('eval/tls-metric-vectors.json'),
  },
  () => {
    const data = JSON.parse(readFileSync(sharedPath('eval', 'tls-metric-vectors.json'), 'utf8')) as {
      vectors: Vector[];
    };
    assert.ok(data.vectors.length > 0);
    const res = loadRougeResources(sharedPath('eval', 'rouge'));
    const metrics = [
      ['concat', 'concat'],
      ['agreement', 'agreement'],
      ['align_date_content_costs_many_to_one', 'alignManyToOne'],
    ] as const;
    const measures = [
      ['rouge_1', 'rouge1'],
      ['rouge_2', 'rouge2'],
    ] as const;
    let checked = 0;
    for (const v of data.vectors) {
      const label = `${v.topic}/${v.kind}`;
      // The loader must read the reference file into the same timeline the evaluator used.
      assert.deepEqual(loadTimeline(sharedPath('eval', 't17', v.reference_file)), v.reference, label);
      const got = evaluateTimeline(v.predicted, v.reference, res);
      const expect = (name: string, actual: number, expected: number): void => {
        assert.ok(Math.abs(actual - expected) <= 0.002, `${label} ${name}: got ${actual}, expected ${expected}`);
        checked++;
      };
      for (const [metric, ours] of metrics) {
        for (const [measure, oursMeasure] of measures) {
          const e = v.scores[metric][measure];
          const g = got[ours][oursMeasure];
          expect(`${metric}.${measure}.p`, g.p, e.precision);
          expect(`${metric}.${measure}.r`, g.r, e.recall);
          expect(`${metric}.${measure}.f`, g.f, e.f_score);
        }
      }
      expect('date.p', got.date.p, v.scores.date.precision);
      expect('date.r', got.date.r, v.scores.date.recall);
      expect('date.f', got.date.f, v.scores.date.f_score);
    }
    assert.equal(checked, data.vectors.length * 21);
  },
);
