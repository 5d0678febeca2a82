import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { findTimeExpressions } from '../src/analyze/timex.js';
import { RULES } from '../src/analyze/timex-rules.js';
import { startCandidates } from '../src/analyze/timex-scan.js';
import { projectRoot, seededRandom } from './helpers.js';

/** Where each rule's pattern, scanned over the whole text, finds a match that the one pass did not list. */
function missedStarts(text: string): string[] {
  const lists = startCandidates(text);
  const missed: string[] = [];
  RULES.forEach((rule, r) => {
    if (!rule.starts) return;
    const listed = new Set(lists[r]);
    rule.re.lastIndex = 0;
    for (const m of text.matchAll(rule.re))
      if (!listed.has(m.index)) missed.push(`${rule.name} at ${m.index}: "${m[0]}"`);
  });
  return missed;
}

// The phrases each rule is written for, and their edges: a match glued to a digit, underscore or non-ASCII
// letter, a clock word at the head of a longer word, an apostrophe decade, a count inside a longer number.
const PHRASES = [
  '2015-09-30 14:00, 9/30/2015, Sept. 30, Oct 31, March 5, 1946, Friday, Oct. 23, early Nov. 6, mid-Jan. 4',
  '30 September 2015, the 5th of May, Monday, 3 June, September 2014, late November 1995, January this year',
  'January nineteen ninety-seven, the end of September 2001, the beginning of March last year',
  'April, last November, early December, the end of September, mid-November, this past June, this coming May',
  '1998, mid-2014, the end of 1990, fiscal 1989, post-1959, pre-1990, early 1990, the year 1999, calendar 2001',
  'the first half of 2003, summer of 1969, in spring of 1972, nineteen ninety-six, the year two thousand',
  "the 1990s, the late 1970s, '90s, the nineties, early 1990s, nineteen sixties, the 20th century",
  'the twentieth century, the twenty-first century, 123rd century, the third quarter, third-quarter',
  "the year-ago quarter, this year's third quarter, the 1988 quarter, 11998 quarter, 4th quarter, flat quarter",
  'the latest period, the year-ago period, the 1988 period, the corresponding period last year',
  'the current fiscal year, the fiscal year, new fiscal year, same fiscal year',
  'last month, this year, the past week, earlier this year, the end of the month, this weekend, the rest of the year',
  'the balance of the year, first half of the year, later in the week, the coming decade, previous century',
  'that year, later that year, the following month, earlier that day, the next morning, that same day',
  "year-end, around year end, the month's end, a year ago, six weeks ago, two years earlier, 1234 days ago",
  'nearly four years ago, a few years ago, a couple of months ago, twenty-one days later, several weeks from now',
  'more than ten years hence, year-earlier, year-ago, Friday, last Friday, Friday’s, Sunday night, early Tuesday',
  'today, yesterday, tomorrow morning, late yesterday, tonight, last night, this morning, later this evening',
  'the day before yesterday, the day after tomorrow, now, right now, currently, current, at present, presently',
  'these days, nowadays, at the moment, recently, more recently, recent years, Previously, he said. the past',
  'past decades, the future, the near future, in future, coming weeks, the coming months, the long term',
  'Thanksgiving, Christmas Eve, New Year’s Day, last Easter, this summer, last fall, the winter of 1994',
  'spring 1995, 10:35 a.m., 9 a.m. Tuesday, noon Thursday, 5 p.m. EST Nov. 9, around 7:15 p.m., 14:00 GMT',
  'noontime, midnights, middays, 12pm, shortly after midnight, just before 9 am, 0735 GMT Friday',
  'x2015-01-01 _March 5 éMarch 5 5March 3, ßFriday ab1990s _the 1990s 9thirties ‘90s 5noon _now',
];

test('every match a whole-text scan of a rule finds begins where the one pass says it may', () => {
  assert.deepEqual(missedStarts(PHRASES.join('\n')), []);
  for (const p of PHRASES) assert.deepEqual(missedStarts(p.toUpperCase()), []);
  const dir = join(projectRoot, 'examples');
  for (const f of readdirSync(dir)) assert.deepEqual(missedStarts(readFileSync(join(dir, f), 'utf8')), [], f);
});

test('phrases glued in any order with any separator: the one pass still lists every start', () => {
  const random = seededRandom(12345);
  const next = (n: number): number => Math.floor(random() * n);
  const pieces = PHRASES.join(', ').split(/,\s*/);
  const glue = ['', ' ', '-', "'", '’', '.', ',', '\n', '_', '1', 'a', 'é', '$'];
  for (let round = 0; round < 200; round++) {
    let text = '';
    for (let k = 0; k < 12; k++) text += glue[next(glue.length)] + pieces[next(pieces.length)];
    assert.deepEqual(missedStarts(text), [], text);
  }
});

test('expressions of every shape are found at the places the one pass lists', () => {
  const text = PHRASES.join(' ');
  const found = findTimeExpressions(text, '2015-10-01').map((t) => t.text);
  assert.ok(found.includes('Sept. 30'));
  assert.ok(found.includes('noon Thursday'));
  assert.ok(found.includes("'90s"));
  assert.ok(found.includes('six weeks ago'));
});
