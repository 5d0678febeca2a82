// Main-content extraction, layered as trafilatura does: Readability first; when it finds nothing or too
// little, the densest cluster of <p> text, then all <p> text, then the body's text blocks.
import { Readability } from '@mozilla/readability';
import { blocksOf, normaliseSpace, pinHints, type TextBlock } from './html-blocks.js';
import { classifyElement } from './html-boilerplate.js';

/** Below this many characters a Readability result is "too little" and the fallbacks are consulted. */
const MIN_CONTENT_CHARS = 250;

/** Containers whose text is site chrome, not article, when we fall back to scanning the page. */
const CHROME_SELECTOR =
  'script,style,noscript,template,nav,header,footer,aside,form,iframe,svg,button,select,[role=navigation],[role=banner],[role=contentinfo],[aria-hidden=true],[hidden]';

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

const READABILITY_CHAR_THRESHOLD = 300;

/** Readability on the document (which it mutates). Undefined when it gives up. */
function readabilityBlocks(document: Document): { blocks: TextBlock[]; title?: string; byline?: string } | undefined {
  try {
    const reader = new Readability<Element>(document as unknown as Document, {
      // Keep the content as a DOM node: no serialise + re-parse round trip.
      serializer: (node) => node as Element,
      // Below this many characters Readability re-runs its whole search with looser rules, up to
      // three more times; our own fallbacks (densest block, all <p>) handle short pages more cheaply.
      charThreshold: READABILITY_CHAR_THRESHOLD,
    });
    const result = reader.parse();
    if (!result?.content) return undefined;
    return { blocks: blocksOf(result.content), title: result.title ?? undefined, byline: result.byline ?? undefined };
  } catch {
    // Readability can throw on odd DOMs; the fallbacks take over.
    return undefined;
  }
}

/** Removes site chrome from a freshly parsed document before the fallbacks scan it. */
function stripChrome(document: Document): void {
  for (const el of Array.from(document.querySelectorAll(CHROME_SELECTOR))) el.remove();
}

/** The parent whose direct <p> children hold the most text: the usual shape of an article body. */
function denseBlock(document: Document): TextBlock[] {
  const byParent = new Map<Element, number>();
  for (const p of Array.from(document.querySelectorAll('p'))) {
    const parent = p.parentElement;
    if (!parent) continue;
    const len = (p.textContent ?? '').trim().length;
    if (len < 25) continue;
    byParent.set(parent, (byParent.get(parent) ?? 0) + len);
  }
  let best: Element | undefined;
  let bestLen = 0;
  for (const [parent, len] of byParent) {
    if (len > bestLen) {
      best = parent;
      bestLen = len;
    }
  }
  return best ? blocksOf(best) : [];
}

function allParagraphs(document: Document): TextBlock[] {
  const blocks: TextBlock[] = [];
  for (const p of Array.from(document.querySelectorAll('p'))) blocks.push(...blocksOf(p));
  return blocks;
}

/** Deeper DOMs skip Readability (its cost grows with depth × size) for the simpler fallbacks. */
const MAX_READABILITY_DEPTH = 250;

/**
 * The main content's text blocks. `parse` gives a fresh DOM of the page: Readability mutates the first
 * one, and the fallbacks (rarely needed) get their own.
 */
export function extractContent(document: Document, parse: () => Document): ContentResult {
  // Class names tell captions, share bars and teasers apart; pinned on text nodes before Readability
  // rewrites the elements.
  const depth = document.body ? pinHints(document.body, classifyElement) : 0;
  const fromReadability = depth <= MAX_READABILITY_DEPTH ? readabilityBlocks(document) : undefined;
  if (fromReadability && textLength(fromReadability.blocks) >= MIN_CONTENT_CHARS) {
    return {
      blocks: fromReadability.blocks,
      method: 'readability',
      readabilityTitle: fromReadability.title,
      readabilityByline: fromReadability.byline,
    };
  }
  const fresh = parse();
  stripChrome(fresh);
  if (fresh.body) pinHints(fresh.body, classifyElement);
  const candidates: ContentResult[] = [
    { blocks: fromReadability?.blocks ?? [], method: 'readability' },
    { blocks: denseBlock(fresh), method: 'dense-block' },
    { blocks: allParagraphs(fresh), method: 'paragraphs' },
  ];
  for (const c of candidates.slice(1)) {
    if (textLength(c.blocks) >= MIN_CONTENT_CHARS)
      return { ...c, readabilityTitle: fromReadability?.title, readabilityByline: fromReadability?.byline };
  }
  const body = fresh.body;
  candidates.push({ blocks: body ? blocksOf(body) : [], method: 'body' });
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

/**
 * An upper estimate of the page's element nesting, from its tags alone. Readability and the DOM
 * parser slow down quadratically on very deep trees; the caller avoids them on such pages.
 */
export function nestingDepth(page: string): number {
  let depth = 0;
  let max = 0;
  const html = untilLastTagEnd(page);
  const tagRe = /<(\/?)([a-zA-Z][\w-]*)[^>]*?(\/?)>/g;
  for (let m = tagRe.exec(html); m; m = tagRe.exec(html)) {
    const name = (m[2] as string).toLowerCase();
    if (VOID_OR_SELF_CLOSING.has(name) || AUTO_CLOSED.has(name) || m[3]) continue;
    if (m[1]) depth = Math.max(0, depth - 1);
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
