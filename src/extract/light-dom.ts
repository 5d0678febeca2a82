// A light, read-only DOM for extraction, built straight from htmlparser2's callbacks. linkedom (which runs the same
// parser) makes every node an event target with its attributes as linked nodes and its class as a token list: on
// the extraction benchmark that was a third of the time and most of the garbage. Extraction only reads the page,
// so the tree here holds what it reads — tag, attributes, text, links to parent, first child and next sibling —
// and is the tree linkedom builds from the same callbacks: one text node per `ontext` call (the scorer's counts
// depend on where text nodes split), attribute names as written, the first of a repeated attribute, the class
// attribute's tokens deduplicated and joined by single spaces, and linkedom's `head`, `body` and `title`.
// Comments and doctypes are not kept: nothing here reads them.
import { Parser } from 'htmlparser2';

export const ELEMENT_NODE = 1;
export const TEXT_NODE = 3;
export const DOCUMENT_NODE = 9;

export type LightNode = LightElement | LightText;
export type LightParent = LightElement | LightDocument;

/** The children of a parent, as a list (element and text nodes). */
function childList(parent: LightParent): LightNode[] {
  const out: LightNode[] = [];
  for (let child = parent.firstChild; child; child = child.nextSibling) out.push(child);
  return out;
}

function appendChild(parent: LightParent, node: LightNode): void {
  if (parent.lastChild) parent.lastChild.nextSibling = node;
  else parent.firstChild = node;
  parent.lastChild = node;
}

/**
 * The text of every text node under `root`, in document order, leaving out the elements of `skip` with all they
 * hold (iterative: pages nest without bound).
 */
export function textUnder(root: LightParent, skip?: ReadonlySet<LightElement>): string {
  const parts: string[] = [];
  const stack: LightNode[] = [];
  let node: LightNode | null = root.firstChild;
  while (node) {
    if (node.nodeType === TEXT_NODE) parts.push(node.nodeValue);
    else if (node.firstChild && !skip?.has(node)) {
      if (node.nextSibling) stack.push(node.nextSibling);
      node = node.firstChild;
      continue;
    }
    node = node.nextSibling ?? stack.pop() ?? null;
  }
  return parts.length === 1 ? (parts[0] as string) : parts.join('');
}

/** Every element under `root` (not `root` itself) that passes `test`, in document order. */
function elementsUnder(root: LightParent, test: (el: LightElement) => boolean, first: boolean): LightElement[] {
  const out: LightElement[] = [];
  const stack: LightNode[] = [];
  let node: LightNode | null = root.firstChild;
  while (node) {
    if (node.nodeType === ELEMENT_NODE) {
      if (test(node)) {
        out.push(node);
        if (first) return out;
      }
      if (node.firstChild) {
        if (node.nextSibling) stack.push(node.nextSibling);
        node = node.firstChild;
        continue;
      }
    }
    node = node.nextSibling ?? stack.pop() ?? null;
  }
  return out;
}

/** A class attribute as linkedom's token list leaves it: tokens split on whitespace, deduplicated, joined by spaces. */
function normaliseClass(value: string): string {
  if (!/\s/.test(value)) return value;
  const tokens = new Set<string>();
  for (const token of value.split(/\s+/)) if (token) tokens.add(token);
  return [...tokens].join(' ');
}

export class LightText {
  readonly nodeType = TEXT_NODE;
  /** Set while the page is parsed, never after. */
  nextSibling: LightNode | null = null;
  readonly firstChild = null;

  constructor(
    readonly nodeValue: string,
    readonly parentNode: LightParent,
  ) {}

  get textContent(): string {
    return this.nodeValue;
  }

  get parentElement(): LightElement | null {
    return this.parentNode.nodeType === ELEMENT_NODE ? this.parentNode : null;
  }
}

export class LightElement {
  readonly nodeType = ELEMENT_NODE;
  /** Upper case, as an HTML document's `tagName`. */
  readonly tagName: string;
  /** The class attribute normalised as linkedom does ('' without one): what `getAttribute('class')` answers. */
  readonly className: string;
  readonly parentElement: LightElement | null;
  /** Set while the page is parsed, never after. */
  firstChild: LightNode | null = null;
  lastChild: LightNode | null = null;
  nextSibling: LightNode | null = null;

  constructor(
    /** Lower case, as the parser gives it. */
    readonly localName: string,
    /** Names as written (case kept), values with entities decoded. */
    private readonly attributes: Readonly<Record<string, string>>,
    readonly parentNode: LightParent,
    /** The parse's answers for names and classes seen before (a page repeats a few dozen of each). */
    seen?: NameCache,
  ) {
    this.tagName = seen ? seen.tag(localName) : localName.toUpperCase();
    const cls = Object.hasOwn(attributes, 'class') ? attributes.class : undefined;
    this.className = cls === undefined ? '' : seen ? seen.className(cls) : normaliseClass(cls);
    this.parentElement = parentNode.nodeType === ELEMENT_NODE ? parentNode : null;
  }

  /** The attribute's value, or null. `class` answers the normalised class, '' without one (as linkedom). */
  getAttribute(name: string): string | null {
    if (name === 'class') return this.className;
    return Object.hasOwn(this.attributes, name) ? (this.attributes[name] as string) : null;
  }

  hasAttribute(name: string): boolean {
    return Object.hasOwn(this.attributes, name);
  }

  get textContent(): string {
    return textUnder(this);
  }

  get childNodes(): LightNode[] {
    return childList(this);
  }

  get children(): LightElement[] {
    const out: LightElement[] = [];
    for (let child = this.firstChild; child; child = child.nextSibling)
      if (child.nodeType === ELEMENT_NODE) out.push(child);
    return out;
  }

  get firstElementChild(): LightElement | null {
    for (let child = this.firstChild; child; child = child.nextSibling)
      if (child.nodeType === ELEMENT_NODE) return child;
    return null;
  }

  get nextElementSibling(): LightElement | null {
    for (let next = this.nextSibling; next; next = next.nextSibling) if (next.nodeType === ELEMENT_NODE) return next;
    return null;
  }

  /** Whether `other` is this element or inside it. */
  contains(other: LightNode | null): boolean {
    for (let node: LightNode | null = other; node; node = node.parentElement) if (node === this) return true;
    return false;
  }

  /** Descendant elements of a tag (lower case), in document order. */
  getElementsByTagName(name: string): LightElement[] {
    return elementsUnder(this, (el) => el.localName === name, false);
  }

  /** Descendant elements that pass `test`, in document order. */
  findAll(test: (el: LightElement) => boolean): LightElement[] {
    return elementsUnder(this, test, false);
  }

  /** The first descendant element that passes `test`. */
  find(test: (el: LightElement) => boolean): LightElement | undefined {
    return elementsUnder(this, test, true)[0];
  }
}

export class LightDocument {
  readonly nodeType = DOCUMENT_NODE;
  firstChild: LightNode | null = null;
  lastChild: LightNode | null = null;
  private headElement: LightElement | undefined;
  private bodyElement: LightElement | undefined;

  get childNodes(): LightNode[] {
    return childList(this);
  }

  /** The first element child (as a DOM's: not necessarily `<html>`). */
  get documentElement(): LightElement | null {
    for (let child = this.firstChild; child; child = child.nextSibling)
      if (child.nodeType === ELEMENT_NODE) return child;
    return null;
  }

  /**
   * linkedom's head: the root's first element when it is a `<head>`, else an empty one (linkedom inserts one there).
   * Throws without a root, as linkedom does.
   */
  get head(): LightElement {
    if (!this.headElement) {
      const root = this.documentElement;
      if (!root) throw new TypeError('the document has no root element');
      const first = root.firstElementChild;
      this.headElement = first?.tagName === 'HEAD' ? first : new LightElement('head', {}, root);
      // linkedom's body is the element after its head: after an inserted head, the root's first element.
      const next = first?.tagName === 'HEAD' ? first.nextElementSibling : first;
      this.bodyElement = next?.tagName === 'BODY' ? next : new LightElement('body', {}, root);
    }
    return this.headElement;
  }

  /** linkedom's body: the element right after the head when it is a `<body>`, else an empty one. */
  get body(): LightElement {
    void this.head;
    return this.bodyElement as LightElement;
  }

  /** The text of the head's first `<title>`, or ''. */
  get title(): string {
    return this.head.getElementsByTagName('title')[0]?.textContent || '';
  }

  getElementsByTagName(name: string): LightElement[] {
    return elementsUnder(this, (el) => el.localName === name, false);
  }

  findAll(test: (el: LightElement) => boolean): LightElement[] {
    return elementsUnder(this, test, false);
  }
}

/** Upper-case tag names and normalised classes, each computed once per parse. */
class NameCache {
  private readonly tags = new Map<string, string>();
  private readonly classes = new Map<string, string>();

  tag(localName: string): string {
    let tag = this.tags.get(localName);
    if (tag === undefined) this.tags.set(localName, (tag = localName.toUpperCase()));
    return tag;
  }

  className(value: string): string {
    let cls = this.classes.get(value);
    if (cls === undefined) this.classes.set(value, (cls = normaliseClass(value)));
    return cls;
  }
}

/** Parses a page into a light DOM, with the parser and options linkedom uses for an HTML document. */
export function parseLightDocument(html: string): LightDocument {
  const document = new LightDocument();
  const seen = new NameCache();
  let parent: LightParent = document;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const el: LightElement = new LightElement(name, attributes, parent, seen);
        appendChild(parent, el);
        parent = el;
      },
      ontext(text) {
        appendChild(parent, new LightText(text, parent));
      },
      onclosetag() {
        if (parent.nodeType === ELEMENT_NODE) parent = parent.parentNode;
      },
    },
    { lowerCaseAttributeNames: false, decodeEntities: true, xmlMode: false },
  );
  parser.end(html);
  return document;
}
