// Calendar helpers for timeline dates (`YYYY-MM-DD` days, `YYYY-MM` months), in UTC day numbers.

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isDay(date: string): boolean {
  return DAY.test(date);
}

export function isMonth(date: string): boolean {
  return /^\d{4}-\d{2}$/.test(date);
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` date; NaN for anything else. */
export function dayNumber(date: string): number {
  const m = DAY.exec(date);
  if (!m) return Number.NaN;
  return Math.round(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000);
}

/** The `YYYY-MM-DD` date of a day number. */
export function dayOf(n: number): string {
  return new Date(n * 86_400_000).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return dayOf(dayNumber(date) + days);
}
