// Page metadata from an HTML document: title, byline, outlet, canonical URL, declared language and
// publication date, from <meta> tags, JSON-LD, links and markup.
import type { PublishedDate } from '../model.js';
import { chooseDate, type DateCandidate, pageDateCandidates } from './html-dates.js';
import { normaliseSpace } from './html-blocks.js';
import { indexPage, type PageIndex } from './html-index.js';
import { normaliseLanguageTag } from './language.js';
import type { LightDocument, LightElement } from './light-dom.js';
import { checkHttpUrl } from './urls.js';

export interface PageMetadata {
  title?: string;
  byline?: string;
  outlet?: string;
  /** The page's own URL if it is http(s) (canonical, else og:url), else the sidecar URL given as fallback. */
  url?: string;
  /** What the page claims as its URL, in order of trust (canonical, og:url), not yet vetted (see urls.ts). */
  pageUrls?: string[];
  /** Declared by the page (`<html lang>`, content-language); ISO 639-1. */
  language?: string;
  published?: PublishedDate;
  /** How trusted `published` is: its `DATE_RANK` (html-dates.ts), lower is better. */
  publishedRank?: number;
}

export interface MetadataOptions {
  /** When the page was fetched (ISO): no date after it is the publication date. */
  fetchedAt?: string;
  /** Dates read from the page's source before its noise was dropped (`rawMarkupDates`). */
  rawDates?: readonly DateCandidate[];
  /** The page's elements, when the caller has indexed it already. */
  index?: PageIndex;
}

type JsonObject = Record<string, unknown>;

/** `<meta>` values by lower-cased name/property/itemprop (first one wins). */
function readMetaTags(elements: readonly LightElement[]): Map<string, string> {
  const metas = new Map<string, string>();
  for (const meta of elements) {
    const content = meta.getAttribute('content');
    if (content === null || !content.trim()) continue;
    for (const attr of ['property', 'name', 'itemprop', 'http-equiv']) {
      const key = meta.getAttribute(attr);
      if (!key) continue;
      // `property` may hold several space-separated names.
      for (const k of key.toLowerCase().split(/\s+/)) if (k && !metas.has(k)) metas.set(k, content.trim());
    }
  }
  return metas;
}

/** Raw newlines and tabs inside JSON strings make JSON.parse fail; spaces do not. */
function stripControlCharacters(text: string): string {
  let out = '';
  for (const ch of text) out += ch.charCodeAt(0) < 0x20 ? ' ' : ch;
  return out;
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every object of the page's JSON-LD blocks, with `@graph` arrays and top-level arrays flattened. */
function readJsonLd(scripts: readonly LightElement[]): JsonObject[] {
  const out: JsonObject[] = [];
  const add = (v: unknown): void => {
    if (Array.isArray(v)) for (const x of v) add(x);
    else if (isObject(v)) {
      out.push(v);
      if (v['@graph']) add(v['@graph']);
    }
  };
  for (const script of scripts) {
    // Some pages wrap the JSON in CDATA or an HTML comment.
    const text = (script.textContent ?? '')
      .trim()
      .replace(/^(?:<!\[CDATA\[|<!--)|(?:\]\]>|-->)$/g, '')
      .trim();
    if (!text) continue;
    try {
      add(JSON.parse(text));
    } catch {
      // Broken JSON-LD is common (trailing commas, raw newlines); try once with control characters removed.
      try {
        add(JSON.parse(stripControlCharacters(text)));
      } catch {
        // Ignore it: the other sources still answer.
      }
    }
  }
  return out;
}

const ARTICLE_TYPES = /(?:Article|BlogPosting|Posting|Report|NewsArticle|LiveBlogPosting|Review|Recipe)$/;

function typesOf(obj: JsonObject): string[] {
  const t = obj['@type'];
  return Array.isArray(t) ? t.filter((x): x is string => typeof x === 'string') : typeof t === 'string' ? [t] : [];
}

/** The JSON-LD object that describes the article: an Article type, else a WebPage, else the first. */
function mainEntity(objects: JsonObject[]): JsonObject | undefined {
  return (
    objects.find((o) => typesOf(o).some((t) => ARTICLE_TYPES.test(t))) ??
    objects.find((o) => typesOf(o).some((t) => /WebPage$/.test(t))) ??
    objects[0]
  );
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string') {
    const s = normaliseSpace(decodeEntities(v));
    return s || undefined;
  }
  return undefined;
}

/** JSON-LD strings sometimes carry HTML entities. */
function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(Number.parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&');
}

/** Person names from a JSON-LD author value (string, object, or list of them). */
function jsonLdNames(v: unknown): string[] {
  if (Array.isArray(v)) return v.flatMap(jsonLdNames);
  if (typeof v === 'string') return isUrl(v) ? [] : [v];
  if (isObject(v)) return str(v.name) ? [str(v.name) as string] : [];
  return [];
}

/** A user name or slug (`devindra`, `jane-doe`, `@jdoe`), not a name as people write it. */
function isHandle(s: string): boolean {
  const t = s.trim();
  return /^@/.test(t) || (/^[\p{Ll}\d._-]+$/u.test(t) && !/\s/.test(t));
}

function isUrl(s: string): boolean {
  return /^(?:https?:)?\/\//i.test(s.trim());
}

function firstOf(...values: (string | undefined | null)[]): string | undefined {
  for (const v of values) {
    const s = v ? normaliseSpace(v) : '';
    if (s) return s;
  }
  return undefined;
}

function hostName(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).hostname.replace(/^www\d?\./, '') || undefined;
  } catch {
    return undefined;
  }
}

function absoluteUrl(href: string | null | undefined, base: string | undefined): string | undefined {
  const h = href?.trim();
  if (!h) return undefined;
  try {
    return new URL(h, base).href;
  } catch {
    return undefined;
  }
}

/** Lower-cased letters and digits: for comparing a title part with the site name. */
function squash(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

const TITLE_SEPARATOR = /\s+[|\-–—:·»•/]\s+/;

/** Drops a " | Site" / " - Site" part (either end) when it names the site. */
export function stripSiteName(title: string, site: string | undefined, host?: string): string {
  const parts = title.split(TITLE_SEPARATOR);
  if (parts.length < 2) return title;
  const names = [site, host, host?.split('.').slice(0, -1).join('.')].filter((x): x is string => !!x).map(squash);
  const isSite = (part: string): boolean => {
    const p = squash(part);
    return p.length > 0 && names.some((n) => n === p || (n.length > 3 && (p.startsWith(n) || n.startsWith(p))));
  };
  const seps = title.match(new RegExp(TITLE_SEPARATOR.source, 'g')) ?? [];
  const last = parts[parts.length - 1] as string;
  if (isSite(last)) return normaliseSpace(title.slice(0, title.length - last.length - (seps.at(-1)?.length ?? 0)));
  const first = parts[0] as string;
  if (isSite(first)) return normaliseSpace(title.slice(first.length + (seps[0]?.length ?? 0)));
  return title;
}

function bylineFromMarkup(index: PageIndex): string | undefined {
  const rel = index.authorMark;
  const relText = rel ? normaliseSpace(rel.textContent ?? '') : '';
  if (relText && relText.length < 100) return relText;
  const el = index.bylineClass;
  // Cleaned before it is judged by length: a name with a bio after it is still a name (cleanByline cuts the bio).
  const text = el ? (el.textContent ?? '').trim().slice(0, BYLINE_ELEMENT_CHARS) : '';
  return text ? cleanByline(text) : undefined;
}

/** How much of a byline element is read: a name, a job title and the start of a bio fit. */
const BYLINE_ELEMENT_CHARS = 400;

/** Job titles that run on after a name ("Ben Silverman Games Editor", "Jane Doe, Staff Writer"). */
const JOB_QUALIFIER =
  '(?:senior|chief|deputy|managing|associate|contributing|executive|political|foreign|staff|special|news|sports?|games?|tech(?:nology)?|science|business|health|features?|digital|web|online)';
const JOB_WORD =
  '(?:editor|correspondent|reporter|writer|columnist|contributor|producer|journalist|critic|analyst|photographer|intern|editor-at-large)(?:\\s+at\\s+[\\p{L} .&-]+)?';
// After a comma any job title; without one, only a qualified one ("Games Editor"): "Jane Reporter" is a name.
const JOB_TITLE = new RegExp(
  `(?:,\\s*(?:${JOB_QUALIFIER}\\s+)*${JOB_WORD}|\\s+(?:${JOB_QUALIFIER}\\s+)+${JOB_WORD})$`,
  'iu',
);
/** Where a bio or a company blurb starts: "Jane Doe is a reporter…", "Jane Doe | About the company", "Jane Doe. She…". */
const BIO_START =
  /\s+(?:is|was|has|writes|covers|reports)\s+(?:a|an|the|for|on|about|from)\b|\s*[|•]\s*|(?<=\p{Ll}{2})\.\s+(?=\p{Lu})|\s+about\s+(?:the\s+)?(?:company|author|us)\b|\s+(?:edited|photos?|photographs?|illustrations?|additional\s+reporting)\s+by\b|\s*\n/iu;

/** A byline as people write it, without "By", dates, handles, job titles, bios and trailing separators. */
export function cleanByline(byline: string | undefined): string | undefined {
  if (!byline) return undefined;
  // A bio or blurb after the name goes first (before the spaces are folded, a line break still marks it).
  // Bounded first: a name with its title and the start of a bio fits, and the patterns below stay cheap.
  let s = byline.trim().slice(0, BYLINE_ELEMENT_CHARS);
  const bio = BIO_START.exec(s);
  if (bio && bio.index > 2) s = s.slice(0, bio.index);
  s = normaliseSpace(s)
    .replace(/^(?:written\s+by|by|par|por|von|di|door|av|af)\s+/i, '')
    .replace(/\s+@\w+.*$/, '');
  // Cut at a date, time or relative time that follows the name.
  const cut =
    /\s*(?:[-–—|•,]\s*)?(?:\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d|updated\b|published\b|před\b|il y a\b|hace\b|vor\b)/i.exec(
      s,
    );
  if (cut && cut.index > 2) s = s.slice(0, cut.index);
  s = s.replace(/[\s\-–—|•,:;]+$/, '').trim();
  // Job titles run on, repeatedly ("Jane Doe, Senior Editor").
  for (let i = 0; i < 3; i++) {
    const job = JOB_TITLE.exec(s);
    if (!job || job.index < 3) break;
    s = s.slice(0, job.index).replace(/[\s,;:]+$/, '');
  }
  if (/^(?:last\s+)?(?:updated|published|posted)\b/i.test(s)) return undefined;
  return s && s.length <= 100 ? s : undefined;
}

/** Reads the page's own metadata (sidecar fields are applied by the caller). */
export function readMetadata(document: LightDocument, fallbackUrl?: string, opts: MetadataOptions = {}): PageMetadata {
  const index = opts.index ?? indexPage(document);
  const metas = readMetaTags(index.metas);
  const jsonLd = readJsonLd(index.jsonLd);
  const entity = mainEntity(jsonLd);
  const publisher = isObject(entity?.publisher) ? (entity?.publisher as JsonObject) : undefined;

  const canonical = absoluteUrl(index.canonical?.getAttribute('href'), fallbackUrl);
  const ogUrl = absoluteUrl(metas.get('og:url'), fallbackUrl);
  const pageUrls = [canonical, ogUrl].filter((u): u is string => u !== undefined);
  // Dates and the outlet's host are read only from a URL that may be stored (no `javascript:` host names).
  const url = pageUrls.map(checkHttpUrl).find((c): c is { url: string } => 'url' in c)?.url ?? fallbackUrl;

  const site = firstOf(metas.get('og:site_name'), str(publisher?.name), metas.get('application-name'));
  const host = hostName(url);
  const outlet = site ?? host;

  const h1s = index.h1s;
  const h1 = h1s.length === 1 ? normaliseSpace(h1s[0]?.textContent ?? '') : undefined;
  const rawTitle = firstOf(
    metas.get('og:title'),
    metas.get('twitter:title'),
    str(entity?.headline),
    h1,
    index.title?.textContent,
  );
  const title = rawTitle ? stripSiteName(rawTitle, site, host) : undefined;

  // Dublin Core first: pages that give it and a generic `author` mean the person by it (Readability agrees).
  const authorMeta = [
    metas.get('dc.creator'),
    metas.get('dc:creator'),
    metas.get('dcterms.creator'),
    metas.get('author'),
    metas.get('article:author'),
    metas.get('parsely-author'),
    metas.get('sailthru.author'),
  ].find((v) => v && !isUrl(v) && !isHandle(v));
  const jsonLdAuthors = [...new Set(jsonLdNames(entity?.author))].filter((n) => !isHandle(n));
  // The markup scan walks the whole page: only when the metadata names nobody.
  const byline = cleanByline(firstOf(authorMeta, jsonLdAuthors.join(', ')) ?? bylineFromMarkup(index));

  const language = normaliseLanguageTag(
    document.documentElement?.getAttribute('lang') ??
      document.documentElement?.getAttribute('xml:lang') ??
      metas.get('content-language') ??
      metas.get('og:locale') ??
      str(entity?.inLanguage),
  );

  const meta: PageMetadata = {};
  if (title) meta.title = title;
  if (byline) meta.byline = byline;
  if (outlet) meta.outlet = outlet;
  if (url) meta.url = url;
  if (pageUrls.length > 0) meta.pageUrls = pageUrls;
  if (language) meta.language = language;
  const candidates = pageDateCandidates(document, {
    index,
    metas,
    jsonLd,
    ...(url ? { url } : {}),
    ...(opts.fetchedAt ? { fetchedAt: opts.fetchedAt } : {}),
    ...(language ? { language } : {}),
    ...(opts.rawDates ? { rawMarkup: opts.rawDates } : {}),
  });
  const chosen = chooseDate(candidates, opts.fetchedAt);
  if (chosen) {
    const { rank, ...published } = chosen;
    meta.published = published;
    meta.publishedRank = rank;
  }
  return meta;
}
