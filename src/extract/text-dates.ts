// Calendar dates as scraped pages print them ("17/11/2015 20:50", "November 18th, 2015",
// "Nov. 17, 2015", "18 Apr, 2024", "2015-11-17"). Regex-only so plain-text extraction stays fast.

import { daysInMonth } from '../text/days.js';

export interface DayDate {
  year: number;
  month: number;
  day: number;
}

export interface DateMatch {
  date: DayDate;
  /** Where the date was printed in the searched string. */
  start: number;
  end: number;
}

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

const MONTH =
  '(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?';
const DAY = '(\\d{1,2})(?:st|nd|rd|th)?';
const YEAR = '((?:19|20)\\d\\d)';
/** Commas and PTB-tokenised " , " between the parts of a date. */
const SEP = '\\s*,?\\s*';

const ISO_RE = /\b((?:19|20)\d\d)-(\d{1,2})-(\d{1,2})\b/;
const NUMERIC_RE = /\b(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)\d\d)\b/;
const MONTH_FIRST_RE = new RegExp(`\\b${MONTH}\\s+${DAY}${SEP}${YEAR}\\b`, 'i');
const DAY_FIRST_RE = new RegExp(`\\b${DAY}\\s+(?:of\\s+)?${MONTH}${SEP}${YEAR}\\b`, 'i');

function valid(year: number, month: number, day: number): DayDate | undefined {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

function monthNumber(name: string): number {
  return MONTHS[name.toLowerCase().slice(0, 3)] ?? 0;
}

/**
 * The first full calendar date (with a year) printed in `s`, or undefined.
 * `monthFirst` decides `03/04/2015` (US outlets print month/day); a first number above 12 is always a day.
 */
export function findDate(s: string, monthFirst = false): DateMatch | undefined {
  const found: DateMatch[] = [];
  const iso = ISO_RE.exec(s);
  if (iso) {
    const date = valid(Number(iso[1]), Number(iso[2]), Number(iso[3]));
    if (date) found.push({ date, start: iso.index, end: iso.index + iso[0].length });
  }
  const num = NUMERIC_RE.exec(s);
  if (num) {
    const a = Number(num[1]);
    const b = Number(num[2]);
    const year = Number(num[3]);
    const dayFirst = a > 12 || (b <= 12 && !monthFirst);
    const date = dayFirst ? valid(year, b, a) : valid(year, a, b);
    if (date) found.push({ date, start: num.index, end: num.index + num[0].length });
  }
  const mf = MONTH_FIRST_RE.exec(s);
  if (mf?.[1]) {
    const date = valid(Number(mf[3]), monthNumber(mf[1]), Number(mf[2]));
    if (date) found.push({ date, start: mf.index, end: mf.index + mf[0].length });
  }
  const df = DAY_FIRST_RE.exec(s);
  if (df?.[2]) {
    const date = valid(Number(df[3]), monthNumber(df[2]), Number(df[1]));
    if (date) found.push({ date, start: df.index, end: df.index + df[0].length });
  }
  if (found.length === 0) return undefined;
  return found.reduce((best, m) => (m.start < best.start ? m : best));
}

/** `YYYY-MM-DD`. */
export function formatDay(d: DayDate): string {
  return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

const WEEKDAY_RE = /\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\b\.?/gi;
// Case-sensitive on purpose: a zone is upper case (EST, GMT+1), so "20:50 by admin" keeps its "by".
const TIME_RE = /\b\d{1,2}[:.h]\d{2}(?::\d{2})?\s*(?:[aApP]\.?[mM]\.?)?(?:\s*[A-Z]{2,4}(?:[+-]\d{1,2})?\b)?/g;

/** What is left of a line once its date, weekday and clock time are taken out (to tell a date line from a sentence). */
export function withoutDateParts(s: string, m: DateMatch): string {
  return `${s.slice(0, m.start)} ${s.slice(m.end)}`.replace(WEEKDAY_RE, ' ').replace(TIME_RE, ' ');
}
