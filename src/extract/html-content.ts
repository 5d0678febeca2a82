// Main-content extraction, layered as trafilatura does: Readability first; when it finds nothing or too
// little, the densest cluster of <p> text, then all <p> text, then the body's text blocks.
import { Readability } from '@mozilla/readability';
import { blocksOf, inheritedHint, normaliseSpace, pinnedHints, type TextBlock } from './html-blocks.js';
import { classifyElement } from './html-boilerplate.js';
import { ATTEMPTS, scoreContent } from './html-scorer.js';
import { ELEMENT_NODE, type LightDocument, type LightElement, type LightNode, textUnder } from './light-dom.js';

/** Below this many characters a Readability result is "too little" and the fallbacks are consulted. */
const MIN_CONTENT_CHARS = 250;

/** Containers whose text is site chrome, not article, when we fall back to scanning the page. */
const CHROME_TAGS = new Set(
  'SCRIPT STYLE NOSCRIPT TEMPLATE NAV HEADER FOOTER ASIDE FORM IFRAME SVG BUTTON SELECT'.split(' '),
);
const CHROME_ROLES = new Set(['navigation', 'banner', 'contentinfo']);

function isChrome(el: LightElement): boolean {
  return (
    CHROME_TAGS.has(el.tagName) ||
    CHROME_ROLES.has(el.getAttribute('role') ?? '') ||
    el.getAttribute('aria-hidden') === 'true' ||
    el.hasAttribute('hidden')
  );
}

export interface ContentResult {
  blocks: TextBlock[];
  /** Which layer produced the blocks. */
  method: 'readability' | 'dense-block' | 'paragraphs' | 'body';
  /** Readability's title guess, a metadata hint. */
  readabilityTitle?: string;
  /** Readability's byline guess, a metadata hint. */
  readabilityByline?: string;
}

function textLength(blocks: TextBlock[]): number {
  let n = 0;
  for (const b of blocks) n += b.text.length;
  return n;
}

/**
 * Readability's `charThreshold`: below this many characters it searches again with looser rules (and so does
 * the scorer); our own fallbacks (densest block, all <p>) handle shorter pages.
 */
const READABILITY_CHAR_THRESHOLD = 300;

/** The page as the fallbacks read it: its site chrome left out, its paragraphs, and the body's hints. */
interface ChromelessPage {
  /** Chrome elements (`isChrome`) outside any other: left out with all they hold. */
  chrome: Set<LightElement>;
  /** `<p>` elements outside the chrome, in document order. */
  paragraphs: LightElement[];
  /** The body, unless it is chrome itself (or inside chrome): then the page has none. */
  body?: LightElement;
  /** The body's boilerplate hints (`pinnedHints`). */
  pinned: Map<LightElement, string>;
}

/** One walk of the document (iterative: hostile pages nest without bound): its chrome and its paragraphs. */
function chromelessPage(document: LightDocument): ChromelessPage {
  const chrome = new Set<LightElement>();
  const paragraphs: LightElement[] = [];
  const body = document.body;
  let bodyKept = false;
  const stack: LightNode[] = [];
  let node: LightNode | null = document.firstChild;
  while (node) {
    if (node.nodeType === ELEMENT_NODE) {
      if (isChrome(node)) chrome.add(node);
      else {
        if (node === body) bodyKept = true;
        if (node.tagName === 'P') paragraphs.push(node);
        if (node.firstChild) {
          if (node.nextSibling) stack.push(node.nextSibling);
          node = node.firstChild;
          continue;
        }
      }
    }
    node = node.nextSibling ?? stack.pop() ?? null;
  }
  return {
    chrome,
    paragraphs,
    ...(bodyKept ? { body } : {}),
    pinned: bodyKept ? pinnedHints(body, classifyElement, chrome) : new Map(),
  };
}

/** The parent whose direct <p> children hold the most text: the usual shape of an article body. */
function denseBlock(page: ChromelessPage): TextBlock[] {
  const byParent = new Map<LightElement, number>();
  for (const p of page.paragraphs) {
    const parent = p.parentElement;
    if (!parent) continue;
    const len = textUnder(p, page.chrome).trim().length;
    if (len < 25) continue;
    byParent.set(parent, (byParent.get(parent) ?? 0) + len);
  }
  let best: LightElement | undefined;
  let bestLen = 0;
  for (const [parent, len] of byParent) {
    if (len > bestLen) {
      best = parent;
      bestLen = len;
    }
  }
  return best ? blocksOf(best, { skip: page.chrome, pinned: page.pinned }) : [];
}

function allParagraphs(page: ChromelessPage): TextBlock[] {
  const blocks: TextBlock[] = [];
  for (const p of page.paragraphs) blocks.push(...blocksOf(p, { skip: page.chrome, pinned: page.pinned }));
  return blocks;
}

/** Deeper DOMs skip Readability (its cost grows with depth × size) for the simpler fallbacks. */
const MAX_READABILITY_DEPTH = 250;

/** Readability's private metadata readers: the title and byline it would report, without its content search. */
interface ReadabilityMetadata {
  _getJSONLD(doc: LightDocument): unknown;
  _getArticleMetadata(jsonLd: unknown): { title?: string; byline?: string };
}

/**
 * Readability's title and metadata byline for the page (its `parse()` reports these). These readers ask the
 * document only for its title, elements by tag name, attributes and text, which the light DOM answers as a DOM.
 */
function readabilityMetadata(document: LightDocument): { title?: string; byline?: string } {
  try {
    const reader = new Readability(document as unknown as Document) as unknown as ReadabilityMetadata;
    const meta = reader._getArticleMetadata(reader._getJSONLD(document));
    return { ...(meta.title ? { title: meta.title } : {}), ...(meta.byline ? { byline: meta.byline } : {}) };
  } catch {
    return {};
  }
}

/**
 * Readability's choice, made by html-scorer.ts over the unchanged page: its attempts in turn until one finds enough
 * text, else the longest. Undefined when none finds any, or the page is too deep to walk.
 */
function scoredBlocks(document: LightDocument): { blocks: TextBlock[]; title?: string; byline?: string } | undefined {
  const meta = readabilityMetadata(document);
  let best: TextBlock[] | undefined;
  let byline = meta.byline;
  for (const attempt of ATTEMPTS) {
    const scored = scoreContent(document, {
      ...attempt,
      ...(meta.title ? { title: meta.title } : {}),
      // Readability looks for the byline element once: on a later attempt the one it found stays in the text.
      hasMetadataByline: byline !== undefined,
      maxDepth: MAX_READABILITY_DEPTH,
    });
    if (!scored) return undefined;
    byline ??= scored.byline;
    const blocks: TextBlock[] = [];
    for (const part of scored.parts) {
      const first = Array.isArray(part) ? part[0] : part;
      if (!first) continue;
      const hint = inheritedHint(first, classifyElement);
      blocks.push(...blocksOf(part, { skip: scored.removed, classify: classifyElement, ...(hint ? { hint } : {}) }));
    }
    if (!best || textLength(blocks) > textLength(best)) best = blocks;
    if (textLength(blocks) >= READABILITY_CHAR_THRESHOLD) break;
  }
  if (!best || textLength(best) === 0) return undefined;
  return { blocks: best, ...(meta.title ? { title: meta.title } : {}), ...(byline ? { byline } : {}) };
}

/**
 * The main content's text blocks. Readability's choice first; when it finds too little, the densest block, all
 * paragraphs, or the body's text, each without the page's chrome.
 */
export function extractContent(document: LightDocument): ContentResult {
  // Readability's choice, made without rewriting the page (html-scorer.ts): the fallbacks read the same DOM.
  const fromReadability = scoredBlocks(document);
  if (fromReadability && textLength(fromReadability.blocks) >= MIN_CONTENT_CHARS) {
    return {
      blocks: fromReadability.blocks,
      method: 'readability',
      readabilityTitle: fromReadability.title,
      readabilityByline: fromReadability.byline,
    };
  }
  const page = chromelessPage(document);
  const candidates: ContentResult[] = [
    { blocks: fromReadability?.blocks ?? [], method: 'readability' },
    { blocks: denseBlock(page), method: 'dense-block' },
    { blocks: allParagraphs(page), method: 'paragraphs' },
  ];
  for (const c of candidates.slice(1)) {
    if (textLength(c.blocks) >= MIN_CONTENT_CHARS)
      return { ...c, readabilityTitle: fromReadability?.title, readabilityByline: fromReadability?.byline };
  }
  const body = page.body;
  candidates.push({ blocks: body ? blocksOf(body, { skip: page.chrome, pinned: page.pinned }) : [], method: 'body' });
  // Nothing reached the threshold: the longest short answer is still better than none.
  let best = candidates[0] as ContentResult;
  for (const c of candidates) if (textLength(c.blocks) > textLength(best.blocks)) best = c;
  return { ...best, readabilityTitle: fromReadability?.title, readabilityByline: fromReadability?.byline };
}

const VOID_OR_SELF_CLOSING = new Set(
  'area base br col embed hr img input link meta source track wbr param keygen command basefont frame isindex'.split(
    ' ',
  ),
);
/** Elements the parser closes by itself (a missing end tag is the norm, not extra depth). */
const AUTO_CLOSED = new Set(
  'p li td th tr dt dd option optgroup thead tbody tfoot colgroup rt rp html head body'.split(' '),
);

/**
 * The markup up to its last `>`: a tag pattern whose attributes run to the next `>` (`<a[^>]*>`) then matches every
 * `<` it tries before that point, each match ending where the next begins, so one pass is linear. Past the last `>`
 * nothing can match, and without the cut each `<` there would be rescanned to the end (quadratic on `<<<<…`).
 */
function untilLastTagEnd(html: string): string {
  return html.slice(0, html.lastIndexOf('>') + 1);
}

/** `html.replace(tagRe, replacement)` for a tag pattern ending in `[^>]*>`, in one linear pass (see above). */
function replaceTags(html: string, tagRe: RegExp, replacement: string): string {
  const tags = untilLastTagEnd(html);
  return tags.replace(tagRe, replacement) + html.slice(tags.length);
}

/** A character of a tag name after its first letter (`[\w-]`). */
function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45;
}

/**
 * An upper estimate of the page's element nesting, from its tags alone. Readability and the DOM
 * parser slow down quadratically on very deep trees; the caller avoids them on such pages.
 * A tag is `<`, an optional `/`, a letter, name characters, then anything up to the next `>`; a `/` just before
 * that `>` closes it by itself. One pass from `<` to `<` (what `/<(\/?)([a-zA-Z][\w-]*)[^>]*?(\/?)>/g` finds, without
 * the regex engine's character-by-character search for the `>`).
 */
export function nestingDepth(page: string): number {
  let depth = 0;
  let max = 0;
  const html = untilLastTagEnd(page);
  for (let at = html.indexOf('<'); at >= 0;) {
    const closing = html.charCodeAt(at + 1) === 47; // `/`
    const nameStart = closing ? at + 2 : at + 1;
    const first = html.charCodeAt(nameStart);
    if (!((first >= 97 && first <= 122) || (first >= 65 && first <= 90))) {
      at = html.indexOf('<', at + 1);
      continue;
    }
    let nameEnd = nameStart + 1;
    while (nameEnd < html.length && isNameChar(html.charCodeAt(nameEnd))) nameEnd++;
    const end = html.indexOf('>', nameEnd);
    if (end < 0) break;
    at = html.indexOf('<', end + 1);
    const selfClosed = end > nameEnd && html.charCodeAt(end - 1) === 47;
    const name = html.slice(nameStart, nameEnd).toLowerCase();
    if (VOID_OR_SELF_CLOSING.has(name) || AUTO_CLOSED.has(name) || selfClosed) continue;
    if (closing) depth = Math.max(0, depth - 1);
    else if (++depth > max) max = depth;
  }
  return max;
}

const BLOCK_TAG_RE =
  /<\/?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|section|article|header|footer|nav|aside|pre|dt|dd|figure|figcaption|main|form|hr)\b[^>]*>/gi;

/** Text blocks straight from the markup, without a DOM: for pages too deep to parse safely. */
export function flatBlocks(html: string, decode: (text: string) => string): TextBlock[] {
  const bodyTag = /<body\b[^>]*>/i.exec(untilLastTagEnd(html));
  const body = bodyTag ? html.slice(bodyTag.index + bodyTag[0].length) : html;
  const lines = decode(replaceTags(replaceTags(body, BLOCK_TAG_RE, '\n'), /<[^>]*>/g, '')).split(/\n+/);
  return lines
    .map((line) => normaliseSpace(line))
    .filter((text) => text)
    .map((text) => ({ text, kind: 'text', linkChars: 0 }));
}
