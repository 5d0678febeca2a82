// HTML page → Article: main content (Readability + fallbacks), line clean-up, metadata and date.
// Sidecar fields (raw.meta) win over whatever the page says.
import { parseHTML } from 'linkedom';
import type { Article, PublishedDate, RawDocument } from '../model.js';
import { articleId } from './article-id.js';
import { dateInPath, dateInText, sidecarPublished } from './dates.js';
import { cleanBlocks } from './html-boilerplate.js';
import { type ContentResult, extractContent, flatBlocks, nestingDepth } from './html-content.js';
import { detectLanguage, normaliseLanguageTag } from './language.js';
import { cleanByline, type PageMetadata, readMetadata } from './metadata.js';

/**
 * Scripts (except JSON-LD), styles, comments, SVG, templates, menus (nav), page footers, drop-downs and
 * iframes never hold article text; dropping them before parsing shrinks the DOM of a typical news page
 * to a third and saves a third of the time. One left-to-right pass, as a tokenizer reads.
 */
const NOISE_RE =
  /<!--[\s\S]*?-->|<script(\s[^>]*)?>[\s\S]*?<\/script\s*>|<(style|svg|template|noscript|nav|footer|select|iframe)(?:\s[^>]*)?>[\s\S]*?<\/\2\s*>/gi;

/**
 * Attributes that neither the extractor nor its clean-up reads (image sources, data blobs, handlers,
 * styles that do not hide): two thirds of a page's markup once its scripts are gone.
 */
const HEAVY_ATTRIBUTE_RE =
  /\s(?:srcset|sizes|data-[\w.:-]+|on[a-z]+|aria-(?!hidden)[\w-]+|style(?=\s*=\s*(?:"(?![^"]*(?:none|hidden))[^"]*"|'(?![^']*(?:none|hidden))[^']*')))\s*=\s*(?:"[^"]*"|'[^']*')/gi;

function stripNoise(html: string): string {
  return html
    .replace(NOISE_RE, (match, scriptAttrs: string | undefined) =>
      scriptAttrs && /ld\+json/i.test(scriptAttrs) ? match : '',
    )
    .replace(/<[a-zA-Z][^<>]*>/g, (tag) => (tag.length > 40 ? tag.replace(HEAVY_ATTRIBUTE_RE, '') : tag));
}

/** linkedom needs an <html> root; fragments and bare text get one. */
function parseDocument(html: string): Document {
  const source = /<html[\s>]/i.test(html) ? html : `<!DOCTYPE html><html><head></head><body>${html}</body></html>`;
  return parseHTML(source).document as unknown as Document;
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
  const m =
    /^((?:\p{Lu}[\p{Lu}.'’-]+)(?: \p{Lu}[\p{Lu}.'’-]+){0,3}(?:, [\p{L}. ]{2,40})?)(?: \([\w .]+\))? ?[—–:-] /u.exec(
      firstParagraph ?? '',
    );
  return m?.[1];
}

/** Metadata is a bonus: a page whose markup trips a selector still yields its text. */
function safeMetadata(document: Document, url: string | undefined): PageMetadata {
  try {
    return readMetadata(document, url);
  } catch {
    return url ? { url } : {};
  }
}

/** Extracts the article of an HTML page. Throws when the page has no body or no text. */
export function extractHtml(raw: RawDocument): Article {
  const html = stripNoise(raw.content);
  const depth = nestingDepth(html);
  let meta: PageMetadata;
  let content: ContentResult;
  if (depth > MAX_DOM_DEPTH) {
    // Too deep to build a DOM in reasonable time: text straight from the markup, entities decoded.
    const decode = (text: string): string =>
      parseDocument(`<pre>${text.replace(/</g, '&lt;')}</pre>`).body?.textContent ?? '';
    meta = raw.meta.url ? { url: raw.meta.url } : {};
    content = { blocks: flatBlocks(html, decode), method: 'body' };
  } else {
    const document = parseDocument(html);
    if (!document.documentElement || !document.body) throw new Error('no article text found in the HTML: no <body>');
    meta = safeMetadata(document, raw.meta.url);
    content = extractContent(document, () => parseDocument(html));
  }
  const title = raw.meta.title || content.readabilityTitle || meta.title;
  let { paragraphs, removed } = cleanBlocks(content.blocks, { title });
  if (paragraphs.length === 0 && content.blocks.length > 0) {
    // Everything looked like boilerplate: keep the text rather than return nothing.
    paragraphs = content.blocks.map((b) => b.text);
    removed = [];
  }
  if (paragraphs.length === 0) throw new Error('no article text found in the HTML');
  const text = paragraphs.join('\n\n');

  let published = sidecarDate(raw.meta.published) ?? meta.published;
  if (!published) {
    // Dates printed near the top, including the byline/date lines taken out as boilerplate and the
    // byline Readability lifted out of the content.
    const head = [content.readabilityByline ?? '', ...content.blocks.map((b) => b.text)]
      .join('\n')
      .slice(0, TEXT_DATE_WINDOW);
    const printed = dateInText(head);
    if (printed) published = { ...printed, from: 'text' };
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
  const url = raw.meta.url ?? meta.url;
  if (url) article.url = url;
  const outlet = raw.meta.outlet ?? meta.outlet;
  if (outlet) article.outlet = outlet;
  if (title) article.title = title;
  const byline = raw.meta.byline || meta.byline || cleanByline(content.readabilityByline);
  if (byline) article.byline = byline;
  if (published) article.published = published;
  const dateline = findDateline(paragraphs[0]);
  if (dateline) article.dateline = dateline;
  return article;
}
