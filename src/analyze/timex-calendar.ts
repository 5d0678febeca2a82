// Calendar arithmetic for time-expression normalisation: proleptic Gregorian days in UTC, ISO weeks,
// quarters, seasons, and the TIMEX3 value formats.

import { civilDay, civilDayNumber, daysInMonth, type Ymd } from '../text/days.js';

export { daysInMonth, type Ymd };

// Day numbers are the text base's (text/days.ts), under the names the timex rules use: one conversion for every room.
export const dayNumber = civilDayNumber;
export const fromDayNumber = civilDay;

export function addDays(date: Ymd, days: number): Ymd {
  return fromDayNumber(dayNumber(date) + days);
}

/** Month arithmetic on (year, month), the day dropped. */
export function addMonths(y: number, m: number, months: number): { y: number; m: number } {
  const index = y * 12 + (m - 1) + months;
  return { y: Math.floor(index / 12), m: (index % 12) + 1 };
}

/** 0 = Monday … 6 = Sunday. */
export function weekdayOf(date: Ymd): number {
  return (((dayNumber(date) + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday (3)
}

export function isValidDay(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** The ISO 8601 week (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeek(date: Ymd): { year: number; week: number } {
  const n = dayNumber(date);
  const thursday = fromDayNumber(n - weekdayOf(date) + 3);
  const firstDay = dayNumber({ y: thursday.y, m: 1, d: 1 });
  return { year: thursday.y, week: Math.floor((dayNumber(thursday) - firstDay) / 7) + 1 };
}

const pad2 = (n: number): string => String(n).padStart(2, '0');
const pad4 = (n: number): string => String(n).padStart(4, '0');

export function fmtYear(y: number): string {
  return pad4(y);
}

export function fmtMonth(y: number, m: number): string {
  return `${pad4(y)}-${pad2(m)}`;
}

export function fmtDay({ y, m, d }: Ymd): string {
  return `${pad4(y)}-${pad2(m)}-${pad2(d)}`;
}

export function fmtWeek(date: Ymd): string {
  const { year, week } = isoWeek(date);
  return `${pad4(year)}-W${pad2(week)}`;
}

export function fmtQuarter(y: number, q: number): string {
  return `${pad4(y)}-Q${q}`;
}

export function fmtTime(date: Ymd, hour: number, minute: number): string {
  return `${fmtDay(date)}T${pad2(hour)}:${pad2(minute)}`;
}

export function quarterOf(m: number): number {
  return Math.floor((m - 1) / 3) + 1;
}

export type Season = 'SP' | 'SU' | 'FA' | 'WI';

/** Northern-hemisphere meteorological seasons; winter belongs to the year of its December. */
export function seasonOf({ y, m }: { y: number; m: number }): { y: number; season: Season } {
  if (m >= 3 && m <= 5) return { y, season: 'SP' };
  if (m >= 6 && m <= 8) return { y, season: 'SU' };
  if (m >= 9 && m <= 11) return { y, season: 'FA' };
  return { y: m === 12 ? y : y - 1, season: 'WI' };
}

/** Order within a year: winter last, as it is the year of its December. */
export const SEASON_ORDER: Season[] = ['SP', 'SU', 'FA', 'WI'];

/** Parses `YYYY-MM-DD` or any ISO timestamp beginning with it. */
export function parseAnchor(anchor: string | undefined): Ymd | undefined {
  if (!anchor) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(anchor.trim());
  if (!m) return undefined;
  const date = { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
  return isValidDay(date.y, date.m, date.d) ? date : undefined;
}

/** 'last'/'this'/'next' style offsets for a weekday: the date of weekday `wd` within [from, from+6] days of anchor. */
export function weekdayInWindow(anchor: Ymd, wd: number, from: number): Ymd {
  const base = dayNumber(anchor) + from;
  const baseWd = weekdayOf(fromDayNumber(base));
  return fromDayNumber(base + ((wd - baseWd + 7) % 7));
}
