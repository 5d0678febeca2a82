// Day numbers: days since 1970-01-01 (UTC), the one integer every room uses to compare dates, and the only place
// that converts between them and calendar days (`YYYY-MM-DD`, year/month/day), so that every room counts alike.

import type { DatePrecision } from '../model.js';

const MS_PER_DAY = 86_400_000;

/** A calendar day: year, month (1–12), day of the month. */
export interface Ymd {
  y: number;
  m: number;
  d: number;
}

/** The day number of a calendar day (an overflowing day or month rolls over, as `Date.UTC` does). */
export function civilDayNumber({ y, m, d }: Ymd): number {
  return Math.floor(Date.UTC(y, m - 1, d) / MS_PER_DAY);
}

/** The calendar day of a day number. */
export function civilDay(day: number): Ymd {
  const date = new Date(day * MS_PER_DAY);
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
}

/** How many days month `m` (1–12) of year `y` has. */
export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `date` is a day written `YYYY-MM-DD` and nothing more (no time, not a month). */
export function isDay(date: string): boolean {
  return DAY.test(date);
}

/** Whether `date` is a day written `YYYY-MM-DD` that the calendar has (not `2026-02-30`). */
export function isCalendarDay(date: string): boolean {
  const m = DAY.exec(date);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** Whether `date` is a month written `YYYY-MM`. */
export function isMonth(date: string): boolean {
  return /^\d{4}-\d{2}$/.test(date);
}

/** The day number of a `YYYY-MM-DD` day; NaN for anything else (so that arithmetic on it says so). */
function strictDayNumber(date: string): number {
  const m = DAY.exec(date);
  return m ? civilDayNumber({ y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) }) : Number.NaN;
}

/** Days from `from` to `to` (both `YYYY-MM-DD`); NaN when either is not a day. */
export function daysBetween(from: string, to: string): number {
  return strictDayNumber(to) - strictDayNumber(from);
}

/** `date` (`YYYY-MM-DD`) moved by `days`; throws a RangeError when `date` is not a day. */
export function addDays(date: string, days: number): string {
  return dayString(strictDayNumber(date) + days);
}

/**
 * The day number of an ISO date or timestamp (`2015-09-27`, `2015-09-27T10:00Z`), or of a month (`2015-09`, taken
 * as its 15th: the middle is the least wrong single day). Undefined for anything else.
 */
export function dayNumber(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(value);
  if (!m) return undefined;
  return civilDayNumber({ y: Number(m[1]), m: Number(m[2]), d: m[3] ? Number(m[3]) : 15 });
}

/**
 * The day number of a value that names a day (`2015-09-27`, a timestamp), not of a month or a year: a month ("in
 * September") says little about which event a sentence reports.
 */
export function exactDayNumber(value: string | undefined): number | undefined {
  return value && /^\d{4}-\d{2}-\d{2}/.test(value) ? dayNumber(value) : undefined;
}

/** `YYYY-MM-DD` of a day number. */
export function dayString(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Event dates further than this from publication are background (an anniversary, a past war), not the news. */
const EVENT_DAY_HORIZON = 366;
/** News reports what just happened: event days this close before publication count one more. */
const RECENT_DAYS = 3;

/**
 * The day an article mostly reports: its most frequent event day (from its sentences' dates), the days just before
 * publication counting one more, the earliest on ties; else its publication day.
 */
export function mainEventDay(published: number | undefined, eventDays: readonly number[]): number | undefined {
  const counts = new Map<number, number>();
  for (const d of eventDays) {
    if (published !== undefined && Math.abs(d - published) > EVENT_DAY_HORIZON) continue;
    const recent = published !== undefined && d <= published && d >= published - RECENT_DAYS && !counts.has(d) ? 1 : 0;
    counts.set(d, (counts.get(d) ?? 0) + 1 + recent);
  }
  let best: number | undefined;
  let bestCount = 0;
  for (const [d, c] of counts) if (c > bestCount || (c === bestCount && d < (best ?? d))) [best, bestCount] = [d, c];
  return best ?? published;
}

/**
 * The first and last day numbers a date value covers: a day (`2015-09-27`, a timestamp, `2015-09-27TNI`) is
 * itself, a month (`2015-09`) its first to its last day. Undefined for anything coarser or finer-grained than
 * that (weeks, seasons, years): too vague to place a day by.
 */
export function dayRange(value: string | undefined): [number, number] | undefined {
  if (!value) return undefined;
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?(?:$|T)/.exec(value);
  if (!m) return undefined;
  const y = Number(m[1]);
  const month = Number(m[2]);
  if (month < 1 || month > 12) return undefined;
  if (m[3]) {
    const d = civilDayNumber({ y, m: month, d: Number(m[3]) });
    return [d, d];
  }
  return [civilDayNumber({ y, m: month, d: 1 }), civilDayNumber({ y, m: month, d: daysInMonth(y, month) })];
}

/** English short month names, as dates are shown to a reader ("13 Nov", "27 Sep 2015"). */
export const SHORT_MONTHS = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const;

/** A date value as ISO 8601: a date-time gets `T` and its seconds (`2025-03-09 09:00` → `2025-03-09T09:00:00`). */
export function isoDate(value: string): string {
  const m = value.trim().match(/^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2}(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i);
  if (!m) return value.trim();
  const zone =
    m[4] === undefined ? '' : m[4].toUpperCase() === 'Z' ? 'Z' : m[4].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  return `${m[1]}T${m[2]}${m[3] ?? ':00'}${zone}`;
}

/** The precision a date value's own shape shows, for records that kept only the value. */
export function precisionOf(value: string): DatePrecision {
  if (/^\d{4}$/.test(value)) return 'year';
  if (isMonth(value)) return 'month';
  if (isDay(value)) return 'day';
  return 'time';
}
