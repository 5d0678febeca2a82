// Retries of one request with exponential backoff: after a network error, a timeout, a 5xx or a 429, and only a
// bounded number of times. A Retry-After the server sends is honoured when it is not too long to wait for.
import { FetchRefused } from './safe-fetch.js';
import { WATCH_SETTINGS } from './settings.js';

export interface RetrySettings {
  retries: number;
  baseMs: number;
  maxMs: number;
  retryAfterMaxMs: number;
}

export const RETRY_SETTINGS: RetrySettings = {
  retries: WATCH_SETTINGS.retries,
  baseMs: WATCH_SETTINGS.retryBaseMs,
  maxMs: WATCH_SETTINGS.retryMaxMs,
  retryAfterMaxMs: WATCH_SETTINGS.retryAfterMaxMs,
};

/**
 * Whether another try may succeed: the network failed or timed out (no answer), or the server answered 5xx or 429.
 * A refused address, a bad URL, a page too large or any other 4xx fails the same way every time.
 */
export function isTransient(err: unknown): boolean {
  if (!(err instanceof FetchRefused)) return false;
  if (err.remote) return err.remote.status >= 500 || err.remote.status === 429;
  return err.statusCode === 502 || err.statusCode === 504;
}

/** Retry-After (delay in seconds, or an HTTP date) in milliseconds from `now`; undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/** The wait before retry number `attempt` (0 for the first): base · 2^attempt, capped, times a jitter in [½, 1). */
export function backoffMs(attempt: number, settings: RetrySettings, random: () => number = Math.random): number {
  const plain = Math.min(settings.maxMs, settings.baseMs * 2 ** attempt);
  return Math.round(plain * (0.5 + random() / 2));
}

export interface RetryHooks {
  sleep: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
  /** Told before each retry: which attempt failed, why, and how long until the next. */
  onRetry?: (attempt: number, err: unknown, waitMs: number) => void;
  /** Stops further retries (the watcher is stopping); the last error is thrown. */
  stopped?: () => boolean;
}

/** `attempt()` until it succeeds, fails for good, or the retries are spent; the last error is thrown. */
export async function withRetries<T>(
  attempt: () => Promise<T>,
  hooks: RetryHooks,
  settings: RetrySettings = RETRY_SETTINGS,
): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      if (n >= settings.retries || !isTransient(err) || hooks.stopped?.()) throw err;
      let wait = backoffMs(n, settings, hooks.random);
      const asked =
        err instanceof FetchRefused ? retryAfterMs(err.remote?.retryAfter, (hooks.now ?? Date.now)()) : undefined;
      if (asked !== undefined) {
        if (asked > settings.retryAfterMaxMs) throw err; // too long to hold the poll: the source's backoff takes over
        wait = Math.max(wait, asked);
      }
      hooks.onRetry?.(n + 1, err, wait);
      await hooks.sleep(wait);
    }
  }
}
