// HTML page → Article: main content (Readability + fallbacks), line clean-up, metadata and date.
// Sidecar fields (raw.meta) win over whatever the page says.
import type { Article, PublishedDate, RawDocument } from '../model.js';
import { isPlaceName, readDateline } from '../text/datelines.js';
import { articleId } from './article-id.js';
import { matchAtStarts, tagStarts } from './tag-starts.js';
import {
  type DateParseOptions,
  type DateValue,
  dateInPath,
  dateInText,
  findWrittenDate,
  sidecarPublished,
} from './dates.js';
import { cleanBlocks } from './html-boilerplate.js';
import { indexPage, type PageIndex } from './html-index.js';
import { chooseDate, DATE_RANK, sourceDates } from './html-dates.js';
import { type ContentResult, extractContent, flatBlocks, nestingDepth } from './html-content.js';
import { detectLanguage, normaliseLanguageTag } from './language.js';
import { type LinkStats, linkListReason, pageLinkStats } from './link-list.js';
import { type LightDocument, parseLightDocument } from './light-dom.js';
import { cleanByline, type PageMetadata, readMetadata } from './metadata.js';
import { capParagraphs, maxTextBytesOf } from './text-cap.js';
import { lowYieldWarning, proseLength, visibleLength } from './text-yield.js';
import { articleUrl } from './urls.js';
import { PUBLISHED_DATE } from './settings.js';

/**
 * Scripts (except JSON-LD), styles, comments, SVG, templates, menus (nav), page footers, drop-downs and
 * iframes never hold article text; dropping them before parsing shrinks the DOM of a typical news page
 * to a third and saves a third of the time. One left-to-right pass, as a tokenizer reads.
 * An open tag's attributes stop at the next `<` or `>`, so that a tag left open costs no rescan.
 */
const NOISE_START_RE = /<!--|<(script|style|svg|template|noscript|nav|footer|select|iframe)(\s[^<>]*)?>/iy;

/**
 * Attributes that neither the extractor nor its clean-up reads (image sources, data blobs, handlers,
 * styles that do not hide): two thirds of a page's markup once its scripts are gone.
 */
const HEAVY_ATTRIBUTE_RE =
  /\s(?:srcset|sizes|data-[\w.:-]+|on[a-z]+|aria-(?!hidden)[\w-]+|style(?=\s*=\s*(?:"(?![^"]*(?:none|hidden))[^"]*"|'(?![^']*(?:none|hidden))[^']*')))\s*=\s*(?:"[^"]*"|'[^']*')/gi;

/**
 * An open tag of over 40 characters, the only ones worth stripping of heavy attributes: `<[a-zA-Z][^<>]*>` of that
 * length (a shorter tag holds no `<`, so no match of the longer pattern starts inside one).
 */
const LONG_TAG_RE = /<[a-zA-Z][^<>]{38,}>/g;

/**
 * Where the end of each kind of noise (`-->`, `</script>`, …) next occurs at or after a position. Remembers its
 * last answer per kind, so that a page of ten thousand unclosed `<script>` tags is searched once, not once per
 * tag: every search starts past the previous answer, and after a miss there is nothing more to find.
 */
class NoiseEnds {
  private readonly last = new Map<string, { from: number; at: number; end: number }>();

  constructor(private readonly html: string) {}

  /** The index just past the end of the noise opened before `from`, or -1 when it is never closed. */
  find(kind: string, from: number): number {
    const known = this.last.get(kind);
    if (known && known.from <= from && (known.at < 0 || known.at >= from)) return known.end;
    let at: number;
    let end: number;
    if (kind === '-->') {
      at = this.html.indexOf('-->', from);
      end = at < 0 ? -1 : at + 3;
    } else {
      const close = new RegExp(`</${kind}\\s*>`, 'gi');
      close.lastIndex = from;
      const m = close.exec(this.html);
      at = m ? m.index : -1;
      end = m ? m.index + m[0].length : -1;
    }
    this.last.set(kind, { from, at, end });
    return end;
  }
}

/** Where NOISE_START_RE (anchored) is tried: at a comment or one of its tags (tag-starts.ts). */
const NOISE_NAMES = ['!--', 'script', 'style', 'svg', 'template', 'noscript', 'nav', 'footer', 'select', 'iframe'];

/** An <article> open or close tag (group 1: the close's slash), anchored where one starts. */
const ARTICLE_TAG_AT = /<(\/)?article[\s>]/iy;

/** How far before a template script the article body's mark is looked for. */
const TEMPLATE_MARK_REACH = 300;

/**
 * A `<script type="text/template">` that opens the article body (`itemprop="articleBody"` just before it) holds the
 * post itself: Blogger serves every post this way, and a browser's script renders it in place.
 */
function isArticleTemplate(html: string, at: number, attributes: string | undefined): boolean {
  if (!attributes || !/type\s*=\s*["']?text\/template/i.test(attributes)) return false;
  return /itemprop\s*=\s*["']articleBody["']/i.test(html.slice(Math.max(0, at - TEMPLATE_MARK_REACH), at));
}

export function stripNoise(html: string): string {
  const ends = new NoiseEnds(html);
  const parts: string[] = [];
  let kept = 0;
  const [noiseStarts, articleStarts] = tagStarts(html, [NOISE_NAMES, ['article', '/article']]) as [number[], number[]];
  const noise = { next: 0, from: 0 };
  // How many <article> elements are open where the scan is (counted over the text between noise, once): the tags
  // from `articleStarts[nextArticle]` on are not counted yet.
  let articleDepth = 0;
  let nextArticle = 0;
  for (
    let m = matchAtStarts(html, NOISE_START_RE, noiseStarts, noise);
    m;
    m = matchAtStarts(html, NOISE_START_RE, noiseStarts, noise)
  ) {
    const name = m[1]?.toLowerCase();
    if (name === 'footer') {
      for (; nextArticle < articleStarts.length && (articleStarts[nextArticle] as number) < m.index; nextArticle++) {
        ARTICLE_TAG_AT.lastIndex = articleStarts[nextArticle] as number;
        const a = ARTICLE_TAG_AT.exec(html);
        if (a) articleDepth = Math.max(0, articleDepth + (a[1] ? -1 : 1));
      }
      // An article's own footer is its date line, author and tags (themes put them there): kept.
      if (articleDepth > 0) continue;
    }
    const end = ends.find(name ?? '-->', noise.from);
    // Left open: kept as it is (the parser reads it to the end of the page), and the search goes on after it.
    if (end < 0) continue;
    noise.from = end;
    if (name === 'script' && m[2] && /ld\+json/i.test(m[2])) continue; // JSON-LD metadata stays
    parts.push(html.slice(kept, m.index));
    kept = end;
    if (name === 'script' && isArticleTemplate(html, m.index, m[2])) {
      // The post's markup, which the page's script writes into the article body: kept, without its script tags.
      parts.push(stripNoise(html.slice(m.index + m[0].length, html.lastIndexOf('</', end))));
    }
  }
  parts.push(html.slice(kept));
  return parts.join('').replace(LONG_TAG_RE, (tag) => tag.replace(HEAVY_ATTRIBUTE_RE, ''));
}

/** The page as a light DOM (light-dom.ts) under an <html> root: fragments and bare text get one. */
export function parseDocument(html: string): LightDocument {
  const root = /<html[\s>]/i.exec(html);
  // Output before the <html> tag (a server's PHP warnings) leaves the parser a body it cannot find: dropped.
  const source = !root
    ? `<!DOCTYPE html><html><head></head><body>${html}</body></html>`
    : root.index > 0 && /<(?:br|b|p|div)\b/i.test(html.slice(0, root.index))
      ? html.slice(root.index)
      : html;
  return parseLightDocument(source);
}

/** Deeper pages are not parsed into a DOM at all (the parser slows down quadratically). */
const MAX_DOM_DEPTH = 1500;

/** How far into the text (characters) a printed date still counts as the publication date. */
const TEXT_DATE_WINDOW = 600;

function sidecarDate(value: string | undefined): PublishedDate | undefined {
  const v = sidecarPublished(value);
  return v ? { ...v, from: 'sidecar' } : undefined;
}

/** A place the text opens with, as printed: `PARIS:`, `DUBAI, United Arab Emirates —`, `BEIRUT (AP) —`. */
function findDateline(firstParagraph: string | undefined): string | undefined {
  const m = readDateline(firstParagraph ?? '');
  if (!m?.place || !isPlaceName(m.place)) return undefined;
  return m.region ? `${m.place}, ${m.region}` : m.place;
}

/** Metadata is a bonus: a page whose markup trips a selector still yields its text. */
function safeMetadata(
  document: LightDocument,
  index: PageIndex,
  url: string | undefined,
  fetchedAt: string,
  source: string,
): PageMetadata {
  try {
    return readMetadata(document, url, { fetchedAt, rawDates: sourceDates(source), index });
  } catch {
    return url ? { url } : {};
  }
}

/** The first `limit` characters of the blocks' text, one block a line, without joining all of a huge page. */
function headText(blocks: string[], limit: number): string {
  const parts: string[] = [];
  let length = 0;
  for (const text of blocks) {
    if (length >= limit) break;
    parts.push(text);
    length += text.length + 1;
  }
  return parts.join('\n').slice(0, limit);
}

/**
 * The date of a date line among the first `TEXT_DATE_WINDOW` characters of the blocks: a short line that opens with
 * a date ("21. Jan 2022 // Dominik Ricker", "Datum: 18.10.2021"), not a headline or a sentence that names one.
 */
function dateLineAtTop(blocks: string[], opts: DateParseOptions): DateValue | undefined {
  let length = 0;
  for (const text of blocks) {
    if (length >= TEXT_DATE_WINDOW) break;
    length += text.length + 1;
    if (text.length > PUBLISHED_DATE.maxDateElementChars) continue;
    const written = findWrittenDate(text, opts);
    if (written && written.start <= PUBLISHED_DATE.dateLineLeadChars) return written.value;
  }
  return undefined;
}

/**
 * Extracts the article of an HTML page. Throws when the page has no body or no text, or is a list of links (a home
 * page, a section front) rather than an article. `raw.maxTextBytes` caps the clean text (see text-cap.ts).
 */
export function extractHtml(raw: RawDocument): Article {
  const warnings: string[] = [];
  // Vetted first: a sidecar URL is also the base the page's relative canonical link resolves against.
  const sidecarUrl = articleUrl([{ value: raw.meta.url, from: 'sidecar' }], warnings);
  const html = stripNoise(raw.content);
  const depth = nestingDepth(html);
  let meta: PageMetadata;
  let content: ContentResult;
  let links: LinkStats | undefined;
  /** The page's prose: its paragraphs of a sentence or more (LOW_YIELD), scripts, menus and footers aside. */
  let inputChars: number;
  if (depth > MAX_DOM_DEPTH) {
    // Too deep to build a DOM in reasonable time: text straight from the markup, entities decoded.
    const decode = (text: string): string => parseDocument(`<pre>${text.replace(/</g, '&lt;')}</pre>`).body.textContent;
    meta = sidecarUrl ? { url: sidecarUrl } : {};
    content = { blocks: flatBlocks(html, decode), method: 'body' };
    inputChars = proseLength(content.blocks.map((b) => b.text));
  } else {
    const document = parseDocument(html);
    if (!document.documentElement || !document.body) throw new Error('no article text found in the HTML: no <body>');
    const index = indexPage(document);
    meta = safeMetadata(document, index, sidecarUrl, raw.fetchedAt, raw.content);
    // Before the fallbacks drop the page's chrome.
    links = pageLinkStats(document.body);
    inputChars = proseLength(index.paragraphs.map((p) => p.textContent));
    content = extractContent(document);
  }
  const notArticle = links ? linkListReason(links, content.blocks) : undefined;
  if (notArticle) throw new Error(notArticle);
  const title = raw.meta.title || content.readabilityTitle || meta.title;
  let { paragraphs, removed } = cleanBlocks(content.blocks, { title });
  if (paragraphs.length === 0 && content.blocks.length > 0) {
    // Everything looked like boilerplate: keep the text rather than return nothing.
    paragraphs = content.blocks.map((b) => b.text);
    removed = [];
  }
  if (paragraphs.length === 0) throw new Error('no article text found in the HTML');
  const capped = capParagraphs(paragraphs, maxTextBytesOf(raw));
  paragraphs = capped.paragraphs;
  if (capped.warning) warnings.push(capped.warning);
  const text = paragraphs.join('\n\n');
  // A cut text says so already; otherwise say when the article is a small part of a page full of text.
  const lowYield = capped.warning ? undefined : lowYieldWarning(inputChars, visibleLength(text), "the page's prose");
  if (lowYield) warnings.push(lowYield);

  let published = sidecarDate(raw.meta.published) ?? meta.published;
  const rank = meta.publishedRank ?? DATE_RANK.text;
  // A date the page shows only outside the article (a side bar's, a list's) gives way to a date line at the top of
  // the article; anything worse (a modified date, a month in the URL) to any date printed near the top.
  const dateLinesOnly = rank === DATE_RANK.shownElsewhere;
  if (
    !published ||
    (published.from !== 'sidecar' &&
      rank >= DATE_RANK.shownElsewhere &&
      rank !== DATE_RANK.text &&
      rank !== DATE_RANK.pageText)
  ) {
    // Dates printed near the top, including the byline/date lines taken out as boilerplate and the
    // byline Readability lifted out of the content: better than a modified date or a month in the URL.
    const lines = [content.readabilityByline ?? '', ...content.blocks.map((b) => b.text)];
    const dateOpts = { monthFirst: meta.language === 'en' };
    const printed = dateLinesOnly
      ? dateLineAtTop(lines, dateOpts)
      : dateInText(headText(lines, TEXT_DATE_WINDOW), dateOpts);
    const chosen = printed
      ? chooseDate([{ value: printed, rank: DATE_RANK.text, from: 'text' }], raw.fetchedAt)
      : undefined;
    if (chosen) published = { value: chosen.value, precision: chosen.precision, from: chosen.from };
  }
  if (!published) {
    const inPath = dateInPath(raw.source);
    if (inPath) published = { ...inPath, from: 'path' };
  }

  const article: Article = {
    id: articleId(text),
    source: raw.source,
    language: normaliseLanguageTag(raw.meta.language) ?? meta.language ?? detectLanguage(text),
    paragraphs,
    text,
    removed,
  };
  const url =
    sidecarUrl ??
    articleUrl(
      (meta.pageUrls ?? []).map((value) => ({ value, from: 'page' })),
      warnings,
    );
  if (url) article.url = url;
  const outlet = raw.meta.outlet ?? meta.outlet;
  if (outlet) article.outlet = outlet;
  if (title) article.title = title;
  const byline = raw.meta.byline || meta.byline || cleanByline(content.readabilityByline);
  if (byline) article.byline = byline;
  if (published) article.published = published;
  const dateline = findDateline(paragraphs[0]);
  if (dateline) article.dateline = dateline;
  if (warnings.length > 0) article.warnings = warnings;
  return article;
}
