// Pages that are lists of links — home pages, section fronts, tag pages, sitemaps — are not articles: their "text"
// is headlines of other pages. Told apart by two measures (settings.ts LINK_LIST): how much of the page's text sits
// inside links, and whether its main content holds a run of real prose, as every article does.
import type { TextBlock } from './html-blocks.js';
import { type LightElement, type LightNode, TEXT_NODE } from './light-dom.js';
import { LINK_LIST } from './settings.js';

export interface LinkStats {
  /** Links (`<a>`) with some text. */
  links: number;
  /** Non-space characters inside links. */
  linkChars: number;
  /** Non-space characters of the whole body. */
  textChars: number;
}

/** Elements whose text no reader sees. */
const UNSEEN = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'HEAD', 'TITLE', 'OPTION', 'SELECT']);

/** Characters other than whitespace: layout whitespace between links must not dilute the measure. */
function visibleChars(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 32 && c !== 160) n++;
  }
  return n;
}

/** Link and text counts over a subtree, in one walk (iterative: the depth of hostile pages is unbounded). */
export function pageLinkStats(root: LightElement): LinkStats {
  const stats: LinkStats = { links: 0, linkChars: 0, textChars: 0 };
  // Nodes to visit, and whether each sits inside a link (the counts do not need document order).
  const stack: LightNode[] = [root];
  const inLinks: boolean[] = [false];
  for (let node = stack.pop(); node; node = stack.pop()) {
    const inLink = inLinks.pop() as boolean;
    if (node.nodeType === TEXT_NODE) {
      const n = visibleChars(node.nodeValue);
      stats.textChars += n;
      if (inLink) stats.linkChars += n;
      continue;
    }
    if (UNSEEN.has(node.tagName)) continue;
    const isLink = node.tagName === 'A' && !inLink;
    if (isLink && visibleChars(node.textContent) > 0) stats.links++;
    for (let child = node.firstChild; child; child = child.nextSibling) {
      stack.push(child);
      inLinks.push(inLink || isLink);
    }
  }
  return stats;
}

const ENDS_SENTENCE = /[.!?…。！？]["'”’»)\]]*$/u;

/** A paragraph of an article's prose: a sentence or more, mostly outside links. */
function isProse(block: TextBlock): boolean {
  if (block.kind === 'heading' || block.kind === 'caption') return false;
  if (block.linkChars > block.text.length * LINK_LIST.proseMaxLinkShare) return false;
  return block.text.length >= LINK_LIST.proseMinChars && ENDS_SENTENCE.test(block.text);
}

/** A line that is mostly a link. */
function isLinkLine(block: TextBlock): boolean {
  return block.linkChars >= block.text.length * LINK_LIST.linkLineMinShare;
}

/** A line that is mostly a link and long enough to be a headline: a teaser, not a menu entry ("World", "more…"). */
function isHeadlineLink(block: TextBlock): boolean {
  return isLinkLine(block) && block.text.length >= LINK_LIST.headlineMinChars;
}

/** What the link-list rule looks at in the main content. */
export interface ContentLinkStats {
  /** Share of the content's characters inside links. */
  linkShare: number;
  /** Lines that are headline links (teasers). */
  headlineLinks: number;
  /** Paragraphs of prose. */
  proseParagraphs: number;
  /**
   * Characters in the longest run of prose paragraphs. Headings, captions and short lines between paragraphs do
   * not break a run (an article has subheads); a link line does (a teaser list is headline link, summary,
   * headline link, summary).
   */
  longestProseRun: number;
}

export function contentLinkStats(blocks: TextBlock[]): ContentLinkStats {
  let chars = 0;
  let linkChars = 0;
  const stats: ContentLinkStats = { linkShare: 0, headlineLinks: 0, proseParagraphs: 0, longestProseRun: 0 };
  let run = 0;
  for (const block of blocks) {
    chars += block.text.length;
    linkChars += block.linkChars;
    if (isHeadlineLink(block)) stats.headlineLinks++;
    if (isProse(block)) {
      stats.proseParagraphs++;
      run += block.text.length;
      if (run > stats.longestProseRun) stats.longestProseRun = run;
    } else if (isLinkLine(block)) {
      run = 0;
    }
  }
  stats.linkShare = chars > 0 ? linkChars / chars : 0;
  return stats;
}

/**
 * Why the page is a list of links and not an article, or undefined when it may be an article. `blocks` are the
 * page's main-content blocks. Three conditions, all needed (settings.ts LINK_LIST): the page has many links; its
 * main content has no run of prose an article would have; and that content is mostly link text (a list of
 * headlines, a sitemap) or has at least as many headline links as paragraphs (teaser cards: headline, summary).
 */
export function linkListReason(page: LinkStats, blocks: TextBlock[]): string | undefined {
  if (page.links < LINK_LIST.minLinks) return undefined;
  const content = contentLinkStats(blocks);
  if (content.longestProseRun >= LINK_LIST.maxProseRunChars) return undefined;
  const prose =
    content.longestProseRun > 0
      ? `no run of prose over ${LINK_LIST.maxProseRunChars} characters (the longest is ${content.longestProseRun})`
      : 'no paragraph of prose';
  if (content.linkShare >= LINK_LIST.minContentLinkShare) {
    const share = Math.round(content.linkShare * 100);
    return `not an article: ${share}% of its text is link text over ${page.links} links, and ${prose}`;
  }
  if (content.headlineLinks >= LINK_LIST.minHeadlineLinks && content.headlineLinks >= content.proseParagraphs) {
    return `not an article: a list of ${content.headlineLinks} headline links over ${page.links} links, and ${prose}`;
  }
  return undefined;
}
