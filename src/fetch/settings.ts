// Every tunable of a fetch by URL in one place, each with the reason for its value.

/** The tunables of one fetch. Callers may override the first three (and which types are accepted). */
export const FETCH_SETTINGS = {
  /**
   * One deadline for the whole fetch: DNS, connect, response headers, body, every redirect hop. A single budget
   * rather than one per phase bounds how long a hostile server can hold a request open (a drip of one byte a
   * second never trips an idle timeout); 10 s is ample for an article page from a working site.
   */
  timeoutMs: 10_000,
  /**
   * Largest body read, in bytes: an article page is well under 2 MB, and the cap bounds the memory one fetch can
   * take. Matches `storyline serve`'s default upload cap, which the server passes in its place.
   */
  maxBytes: 20 * 1024 * 1024,
  /**
   * Redirects followed. A real article link takes one to three (http to https, a short link, the canonical
   * URL); more is a loop or a trap.
   */
  maxRedirects: 5,
  /** Named so a site's operator can tell who fetched and why. */
  userAgent: 'storyline/0.1 (+self-hosted news engine)',
  /** No Accept-Encoding is sent, so the body arrives as the page's bytes, never compressed. */
  accept: 'text/html, text/plain;q=0.9',
  /**
   * What `storyline ingest URL` asks for: a URL there may be a page, a feed or a sitemap, so their types are named
   * (a server that varies on Accept then answers with the feed, not an HTML rendering of it).
   */
  acceptFeeds:
    'text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, text/plain;q=0.8',
} as const;

/** The environment variable that lets `storyline ingest URL` reach loopback addresses: tests only. */
export const ENV_ALLOW_LOOPBACK = 'STORYLINE_FETCH_ALLOW_LOOPBACK';

/** The tunables of `storyline watch`: its schedule, its politeness towards each host, and its retries. */
export const WATCH_SETTINGS = {
  /** How often a source is polled unless `--every` says otherwise: news feeds change by the hour, not the minute. */
  everyMs: 15 * 60_000,
  /**
   * Least time between the end of one request to a host and the start of the next (`--host-gap`). Two seconds keeps
   * a watcher far below what a news site notices, and a feed's new items (a handful per poll) still arrive in seconds.
   */
  hostGapMs: 2_000,
  /** A robots.txt `Crawl-delay` above this is read as this: a hostile value must not stall every other source. */
  maxCrawlDelayMs: 60_000,
  /** How long a host's robots.txt is trusted before it is fetched again (RFC 9309 §2.4: no more than 24 hours). */
  robotsTtlMs: 24 * 3_600_000,
  /**
   * A robots.txt that could not be had (5xx, network error) means "disallow everything" (RFC 9309 §2.3.1.4); it is
   * asked again after this, so one bad minute of the site does not stop its feed for a day.
   */
  robotsErrorTtlMs: 10 * 60_000,
  /** Bytes of a robots.txt read (RFC 9309 §2.5 asks parsers to take at least 500 KiB). */
  robotsMaxBytes: 500 * 1024,
  /** The product token matched against robots.txt `User-agent` lines: the first word of FETCH_SETTINGS.userAgent. */
  robotsAgent: 'storyline',
  /** Retries of one request after a network error, a 5xx or a 429: enough to ride out a restart of the site. */
  retries: 3,
  /** Wait before the first retry; doubled at each further one (with jitter, so many watchers do not retry in step). */
  retryBaseMs: 1_000,
  /** Longest wait between two retries of one request. */
  retryMaxMs: 30_000,
  /**
   * A Retry-After longer than this is not waited for within the poll: the request fails and the source's own
   * backoff (below) takes over, so one throttled host does not hold the others up.
   */
  retryAfterMaxMs: 60_000,
  /** A source that keeps failing is polled ever less often (its interval doubled per failure), but at least this often. */
  failureBackoffMaxMs: 6 * 3_600_000,
} as const;
