// URLs → RawDocuments: a page is one document; a feed's items and a sitemap's URLs are each fetched as pages, once
// per canonical URL. The fetch itself is the caller's (the CLI hands in the vetted fetcher of src/fetch/), so this
// room only reads what comes back.
import type { ContentKind, RawDocument, SidecarMeta } from '../model.js';
import { decodeBytes } from './decode.js';
import { describeError, IngestError } from './errors.js';
import {
  emptyFeedStats,
  type FeedItem,
  type FeedItemError,
  type FeedStats,
  feedItemTextLength,
  isJsonFeed,
  parseFeed,
  shortItemReason,
} from './feed.js';
import { gunzipBounded } from './read-file.js';
import { DEFAULT_MIN_FEED_ITEM_CHARS, MAX_URL_SOURCE_ITEMS } from './settings.js';
import { parseSitemap, type SitemapEntry } from './sitemap.js';
import { binaryFormat, binaryTextProblem, hasManyHtmlTags, isGzip, sniffMarkup } from './sniff.js';

/** What a fetch gives back: the URL after redirects, the Content-Type, the whole body. */
export interface FetchedBody {
  url: string;
  contentType: string;
  bytes: Uint8Array;
}

/** Fetches one URL or rejects with an error whose message is fit to show (address refused, HTTP 404, timeout…). */
export type Fetcher = (url: string) => Promise<FetchedBody>;

type IngestItem = { ok: true; doc: RawDocument } | { ok: false; source: string; error: string };

export interface UrlIngestOptions {
  fetch: Fetcher;
  /** Largest gunzipped body, in bytes (the fetcher caps the body as sent). */
  maxBytes: number;
  /** Pages fetched for one feed or sitemap (a sitemap index: for all its sitemaps). Default MAX_URL_SOURCE_ITEMS. */
  maxItemsPerSource?: number;
  /** Feed items with less text than this are links: their page is fetched, their own text never stands in. */
  minFeedItemChars?: number;
  /**
   * Fields by URL, matched exactly (the page's URL as a feed, a sitemap or the command line gives it; `feedURL#n` for
   * a feed item's own text), that win over the page's. Never by base name: unrelated sites share page names.
   */
  manifest?: Map<string, SidecarMeta>;
  /** Told, after each feed or sitemap, what it held: items, articles, and the items skipped by reason. */
  onFeedStats?: (url: string, stats: FeedStats) => void;
  /**
   * Whether an item (by `itemKey`) was already read by an earlier run (`storyline watch` asks its store): such an
   * item is skipped, its page not fetched.
   */
  seenBefore?: (key: string) => Promise<boolean>;
  /**
   * Told of each feed or sitemap item taken (not skipped): its key and the source of what was yielded for it (the
   * page's URL, `feedURL#n` for the item's own text, the failed URL), or undefined when nothing was (a redirect led to
   * a page already read).
   */
  onItem?: (key: string, source: string | undefined) => void;
}

/** Why an item is skipped when an earlier run already read it. */
export const SEEN_BEFORE = 'read by an earlier poll';

/** A command-line input that names a URL rather than a path: a scheme and `//` (other schemes then fail clearly). */
export function isUrlInput(input: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(input);
}

// Query parameters that only track where a reader came from; the same article carries many of them.
const TRACKING_PARAM = /^(?:utm_\w+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid)$/i;

/**
 * The URL two links to one article share: no fragment, no tracking parameters (the URL parser already lower-cases
 * the scheme and host and drops a default port). Unparseable text is its own key.
 */
export function canonicalUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return text;
  }
  url.hash = '';
  for (const name of [...url.searchParams.keys()]) if (TRACKING_PARAM.test(name)) url.searchParams.delete(name);
  return url.href;
}

function countSkip(stats: FeedStats, reason: string): void {
  stats.skipped[reason] = (stats.skipped[reason] ?? 0) + 1;
}

type Body =
  | { kind: 'page'; content: ContentKind; text: string; encoding: string }
  | { kind: 'feed' | 'sitemap'; text: string; encoding: string };

/** The body as text, refusing binaries (gzip, as sitemaps often come, is opened within `maxBytes`). */
async function decodeBody(fetched: FetchedBody, maxBytes: number): Promise<{ text: string; encoding: string }> {
  let bytes = fetched.bytes;
  if (isGzip(bytes)) bytes = await gunzipBounded(bytes, maxBytes);
  const magic = binaryFormat(bytes);
  if (magic) throw new IngestError(`binary content (${magic}), not a page, feed or sitemap`);
  const { text, encoding } = decodeBytes(bytes);
  if (text.trim() === '') throw new IngestError('empty response');
  const binary = binaryTextProblem(text);
  if (binary) throw new IngestError(`binary content (${binary}), not a page, feed or sitemap`);
  return { text, encoding };
}

/** What the response is, by its content first and its Content-Type where the content is ambiguous. */
async function readBody(fetched: FetchedBody, maxBytes: number): Promise<Body> {
  const { text, encoding } = await decodeBody(fetched, maxBytes);
  const mime = fetched.contentType.split(';')[0].trim().toLowerCase();
  if (text.trimStart().startsWith('{')) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = undefined;
    }
    if (isJsonFeed(value)) return { kind: 'feed', text, encoding };
  }
  const markup = sniffMarkup(text);
  if (markup?.kind === 'feed') return { kind: 'feed', text, encoding };
  if (markup?.kind === 'sitemap') return { kind: 'sitemap', text, encoding };
  if (markup?.kind === 'html') return { kind: 'page', content: 'html', text, encoding };
  if (markup?.kind === 'xml') throw new IngestError(`XML document (<${markup.root}>), not a page, feed or sitemap`);
  if (markup?.kind === 'warc') throw new IngestError('a WARC archive: download it and ingest the file');
  if (/html/.test(mime) || hasManyHtmlTags(text)) return { kind: 'page', content: 'html', text, encoding };
  if (mime === '' || mime.startsWith('text/')) return { kind: 'page', content: 'text', text, encoding };
  throw new IngestError(`${mime} is not a page, feed or sitemap`);
}

/**
 * The key an item is known by across runs: its link's canonical URL, or (an item without a link) the feed's with the
 * item's title and date.
 */
export function itemKey(sourceUrl: string, link: string | undefined, meta: SidecarMeta): string {
  if (link) return canonicalUrl(link);
  return `${canonicalUrl(sourceUrl)}#${meta.title ?? ''}|${meta.published ?? ''}`;
}

/** Reads a body already fetched from `url` (a page, feed or sitemap), as `readUrlInputs` reads what it fetches. */
export async function* readFetchedUrl(
  url: string,
  fetched: FetchedBody,
  opts: UrlIngestOptions,
): AsyncGenerator<IngestItem> {
  yield* new UrlReader(opts).fetchedSource(url, fetched);
}

/** Reads URLs one after another (one request at a time); see the file's head. */
export async function* readUrlInputs(urls: string[], opts: UrlIngestOptions): AsyncGenerator<IngestItem> {
  const reader = new UrlReader(opts);
  for (const url of urls) yield* reader.source(url);
}

class UrlReader {
  /** Canonical URLs already taken in this batch: each page is read once, however many feeds list it. */
  private readonly seen = new Set<string>();
  private readonly maxItems: number;
  private readonly minChars: number;

  constructor(private readonly opts: UrlIngestOptions) {
    this.maxItems = opts.maxItemsPerSource ?? MAX_URL_SOURCE_ITEMS;
    this.minChars = opts.minFeedItemChars ?? DEFAULT_MIN_FEED_ITEM_CHARS;
  }

  /** Marks the URL taken; false when it already was. */
  private claim(url: string): boolean {
    const key = canonicalUrl(url);
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }

  /** `repeat`: a redirect landed on a page already read in this batch (under another link). */
  private async fetchBody(url: string): Promise<{ fetched: FetchedBody; body: Body; repeat: boolean }> {
    const fetched = await this.opts.fetch(url);
    // After redirects: a later link to where this one landed is the same page, and so is an earlier one.
    const repeat = canonicalUrl(fetched.url) !== canonicalUrl(url) && !this.claim(fetched.url);
    return { fetched, body: await readBody(fetched, this.opts.maxBytes), repeat };
  }

  private pageDoc(asked: string, fetched: FetchedBody, body: Body & { kind: 'page' }, meta: SidecarMeta): RawDocument {
    return {
      source: fetched.url,
      kind: body.content,
      content: body.text,
      encoding: body.encoding,
      fetchedAt: new Date().toISOString(),
      meta: { ...meta, url: fetched.url, ...this.opts.manifest?.get(asked) },
    };
  }

  async *source(url: string): AsyncGenerator<IngestItem> {
    if (!this.claim(url)) return; // given twice: read once
    let got: { fetched: FetchedBody; body: Body; repeat: boolean };
    try {
      got = await this.fetchBody(url);
    } catch (err) {
      yield { ok: false, source: url, error: describeError(err) };
      return;
    }
    if (got.repeat) return;
    yield* this.fromBody(url, got.fetched, got.body);
  }

  async *fetchedSource(url: string, fetched: FetchedBody): AsyncGenerator<IngestItem> {
    this.claim(url);
    this.claim(fetched.url);
    let body: Body;
    try {
      body = await readBody(fetched, this.opts.maxBytes);
    } catch (err) {
      yield { ok: false, source: url, error: describeError(err) };
      return;
    }
    yield* this.fromBody(url, fetched, body);
  }

  private async *fromBody(url: string, fetched: FetchedBody, body: Body): AsyncGenerator<IngestItem> {
    try {
      if (body.kind === 'page') yield { ok: true, doc: this.pageDoc(url, fetched, body, {}) };
      else if (body.kind === 'feed') yield* this.feed(url, body.text, body.encoding);
      else yield* this.sitemap(url, body.text);
    } catch (err) {
      yield { ok: false, source: url, error: describeError(err) };
    }
  }

  /**
   * One page, as an item; a feed or sitemap where a page was expected is a failure. Undefined when a redirect led to
   * a page already read.
   */
  private async page(url: string, meta: SidecarMeta): Promise<IngestItem | undefined> {
    try {
      const { fetched, body, repeat } = await this.fetchBody(url);
      if (repeat) return undefined;
      if (body.kind !== 'page') throw new IngestError(`a ${body.kind}, not a page`);
      return { ok: true, doc: this.pageDoc(url, fetched, body, meta) };
    } catch (err) {
      return { ok: false, source: url, error: describeError(err) };
    }
  }

  private async *feed(feedUrl: string, text: string, encoding: string): AsyncGenerator<IngestItem> {
    const feed = parseFeed(text);
    if (feed.items.length === 0) throw new IngestError(`feed holds no items (<${feed.format}> feed)`);
    const stats = emptyFeedStats();
    const skip = (reason: string): void => countSkip(stats, reason);
    for (const [i, item] of feed.items.entries()) {
      stats.items++;
      if (i >= this.maxItems) {
        skip(`past the ${this.maxItems}-item limit`);
        continue;
      }
      const meta: SidecarMeta = { ...(feed.title ? { outlet: feed.title } : {}), ...item.meta };
      const link = meta.url && /^https?:\/\//i.test(meta.url) ? meta.url : undefined;
      const key = itemKey(feedUrl, link, meta);
      if (await this.opts.seenBefore?.(key)) {
        skip(SEEN_BEFORE);
        continue;
      }
      if (link && !this.claim(link)) {
        skip('already read in this batch');
        continue;
      }
      const fallback = this.itemText(item, `${feedUrl}#${i + 1}`, meta, encoding);
      if (!link) {
        // No page to fetch: the item is read as from a feed file (a short one is a link, skipped, not failed).
        if (fallback.ok) stats.documents++;
        if (fallback.ok || 'error' in item) {
          this.opts.onItem?.(key, itemSource(fallback));
          yield fallback;
        } else countSkip(stats, shortItemReason(this.minChars));
        continue;
      }
      const page = await this.page(link, meta);
      let taken: IngestItem | undefined;
      if (!page) skip('already read in this batch');
      else if (page.ok) {
        stats.documents++;
        taken = page;
      } else if (fallback.ok) {
        // The page could not be had; the item carries the article itself, which stands in for it.
        stats.documents++;
        taken = fallback;
      } else {
        taken = { ok: false, source: link, error: `${page.error}; ${fallback.error}` };
      }
      this.opts.onItem?.(key, taken && itemSource(taken));
      if (taken) yield taken;
    }
    this.opts.onFeedStats?.(feedUrl, stats);
  }

  /** The feed item's own text as a document, when it is long enough to be an article. */
  private itemText(item: FeedItem | FeedItemError, source: string, meta: SidecarMeta, encoding: string): IngestItem {
    if ('error' in item) return { ok: false, source, error: `the feed item has no text of its own (${item.error})` };
    if (feedItemTextLength(item) < this.minChars) {
      return {
        ok: false,
        source,
        error: `the feed item's own text is too short to stand in (${shortItemReason(this.minChars)})`,
      };
    }
    const doc: RawDocument = {
      source,
      kind: item.kind,
      content: item.content,
      encoding,
      fetchedAt: new Date().toISOString(),
      meta: { ...meta, ...this.opts.manifest?.get(source) },
    };
    return { ok: true, doc };
  }

  private async *sitemap(sitemapUrl: string, text: string): AsyncGenerator<IngestItem> {
    const sitemap = parseSitemap(text);
    const stats = emptyFeedStats();
    const budget = { left: this.maxItems };
    if (sitemap.kind === 'urlset') {
      yield* this.sitemapPages(sitemap.entries, stats, budget);
    } else {
      for (const child of sitemap.entries) {
        if (budget.left <= 0) break;
        if (!this.claim(child.url)) continue;
        try {
          const { body } = await this.fetchBody(child.url);
          if (body.kind !== 'sitemap') throw new IngestError(`a ${body.kind}, not a sitemap`);
          const inner = parseSitemap(body.text);
          // One level only: an index of indexes is a loop or a trap, as too many redirects are.
          if (inner.kind !== 'urlset') throw new IngestError('a sitemap index inside a sitemap index is not followed');
          yield* this.sitemapPages(inner.entries, stats, budget);
        } catch (err) {
          yield { ok: false, source: child.url, error: describeError(err) };
        }
      }
    }
    this.opts.onFeedStats?.(sitemapUrl, stats);
  }

  private async *sitemapPages(
    entries: SitemapEntry[],
    stats: FeedStats,
    budget: { left: number },
  ): AsyncGenerator<IngestItem> {
    for (const entry of entries) {
      stats.items++;
      if (budget.left <= 0) {
        countSkip(stats, `past the ${this.maxItems}-item limit`);
        continue;
      }
      const key = itemKey(entry.url, entry.url, entry.meta);
      if (await this.opts.seenBefore?.(key)) {
        countSkip(stats, SEEN_BEFORE);
        continue;
      }
      if (!this.claim(entry.url)) {
        countSkip(stats, 'already read in this batch');
        continue;
      }
      budget.left--;
      const page = await this.page(entry.url, entry.meta);
      this.opts.onItem?.(key, page && itemSource(page));
      if (!page) countSkip(stats, 'already read in this batch');
      else {
        if (page.ok) stats.documents++;
        yield page;
      }
    }
  }
}

function itemSource(item: IngestItem): string {
  return item.ok ? item.doc.source : item.source;
}
