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
