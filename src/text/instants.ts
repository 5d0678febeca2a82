// Instants a person types: an ISO 8601 date or date-time, or a span back from now ("2h", "30m", "7d"). Used by
// every `since` (the API, the feeds, the CLI) so they all read the same forms and compare alike.

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/**
 * A span as people type it (`200ms`, `30s`, `15m`, `2h`, `7d`, `1w`) in milliseconds, or undefined when it is not
 * one. What `--since` reads as "back from now" and `watch --every` as an interval.
 */
export function parseSpanMs(value: string): number | undefined {
  const span = value.trim().match(/^(\d+(?:\.\d+)?)\s*(ms|[smhdw])$/i);
  if (!span) return undefined;
  return Math.round(Number(span[1]) * (UNIT_MS[(span[2] as string).toLowerCase()] as number));
}

/** ISO 8601 as people write it: a day, or a day with a time (seconds and fraction optional), with or without zone. */
const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * `value` as an ISO instant in UTC with milliseconds (`2026-12-01T10:00:00.000Z`, the form the change log keeps, so
 * that comparing strings compares instants), or undefined when it is neither an ISO date-time nor a span like
 * `2h`. A day without a time is its midnight UTC; a date-time without a zone is taken as UTC.
 */
export function parseInstant(value: string, now: Date = new Date()): string | undefined {
  const text = value.trim();
  const span = /^\d+\s*[smhdw]$/i.test(text) ? parseSpanMs(text) : undefined;
  if (span !== undefined) return new Date(now.getTime() - span).toISOString();
  if (!ISO.test(text)) return undefined;
  const zoned = /T|\s/i.test(text) && !/(Z|[+-]\d{2}:?\d{2})$/i.test(text) ? `${text.replace(' ', 'T')}Z` : text;
  const ms = Date.parse(zoned);
  if (!Number.isFinite(ms)) return undefined;
  const iso = new Date(ms).toISOString();
  // Date.parse rolls 2026-02-30 over to March: a day that does not exist is refused, not moved.
  return text.slice(0, 10) === iso.slice(0, 10) || /[+-]\d{2}:?\d{2}$/.test(text) ? iso : undefined;
}
