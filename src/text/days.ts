// Day numbers: days since 1970-01-01 (UTC), the one integer every room uses to compare dates.

const MS_PER_DAY = 86_400_000;

/**
 * The day number of an ISO date or timestamp (`2015-09-27`, `2015-09-27T10:00Z`), or of a month (`2015-09`, taken
 * as its 15th: the middle is the least wrong single day). Undefined for anything else.
 */
export function dayNumber(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(value);
  if (!m) return undefined;
  return Math.floor(Date.UTC(Number(m[1]), Number(m[2]) - 1, m[3] ? Number(m[3]) : 15) / MS_PER_DAY);
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
    const d = Math.floor(Date.UTC(y, month - 1, Number(m[3])) / MS_PER_DAY);
    return [d, d];
  }
  return [Math.floor(Date.UTC(y, month - 1, 1) / MS_PER_DAY), Math.floor(Date.UTC(y, month, 0) / MS_PER_DAY)];
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
