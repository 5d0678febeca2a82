// Ingest: paths (files, folders, globs, .gz, JSON/JSONL, feeds, WARC, SGML newswire) and URLs → RawDocuments, or one failure
// per bad input.
import { basename, extname, isAbsolute } from 'node:path';
import type { RawDocument, SidecarMeta } from '../model.js';
import { decodeBytes } from './decode.js';
import { describeError, IngestError } from './errors.js';
import { emptyFeedStats, type FeedStats, feedFileItems, isJsonFeed } from './feed.js';
import { loadManifest, manifestMetaFor } from './manifest.js';
import { expandPaths, type PathEntry } from './paths.js';
import { gunzipBounded, readFileBounded } from './read-file.js';
import { type ArticleRecord, looksLikeJsonl, parseJsonDocument, parseJsonl, toArticleRecord } from './records.js';
import { newswireFileItems } from './sgml.js';
import { type Fetcher, isUrlInput, readUrlInputs } from './url.js';
import { binaryFormat, binaryTextProblem, hasAnyTag, hasManyHtmlTags, isGzip, isWarc, sniffMarkup } from './sniff.js';
import {
  DEFAULT_MAX_WARC_BYTES,
  emptyWarcStats,
  isWarcName,
  readWarcFile,
  readWarcRecords,
  type WarcStats,
} from './warc.js';

export { formatSize } from './errors.js';
export { loadManifest } from './manifest.js';
export { DEFAULT_MAX_WARC_BYTES, type WarcStats } from './warc.js';
export type { FeedStats } from './feed.js';
export type { FetchedBody, Fetcher } from './url.js';
export { DEFAULT_MIN_FEED_ITEM_CHARS } from './settings.js';

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

/** A file of this name inside the inputs is the manifest of its folder, read as sidecar metadata, not as articles. */
export const FOLDER_MANIFEST = 'manifest.jsonl';

export interface IngestOptions {
  /** Largest file (and largest gunzipped content) accepted, in bytes. Default 20 MB. */
  maxBytes?: number;
  /**
   * Largest `.warc`/`.warc.gz` file, in bytes on disk. Default 200 MB. Archives are streamed record by record,
   * each record still within `maxBytes`; a WARC found by content under another name is read whole, within `maxBytes`.
   */
  maxWarcBytes?: number;
  /** From `loadManifest`: fields that override what the inputs say. */
  manifest?: Map<string, SidecarMeta>;
  /**
   * Largest clean text an article keeps, in UTF-8 bytes (longer text is cut, with a warning on the article).
   * Set on every document read as `maxTextBytes`, which extraction reads; absent, extraction's default (2 MB).
   */
  maxTextBytes?: number;
  /**
   * Told, after each WARC archive, what it held: records, documents, and the records skipped by reason (requests,
   * metadata, non-200 responses, images, …). Skips are not failures, so they are reported here and not in `failed`.
   */
  onWarcStats?: (path: string, stats: WarcStats) => void;
  /** Feed items with less text than this many characters are links, not articles. Default 300 (settings.ts). */
  minFeedItemChars?: number;
  /**
   * Told, after each feed that had items skipped (links too short to be articles), what it held: items, documents
   * and the skipped items by reason. Skips are not failures, so they are reported here and not in `failed`.
   */
  onFeedStats?: (path: string, stats: FeedStats) => void;
  /**
   * Fetches the URLs among the inputs (`http://…`, `https://…`): pages, feeds and sitemaps (url.ts). The caller's,
   * so that the address rules, deadline and size cap of src/fetch/ apply; absent, a URL input fails.
   */
  fetch?: Fetcher;
}

/** One line for a feed's stats, as `onWarcStats`' line is for an archive: `f.xml: 12 feed items, 3 articles, …`. */
export function feedStatsLine(path: string, stats: FeedStats): string {
  const skipped = Object.entries(stats.skipped);
  const total = skipped.reduce((sum, [, n]) => sum + n, 0);
  const why = total > 0 ? ` (${skipped.map(([reason, n]) => `${n} ${reason}`).join(', ')})` : '';
  return `${path}: ${stats.items} feed items, ${stats.documents} articles, ${total} skipped${why}`;
}

/** A document as ingest hands it on: a RawDocument, with the text cap of this ingest when one was given. */

export type IngestItem = { ok: true; doc: RawDocument } | { ok: false; source: string; error: string };

/**
 * Read every input in order: files, folders (recursive, sorted, hidden entries skipped), globs, `.gz`.
 * A file gives one document; a JSON array or a JSONL file gives one per record (`path#L<n>` for a JSONL line), an
 * SGML newswire file one per `<DOC>` (`path#DOCNO`), a feed one per item (`path#<n>`).
 * Each bad input (or bad JSONL line) gives one `{ok: false}` item with a one-line error; the rest goes on.
 */
export async function* readInputs(paths: string[], opts: IngestOptions = {}): AsyncGenerator<IngestItem> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  if (!(maxBytes > 0)) throw new RangeError(`maxBytes must be a positive number of bytes, not ${maxBytes}`);
  const cap = opts.maxTextBytes;
  if (cap !== undefined && !(cap > 0))
    throw new RangeError(`maxTextBytes must be a positive number of bytes, not ${cap}`);
  const minChars = opts.minFeedItemChars;
  if (minChars !== undefined && !(Number.isInteger(minChars) && minChars >= 0))
    throw new RangeError(`minFeedItemChars must be a whole number of characters (0 or more), not ${minChars}`);
  const urls = paths.filter(isUrlInput);
  const files = paths.filter((path) => !isUrlInput(path));
  // Files first, then URLs, each group in the order given.
  for await (const item of concat(readAll(files, maxBytes, opts), readUrls(urls, maxBytes, opts))) {
    yield cap === undefined || !item.ok ? item : { ok: true, doc: { ...item.doc, maxTextBytes: cap } };
  }
}

async function* concat<T>(...parts: AsyncIterable<T>[]): AsyncGenerator<T> {
  for (const part of parts) yield* part;
}

async function* readUrls(urls: string[], maxBytes: number, opts: IngestOptions): AsyncGenerator<IngestItem> {
  if (urls.length === 0) return;
  const { fetch } = opts;
  if (!fetch) {
    for (const url of urls) yield { ok: false, source: url, error: 'URLs are not fetched here' };
    return;
  }
  yield* readUrlInputs(urls, {
    fetch,
    maxBytes,
    minFeedItemChars: opts.minFeedItemChars,
    manifest: opts.manifest,
    onFeedStats: opts.onFeedStats,
  });
}

async function* readAll(paths: string[], maxBytes: number, opts: IngestOptions): AsyncGenerator<IngestItem> {
  // Paths first (cheap), so that a folder's manifest applies to files listed before it.
  const entries: PathEntry[] = [];
  for await (const entry of expandPaths(paths)) entries.push(entry);
  const manifest = new Map<string, SidecarMeta>();
  for (const entry of entries) {
    if (!entry.ok || basename(entry.path) !== FOLDER_MANIFEST) continue;
    try {
      // Only the resolved paths: a bare file name must not match files of other folders.
      for (const [key, meta] of await loadManifest(entry.path)) if (isAbsolute(key)) manifest.set(key, meta);
    } catch (err) {
      yield { ok: false, source: entry.path, error: describeError(err) };
    }
  }
  for (const [key, meta] of opts.manifest ?? []) manifest.set(key, meta); // an explicit --manifest wins
  for (const entry of entries) {
    if (!entry.ok) yield entry;
    else if (isWarcName(entry.path)) {
      const stats = emptyWarcStats();
      yield* readWarcFile(entry.path, {
        maxBytes,
        maxWarcBytes: opts.maxWarcBytes ?? DEFAULT_MAX_WARC_BYTES,
        manifest,
        stats,
      });
      opts.onWarcStats?.(entry.path, stats);
    } else if (basename(entry.path) !== FOLDER_MANIFEST) {
      yield* await readFileItems(entry.path, maxBytes, manifest, opts);
    }
  }
}

/** What a file's content is, decided by its content first and by its extension where the content is ambiguous. */
type Format =
  | { kind: 'html' }
  | { kind: 'text' }
  | { kind: 'jsonl' }
  | { kind: 'json'; value: unknown }
  | { kind: 'feed' }
  | { kind: 'sgml' };

async function readFileItems(
  path: string,
  maxBytes: number,
  manifest: Map<string, SidecarMeta> | undefined,
  opts: IngestOptions,
): Promise<IngestItem[]> {
  let bytes: Uint8Array;
  try {
    bytes = await readFileBounded(path, maxBytes);
  } catch (err) {
    return [{ ok: false, source: path, error: describeError(err) }];
  }
  const { onWarcStats, onFeedStats, minFeedItemChars } = opts;
  return itemsFromBytes({
    source: path,
    name: basename(path),
    bytes,
    maxBytes,
    manifest,
    onWarcStats,
    onFeedStats,
    minFeedItemChars,
  });
}

export interface BytesInput {
  /** Names the input in items and errors (a path, or `upload:name`). */
  source: string;
  /** The file name: its extension settles what the content cannot. */
  name: string;
  bytes: Uint8Array;
  maxBytes: number;
  manifest?: Map<string, SidecarMeta>;
  /** What the manifest is looked up by, when not `source` (an upload's file name). */
  manifestKey?: string;
  /** As in IngestOptions, for a WARC found by its content. */
  onWarcStats?: IngestOptions['onWarcStats'];
  /** As in IngestOptions. */
  minFeedItemChars?: number;
  onFeedStats?: IngestOptions['onFeedStats'];
}

/**
 * The documents in one file's bytes — gunzipped, sniffed, decoded, split into records — or one failure.
 * Shared by files on disk and uploaded files, so both are read the same way.
 */
export async function itemsFromBytes(input: BytesInput): Promise<IngestItem[]> {
  const { source: path, maxBytes, manifest } = input;
  const key = input.manifestKey ?? path;
  try {
    let bytes = input.bytes;
    let name = input.name;
    const gzipped = /\.gz$/i.test(name) || isGzip(bytes);
    if (gzipped) {
      bytes = await gunzipBounded(bytes, maxBytes);
      name = name.replace(/\.gz$/i, ''); // the inner name decides the type: a.html.gz is HTML
    }
    if (isWarc(bytes)) {
      // A WARC under another name (or gzipped whole as `.gz`): already in memory, within maxBytes.
      const items: IngestItem[] = [];
      const stats = emptyWarcStats();
      for await (const item of readWarcRecords([bytes], path, { maxBytes, manifest, stats, gzipped })) items.push(item);
      input.onWarcStats?.(path, stats);
      return items;
    }
    const magic = binaryFormat(bytes);
    if (magic) throw new IngestError(`binary content (${magic}), not an article`);
    const { text, encoding } = decodeBytes(bytes);
    if (text.trim() === '') throw new IngestError('empty file');
    const binary = binaryTextProblem(text);
    if (binary) throw new IngestError(`binary content (${binary}), not an article`);

    const fetchedAt = new Date().toISOString();
    const format = chooseFormat(extname(name).toLowerCase(), text);
    if (format.kind === 'html' || format.kind === 'text') {
      const meta = { ...manifestMetaFor(manifest, key) };
      return [{ ok: true, doc: { source: path, kind: format.kind, content: text, encoding, fetchedAt, meta } }];
    }
    if (format.kind === 'feed') {
      const stats = emptyFeedStats();
      const items = feedFileItems(path, text, encoding, { manifest, minItemChars: input.minFeedItemChars, stats });
      if (Object.keys(stats.skipped).length > 0) input.onFeedStats?.(path, stats);
      return items;
    }
    if (format.kind === 'sgml') return newswireFileItems(path, text, encoding, manifest);
    const items: IngestItem[] = [];
    const toItem = (source: string, record: ArticleRecord, line?: number): IngestItem => ({
      ok: true,
      doc: {
        source,
        kind: record.kind,
        content: record.content,
        encoding,
        fetchedAt,
        meta: { ...record.meta, ...manifestMetaFor(manifest, key, line) },
      },
    });
    if (format.kind === 'jsonl') {
      for (const line of parseJsonl(text)) {
        const source = `${path}#L${line.line}`;
        items.push('error' in line ? { ok: false, source, error: line.error } : toItem(source, line.record, line.line));
      }
      return items;
    }
    const isArray = Array.isArray(format.value);
    const records: unknown[] = isArray ? (format.value as unknown[]) : [format.value];
    if (records.length === 0) throw new IngestError('JSON array holds no records');
    records.forEach((value, i) => {
      // A lone record is the file itself; records of an array are `path#[i]` (0-based, as in the JSON).
      const source = isArray ? `${path}#[${i}]` : path;
      try {
        items.push(toItem(source, toArticleRecord(value)));
      } catch (err) {
        items.push({ ok: false, source, error: describeError(err) });
      }
    });
    return items;
  } catch (err) {
    return [{ ok: false, source: path, error: describeError(err) }];
  }
}

/**
 * Content first: HTML markup is HTML whatever the extension; RSS/Atom feeds are feeds; SGML newswire (`<DOC>` records,
 * `.sgml`, `.sgm` or any other name) is one article a record; other XML is refused; `{`/`[` is
 * JSON when it parses (JSONL when the first line is a record); text with many HTML tags is HTML.
 * The extension only settles what content cannot:
 * `.jsonl` is read line by line even when lines are broken, `.json` that does not parse is an error, and an
 * `.html` file with any tag stays HTML.
 */
function chooseFormat(ext: string, text: string): Format {
  const markup = sniffMarkup(text);
  if (markup?.kind === 'feed') return { kind: 'feed' };
  if (markup?.kind === 'sgml') return { kind: 'sgml' };
  if (markup?.kind === 'sitemap') {
    throw new IngestError(`sitemap (<${markup.root}>), not an article: give its URL to fetch the pages it lists`);
  }
  if (markup?.kind === 'warc') throw new IngestError('WARC archive with bytes before its first record');
  if (markup?.kind === 'html') return { kind: 'html' };
  const isHtmlExt = ext === '.html' || ext === '.htm' || ext === '.xhtml';
  if (markup?.kind === 'xml') {
    if (isHtmlExt) return { kind: 'html' };
    throw new IngestError(`XML document (<${markup.root}>), not an article`);
  }

  const start = text.trimStart().replace(/^\uFEFF/, '')[0];
  if (start === '{' || start === '[') {
    const parsed = parseJsonDocument(text);
    if ('value' in parsed && isJsonFeed(parsed.value)) return { kind: 'feed' };
    const isJsonExt = ext === '.json' || ext === '.jsonl' || ext === '.ndjson';
    // A .jsonl that is one JSON array is still read as its records; otherwise line by line, broken lines and all.
    // Elsewhere an array counts as records only when it holds objects (`[1, 2]` in a .txt is text).
    if ('value' in parsed && Array.isArray(parsed.value) && (isJsonExt || parsed.value.some(isObject))) {
      return { kind: 'json', value: parsed.value };
    }
    if (ext === '.jsonl' || ext === '.ndjson') return { kind: 'jsonl' };
    if ('value' in parsed && isObject(parsed.value)) return { kind: 'json', value: parsed.value };
    if (looksLikeJsonl(text)) return { kind: 'jsonl' };
    if (ext === '.json') throw new IngestError('error' in parsed ? parsed.error : 'JSON holds no article records');
  }
  // After JSON: JSONL records holding HTML are full of tags too.
  if (hasManyHtmlTags(text) || (isHtmlExt && hasAnyTag(text))) return { kind: 'html' };
  return { kind: 'text' };
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
