// Resolving underspecified dates against the anchor (publication date) and the tense around them.
import {
  addDays,
  addMonths,
  dayNumber,
  fmtDay,
  fmtMonth,
  fmtQuarter,
  fmtWeek,
  isValidDay,
  quarterOf,
  weekdayInWindow,
  type Ymd,
} from './timex-calendar.js';
import type { Direction } from './timex-tense.js';

export interface ResolveContext {
  anchor: Ymd;
  /** The tense around the expression, computed on demand. */
  direction: () => Direction;
  /** The sentence holding the expression, computed on demand. */
  sentence: () => string;
  /** The text shortly before the expression and its sentence (the topic of the paragraph). */
  context: () => string;
}

// How far back (or ahead) the tense may send a year-less date before the nearest reading wins instead:
// "payable Jan. 2" in a November article is next January whatever verb is near.
const TENSE_REACH_DAYS = 280;
const TENSE_REACH_MONTHS = 8;

/** A year-less day (month, day) placed by the tense (past → on or before the anchor), else the nearest one. */
export function placeMonthDay(ctx: ResolveContext, month: number, day: number): Ymd | undefined {
  const a = ctx.anchor;
  const options: Ymd[] = [];
  for (const y of [a.y - 1, a.y, a.y + 1]) if (isValidDay(y, month, day)) options.push({ y, m: month, d: day });
  if (options.length === 0) return undefined;
  const now = dayNumber(a);
  const dir = ctx.direction();
  if (dir === 'past') {
    const past = options.filter((o) => dayNumber(o) <= now).pop();
    if (past && now - dayNumber(past) <= TENSE_REACH_DAYS) return past;
  } else if (dir === 'future') {
    const future = options.find((o) => dayNumber(o) >= now);
    if (future && dayNumber(future) - now <= TENSE_REACH_DAYS) return future;
  }
  let best = options[0];
  for (const o of options) if (Math.abs(dayNumber(o) - now) < Math.abs(dayNumber(best) - now)) best = o;
  return best;
}

/** A year-less month placed like placeMonthDay, at month granularity. */
export function placeMonth(ctx: ResolveContext, month: number): string {
  const a = ctx.anchor;
  const here = a.y * 12 + a.m - 1;
  const options = [a.y - 1, a.y, a.y + 1].map((y) => ({ y, index: y * 12 + month - 1 }));
  const dir = ctx.direction();
  let chosen: { y: number; index: number } | undefined;
  if (dir === 'past') chosen = options.filter((o) => o.index <= here).pop();
  else if (dir === 'future') chosen = options.find((o) => o.index >= here);
  if (!chosen || Math.abs(chosen.index - here) > TENSE_REACH_MONTHS) {
    chosen = options[1];
    for (const o of options) if (Math.abs(o.index - here) < Math.abs(chosen.index - here)) chosen = o;
  }
  return fmtMonth(chosen.y, month);
}

/** last/next: strictly before/after the anchor's week day; past/coming: on or before/after; plain/this: by tense. */
export type WeekdayRelation = 'last' | 'next' | 'past' | 'coming' | 'this' | 'plain';

/** A weekday: "last" → the one before the anchor, "next" → after; otherwise the tense decides (news: backwards). */
export function placeWeekday(ctx: ResolveContext, weekday: number, relation: WeekdayRelation): Ymd {
  const a = ctx.anchor;
  if (relation === 'last') return weekdayInWindow(a, weekday, -7);
  if (relation === 'next') return weekdayInWindow(a, weekday, 1);
  if (relation === 'past') return weekdayInWindow(a, weekday, -6);
  if (relation === 'coming') return weekdayInWindow(a, weekday, 0);
  return ctx.direction() === 'future' ? weekdayInWindow(a, weekday, 0) : weekdayInWindow(a, weekday, -6);
}

/** The weekend (as `YYYY-Www-WE`) a sentence means: "last" → the one before, "next"/future → the coming one. */
export function placeWeekend(ctx: ResolveContext, relation: WeekdayRelation): string {
  const a = ctx.anchor;
  let saturday: Ymd;
  if (relation === 'last') saturday = weekdayInWindow(a, 5, -7);
  else if (relation === 'next') saturday = weekdayInWindow(a, 5, 1);
  else {
    const dir = ctx.direction();
    const forward = dir === 'future' || (dir === 'none' && weekdayOfAnchorIsLate(a));
    saturday = forward ? weekdayInWindow(a, 5, -1) : weekdayInWindow(a, 5, -6);
  }
  return `${fmtWeek(saturday)}-WE`;
}

function weekdayOfAnchorIsLate(a: Ymd): boolean {
  // Thursday and Friday articles talk about the coming weekend; Monday ones about the past one.
  const wd = (((dayNumber(a) + 3) % 7) + 7) % 7;
  return wd >= 3;
}

/** The quarter a financial report means by "the quarter", "the latest quarter": the last one completed. */
export function reportedQuarter(a: Ymd): { y: number; q: number } {
  const q = quarterOf(a.m);
  return q === 1 ? { y: a.y - 1, q: 4 } : { y: a.y, q: q - 1 };
}

/** "a year ago" in an earnings sentence means the same quarter a year before. */
export function yearAgo(ctx: ResolveContext): string {
  const a = ctx.anchor;
  if (/\bquarter\b/i.test(ctx.context())) {
    const rep = reportedQuarter(a);
    return fmtQuarter(rep.y - 1, rep.q);
  }
  return String(a.y - 1).padStart(4, '0');
}

export function shiftDay(a: Ymd, days: number): string {
  return fmtDay(addDays(a, days));
}

export function shiftMonth(a: Ymd, months: number): string {
  const { y, m } = addMonths(a.y, a.m, months);
  return fmtMonth(y, m);
}

export function shiftWeek(a: Ymd, weeks: number): string {
  return fmtWeek(addDays(a, weeks * 7));
}
