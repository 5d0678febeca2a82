// The elements metadata and date reading look at, found in one walk of the page: half a dozen selectors (the
// heaviest `time, [class], [id]`) as plain tests, each list in document order, as the selectors found them.
import { ELEMENT_NODE, type LightDocument, type LightElement } from './light-dom.js';

export interface PageIndex {
  /** `<meta>` elements. */
  metas: LightElement[];
  /** `script[type="application/ld+json"]`. */
  jsonLd: LightElement[];
  /** The first `link[rel~="canonical"]`. */
  canonical?: LightElement;
  /** The first `<title>`. */
  title?: LightElement;
  h1s: LightElement[];
  /** Markup that says "published" (`PUBLISHED_MARKUP` of html-dates.ts). */
  publishedMarkup: LightElement[];
  /** `time, [class], [id]`: where a page prints a date. */
  dated: LightElement[];
  /** `<p>` elements of the body. */
  paragraphs: LightElement[];
  /**
   * The first `a[rel~="author"], [itemprop~="author"] [itemprop~="name"], [itemprop~="author"]`: the middle one never
   * comes first (its `author` ancestor precedes it), so the first link to the author or element marked as one.
   */
  authorMark?: LightElement;
  /** The first `.byline, .author, [class*="byline"]`. */
  bylineClass?: LightElement;
}

function hasToken(value: string | null, token: string): boolean {
  return value !== null && value.split(/\s+/).includes(token);
}

/**
 * `[itemprop~="datePublished"], [property$="datePublished"][content], [property$="dateCreated"][content],
 * time[pubdate], [pubdate][datetime], .published[title], .published[datetime], time[class*="publish"],
 * [class*="pubdate"][datetime], [class*="pubdate"][title]`, as plain tests.
 */
function saysPublished(el: LightElement, tag: string): boolean {
  if (hasToken(el.getAttribute('itemprop'), 'datePublished')) return true;
  const property = el.getAttribute('property');
  if (
    property &&
    (property.endsWith('datePublished') || property.endsWith('dateCreated')) &&
    el.hasAttribute('content')
  )
    return true;
  const hasDatetime = el.hasAttribute('datetime');
  if (el.hasAttribute('pubdate') && (tag === 'TIME' || hasDatetime)) return true;
  const cls = el.className;
  if (!cls) return false;
  const hasTitle = el.hasAttribute('title');
  if ((hasTitle || hasDatetime) && hasToken(cls, 'published')) return true;
  if (tag === 'TIME' && cls.includes('publish')) return true;
  return (hasTitle || hasDatetime) && cls.includes('pubdate');
}

/** One walk of the document (iterative: hostile pages nest without bound). Template contents are not read. */
export function indexPage(document: LightDocument): PageIndex {
  const index: PageIndex = { metas: [], jsonLd: [], h1s: [], publishedMarkup: [], dated: [], paragraphs: [] };
  const body = document.body;
  // Every element of the document, not only the root's: a broken page leaves some beside it (as the selectors saw).
  const stack: LightElement[] = [];
  const depths: number[] = [];
  const top: LightElement[] = [];
  for (let child = document.firstChild; child; child = child.nextSibling)
    if (child.nodeType === ELEMENT_NODE) top.push(child);
  for (let i = top.length - 1; i >= 0; i--) {
    stack.push(top[i] as LightElement);
    depths.push(0);
  }
  // Whether the walk is inside the body: counted by the body's depth on the stack.
  let inBodyUntil = -1;
  for (let el = stack.pop(), depth = depths.pop() ?? 0; el; el = stack.pop(), depth = depths.pop() ?? 0) {
    if (inBodyUntil >= 0 && depth <= inBodyUntil) inBodyUntil = -1;
    if (el === body) inBodyUntil = depth;
    const tag = el.tagName;
    switch (tag) {
      case 'META':
        index.metas.push(el);
        break;
      case 'SCRIPT':
        if ((el.getAttribute('type') ?? '').toLowerCase() === 'application/ld+json') index.jsonLd.push(el);
        break;
      case 'LINK':
        if (!index.canonical && hasToken((el.getAttribute('rel') ?? '').toLowerCase(), 'canonical'))
          index.canonical = el;
        break;
      case 'TITLE':
        index.title ??= el;
        break;
      case 'H1':
        index.h1s.push(el);
        break;
      case 'P':
        if (inBodyUntil >= 0 && el !== body) index.paragraphs.push(el);
        break;
    }
    if (saysPublished(el, tag)) index.publishedMarkup.push(el);
    if (
      !index.authorMark &&
      ((tag === 'A' && hasToken((el.getAttribute('rel') ?? '').toLowerCase(), 'author')) ||
        hasToken(el.getAttribute('itemprop'), 'author'))
    )
      index.authorMark = el;
    if (!index.bylineClass) {
      const cls = el.className;
      if (cls.includes('byline') || hasToken(cls, 'author')) index.bylineClass = el;
    }
    if (tag === 'TIME' || el.hasAttribute('class') || el.hasAttribute('id')) index.dated.push(el);
    if (tag === 'TEMPLATE') continue;
    // Children pushed last-first, so that they come off the stack in document order.
    const children: LightElement[] = [];
    for (let child = el.firstChild; child; child = child.nextSibling)
      if (child.nodeType === ELEMENT_NODE) children.push(child);
    for (let i = children.length - 1; i >= 0; i--) {
      stack.push(children[i] as LightElement);
      depths.push(depth + 1);
    }
  }
  return index;
}
