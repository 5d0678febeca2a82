// When each watched source is polled next: its own interval after a good poll, a growing one after failures.
import { WATCH_SETTINGS } from './settings.js';

/**
 * The instant (ms) a source is next due, polled at `now` with `failures` failed polls in a row: `everyMs` later
 * after a good poll, `everyMs · 2^failures` after failures (at most the larger of `everyMs` and the backoff cap).
 */
export function nextDue(
  now: number,
  everyMs: number,
  failures: number,
  maxBackoffMs: number = WATCH_SETTINGS.failureBackoffMaxMs,
): number {
  if (failures <= 0) return now + everyMs;
  return now + Math.min(everyMs * 2 ** failures, Math.max(everyMs, maxBackoffMs));
}

/** Of `sources` (url → next due in ms, undefined: never polled), those due at `now`, longest overdue first. */
export function dueNow(sources: ReadonlyMap<string, number | undefined>, now: number): string[] {
  return [...sources]
    .filter(([, due]) => due === undefined || due <= now)
    .sort((a, b) => (a[1] ?? Number.NEGATIVE_INFINITY) - (b[1] ?? Number.NEGATIVE_INFINITY))
    .map(([url]) => url);
}
