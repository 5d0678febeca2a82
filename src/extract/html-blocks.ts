// DOM subtree → text blocks: one block per block-level element (p, li, h2…, blockquote, …),
// whitespace normalised, each tagged with what kind of element it came from so clean-up can judge it.

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
export type ElementClassifier = (el: Element) => string | undefined;

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

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

/** Collapses runs of whitespace (incl. no-break and zero-width spaces) to one space and trims. */
export function normaliseSpace(text: string): string {
  return text
    .replace(/[\u200B-\u200D\uFEFF\u00AD]/g, '')
    .replace(/[\s\u00A0\u2000-\u200A\u202F\u205F\u3000]+/g, ' ')
    .trim();
}

/**
 * An element's class attribute ('' when it has none). linkedom's `getAttribute('class')` goes through `className`,
 * which joins the element's token list anew on every call: a tenth of extraction's time. The attribute node holds
 * the same text (linkedom writes the joined list back to it).
 */
export function classOf(el: Element): string {
  return el.getAttributeNode('class')?.value ?? '';
}

/** The attribute that carries a boilerplate hint through Readability's rewrites. */
export const HINT_ATTRIBUTE = 'data-sl-hint';

/**
 * Classifies the elements of a subtree and pins each verdict on the element, its descendants and (in
 * spans) its loose text. Readability rewraps text in new elements and may re-parse the page from its
 * HTML on a retry; pinned attributes and spans survive both, where the original classes do not.
 * Returns the subtree's element depth.
 */
export function pinHints(root: Element, classify: ElementClassifier): number {
  const document = root.ownerDocument;
  let maxDepth = 0;
  const walk = (el: Element, inherited: string | undefined, depth: number): void => {
    if (SKIPPED_TAGS.has(el.tagName.toUpperCase())) return;
    if (depth > maxDepth) maxDepth = depth;
    const hint = classify(el) ?? inherited;
    if (hint) el.setAttribute(HINT_ATTRIBUTE, hint);
    for (let child = el.firstChild; child;) {
      const next = child.nextSibling;
      if (child.nodeType === ELEMENT_NODE) walk(child as Element, hint, depth + 1);
      else if (hint && child.nodeType === TEXT_NODE && (child.nodeValue ?? '').trim()) {
        const span = document.createElement('span');
        span.setAttribute(HINT_ATTRIBUTE, hint);
        el.replaceChild(span, child);
        span.appendChild(child);
      }
      child = next;
    }
  };
  walk(root, undefined, 0);
  return maxDepth;
}

/** Share of a block's characters that must carry one hint for the whole block to take it. */
const HINT_MAJORITY = 0.5;

/** How `blocksOf` reads a page that carries no pinned hints (see `pinHints`). */
export interface BlockOptions {
  /** Elements left out with all they hold. */
  skip?: ReadonlySet<Element>;
  /** Classifies each element as it is read, as `pinHints` would have. */
  classify?: ElementClassifier;
  /** The hint the root inherits from its ancestors. */
  hint?: string;
}

/** The hint an element inherits: its nearest classified ancestor's, as `pinHints` passes it down. */
export function inheritedHint(el: Node, classify: ElementClassifier): string | undefined {
  for (let p = el.parentElement; p; p = p.parentElement) {
    const hint = classify(p);
    if (hint) return hint;
  }
  return undefined;
}

/** The text blocks of a subtree (or of a run of sibling nodes, read as one), in document order. */
export function blocksOf(root: Node | readonly Node[], options: BlockOptions = {}): TextBlock[] {
  const { skip, classify } = options;
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

  const walk = (node: Node, inLink: boolean): void => {
    if (node.nodeType === TEXT_NODE) {
      const value = node.nodeValue ?? '';
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
    if (node.nodeType !== ELEMENT_NODE) return;
    const tag = (node as Element).tagName.toUpperCase();
    if (SKIPPED_TAGS.has(tag) || tag === 'IMG' || skip?.has(node as Element)) return;
    const isBlock = BLOCK_TAGS.has(tag);
    if (isBlock) flush();
    const kind = KIND_OF_TAG[tag];
    if (kind) kinds.push(kind);
    // Table cells are words on one row line.
    if (tag === 'TD' || tag === 'TH') parts.push(' ');
    const link = inLink || tag === 'A';
    const pinned = classify ? classify(node as Element) : (node as Element).getAttribute(HINT_ATTRIBUTE);
    if (pinned) hints.push(pinned);
    for (let child = node.firstChild; child; child = child.nextSibling) walk(child, link);
    if (pinned) hints.pop();
    if (tag === 'TD' || tag === 'TH') parts.push(' ');
    if (isBlock || kind) flush();
    if (kind) kinds.pop();
    if (isBlock && hidden.length > 0) {
      const text = normaliseSpace(hidden.join(' '));
      if (text) blocks.push({ text, kind: 'text', linkChars: 0, hint: 'hidden' });
      hidden = [];
    }
  };

  if (Array.isArray(root)) for (const node of root as readonly Node[]) walk(node, false);
  else walk(root as Node, false);
  flush();
  if (hidden.length > 0) {
    const text = normaliseSpace(hidden.join(' '));
    if (text) blocks.push({ text, kind: 'text', linkChars: 0, hint: 'hidden' });
  }
  return blocks;
}
