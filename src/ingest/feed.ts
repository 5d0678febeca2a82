// RSS 2.0, RSS 1.0 (RDF), Atom and JSON Feed feeds → one article record per item, the item's fields as sidecar
// metadata.
import { DOMParser } from 'linkedom';
import type { ContentKind, RawDocument, SidecarMeta } from '../model.js';
import { monthNumber } from '../text/months.js';
import { zoneOffset } from '../text/zones.js';
import { IngestError } from './errors.js';
import { manifestMetaFor } from './manifest.js';
import { DEFAULT_MIN_FEED_ITEM_CHARS } from './settings.js';
import { doctypeEnd, withoutDoctype } from './sniff.js';

export interface FeedItem {
  kind: ContentKind;
  content: string;
  meta: SidecarMeta;
}

/** An item without content of its own; its fields (a link, above all) are kept: a reader by URL fetches the link. */
export interface FeedItemError {
  error: string;
  meta: SidecarMeta;
}

export interface ParsedFeed {
  /** `rss`, `rdf`, `atom` or `json` (JSON Feed). */
  format: 'rss' | 'rdf' | 'atom' | 'json';
  /** The channel/feed title, given to every item as its outlet. */
  title?: string;
  /** In document order; an item without content is an error string (the rest of the feed still counts). */
  items: (FeedItem | FeedItemError)[];
}

// linkedom's element type is not exported in a form worth importing; only these members are used.
interface XmlElement {
  tagName: string;
  textContent: string | null;
  innerHTML: string;
  children: ArrayLike<XmlElement>;
  getAttribute(name: string): string | null;
}

/**
 * Parse a feed. Throws an IngestError when the XML is not well formed (a truncated download, a stray tag) or
 * is not a feed; linkedom alone would silently repair such input, so tag balance is checked first.
 * A DOCTYPE, internal DTD subset included, is dropped unread: entities are never expanded, and a reference to a
 * custom one (`&custom;`) stays in the text as written.
 */
export function parseFeed(source: string): ParsedFeed {
  if (
    source
      .trimStart()
      .replace(/^\uFEFF/, '')
      .startsWith('{')
  )
    return parseJsonFeed(source);
  const xml = withoutDoctype(source);
  checkWellFormed(xml);
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const root = doc.documentElement as unknown as XmlElement | null;
  const rootName = root?.tagName.toLowerCase();
  if (!root || !rootName) throw new IngestError('malformed feed: no root element');
  if (rootName === 'feed') return parseAtom(root);
  if (rootName === 'rss' || rootName === 'rdf:rdf') {
    const channel = child(root, 'channel');
    if (!channel) throw new IngestError(`malformed feed: <${root.tagName}> has no <channel>`);
    // RSS 2.0 nests items in the channel; RSS 1.0 puts them beside it.
    const itemParent = rootName === 'rss' ? channel : root;
    const title = cleanText(textOf(channel, 'title'));
    const items = children(itemParent, 'item').map((item) => rssItem(item));
    return { format: rootName === 'rss' ? 'rss' : 'rdf', title, items };
  }
  throw new IngestError(`not a feed (<${root.tagName}>)`);
}

function rssItem(item: XmlElement): FeedItem | FeedItemError {
  const encoded = textOf(item, 'content:encoded');
  const description = textOf(item, 'description');
  const meta: SidecarMeta = {};
  setIf(meta, 'title', cleanText(stripTags(textOf(item, 'title') ?? '')));
  const guid = child(item, 'guid');
  const guidUrl = guid && guid.getAttribute('isPermaLink') !== 'false' ? httpUrl(guid.textContent) : undefined;
  const link = textOf(item, 'link');
  // Failing every http(s) candidate, the link as written: extraction drops it with a warning the user sees.
  setIf(meta, 'url', httpUrl(link) ?? guidUrl ?? httpUrl(item.getAttribute('rdf:about')) ?? cleanText(link));
  setIf(meta, 'published', feedDate(textOf(item, 'pubDate') ?? textOf(item, 'dc:date')));
  const creators = children(item, 'dc:creator').map((el) => cleanText(el.textContent));
  setIf(meta, 'byline', joinNames(creators) ?? authorName(textOf(item, 'author')));
  if (hasText(encoded)) return { kind: 'html', content: encoded.trim(), meta };
  if (hasText(description))
    return { kind: looksLikeHtml(description) ? 'html' : 'text', content: description.trim(), meta };
  return { error: 'feed item has no content', meta };
}

function parseAtom(feed: XmlElement): ParsedFeed {
  const title = atomText(child(feed, 'title'));
  const items = children(feed, 'entry').map((entry): FeedItem | FeedItemError => {
    const meta: SidecarMeta = {};
    setIf(meta, 'title', atomText(child(entry, 'title')));
    const links = children(entry, 'link');
    const alternate = links.find((l) => (l.getAttribute('rel') ?? 'alternate') === 'alternate') ?? links[0];
    const href = alternate?.getAttribute('href');
    setIf(meta, 'url', httpUrl(href) ?? httpUrl(textOf(entry, 'id')) ?? cleanText(href));
    setIf(meta, 'published', feedDate(textOf(entry, 'published') ?? textOf(entry, 'updated')));
    const authors = children(entry, 'author').map((a) => cleanText(textOf(a, 'name')));
    setIf(meta, 'byline', joinNames(authors));
    // Content given by reference (`src=`) is not in the feed; the summary stands in for it.
    const content = [child(entry, 'content'), child(entry, 'summary')].find(
      (el) => el && !el.getAttribute('src') && hasText(el.textContent),
    );
    if (!content) return { error: 'feed item has no content', meta };
    const type = (content.getAttribute('type') ?? 'text').toLowerCase();
    if (type === 'xhtml') return { kind: 'html', content: content.innerHTML.trim(), meta };
    const text = (content.textContent ?? '').trim();
    if (type === 'html' || type === 'text/html') return { kind: 'html', content: text, meta };
    return { kind: 'text', content: text, meta };
  });
  return { format: 'atom', title, items };
}

const JSON_FEED_VERSION = /^https?:\/\/jsonfeed\.org\/version\//i;

/** A parsed JSON value that is a JSON Feed (its `version` is a jsonfeed.org URL). */
export function isJsonFeed(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const version = (value as Record<string, unknown>).version;
  return typeof version === 'string' && JSON_FEED_VERSION.test(version);
}

function jsonString(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' ? value : undefined;
}

function jsonNames(record: Record<string, unknown>): string | undefined {
  // Version 1.1 has `authors`, version 1 a single `author`.
  const authors = Array.isArray(record.authors) ? record.authors : [record.author];
  return joinNames(
    authors.map((a: unknown) =>
      typeof a === 'object' && a !== null ? cleanText(jsonString(a as Record<string, unknown>, 'name')) : undefined,
    ),
  );
}

/** JSON Feed 1 and 1.1 (jsonfeed.org): `content_html`, else `content_text`, else `summary` is the item's text. */
function parseJsonFeed(source: string): ParsedFeed {
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (err) {
    throw new IngestError(`malformed JSON feed: ${(err as Error).message}`);
  }
  if (!isJsonFeed(value)) throw new IngestError('not a feed (JSON without a jsonfeed.org version)');
  const feed = value as Record<string, unknown>;
  const rawItems = Array.isArray(feed.items) ? (feed.items as unknown[]) : [];
  const items = rawItems.map((raw): FeedItem | FeedItemError => {
    if (typeof raw !== 'object' || raw === null) return { error: 'feed item is not an object', meta: {} };
    const item = raw as Record<string, unknown>;
    const meta: SidecarMeta = {};
    setIf(meta, 'title', cleanText(jsonString(item, 'title')));
    const id = jsonString(item, 'id');
    setIf(meta, 'url', httpUrl(jsonString(item, 'url')) ?? httpUrl(id) ?? httpUrl(jsonString(item, 'external_url')));
    setIf(meta, 'published', feedDate(jsonString(item, 'date_published') ?? jsonString(item, 'date_modified')));
    setIf(meta, 'byline', jsonNames(item) ?? jsonNames(feed));
    setIf(meta, 'language', cleanText(jsonString(item, 'language') ?? jsonString(feed, 'language')));
    const html = jsonString(item, 'content_html');
    if (hasText(html)) return { kind: 'html', content: html.trim(), meta };
    const text = jsonString(item, 'content_text') ?? jsonString(item, 'summary');
    if (hasText(text)) return { kind: 'text', content: text.trim(), meta };
    return { error: 'feed item has no content', meta };
  });
  return { format: 'json', title: cleanText(jsonString(feed, 'title')), items };
}

/** An Atom text construct as plain text: `type="html"`/`xhtml` titles lose their tags. */
function atomText(el: XmlElement | undefined): string | undefined {
  if (!el) return undefined;
  const type = el.getAttribute('type') ?? 'text';
  const raw = type === 'xhtml' ? el.innerHTML : (el.textContent ?? '');
  return cleanText(type === 'text' ? raw : decodeBasicEntities(stripTags(raw)));
}

function children(parent: XmlElement, name: string): XmlElement[] {
  return Array.from(parent.children).filter((el) => el.tagName.toLowerCase() === name.toLowerCase());
}

function child(parent: XmlElement, name: string): XmlElement | undefined {
  return children(parent, name)[0];
}

function textOf(parent: XmlElement, name: string): string | undefined {
  return child(parent, name)?.textContent ?? undefined;
}

function hasText(text: string | null | undefined): text is string {
  return text !== null && text !== undefined && text.trim() !== '';
}

function cleanText(text: string | null | undefined): string | undefined {
  const clean = (text ?? '').replace(/\s+/g, ' ').trim();
  return clean === '' ? undefined : clean;
}

function setIf<K extends keyof SidecarMeta>(meta: SidecarMeta, key: K, value: SidecarMeta[K] | undefined): void {
  if (value !== undefined) meta[key] = value;
}

function joinNames(names: (string | undefined)[]): string | undefined {
  const kept = names.filter((n): n is string => n !== undefined);
  return kept.length > 0 ? kept.join(', ') : undefined;
}

/** RSS `<author>` is an e-mail address, often `jo@x.org (Jo Smith)`: the name in parentheses when there is one. */
function authorName(raw: string | undefined): string | undefined {
  const text = cleanText(raw);
  if (!text) return undefined;
  const named = text.match(/\(([^()]+)\)\s*$/)?.[1];
  return cleanText(named) ?? text;
}

function httpUrl(raw: string | null | undefined): string | undefined {
  const text = (raw ?? '').trim();
  return /^https?:\/\/\S+$/i.test(text) ? text : undefined;
}

const HTML_TAG = /<\/?[a-zA-Z][\w:-]*(?:\s[^<>]*)?\/?>|&(?:[a-zA-Z]+|#\d+|#x[\da-fA-F]+);/;

/** A description with any tag (or an entity left after XML decoding, i.e. double-escaped HTML) is HTML. */
function looksLikeHtml(text: string): boolean {
  return HTML_TAG.test(text);
}

function stripTags(text: string): string {
  // Only up to the last `>`: past it nothing matches, and each `<` there would be rescanned to the end.
  const tags = text.slice(0, text.lastIndexOf('>') + 1);
  return tags.replace(/<[^>]*>/g, ' ') + text.slice(tags.length);
}

function decodeBasicEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[\da-fA-F]+);/g, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[name] ?? whole;
  });
}

// Day and month names in any of the parser's languages: feeds write RFC 822 in their own ("Seg, 24 Set 2018").
const RFC822 =
  /^(?:\p{L}+\.?,?\s*)?(\d{1,2})\s+(\p{L}{3,})\.?\s+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([+-]\d{2}:?\d{2}|[a-z]{1,4}))?/iu;
const ISO = /^(\d{4}-\d{2}-\d{2})(?:[tT ](\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?\s*([zZ]|[+-]\d{2}:?\d{2})?)?$/;

/**
 * A feed date as ISO 8601 (`YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS±HH:MM`), keeping the feed's own UTC offset so that
 * the local publication day survives. RFC 822 (RSS), RFC 3339 (Atom, dc:date); undefined when unreadable.
 */
export function feedDate(raw: string | null | undefined): string | undefined {
  const text = (raw ?? '').trim();
  if (!text) return undefined;
  const iso = text.match(ISO);
  if (iso) {
    const [, day, time, zone] = iso;
    if (!time) return day;
    return `${day}T${time.length === 5 ? `${time}:00` : time}${zoneOffset(zone) ?? ''}`;
  }
  const rfc = text.match(RFC822);
  if (rfc) {
    const [, day, mon, yearText, hh, mm, ss = '00', zoneText] = rfc;
    // The name as written, else its first three letters ("Sept", "Sept." and "September" all read).
    const month = monthNumber(mon) ?? monthNumber(mon.slice(0, 3)) ?? 0;
    let year = Number(yearText);
    if (yearText.length === 2) year += year < 50 ? 2000 : 1900; // RFC 822 two-digit years (RFC 2822 §4.3)
    if (month > 0 && yearText.length !== 3) {
      const zone = zoneOffset(zoneText) ?? ''; // RFC 822 names (EST, GMT…) and numeric offsets, as pages write them
      const date = `${year}-${pad(month)}-${pad(Number(day))}T${pad(Number(hh))}:${mm}:${ss}`;
      if (Number.isFinite(Date.parse(`${date}${zone || 'Z'}`))) return `${date}${zone}`;
    }
  }
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z') : undefined;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

// Sticky, so each tag is matched where it starts without copying the rest of the document.
const TAG = /<(\/?)([A-Za-z_][\w:.-]*)((?:[^<>"']|"[^"]*"|'[^']*')*?)(\/?)>/y;

/**
 * Throws an IngestError unless every tag is closed in order (CDATA, comments, processing instructions and
 * doctypes skipped). Not a validating parser: attributes and entities are left to linkedom, which tolerates them.
 */
export function checkWellFormed(xml: string): void {
  const stack: string[] = [];
  let sawRoot = false;
  let i = xml.indexOf('<');
  while (i >= 0) {
    let end: number;
    if (xml.startsWith('<![CDATA[', i)) end = closeOf(xml, i, ']]>', 'CDATA section');
    else if (xml.startsWith('<!--', i)) end = closeOf(xml, i, '-->', 'comment');
    else if (xml.startsWith('<?', i)) end = closeOf(xml, i, '?>', 'processing instruction');
    else if (/^<!doctype\b/i.test(xml.slice(i, i + 10))) {
      end = doctypeEnd(xml, i);
      if (end < 0) throw new IngestError(`malformed feed: unterminated DOCTYPE at ${position(xml, i)}`);
    } else if (xml.startsWith('<!', i)) end = closeOf(xml, i, '>', 'declaration');
    else {
      TAG.lastIndex = i;
      const tag = TAG.exec(xml);
      if (!tag) throw new IngestError(`malformed feed: stray "<" at ${position(xml, i)}`);
      const [whole, closing, name, , selfClosing] = tag;
      if (closing) {
        const open = stack.pop();
        if (open !== name) {
          const what = open ? `closes <${open}>` : 'closes nothing';
          throw new IngestError(`malformed feed: </${name}> ${what} at ${position(xml, i)}`);
        }
      } else if (!selfClosing) {
        if (stack.length === 0 && sawRoot) throw new IngestError(`malformed feed: second root <${name}>`);
        stack.push(name);
      }
      sawRoot = true;
      end = i + whole.length;
    }
    i = xml.indexOf('<', end);
  }
  if (stack.length > 0)
    throw new IngestError(`malformed feed: <${stack[stack.length - 1]}> is never closed (truncated?)`);
  if (!sawRoot) throw new IngestError('malformed feed: no root element');
}

function closeOf(xml: string, start: number, terminator: string, what: string): number {
  const at = xml.indexOf(terminator, start);
  if (at < 0) throw new IngestError(`malformed feed: unterminated ${what} at ${position(xml, start)}`);
  return at + terminator.length;
}

function position(xml: string, index: number): string {
  let line = 1;
  for (let k = xml.indexOf('\n'); k >= 0 && k < index; k = xml.indexOf('\n', k + 1)) line++;
  return `line ${line}`;
}

/** What a feed held: its items, those read as articles, and those skipped (not failures) by reason → count. */
export interface FeedStats {
  items: number;
  documents: number;
  skipped: Record<string, number>;
}

export function emptyFeedStats(): FeedStats {
  return { items: 0, documents: 0, skipped: {} };
}

export interface FeedFileOptions {
  manifest?: Map<string, SidecarMeta>;
  /** Items with less text than this (characters) are links, not articles. Default DEFAULT_MIN_FEED_ITEM_CHARS. */
  minItemChars?: number;
  /** Filled in while reading, if given. */
  stats?: FeedStats;
}

/** The length of an item's text as a reader sees it: markup out, entities decoded, whitespace runs one space. */
export function feedItemTextLength(item: FeedItem): number {
  const text = item.kind === 'html' ? decodeBasicEntities(stripTags(item.content)) : item.content;
  return text.replace(/\s+/g, ' ').trim().length;
}

/** The reason a short item is skipped under, as the CLI reports it. */
export function shortItemReason(minItemChars: number): string {
  return `under ${minItemChars} characters: links, not articles`;
}

/**
 * A feed file's items as ingest items: source `path#<n>` (1-based item number), the item's fields as meta with the
 * feed title as outlet; manifest fields for the file, then for `path#<n>`, win over them. Items whose text is shorter
 * than `minItemChars` are links, not articles: left out, and counted in `stats.skipped` (they are not failures).
 */
export function feedFileItems(
  path: string,
  text: string,
  encoding: string,
  opts: FeedFileOptions = {},
): FeedFileItem[] {
  const { manifest } = opts;
  const minItemChars = opts.minItemChars ?? DEFAULT_MIN_FEED_ITEM_CHARS;
  const stats = opts.stats ?? emptyFeedStats();
  const feed = parseFeed(text);
  if (feed.items.length === 0) throw new IngestError(`feed holds no items (<${feed.format}> feed)`);
  const fetchedAt = new Date().toISOString();
  const wholeFile = manifestMetaFor(manifest, path);
  const items: FeedFileItem[] = [];
  feed.items.forEach((item, i) => {
    stats.items++;
    const source = `${path}#${i + 1}`;
    if ('error' in item) {
      items.push({ ok: false, source, error: item.error });
      return;
    }
    if (feedItemTextLength(item) < minItemChars) {
      const reason = shortItemReason(minItemChars);
      stats.skipped[reason] = (stats.skipped[reason] ?? 0) + 1;
      return;
    }
    const meta: SidecarMeta = {
      ...(feed.title ? { outlet: feed.title } : {}),
      ...item.meta,
      ...wholeFile,
      ...manifestMetaFor(manifest, source),
    };
    stats.documents++;
    items.push({ ok: true, doc: { source, kind: item.kind, content: item.content, encoding, fetchedAt, meta } });
  });
  return items;
}

export type FeedFileItem = { ok: true; doc: RawDocument } | { ok: false; source: string; error: string };
