// A page's publication date, chosen among every date it carries: its URL, JSON-LD (every object, nested ones too),
// <meta> tags, markup that says "published" (itemprop, <time pubdate>, .published), <time> elements and elements
// whose class says "date", anywhere on the page, with those in the article and its header preferred. Each date is
// a candidate of a rank; implausible ones (after the crawl, or a decade before the page's other dates) are dropped,
// and the best rank wins, the first in the page on ties. A UTC stamp gives way to the local day the page states.
import type { DateSource, PublishedDate } from '../model.js';
import { dayNumber } from '../text/days.js';
import {
  type DateParseOptions,
  type DateValue,
  dateInText,
  dateInUrl,
  findWrittenDate,
  parseDateValue,
} from './dates.js';
import type { PageIndex } from './html-index.js';
import type { LightDocument, LightElement } from './light-dom.js';
import { PUBLISHED_DATE } from './settings.js';
import { matchAtStarts, tagStarts } from './tag-starts.js';

/** Ranks, best first. */
export const DATE_RANK = {
  /** A day in the URL: the CMS wrote it when the story was published, in the outlet's own zone. */
  urlDay: 0,
  /** Metadata that names the publication: article JSON-LD `datePublished`, `article:published_time`, itemprop. */
  published: 1,
  /** A date shown in the article or its header (`<time>`, an element whose class says "date"). */
  shownInArticle: 2,
  /** Metadata that names a date without saying which (`<meta name="date">`, `DC.date`, a WebPage's or an image's). */
  generic: 3,
  /** A date shown elsewhere on the page. */
  shownElsewhere: 4,
  /** A date printed at the top of the extracted text (html.ts adds it). */
  text: 5,
  /** The last modification: a page's only date is still better than none. */
  modified: 6,
  /**
   * A publication key in a script's data that is not JSON-LD (`"datePublished":"…"`, `"published_at":"…"` in a
   * framework's state blob): the page's own record, but the blob may hold other records too.
   */
  scriptData: 7,
  /** The first date printed anywhere in the page's text, when nothing says more. */
  pageText: 8,
  /** A day in the path of the page's image (`og:image`, then `<img src>`): CMSs file uploads by day. */
  imagePath: 9,
  /** A month in the URL: never beats a day the page gives. */
  urlMonth: 10,
} as const;

export interface DateCandidate {
  value: DateValue;
  rank: number;
  from: DateSource;
  /** Declared in the page's head (JSON-LD or a <meta> tag), not read from its markup or text. */
  declared?: boolean;
  /** Another item's date in the page's JSON-LD (a review, a comment, an image): no measure of the page's age. */
  foreign?: boolean;
}

export interface ChosenDate extends PublishedDate {
  rank: number;
}

type JsonObject = Record<string, unknown>;

const ARTICLE_TYPES = /(?:Article|BlogPosting|Posting|Report|NewsArticle|LiveBlogPosting|Review|Recipe)$/;
const PUBLISHED_KEYS = ['datePublished', 'dateCreated', 'uploadDate', 'publishedDate'];
const MODIFIED_KEYS = ['dateModified'];

/** Meta names (lower case) that say "published". */
const PUBLISHED_META = [
  'article:published_time',
  'og:published_time',
  'og:article:published_time',
  'og:pubdate',
  'datepublished',
  'pubdate',
  'publishdate',
  'publish-date',
  'publish_date',
  'published-date',
  'publication_date',
  'date_published',
  'sailthru.date',
  'parsely-pub-date',
  'article.published',
  'article_date_original',
  'cxenseparse:recs:publishtime',
  'originalpublicationdate',
  'dc.date.issued',
  'dc.date.created',
  'dcterms.issued',
  'dcterms.created',
  'citation_publication_date',
  'citation_date',
  'datecreated',
];
/** Meta names that give a date without saying which: the page's, often its last build. */
const GENERIC_META = ['date', 'dc.date', 'dcterms.date', 'dc.date.published', 'uploaddate'];
const MODIFIED_META = [
  'article:modified_time',
  'og:updated_time',
  'datemodified',
  'last-modified',
  'lastmod',
  'dcterms.modified',
  'dc.date.modified',
];

/** Class or id words of containers whose dates are someone else's: comments, other stories, side bars. */
const OTHER_CONTENT =
  /^(?:comments?|comment[-_][\w-]+|commentlist|related(?:[-_][\w-]+)?|sidebar(?:[-_][\w-]+)?|widget-area|teaser(?:[-_][\w-]+)?)$/i;
/** Class or id words of the article and its header. */
const ARTICLE_AREA =
  /^(?:post|entry|article|hentry|story|post[-_](?:header|meta|info|content)|entry[-_](?:header|meta|content)|article[-_](?:header|meta|info|body|content))$/i;
const ARTICLE_TAGS = new Set(['ARTICLE', 'MAIN', 'HEADER']);
/** How many ancestors are looked at to tell where an element sits. */
const MAX_ANCESTORS = 40;

/**
 * Where an element sits: in someone else's content (comments, teasers, side bars), in the article, or elsewhere.
 * A container marked as someone else's that holds the page's headline, or most of its text, is the page's main
 * column whatever its class says: themes mark the main column of a page with a side bar as `sidebar` too.
 */
class PlaceFinder {
  private readonly mainColumn = new Map<LightElement, boolean>();
  private readonly headline: LightElement | null;
  private readonly pageChars: number;

  /** `bodyText`: the page's whole text, read once by the caller. */
  constructor(h1s: readonly LightElement[], bodyText: string) {
    this.headline = h1s.length === 1 ? (h1s[0] ?? null) : null;
    this.pageChars = bodyText.length;
  }

  /** Computed once per marked container (they are few), so the walk stays linear in the page. */
  private isMainColumn(node: LightElement): boolean {
    let main = this.mainColumn.get(node);
    if (main === undefined) {
      main =
        (this.headline !== null && node.contains(this.headline)) ||
        node.textContent.length > this.pageChars * PUBLISHED_DATE.mainColumnShare;
      this.mainColumn.set(node, main);
    }
    return main;
  }

  placeOf(el: LightElement): 'other' | 'article' | 'page' {
    let inArticle = false;
    let node: LightElement | null = el;
    for (let i = 0; node && i < MAX_ANCESTORS; i++, node = node.parentElement) {
      if (node.tagName === 'BODY' || node.tagName === 'HTML') break;
      const words = `${node.className} ${node.getAttribute('id') ?? ''}`.split(/\s+/);
      if ((node.tagName === 'ASIDE' || words.some((w) => OTHER_CONTENT.test(w))) && !this.isMainColumn(node))
        return 'other';
      if (
        ARTICLE_TAGS.has(node.tagName) ||
        node.getAttribute('itemprop') === 'articleBody' ||
        words.some((w) => ARTICLE_AREA.test(w))
      )
        inArticle = true;
    }
    return inArticle ? 'article' : 'page';
  }
}

/** Class or id words of elements that print a date. */
const DATE_CLASS =
  /date|datum|time|zeit|posted|publi|byline|dateline|submitted|\bstand\b|fecha|\bdata\b|created|entry-meta|post-meta|info/i;
/** A shown date labelled as a change, not the publication. */
// Lookarounds, not `\b`: `\b` knows no letters beyond ASCII ("Änderung").
const UPDATED_WORDS =
  'updated?|modified|last\\s+changed|aktualisiert|aktualisierung|geändert|änderung|zuletzt|mis\\s+à\\s+jour|modifié|actualizado|aggiornato|atualizado|bijgewerkt';
const UPDATED_LABEL = new RegExp(`(?<!\\p{L})(?:${UPDATED_WORDS})(?!\\p{L})`, 'iu');
/** A shown date labelled as the publication; when a line gives both ("Geändert: … Erschienen am: …"), it wins. */
const PUBLISHED_WORDS = 'published|posted|erschienen|veröffentlicht|publié|publicado|pubblicato|gepubliceerd|erstellt';
const LABEL_TAIL = '(?:\\s+(?:am|on|le|el|il|em|op))?\\s*:?';
const PUBLISHED_LABEL = new RegExp(`(?<!\\p{L})(?:${PUBLISHED_WORDS})(?!\\p{L})${LABEL_TAIL}`, 'iu');
/** Either label in running text, to find the dates a page prints after them (see `labelledDates`). */
const TEXT_LABEL_RE = new RegExp(
  `(?<!\\p{L})(?:(${PUBLISHED_WORDS})|(${UPDATED_WORDS}))(?!\\p{L})${LABEL_TAIL}`,
  'giu',
);

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typesOf(obj: JsonObject): string[] {
  const t = obj['@type'];
  return Array.isArray(t) ? t.filter((x): x is string => typeof x === 'string') : typeof t === 'string' ? [t] : [];
}

/** Bounds the walk through JSON-LD: how deep objects nest, and how many are looked at. */
const JSON_LD_MAX_DEPTH = 8;
const JSON_LD_MAX_OBJECTS = 2000;

/** Properties through which an object is still the page's own: a @graph member, a WebPage's main entity. */
const OWN_PROPERTIES = new Set(['@graph', 'mainEntity', 'mainEntityOfPage']);

/**
 * Every object of the JSON-LD blocks, nested ones too, each marked whether it is the page's own (a block, a @graph
 * member, a main entity) or belongs to another (a review or comment inside a recipe, an image of the article).
 */
function allObjects(roots: readonly JsonObject[]): { obj: JsonObject; own: boolean }[] {
  const out: { obj: JsonObject; own: boolean }[] = [];
  const seen = new Set<JsonObject>();
  const walk = (v: unknown, depth: number, own: boolean): void => {
    if (out.length >= JSON_LD_MAX_OBJECTS || depth > JSON_LD_MAX_DEPTH) return;
    if (Array.isArray(v)) for (const x of v) walk(x, depth + 1, own);
    else if (isObject(v) && !seen.has(v)) {
      seen.add(v);
      out.push({ obj: v, own });
      for (const [k, x] of Object.entries(v))
        if (typeof x === 'object' && x !== null) walk(x, depth + 1, own && OWN_PROPERTIES.has(k));
    }
  };
  for (const r of roots) walk(r, 0, true);
  return out;
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

function yearOf(v: DateValue): number {
  return Number(v.value.slice(0, 4));
}

function dayOf(v: DateValue): string {
  return v.value.slice(0, 10);
}

/** Minutes since the epoch of a stamp with a zone; undefined for days and zone-less stamps. */
function instant(v: DateValue): number | undefined {
  if (v.precision !== 'time' || !/(?:Z|[+-]\d{2}:\d{2})$/.test(v.value)) return undefined;
  const t = Date.parse(v.value);
  return Number.isNaN(t) ? undefined : Math.round(t / 60_000);
}

function isUtc(v: DateValue): boolean {
  return v.precision === 'time' && v.value.endsWith('Z');
}

/** `HH:MM[:SS]` of a stamp. */
function clock(v: DateValue): string | undefined {
  return /T(\d{2}:\d{2}(?::\d{2})?)/.exec(v.value)?.[1];
}

export interface PageDateInput {
  /** The page's elements (html-index.ts): markup that says "published", elements that print a date. */
  index: PageIndex;
  metas: ReadonlyMap<string, string>;
  jsonLd: readonly JsonObject[];
  url?: string;
  /** When the page was fetched (ISO); a placeholder (the epoch) is ignored. */
  fetchedAt?: string;
  /** The page's declared language, for `03/04/2015` (month first in English). */
  language?: string;
  /** Dates of markup the DOM no longer has (see `rawMarkupDates`). */
  rawMarkup?: readonly DateCandidate[];
}

/** Anchored at a `<time` or `<abbr` (see tag-starts.ts). */
const TIME_TAG_RE = /<(?:time|abbr)\b[^<>]*>/iy;
const ATTR_RE = /\b(datetime|title|class|itemprop|pubdate)\b(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/gi;

/**
 * `<time datetime>` and `<abbr title>` dates read from the page's source before its noise is dropped: themes put
 * the post's date line in a `<footer>`, which extraction removes before the DOM is built. Those marked as the
 * publication (`pubdate`, `published`, `datePublished`) rank as published; the others as dates shown elsewhere.
 * One pass over the tags, bounded by `maxDateElements`. `starts`: where `<time` and `<abbr` tags start (tagStarts).
 */
export function rawMarkupDates(
  html: string,
  language?: string,
  starts: readonly number[] = tagStarts(html, [['time', 'abbr']])[0] as number[],
): DateCandidate[] {
  const opts: DateParseOptions = { monthFirst: language === 'en' };
  const out: DateCandidate[] = [];
  const cursor = { next: 0, from: 0 };
  for (
    let m = matchAtStarts(html, TIME_TAG_RE, starts, cursor);
    m && out.length < PUBLISHED_DATE.maxDateElements;
    m = matchAtStarts(html, TIME_TAG_RE, starts, cursor)
  ) {
    const attrs = new Map<string, string>();
    for (const a of m[0].matchAll(ATTR_RE)) attrs.set((a[1] ?? '').toLowerCase(), a[2] ?? a[3] ?? a[4] ?? '');
    const raw = attrs.get('datetime') ?? attrs.get('title');
    const value = raw ? parseDateValue(raw, opts) : undefined;
    if (!value) continue;
    const marked =
      attrs.has('pubdate') ||
      /\bpublished\b/i.test(attrs.get('class') ?? '') ||
      /datePublished/i.test(attrs.get('itemprop') ?? '');
    const updated = /\b(?:updated|modified)\b/i.test(attrs.get('class') ?? '');
    const rank = marked && !updated ? DATE_RANK.published : updated ? DATE_RANK.modified : DATE_RANK.shownElsewhere;
    out.push({ value, rank, from: 'html-meta' });
  }
  return out;
}

/** Anchored at a `<script` (see tag-starts.ts). */
const SCRIPT_RE = /<script\b([^<>]*)>/iy;
/** A publication or creation key and its string value, in JSON or JSON escaped inside a string. */
const SCRIPT_DATE_RE =
  /\\?["'](?:datePublished|dateCreated|publishDate|publishedDate|publishedAt|published_at|publicationDate|pubDate|firstPublished|first_published_at|createdAt|created_at|uploadDate)\\?["']\s*:\s*\\?["']([^"'\\]{8,40})\\?["']/g;

/**
 * Publication keys in the page's scripts that are not JSON-LD (extraction drops them before the DOM is built).
 * Reads at most `maxScriptChars` of script text in all, and keeps the first date found: a state blob lists the
 * page's own record before the teasers of others far more often than after.
 */
function scriptDataDates(html: string, opts: DateParseOptions, starts: readonly number[]): DateCandidate[] {
  let budget = PUBLISHED_DATE.maxScriptChars;
  const cursor = { next: 0, from: 0 };
  for (
    let m = matchAtStarts(html, SCRIPT_RE, starts, cursor);
    m && budget > 0;
    m = matchAtStarts(html, SCRIPT_RE, starts, cursor)
  ) {
    if (/ld\+json/i.test(m[1] ?? '')) continue;
    const start = cursor.from;
    let end = html.indexOf('</script', start);
    if (end < 0) end = html.length;
    const body = html.slice(start, Math.min(end, start + budget));
    budget -= body.length;
    // The next tag is looked for after the script's text.
    cursor.from = end;
    SCRIPT_DATE_RE.lastIndex = 0;
    for (let d = SCRIPT_DATE_RE.exec(body); d; d = SCRIPT_DATE_RE.exec(body)) {
      const value = parseDateValue(d[1], opts);
      if (value && value.precision !== 'year' && value.precision !== 'month')
        return [{ value, rank: DATE_RANK.scriptData, from: 'html-meta' }];
    }
  }
  return [];
}

/** Anchored at a `<meta` and an `<img` (see tag-starts.ts). */
const IMAGE_META_RE = /<meta\b[^<>]*(?:og:image|twitter:image)[^<>]*>/iy;
const IMG_SRC_RE = /<img\b[^<>]*?\ssrc\s*=\s*["']([^"']{1,2000})["']/iy;

/** A day in the path of the page's image: `og:image` / `twitter:image`, else the first `<img>` whose path has one. */
function imagePathDates(html: string, metaStarts: readonly number[], imgStarts: readonly number[]): DateCandidate[] {
  const metas = { next: 0, from: 0 };
  for (
    let m = matchAtStarts(html, IMAGE_META_RE, metaStarts, metas), n = 0;
    m && n < 4;
    m = matchAtStarts(html, IMAGE_META_RE, metaStarts, metas), n++
  ) {
    const content = /\scontent\s*=\s*["']([^"']+)["']/i.exec(m[0])?.[1];
    const value = dateInUrl(content);
    if (value?.precision === 'day') return [{ value, rank: DATE_RANK.imagePath, from: 'url' }];
  }
  const imgs = { next: 0, from: 0 };
  let n = 0;
  for (
    let m = matchAtStarts(html, IMG_SRC_RE, imgStarts, imgs);
    m && n < PUBLISHED_DATE.maxImages;
    m = matchAtStarts(html, IMG_SRC_RE, imgStarts, imgs), n++
  ) {
    const value = dateInUrl(m[1]);
    if (value?.precision === 'day') return [{ value, rank: DATE_RANK.imagePath, from: 'url' }];
  }
  return [];
}

/**
 * The dates only the page's source has: its `<time>` markup before noise is dropped (`rawMarkupDates`), the
 * publication keys of its scripts, and the day in its image's path. One pass finds where their tags start.
 */
export function sourceDates(html: string, language?: string): DateCandidate[] {
  const opts: DateParseOptions = { monthFirst: language === 'en' };
  const [times, scripts, metas, imgs] = tagStarts(html, [['time', 'abbr'], ['script'], ['meta'], ['img']]) as [
    number[],
    number[],
    number[],
    number[],
  ];
  return [
    ...rawMarkupDates(html, language, times),
    ...scriptDataDates(html, opts, scripts),
    ...imagePathDates(html, metas, imgs),
  ];
}

/**
 * Dates the page's text prints right after a label ("Veröffentlicht am 16.08.2019", "Erschienen am: 01.11.2023",
 * "Letzte Änderung: 14.01.2022", "Updated: 2016/11/18") in elements no class names as a date: a publication
 * label ranks as a date shown in the article, a change label as the last modification. At most
 * `maxLabelledDates` labels are read.
 */
/** What may stand between a label and its date: spaces, punctuation, one word with a colon (`Updated: $Date: …`). */
const LABEL_GAP_RE = /^[\s\p{P}$]*(?:\p{L}+:[\s\p{P}$]*)?$/u;

function labelledDates(text: string, opts: DateParseOptions): DateCandidate[] {
  const out: DateCandidate[] = [];
  TEXT_LABEL_RE.lastIndex = 0;
  let n = 0;
  for (let m = TEXT_LABEL_RE.exec(text); m && n < PUBLISHED_DATE.maxLabelledDates; m = TEXT_LABEL_RE.exec(text), n++) {
    const after = text.slice(TEXT_LABEL_RE.lastIndex, TEXT_LABEL_RE.lastIndex + PUBLISHED_DATE.labelReachChars);
    const written = findWrittenDate(after, opts);
    if (!written || !LABEL_GAP_RE.test(after.slice(0, written.start))) continue;
    out.push({
      value: written.value,
      rank: m[1] !== undefined ? DATE_RANK.shownInArticle : DATE_RANK.modified,
      from: 'text',
    });
  }
  return out;
}

/** Every date the page carries, with its rank (document order within a rank). */
export function pageDateCandidates(document: LightDocument, input: PageDateInput): DateCandidate[] {
  const opts: DateParseOptions = { monthFirst: input.language === 'en' };
  const out: DateCandidate[] = [];
  const add = (
    raw: string | null | undefined,
    rank: number,
    from: DateSource = 'html-meta',
    declared = false,
    foreign = false,
  ): void => {
    const value = parseDateValue(raw, opts);
    if (!value) return;
    const c: DateCandidate = declared ? { value, rank, from, declared } : { value, rank, from };
    if (foreign) c.foreign = true;
    out.push(c);
  };

  const urlDate = dateInUrl(input.url);
  if (urlDate)
    out.push({
      value: urlDate,
      rank: urlDate.precision === 'day' ? DATE_RANK.urlDay : DATE_RANK.urlMonth,
      from: 'url',
    });

  for (const { obj, own } of allObjects(input.jsonLd)) {
    const types = typesOf(obj);
    const rank = own && types.some((t) => ARTICLE_TYPES.test(t)) ? DATE_RANK.published : DATE_RANK.generic;
    for (const key of PUBLISHED_KEYS) add(text(obj[key]), rank, 'html-meta', true, !own);
    for (const key of MODIFIED_KEYS) add(text(obj[key]), DATE_RANK.modified, 'html-meta', true, !own);
  }
  for (const key of PUBLISHED_META) add(input.metas.get(key), DATE_RANK.published, 'html-meta', true);
  for (const key of GENERIC_META) add(input.metas.get(key), DATE_RANK.generic, 'html-meta', true);
  for (const key of MODIFIED_META) add(input.metas.get(key), DATE_RANK.modified, 'html-meta', true);

  // The page's text, read once: it sizes the main column and is searched for labelled and printed dates.
  const bodyText = document.body.textContent;
  const places = new PlaceFinder(input.index.h1s, bodyText);
  for (const el of input.index.publishedMarkup.slice(0, PUBLISHED_DATE.maxDateElements)) {
    if (el.tagName === 'META' || places.placeOf(el) === 'other') continue; // <meta itemprop> is read with the metas
    const attr = el.getAttribute('datetime') ?? el.getAttribute('content') ?? el.getAttribute('title');
    const shown = (el.textContent ?? '').trim().slice(0, PUBLISHED_DATE.maxDateElementChars);
    if (attr && parseDateValue(attr, opts)) add(attr, DATE_RANK.published);
    else add(shown, DATE_RANK.published, 'text');
  }

  // Dates shown on the page: <time> and elements whose class or id says "date", header and article first.
  let looked = 0;
  for (const el of input.index.dated) {
    if (looked >= PUBLISHED_DATE.maxDateElements) break;
    const isTime = el.tagName === 'TIME';
    if (!isTime && !DATE_CLASS.test(`${el.className} ${el.getAttribute('id') ?? ''}`)) continue;
    looked++;
    const place = places.placeOf(el);
    if (place === 'other') continue;
    let shown = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
    const label = `${el.className} ${shown}`;
    const published = shown.length <= PUBLISHED_DATE.maxDateElementChars ? PUBLISHED_LABEL.exec(shown) : null;
    if (published) shown = shown.slice(published.index + published[0].length);
    const inArticle = place === 'article';
    const rank =
      !published && UPDATED_LABEL.test(label)
        ? DATE_RANK.modified
        : inArticle
          ? DATE_RANK.shownInArticle
          : DATE_RANK.shownElsewhere;
    // An element that shows nothing keeps its date in an attribute (`<span class="updated" title="2013-04-04…">`).
    const attr =
      el.getAttribute('datetime') ?? (shown ? null : (el.getAttribute('title') ?? el.getAttribute('content')));
    if (attr && parseDateValue(attr, opts)) add(attr, rank);
    else if (shown.length <= PUBLISHED_DATE.maxDateElementChars) add(shown, rank, 'text');
  }
  for (const c of input.rawMarkup ?? []) out.push(c);
  const pageText = bodyText.slice(0, PUBLISHED_DATE.pageTextChars);
  out.push(...labelledDates(pageText, opts));
  if (!out.some((c) => c.rank < DATE_RANK.pageText)) {
    // Last resort: the first date in the page's text, from the headline on when there is one.
    const body = pageText;
    const headline = input.index.h1s[0]?.textContent?.trim();
    const from = headline ? Math.max(0, body.indexOf(headline)) : 0;
    // The page's own summary first ("… (Notizia del 14 Gennaio 2020)"): a date there is about this page, while
    // the first one in the text may be a menu's or a list's.
    const summary = input.metas.get('description') ?? input.metas.get('og:description') ?? '';
    const printed =
      dateInText(summary.slice(0, PUBLISHED_DATE.maxDateElementChars * 4), opts) ??
      dateInText(body.slice(from), opts) ??
      (from > 0 ? dateInText(body.slice(0, from), opts) : undefined);
    if (printed) out.push({ value: printed, rank: DATE_RANK.pageText, from: 'text' });
  }
  return out;
}

/** The crawl day, when `fetchedAt` is a real crawl time. */
function crawlDay(fetchedAt: string | undefined): string | undefined {
  if (!fetchedAt || !/^\d{4}-\d{2}-\d{2}/.test(fetchedAt)) return undefined;
  return Number(fetchedAt.slice(0, 4)) >= PUBLISHED_DATE.minCrawlYear ? fetchedAt.slice(0, 10) : undefined;
}

/** Candidates that can be the publication date: not after the crawl, not a decade before the page's other dates. */
export function plausibleCandidates(candidates: readonly DateCandidate[], fetchedAt?: string): DateCandidate[] {
  const crawl = crawlDay(fetchedAt);
  const notLater = candidates.filter((c) => {
    const key = c.value.value.slice(0, 10); // a day, a month or a year: compared with the crawl's of that length
    return !crawl || key <= crawl.slice(0, key.length);
  });
  // A date read from the page's text before the web existed is a date the text mentions, not its publication.
  const notBefore = notLater.filter((c) => c.from !== 'text' || yearOf(c.value) >= PUBLISHED_DATE.minTextYear);
  const metadata = notBefore.filter(
    (c) =>
      !c.foreign && c.rank <= DATE_RANK.modified && c.rank !== DATE_RANK.shownElsewhere && c.rank !== DATE_RANK.text,
  );
  const latest = Math.max(0, ...metadata.map((c) => yearOf(c.value)));
  return notBefore.filter((c) => yearOf(c.value) >= latest - PUBLISHED_DATE.outlierYears);
}

/**
 * The local day behind a UTC stamp: another candidate naming the same instant in a local zone (or the same clock
 * minutes without a zone), else a day the page shows at most `zoneSlackDays` away.
 */
function localised(best: DateCandidate, all: readonly DateCandidate[]): DateCandidate {
  if (!isUtc(best.value)) return best;
  const hm = /T(\d{2}):(\d{2})(?::(\d{2}))?Z$/.exec(best.value.value);
  const utcMinutes = hm ? Number(hm[1]) * 60 + Number(hm[2]) : 0;
  const at = instant(best.value);
  const minutes = clock(best.value)?.slice(3);
  for (const c of all) {
    if (c === best || c.value.precision !== 'time' || isUtc(c.value)) continue;
    const t = instant(c.value);
    if (t !== undefined && t === at) return { ...c, rank: best.rank };
    if (t === undefined && minutes && clock(c.value)?.slice(3) === minutes) {
      const gap = Math.abs((dayNumber(dayOf(c.value)) ?? 0) - (dayNumber(dayOf(best.value)) ?? 0));
      if (gap <= PUBLISHED_DATE.zoneSlackDays) return { ...c, rank: best.rank };
    }
  }
  const bestDay = dayNumber(dayOf(best.value)) ?? 0;
  // A shown day the stamp can fall on in a zone at most `maxZoneHours` from UTC.
  const reach = PUBLISHED_DATE.maxZoneHours * 60;
  const reachable = (day: number): boolean =>
    day === bestDay ||
    (day === bestDay + 1 && utcMinutes + reach >= 24 * 60) ||
    (day === bestDay - 1 && utcMinutes - reach < 0);
  const shown = all.find(
    (c) =>
      c.value.precision === 'day' &&
      c.from === 'text' &&
      c.rank === DATE_RANK.shownInArticle &&
      reachable(dayNumber(c.value.value) ?? 0),
  );
  if (shown) return { ...shown, rank: best.rank };
  // 22:00 or 23:00 UTC to the second is a local midnight an hour or two east: a CMS that stores a day as the
  // midnight it begins (Central Europe). Any other UTC stamp keeps the day it was written in.
  if (hm && hm[2] === '00' && (hm[3] ?? '00') === '00' && PUBLISHED_DATE.midnightUtcHours.includes(Number(hm[1]))) {
    const next = new Date(Date.parse(best.value.value) + 3 * 3_600_000).toISOString().slice(0, 10);
    return { ...best, value: { value: next, precision: 'day' } };
  }
  return best;
}

/**
 * When the head's declared dates of the best rank disagree on the day, the one whose day most of the other declared
 * dates and the dates shown in the article agree with: one stale field is outvoted by the rest. On a tie, the
 * first. (Markup dates do not vote: a page lists other posts' and comments' dates by the dozen.)
 */
function bestSupported(best: DateCandidate, all: readonly DateCandidate[]): DateCandidate {
  if (!best.declared) return best;
  const peers = all.filter((c) => c.rank === best.rank && c.declared);
  const days = new Set(peers.map((c) => dayOf(c.value)));
  // Many days declared at the best rank are a list of articles (a JSON-LD feed of teasers): the page's own
  // record comes first, and the most common day is only the busiest day of the list.
  if (days.size < 2 || days.size > PUBLISHED_DATE.maxVotingDays) return best;
  const support = (day: string) =>
    all.filter(
      (c) =>
        (c.declared === true || (c.from === 'text' && c.rank === DATE_RANK.shownInArticle)) &&
        c.rank <= DATE_RANK.generic &&
        dayOf(c.value) === day,
    ).length;
  let chosen = best;
  let most = support(dayOf(best.value));
  for (const c of peers) {
    const n = support(dayOf(c.value));
    if (n > most) [chosen, most] = [c, n];
  }
  return chosen;
}

/**
 * A declared publication the page never shows gives way to its declared last change when the page shows that
 * one: the page was republished (recipes, guides, updated reports), and the day its reader sees is the change.
 * Shown means a date in the article or its header, or one the page labels as a change; the publication counts as
 * shown when the page prints its day anywhere.
 */
function shownRevision(best: DateCandidate, all: readonly DateCandidate[]): DateCandidate {
  if (best.rank > DATE_RANK.generic || !best.declared) return best;
  const isShown = (c: DateCandidate) => !c.declared && c.rank !== DATE_RANK.published;
  const shownAnywhere = new Set(all.filter(isShown).map((c) => dayOf(c.value)));
  if (all.some((c) => c.rank === best.rank && c.declared && shownAnywhere.has(dayOf(c.value)))) return best;
  const shown = new Set(
    all
      .filter((c) => c.from === 'text' && (c.rank === DATE_RANK.shownInArticle || c.rank === DATE_RANK.modified))
      .map((c) => dayOf(c.value)),
  );
  const revision = all.find(
    (c) => c.rank === DATE_RANK.modified && c.declared && !c.foreign && shown.has(dayOf(c.value)),
  );
  return revision ? { ...revision, rank: best.rank } : best;
}

/** A month or a year gives way to a day of the same rank inside it (`2017-01` and `2017-01-30` in one head). */
function mostPrecise(best: DateCandidate, all: readonly DateCandidate[]): DateCandidate {
  if (best.value.precision !== 'month' && best.value.precision !== 'year') return best;
  const inside = all.find(
    (c) =>
      c.rank === best.rank &&
      (c.value.precision === 'day' || c.value.precision === 'time') &&
      c.value.value.startsWith(best.value.value),
  );
  return inside ?? best;
}

/** The best plausible candidate (rank, then page order), its day made local; a URL day keeps a stamp of that day. */
export function chooseDate(candidates: readonly DateCandidate[], fetchedAt?: string): ChosenDate | undefined {
  const usable = plausibleCandidates(candidates, fetchedAt);
  let best: DateCandidate | undefined;
  for (const c of usable) if (!best || c.rank < best.rank) best = c;
  if (!best) return undefined;
  best = bestSupported(best, usable);
  best = shownRevision(best, usable);
  best = mostPrecise(best, usable);
  if (best.rank === DATE_RANK.urlDay) {
    // The URL's day, with the time of a stamp that falls on it, when metadata has one.
    const day = best.value.value;
    const stamp = usable.find(
      (c) => c.value.precision === 'time' && dayOf(c.value) === day && c.rank <= DATE_RANK.generic,
    );
    if (stamp) best = { ...stamp, rank: best.rank };
  } else {
    best = localised(best, usable);
  }
  return { ...best.value, from: best.from, rank: best.rank };
}
