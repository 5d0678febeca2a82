// DOM subtree → text blocks: one block per block-level element (p, li, h2…, blockquote, …),
// whitespace normalised, each tagged with what kind of element it came from so clean-up can judge it.
import { ELEMENT_NODE, type LightElement, type LightNode, TEXT_NODE } from './light-dom.js';

export type BlockKind = 'text' | 'heading' | 'list' | 'quote' | 'caption' | 'pre' | 'cell';

export interface TextBlock {
  text: string;
  kind: BlockKind;
  /** Characters of the block that sit inside links: high for menus and teaser lists. */
  linkChars: number;
  /** A boilerplate reason suggested by an enclosing element (its class, id or role), if any. */
  hint?: string;
}

/** Looks at one element and names the boilerplate it marks (`caption`, `share`, …), or undefined. */
export type ElementClassifier = (el: LightElement) => string | undefined;

/** Elements that end the current block and start a new one. */
const BLOCK_TAGS = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'BR',
  'CAPTION',
  'CENTER',
  'DD',
  'DETAILS',
  'DIV',
  'DL',
  'DT',
  'FIELDSET',
  'FIGCAPTION',
  'FIGURE',
  'FOOTER',
  'FORM',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HR',
  'LI',
  'MAIN',
  'NAV',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'SUMMARY',
  'TABLE',
  'TBODY',
  'TFOOT',
  'THEAD',
  'TR',
  'UL',
]);

/** Elements whose text is never article content. */
const SKIPPED_TAGS = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'SVG',
  'IFRAME',
  'BUTTON',
  'SELECT',
  'OPTION',
  'TEXTAREA',
  'OBJECT',
  'EMBED',
  'CANVAS',
  'VIDEO',
  'AUDIO',
  'HEAD',
  'TITLE',
  'META',
  'LINK',
]);

const KIND_OF_TAG: Record<string, BlockKind> = {
  H1: 'heading',
  H2: 'heading',
  H3: 'heading',
  H4: 'heading',
  H5: 'heading',
  H6: 'heading',
  LI: 'list',
  DT: 'list',
  DD: 'list',
  BLOCKQUOTE: 'quote',
  FIGCAPTION: 'caption',
  CAPTION: 'caption',
  PRE: 'pre',
  TR: 'cell',
};

/** Collapses runs of whitespace (incl. no-break and zero-width spaces) to one space and trims. */
export function normaliseSpace(text: string): string {
  return text
    .replace(/[\u200B-\u200D\uFEFF\u00AD]/g, '')
    .replace(/[\s\u00A0\u2000-\u200A\u202F\u205F\u3000]+/g, ' ')
    .trim();
}

/** The attribute that carries a boilerplate hint a page's own markup may set (see `pinnedHints`). */
export const HINT_ATTRIBUTE = 'data-sl-hint';

/**
 * Each element's boilerplate hint as the fallbacks read a page: its own verdict (`classify`) or its nearest
 * classified ancestor's, from `root` down, except under elements whose text is never read (SKIPPED_TAGS) and under
 * `skip`. Only elements with a hint are listed: any other keeps what its own markup says (`HINT_ATTRIBUTE`).
 */
export function pinnedHints(
  root: LightElement,
  classify: ElementClassifier,
  skip?: ReadonlySet<LightElement>,
): Map<LightElement, string> {
  const pinned = new Map<LightElement, string>();
  // Iterative: hostile pages nest without bound. Each entry: an element and the hint it inherits.
  const stack: [LightElement, string | undefined][] = [[root, undefined]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [el, inherited] = top;
    if (SKIPPED_TAGS.has(el.tagName) || skip?.has(el)) continue;
    const hint = classify(el) ?? inherited;
    if (hint) pinned.set(el, hint);
    const children: LightElement[] = [];
    for (let child = el.firstChild; child; child = child.nextSibling)
      if (child.nodeType === ELEMENT_NODE) children.push(child);
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i] as LightElement, hint]);
  }
  return pinned;
}

/** Share of a block's characters that must carry one hint for the whole block to take it. */
const HINT_MAJORITY = 0.5;

/** How `blocksOf` finds each element's boilerplate hint, and what it leaves out. */
export interface BlockOptions {
  /** Elements left out with all they hold. */
  skip?: ReadonlySet<LightElement>;
  /** Classifies each element as it is read. */
  classify?: ElementClassifier;
  /** Without `classify`: the hints of `pinnedHints`; elements it does not list keep their own `HINT_ATTRIBUTE`. */
  pinned?: ReadonlyMap<LightElement, string>;
  /** The hint the root inherits from its ancestors. */
  hint?: string;
}

/** The hint an element inherits: its nearest classified ancestor's. */
export function inheritedHint(el: LightNode, classify: ElementClassifier): string | undefined {
  for (let p = el.parentElement; p; p = p.parentElement) {
    const hint = classify(p);
    if (hint) return hint;
  }
  return undefined;
}

/** The text blocks of a subtree (or of a run of sibling nodes, read as one), in document order. */
export function blocksOf(root: LightNode | readonly LightNode[], options: BlockOptions = {}): TextBlock[] {
  const { skip, classify, pinned } = options;
  const blocks: TextBlock[] = [];
  let parts: string[] = [];
  let linkChars = 0;
  let chars = 0;
  const hintChars = new Map<string, number>();
  const kinds: BlockKind[] = [];
  let hidden: string[] = [];
  const hints: (string | undefined)[] = options.hint ? [options.hint] : [];

  const flush = (): void => {
    if (parts.length === 0) return;
    const text = normaliseSpace(parts.join(''));
    if (text) {
      const block: TextBlock = {
        text,
        kind: kinds[kinds.length - 1] ?? 'text',
        linkChars: Math.min(linkChars, text.length),
      };
      for (const [hint, n] of hintChars) if (n >= chars * HINT_MAJORITY) block.hint = hint;
      blocks.push(block);
    }
    parts = [];
    linkChars = 0;
    chars = 0;
    hintChars.clear();
  };

  const walk = (node: LightNode, inLink: boolean): void => {
    if (node.nodeType === TEXT_NODE) {
      const value = node.nodeValue;
      const hint = hints[hints.length - 1];
      if (hint === 'hidden') {
        // Hidden text (screen-reader labels, hover cards) sits inside sentences: set it aside
        // without breaking the paragraph around it.
        hidden.push(value);
        return;
      }
      const n = value.trim().length;
      parts.push(value);
      chars += n;
      if (inLink) linkChars += n;
      if (hint) hintChars.set(hint, (hintChars.get(hint) ?? 0) + n);
      return;
    }
    const tag = node.tagName;
    if (SKIPPED_TAGS.has(tag) || tag === 'IMG' || skip?.has(node)) return;
    const isBlock = BLOCK_TAGS.has(tag);
    if (isBlock) flush();
    const kind = KIND_OF_TAG[tag];
    if (kind) kinds.push(kind);
    // Table cells are words on one row line.
    if (tag === 'TD' || tag === 'TH') parts.push(' ');
    const link = inLink || tag === 'A';
    const hint = classify ? classify(node) : (pinned?.get(node) ?? node.getAttribute(HINT_ATTRIBUTE));
    if (hint) hints.push(hint);
    for (let child = node.firstChild; child; child = child.nextSibling) walk(child, link);
    if (hint) hints.pop();
    if (tag === 'TD' || tag === 'TH') parts.push(' ');
    if (isBlock || kind) flush();
    if (kind) kinds.pop();
    if (isBlock && hidden.length > 0) {
      const text = normaliseSpace(hidden.join(' '));
      if (text) blocks.push({ text, kind: 'text', linkChars: 0, hint: 'hidden' });
      hidden = [];
    }
  };

  if (Array.isArray(root)) for (const node of root as readonly LightNode[]) walk(node, false);
  else walk(root as LightNode, false);
  flush();
  if (hidden.length > 0) {
    const text = normaliseSpace(hidden.join(' '));
    if (text) blocks.push({ text, kind: 'text', linkChars: 0, hint: 'hidden' });
  }
  return blocks;
}
