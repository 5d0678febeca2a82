import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { findTimeExpressions, sentenceEventDate } from '../src/analyze/timex.js';
import { isoWeek } from '../src/analyze/timex-calendar.js';
import type { TimeExpression } from '../src/model.js';
import { evalTimex } from '../src/pipeline/index.js';
import { needShared, sharedPath } from './helpers.js';

/** The expression whose text is `text`, or a failure listing what was found. */
function find(found: TimeExpression[], text: string): TimeExpression {
  const hit = found.find((t) => t.text === text);
  assert.ok(hit, `no "${text}" in ${JSON.stringify(found.map((t) => t.text))}`);
  return hit;
}

// 2015-09-29 is a Tuesday.
const TUESDAY = '2015-09-29';

test('a weekday in a past-tense sentence is the one before the anchor', () => {
  const found = findTimeExpressions('French jets struck a camp on Friday, officials said.', TUESDAY);
  assert.equal(find(found, 'Friday').value, '2015-09-25');
});

test('a weekday with "will" is the coming one', () => {
  const found = findTimeExpressions('The ministers will meet on Friday in Brussels.', TUESDAY);
  assert.equal(find(found, 'Friday').value, '2015-10-02');
});

test('a weekday named on its own day is that day, and "last"/"next" move a week', () => {
  const sameDay = findTimeExpressions('On Tuesday, the president spoke.', TUESDAY);
  assert.equal(find(sameDay, 'Tuesday').value, TUESDAY);
  const last = findTimeExpressions('He left last Tuesday.', TUESDAY);
  assert.equal(find(last, 'last Tuesday').value, '2015-09-22');
  const next = findTimeExpressions('They meet next Monday.', TUESDAY);
  assert.equal(find(next, 'next Monday').value, '2015-10-05');
});

test('a possessive weekday names a reported event even in a future-tense sentence', () => {
  const found = findTimeExpressions("Lawyers will appeal Friday's ruling before the vote.", TUESDAY);
  assert.equal(find(found, 'Friday').value, '2015-09-25');
  const ahead = findTimeExpressions("Parties campaigned ahead of Sunday's vote.", TUESDAY);
  assert.equal(find(ahead, 'Sunday').value, '2015-10-04');
});

test('"said Friday" belongs to the saying even when the clause after it is in the future', () => {
  const found = findTimeExpressions('The minister said Friday that France would strike again.', TUESDAY);
  assert.equal(find(found, 'Friday').value, '2015-09-25');
});

test('relative months, years and weeks resolve against the anchor', () => {
  const found = findTimeExpressions(
    'Sales fell last month. This year has been hard, and next year may be worse. Talks began earlier this year and last week.',
    '2015-10-09',
  );
  assert.equal(find(found, 'last month').value, '2015-09');
  assert.equal(find(found, 'This year').value, '2015');
  assert.equal(find(found, 'next year').value, '2016');
  assert.equal(find(found, 'earlier this year').value, '2015');
  assert.equal(find(found, 'last week').value, `2015-W${String(isoWeek({ y: 2015, m: 10, d: 2 }).week)}`);
});

test('absolute dates: ISO, day-month-year, month-year and year-less month-day', () => {
  const found = findTimeExpressions(
    'The decree of 2015-09-30 took effect on 30 September 2015; strikes since September 2014 continued until Oct 31.',
    '2015-11-18',
  );
  assert.equal(find(found, '2015-09-30').value, '2015-09-30');
  assert.equal(find(found, '30 September 2015').value, '2015-09-30');
  assert.equal(find(found, 'September 2014').value, '2014-09');
  const oct = find(found, 'Oct 31');
  assert.equal(oct.value, '2015-10-31');
  assert.equal(oct.granularity, 'day');
  assert.equal(oct.type, 'DATE');
});

test('"May" the month is found, "may" and "May" the modal are not', () => {
  const found = findTimeExpressions(
    'The vote may be delayed. May the best side win. Elections are due in May.',
    TUESDAY,
  );
  assert.deepEqual(
    found.map((t) => t.text),
    ['May'],
  );
  assert.equal(found[0].start, 'The vote may be delayed. May the best side win. Elections are due in '.length);
  assert.equal(found[0].value, '2016-05');
});

test('numbers that are not years are left alone', () => {
  const found = findTimeExpressions('About 1,990 people and 2000 troops paid $1998 for it; 1999 was calm.', TUESDAY);
  assert.deepEqual(
    found.map((t) => t.value),
    ['1999'],
  );
});

test('without an anchor, relative expressions are unresolved and absolute ones keep their value', () => {
  const found = findTimeExpressions('On Friday, a week after 30 September 2015, prices fell last month.');
  const friday = find(found, 'Friday');
  assert.equal(friday.unresolved, true);
  assert.equal(friday.value, undefined);
  assert.equal(friday.granularity, 'day');
  assert.equal(find(found, 'last month').granularity, 'month');
  assert.equal(find(found, '30 September 2015').value, '2015-09-30');
  assert.equal(find(found, '30 September 2015').unresolved, undefined);
});

test('granularities and reference values', () => {
  const found = findTimeExpressions(
    'Profit rose in the third quarter, mid-2014 and the 1990s were different; it is now clear, and it recently changed. Sunday night was quiet.',
    '2015-11-17',
  );
  assert.equal(find(found, 'the third quarter').value, '2015-Q3');
  assert.equal(find(found, 'mid-2014').value, '2014');
  assert.equal(find(found, '1990s').value, '199');
  assert.equal(find(found, 'now').value, 'PRESENT_REF');
  assert.equal(find(found, 'recently').value, 'PAST_REF');
  assert.equal(find(found, 'Sunday night').value, '2015-11-15');
  assert.equal(find(found, '1990s').granularity, 'decade');
});

test('a clock time takes the date written just before it, with or without an anchor', () => {
  const text = 'The summit opens on 1 October 2015 at 14:00 GMT.';
  for (const anchor of ['2015-09-29', undefined]) {
    const time = find(findTimeExpressions(text, anchor), '14:00 GMT');
    assert.equal(time.value, '2015-10-01T14:00');
    assert.equal(time.type, 'TIME');
    assert.equal(time.granularity, 'time');
  }
  const quarter = find(
    findTimeExpressions('Sales fell in the third quarter of 2014.', '2015-09-29'),
    'the third quarter of 2014',
  );
  assert.equal(quarter.value, '2014-Q3');
});

test('"that year" and "the following month" take their date from the expression before them', () => {
  const found = findTimeExpressions(
    'He fled in June 1998 and returned later that year. The following month, he was jailed.',
    '2000-01-28',
  );
  assert.equal(find(found, 'later that year').value, '1998');
  assert.equal(find(found, 'The following month').value, '1998-07');
  const alone = findTimeExpressions('That year was hard.', '2000-01-28');
  assert.equal(alone.length, 0);
});

test("sentenceEventDate takes the main clause's day- or month-level date and skips PRESENT_REF", () => {
  const sentence = 'Now, France said on Sunday that it struck in September.';
  const found = findTimeExpressions(sentence, '2015-09-29');
  assert.equal(sentenceEventDate(sentence, found), '2015-09-27');
  const none = 'It is now clear.';
  assert.equal(sentenceEventDate(none, findTimeExpressions(none, '2015-09-29')), undefined);
});

test(
  'seeds: at least 13 of the 15 expected time expressions are found with their value',
  {
    skip: needShared('seeds'),
  },
  () => {
    const expected = JSON.parse(readFileSync(sharedPath('seeds', 'expected.json'), 'utf8')).time_expressions as {
      article: string;
      text: string;
      value: string;
    }[];
    const published = new Map<string, string>();
    for (const line of readFileSync(sharedPath('seeds', 'manifest.jsonl'), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const entry = JSON.parse(line) as { file: string; published: string };
      published.set(entry.file.replace(/\.txt$/, ''), entry.published);
    }
    const misses: string[] = [];
    for (const e of expected) {
      const text = readFileSync(sharedPath('seeds', 'articles', `${e.article}.txt`), 'utf8');
      const found = findTimeExpressions(text, published.get(e.article));
      let ok = false;
      for (let at = text.indexOf(e.text); at >= 0 && !ok; at = text.indexOf(e.text, at + 1)) {
        // A time of day ("since Sunday night") counts as its day.
        ok = found.some(
          (t) =>
            t.start < at + e.text.length && at < t.end && (t.value === e.value || t.value?.startsWith(`${e.value}T`)),
        );
      }
      if (!ok) misses.push(`${e.article}: ${e.text} → ${e.value}`);
    }
    assert.ok(expected.length - misses.length >= 13, `missed: ${misses.join('; ')}`);
  },
);

test(
  'TempEval-3 (TBAQ): relaxed F1 ≥ 0.85 and value F1 ≥ 0.75',
  {
    skip: needShared('eval/tempeval3/tbaq.jsonl'),
  },
  async () => {
    const scores = await evalTimex(sharedPath('eval', 'tempeval3', 'tbaq.jsonl'));
    assert.ok(scores.gold > 1000, `gold ${scores.gold}`);
    assert.ok(scores.relaxed_f1 >= 0.85, `relaxed F1 ${scores.relaxed_f1}`);
    assert.ok(scores.value_f1 >= 0.75, `value F1 ${scores.value_f1}`);
  },
);
