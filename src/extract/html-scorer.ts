// Main content by Readability's scoring, in one read-only pass over the page. Readability.js finds the article
// by rewriting the DOM (paragraphs wrapped, divs renamed, nodes removed) and asking the DOM for each element's
// text again and again; on linkedom that is four fifths of its time. Here every element's text, link text and
// comma counts are summed once, bottom-up, and the same decisions are taken over those sums: what Readability
// removes (hidden, unlikely, byline, the headline), what it scores (paragraphs, text-only divs, loose text in
// divs), the top candidate and its siblings, and the clean-up of the chosen content (forms, share bars, link
// lists, empty blocks). The page is not changed: the fallbacks and metadata read it after.
import { ELEMENT_NODE, type LightDocument, type LightElement, type LightNode, TEXT_NODE } from './light-dom.js';
import { CONTENT_SCORE as S } from './settings.js';

/** One element of the page as Readability would see it after its rewrites, or a run of loose text in a div. */
interface Box {
  /** The element; undefined for a run of loose text and inline elements that Readability wraps in a <p>. */
  el: LightElement | undefined;
  /** The nodes of a run. */
  run?: LightNode[];
  /** Upper-case tag after Readability's renames (a div of text alone is a P). */
  tag: string;
  className: string;
  id: string;
  parent: Box | undefined;
  kids: Box[];
  /** Characters of visible text, whitespace runs counted once. */
  chars: number;
  /** Link text, hash links weighted down, as Readability's link density counts it. */
  linkChars: number;
  commas: number;
  /** Holds an element Readability counts as a block (its `_hasChildBlockElement`). */
  hasBlock: boolean;
  /** Phrasing content (Readability's `_isPhrasingContent`): joins a run of loose text. */
  phrasing: boolean;
  score?: number;
}

function newBox(
  el: LightElement | undefined,
  tag: string,
  className: string,
  id: string,
  parent: Box | undefined,
): Box {
  return {
    el,
    tag,
    className,
    id,
    parent,
    kids: [],
    chars: 0,
    linkChars: 0,
    commas: 0,
    hasBlock: false,
    phrasing: false,
  };
}

/** What the caller learns besides the content. */
export interface ScoredContent {
  /** The chosen content: elements, or runs of nodes, in page order. */
  parts: (LightElement | LightNode[])[];
  /** Elements inside the parts that are not content (cleaned away), to skip when reading the parts' text. */
  removed: ReadonlySet<LightElement>;
  /** The byline element's text, when the page's metadata names no author (Readability's `_articleByline`). */
  byline?: string;
}

export interface ScoreOptions {
  /** The article title, to drop the headline that repeats it. */
  title?: string;
  /** The metadata names an author already: no byline element is looked for. */
  hasMetadataByline: boolean;
  /** Deeper pages are not scored (undefined): the walk recurses. */
  maxDepth: number;
  /**
   * Readability's three rules, which it drops one by one when it finds too little: unlikely classes and roles
   * removed, classes weighed, blocks cleaned by their link density and contents.
   */
  stripUnlikelys: boolean;
  weightClasses: boolean;
  cleanConditionally: boolean;
}

/** Readability's attempts, in order: each drops one more rule. */
export const ATTEMPTS: readonly Pick<ScoreOptions, 'stripUnlikelys' | 'weightClasses' | 'cleanConditionally'>[] = [
  { stripUnlikelys: true, weightClasses: true, cleanConditionally: true },
  { stripUnlikelys: false, weightClasses: true, cleanConditionally: true },
  { stripUnlikelys: false, weightClasses: false, cleanConditionally: true },
  { stripUnlikelys: false, weightClasses: false, cleanConditionally: false },
];

const TAGS_TO_SCORE = new Set(['SECTION', 'H2', 'H3', 'H4', 'H5', 'H6', 'P', 'TD', 'PRE']);
const DIV_TO_P_ELEMS = new Set(['BLOCKQUOTE', 'DL', 'DIV', 'IMG', 'OL', 'P', 'PRE', 'TABLE', 'UL']);
const PHRASING_ELEMS = new Set(
  'ABBR AUDIO B BDO BR BUTTON CITE CODE DATA DATALIST DFN EM EMBED I IMG INPUT KBD LABEL MARK MATH METER NOSCRIPT OBJECT OUTPUT PROGRESS Q RUBY SAMP SCRIPT SELECT SMALL SPAN STRONG SUB SUP TEXTAREA TIME VAR WBR'.split(
    ' ',
  ),
);
const UNLIKELY_ROLES = new Set(['menu', 'menubar', 'complementary', 'navigation', 'alert', 'alertdialog', 'dialog']);
const EMPTY_REMOVABLE = new Set(['DIV', 'SECTION', 'HEADER', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6']);
const ALTER_TO_DIV_EXCEPTIONS = new Set(['DIV', 'ARTICLE', 'SECTION', 'P', 'OL', 'UL']);
/** Never read at all: Readability deletes them before it starts. */
const DROPPED = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE']);
/** Removed from the chosen content whatever they hold (Readability's `_clean`). */
const ALWAYS_CLEANED = new Set([
  'OBJECT',
  'EMBED',
  'FOOTER',
  'LINK',
  'ASIDE',
  'IFRAME',
  'INPUT',
  'TEXTAREA',
  'SELECT',
  'BUTTON',
]);
const CONDITIONALLY_CLEANED = new Set(['FORM', 'FIELDSET', 'TABLE', 'UL', 'DIV']);
const TEXTISH = new Set(['SPAN', 'LI', 'TD', ...DIV_TO_P_ELEMS]);
const HEADINGS = new Set(['H1', 'H2', 'H3', 'H4', 'H5', 'H6']);
/** Parts of a table only data tables have (Readability's `_isDataTable`). */
const DATA_TABLE_PARTS = new Set(['CAPTION', 'COL', 'COLGROUP', 'TFOOT', 'THEAD', 'TH']);

// Readability's own patterns (0.6), so that the same elements are judged the same way.
const UNLIKELY =
  /-ad-|ai2html|banner|breadcrumbs|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote/i;
const MAYBE_CANDIDATE = /and|article|body|column|content|main|shadow/i;
const POSITIVE = /article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story/i;
const NEGATIVE =
  /-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget/i;
const BYLINE = /byline|author|dateline|writtenby|p-author/i;
const SHARE = /(\b|_)(share|sharedaddy)(\b|_)/i;
const AD_WORDS = /^(ad(vertising|vertisement)?|pub(licité)?|werb(ung)?|广告|Реклама|Anuncio)$/iu;
const LOADING_WORDS = /^((loading|正在加载|Загрузка|chargement|cargando)(…|\.\.\.)?)$/iu;
const HIDDEN_STYLE = /display\s*:\s*none|visibility\s*:\s*hidden/i;
const HASH_URL = /^#.+/;
const TOKENS = /\W+/g;

/** Comma code points Readability counts (Latin, Arabic, CJK and others). */
const COMMAS = new Set([0x2c, 0x60c, 0xfe50, 0xfe10, 0xfe11, 0x2e41, 0x2e34, 0x2e32, 0xff0c]);

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 160 || c === 0xfeff || (c >= 0x2000 && c <= 0x200a) || c === 0x3000;
}

/** Length of a text with its whitespace runs counted as one character, and its commas. */
function measureText(text: string, into: { chars: number; commas: number }): void {
  let chars = 0;
  let commas = 0;
  let space = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Most characters are printable ASCII: neither space nor a comma other than `,`.
    if (c > 32 && c < 160) {
      space = false;
      chars++;
      if (c === 0x2c) commas++;
      continue;
    }
    if (isSpace(c)) {
      if (!space) chars++;
      space = true;
      continue;
    }
    space = false;
    chars++;
    if (c >= 0x60c && COMMAS.has(c)) commas++;
  }
  into.chars += chars;
  into.commas += commas;
}

function classWeight(className: string, id: string, enabled: boolean): number {
  if (!enabled) return 0;
  let w = 0;
  if (className) {
    if (NEGATIVE.test(className)) w -= S.classWeight;
    if (POSITIVE.test(className)) w += S.classWeight;
  }
  if (id) {
    if (NEGATIVE.test(id)) w -= S.classWeight;
    if (POSITIVE.test(id)) w += S.classWeight;
  }
  return w;
}

function baseScore(tag: string): number {
  switch (tag) {
    case 'DIV':
      return 5;
    case 'PRE':
    case 'TD':
    case 'BLOCKQUOTE':
      return 3;
    case 'ADDRESS':
    case 'OL':
    case 'UL':
    case 'DL':
    case 'DD':
    case 'DT':
    case 'LI':
    case 'FORM':
      return -3;
    case 'H1':
    case 'H2':
    case 'H3':
    case 'H4':
    case 'H5':
    case 'H6':
    case 'TH':
      return -5;
    default:
      return 0;
  }
}

function linkDensity(b: { chars: number; linkChars: number }): number {
  return b.chars === 0 ? 0 : b.linkChars / b.chars;
}

/** Readability's `_textSimilarity`: how much of `b`'s words `a` has, by length. */
function textSimilarity(a: string, b: string): number {
  const tokensA = a.toLowerCase().split(TOKENS).filter(Boolean);
  const tokensB = b.toLowerCase().split(TOKENS).filter(Boolean);
  if (tokensA.length === 0 || tokensB.length === 0) return 0;
  const known = new Set(tokensA);
  const unique = tokensB.filter((t) => !known.has(t));
  return 1 - unique.join(' ').length / tokensB.join(' ').length;
}

function isVisible(el: LightElement): boolean {
  const style = el.getAttribute('style');
  if (style && HIDDEN_STYLE.test(style)) return false;
  if (el.hasAttribute('hidden')) return false;
  return el.getAttribute('aria-hidden') !== 'true' || el.className.includes('fallback-image');
}

/** The page pass: Readability's prepping walk (what it removes, renames and wraps) and its measures. */
class PageWalk {
  readonly removed = new Set<LightElement>();
  /** Divs Readability renames to P (text alone) or replaces by their only paragraph: not divs to clean. */
  readonly notDivs = new Set<LightElement>();
  readonly toScore: Box[] = [];
  byline: string | undefined;
  private headerRemoved = false;
  tooDeep = false;

  constructor(private readonly opts: ScoreOptions) {}

  private remove(el: LightElement): undefined {
    this.removed.add(el);
    return undefined;
  }

  /** Readability's checks on entering an element, in its order. True: the element goes, with all it holds. */
  private dropsOnEntry(el: LightElement, tag: string, matchString: string, inTableOrCode: boolean): boolean {
    if (!isVisible(el)) return true;
    if (el.getAttribute('aria-modal') === 'true' && el.getAttribute('role') === 'dialog') return true;
    if (!this.byline && !this.opts.hasMetadataByline) {
      const rel = el.getAttribute('rel');
      const itemprop = el.getAttribute('itemprop');
      if (rel === 'author' || itemprop?.includes('author') || BYLINE.test(matchString)) {
        const text = el.textContent.trim();
        if (text.length > 0 && text.length < S.maxBylineChars) {
          const named = el.find((n) => n.getAttribute('itemprop')?.includes('name') ?? false);
          this.byline = named ? named.textContent.trim() : text;
          return true;
        }
      }
    }
    if (!this.headerRemoved && this.opts.title && (tag === 'H1' || tag === 'H2')) {
      if (textSimilarity(this.opts.title, el.textContent.trim()) > S.titleSimilarity) {
        this.headerRemoved = true;
        return true;
      }
    }
    if (!this.opts.stripUnlikelys) return false;
    if (
      UNLIKELY.test(matchString) &&
      !MAYBE_CANDIDATE.test(matchString) &&
      !inTableOrCode &&
      tag !== 'BODY' &&
      tag !== 'A'
    )
      return true;
    return UNLIKELY_ROLES.has(el.getAttribute('role') ?? '');
  }

  /** The element's box as Readability leaves it (undefined when removed), its kids attached. */
  visit(el: LightElement, parent: Box | undefined, inTableOrCode: boolean, depth: number): Box | undefined {
    if (depth > this.opts.maxDepth) {
      this.tooDeep = true;
      return undefined;
    }
    const tag = el.tagName;
    const className = el.className;
    const id = el.getAttribute('id') ?? '';
    if (this.dropsOnEntry(el, tag, `${className} ${id}`, inTableOrCode)) return this.remove(el);
    const box = newBox(el, tag, className, id, parent);
    const inside = inTableOrCode || tag === 'TABLE' || tag === 'CODE';
    const isDiv = tag === 'DIV';
    // Loose text and inline elements of a div: Readability wraps each run in a <p>.
    let run: Box | undefined;
    let madeRun = false;
    let hasBlock = false;
    let phrasing = true;
    for (let child = el.firstChild; child; child = child.nextSibling) {
      let kid: Box | undefined;
      let childPhrasing: boolean;
      let whitespace: boolean;
      const measured = { chars: 0, commas: 0, linkChars: 0 };
      if (child.nodeType === TEXT_NODE) {
        measureText(child.nodeValue, measured);
        childPhrasing = true;
        whitespace = child.nodeValue.trim().length === 0;
      } else {
        const childTag = child.tagName;
        if (DROPPED.has(childTag)) continue;
        if (DIV_TO_P_ELEMS.has(childTag)) hasBlock = true;
        kid = this.visit(child, box, inside, depth + 1);
        if (!kid) continue;
        if (kid.hasBlock) hasBlock = true;
        measured.chars = kid.chars;
        measured.commas = kid.commas;
        measured.linkChars = kid.linkChars;
        childPhrasing = kid.phrasing;
        whitespace = childTag === 'BR';
      }
      if (!childPhrasing) phrasing = false;
      box.chars += measured.chars;
      box.commas += measured.commas;
      box.linkChars += measured.linkChars;
      if (isDiv && childPhrasing) {
        if (run) {
          run.run?.push(child);
          run.chars += measured.chars;
          run.commas += measured.commas;
          run.linkChars += measured.linkChars;
          if (kid) kid.parent = run;
        } else if (!whitespace) {
          run = newBox(undefined, 'P', '', '', box);
          run.run = [child];
          run.chars = measured.chars;
          run.linkChars = measured.linkChars;
          run.commas = measured.commas;
          madeRun = true;
          box.kids.push(run);
          this.toScore.push(run);
          if (kid) kid.parent = run;
        }
        if (kid && run) run.kids.push(kid);
        continue;
      }
      run = undefined;
      if (kid) box.kids.push(kid);
    }
    if (tag === 'A') {
      const href = el.getAttribute('href');
      box.linkChars += box.chars * (href && HASH_URL.test(href) ? S.hashLinkWeight : 1);
    }
    box.hasBlock = hasBlock;
    box.phrasing = PHRASING_ELEMS.has(tag) || ((tag === 'A' || tag === 'DEL' || tag === 'INS') && phrasing);
    if (EMPTY_REMOVABLE.has(tag) && box.chars === 0 && box.kids.every((k) => k.tag === 'BR' || k.tag === 'HR'))
      return this.remove(el);
    if (isDiv) {
      const only = box.kids.length === 1 ? box.kids[0] : undefined;
      if (only && only.tag === 'P' && linkDensity(box) < S.singleParagraphLinkDensity) {
        // A div that only wraps a paragraph is that paragraph.
        this.notDivs.add(el);
        // (Already scored: as a paragraph, or as a run.)
        only.parent = parent;
        return only;
      }
      if (!hasBlock && !madeRun) {
        box.tag = 'P';
        this.notDivs.add(el);
      }
    }
    if (TAGS_TO_SCORE.has(box.tag)) this.toScore.push(box);
    return box;
  }
}

function ancestorsOf(box: Box, max: number): Box[] {
  const out: Box[] = [];
  for (let p = box.parent; p && out.length < max; p = p.parent) out.push(p);
  return out;
}

function initScore(box: Box, weigh: boolean): number {
  box.score ??= baseScore(box.tag) + classWeight(box.className, box.id, weigh);
  return box.score;
}

/** Readability's choice of the top candidate and the siblings that join it. */
function chooseContent(body: Box, toScore: readonly Box[], weigh: boolean): Box[] {
  const candidates: Box[] = [];
  for (const unit of toScore) {
    if (!unit.parent || unit.chars < S.minParagraphChars) continue;
    const ancestors = ancestorsOf(unit, S.ancestorLevels);
    if (ancestors.length === 0) continue;
    const points = 1 + (unit.commas + 1) + Math.min(Math.floor(unit.chars / 100), S.maxLengthPoints);
    ancestors.forEach((a, level) => {
      if (!a.parent) return; // the <html> element
      if (a.score === undefined) {
        initScore(a, weigh);
        candidates.push(a);
      }
      const divider = level === 0 ? 1 : level === 1 ? 2 : level * 3;
      a.score = (a.score ?? 0) + points / divider;
    });
  }
  const top: Box[] = [];
  for (const c of candidates) {
    c.score = (c.score ?? 0) * (1 - linkDensity(c));
    for (let t = 0; t < S.topCandidates; t++) {
      const other = top[t];
      if (!other || c.score > (other.score ?? 0)) {
        top.splice(t, 0, c);
        if (top.length > S.topCandidates) top.pop();
        break;
      }
    }
  }
  let best = top[0];
  if (!best || best.tag === 'BODY') return [body];
  const alternatives = top
    .slice(1)
    .filter((c) => (c.score ?? 0) / (best?.score ?? 1) >= S.alternativeShare)
    .map((c) => ancestorsOf(c, Number.MAX_SAFE_INTEGER));
  if (alternatives.length >= S.minAlternatives) {
    for (let p = best.parent; p && p.tag !== 'BODY'; p = p.parent) {
      let containing = 0;
      for (const list of alternatives) if (list.includes(p)) containing++;
      if (containing >= S.minAlternatives) {
        best = p;
        break;
      }
    }
  }
  initScore(best, weigh);
  let lastScore = best.score ?? 0;
  const threshold = lastScore / 3;
  for (let p = best.parent; p && p.tag !== 'BODY'; p = p.parent) {
    if (p.score === undefined) continue;
    if (p.score < threshold) break;
    if (p.score > lastScore) {
      best = p;
      break;
    }
    lastScore = p.score;
  }
  for (let p = best.parent; p && p.tag !== 'BODY' && p.kids.length === 1; p = p.parent) best = p;
  const bestScore = initScore(best, weigh);
  const parent = best.parent;
  if (!parent) return [best];
  const siblingThreshold = Math.max(S.minSiblingScore, bestScore * S.siblingShare);
  const parts: Box[] = [];
  for (const sibling of parent.kids) {
    let append = sibling === best;
    if (!append) {
      const bonus = sibling.className === best.className && best.className !== '' ? bestScore * S.siblingShare : 0;
      if (sibling.score !== undefined && sibling.score + bonus >= siblingThreshold) append = true;
      else if (sibling.tag === 'P') {
        const density = linkDensity(sibling);
        if (sibling.chars > S.siblingParagraphChars && density < S.siblingLinkDensity) append = true;
        else if (sibling.chars < S.siblingParagraphChars && sibling.chars > 0 && density === 0)
          append = /\.( |$)/.test(textOf(sibling));
      }
    }
    if (append) parts.push(sibling);
  }
  return parts;
}

function textOf(box: Box): string {
  if (box.el) return box.el.textContent.trim();
  return (box.run ?? []).map((n) => n.textContent).join('');
}

/** Measures of an element of the chosen content, after the clean-up of what it holds. */
interface Tally {
  chars: number;
  linkChars: number;
  commas: number;
  p: number;
  img: number;
  li: number;
  input: number;
  liChars: number;
  headingChars: number;
  textishChars: number;
  dataTable: boolean;
}

function emptyTally(): Tally {
  return {
    chars: 0,
    linkChars: 0,
    commas: 0,
    p: 0,
    img: 0,
    li: 0,
    input: 0,
    liChars: 0,
    headingChars: 0,
    textishChars: 0,
    dataTable: false,
  };
}

function addTally(into: Tally, t: Tally): void {
  into.chars += t.chars;
  into.linkChars += t.linkChars;
  into.commas += t.commas;
  into.p += t.p;
  into.img += t.img;
  into.li += t.li;
  into.input += t.input;
  into.liChars += t.liChars;
  into.headingChars += t.headingChars;
  into.textishChars += t.textishChars;
  into.dataTable ||= t.dataTable;
}

/** Readability's `_isDataTable` on the measures at hand: headed, captioned or big enough to be data. */
function isDataTable(table: LightElement): boolean {
  if (table.getAttribute('role') === 'presentation' || table.getAttribute('datatable') === '0') return false;
  if (table.getAttribute('summary')) return true;
  if (table.find((el) => DATA_TABLE_PARTS.has(el.tagName))) return true;
  if (table.find((el) => el.tagName === 'TABLE')) return false;
  let rows = 0;
  let cells = 0;
  for (const el of table.findAll((d) => d.tagName === 'TR' || d.tagName === 'TD'))
    if (el.tagName === 'TR') rows++;
    else cells++;
  const columns = rows > 0 ? cells / rows : 0;
  return rows >= S.dataTableRows || columns > S.dataTableColumns || rows * columns > S.dataTableCells;
}

/** Readability's `_prepArticle` clean-up over the chosen content: the elements it would take out. */
class ContentCleaner {
  constructor(
    private readonly pageRemoved: ReadonlySet<LightElement>,
    private readonly notDivs: ReadonlySet<LightElement>,
    readonly removed: Set<LightElement>,
    private readonly opts: ScoreOptions,
  ) {}

  /**
   * `top`: a part itself, which Readability has made a div when it is not a common block (a form, a table cell)
   * and whose share-bar test does not apply (it cleans inside each part).
   */
  tally(el: LightElement, top: boolean, inDataTable: boolean, inFigure: boolean, inCode: boolean): Tally | undefined {
    const ownTag = el.tagName;
    const tag = top && !ALTER_TO_DIV_EXCEPTIONS.has(ownTag) ? 'DIV' : ownTag;
    if (!top && ALWAYS_CLEANED.has(tag)) return this.drop(el);
    const className = el.className;
    const id = el.getAttribute('id') ?? '';
    if ((tag === 'H1' || tag === 'H2') && classWeight(className, id, this.opts.weightClasses) < 0) return this.drop(el);
    if (!top && SHARE.test(`${className} ${id}`) && el.textContent.length < S.shareMaxChars) return this.drop(el);
    const dataTable = tag === 'TABLE' && isDataTable(el);
    const t = emptyTally();
    const childInData = inDataTable || dataTable;
    for (let child = el.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === TEXT_NODE) measureText(child.nodeValue, t);
      else {
        if (this.pageRemoved.has(child) || DROPPED.has(child.tagName)) continue;
        const sub = this.tally(child, false, childInData, inFigure || tag === 'FIGURE', inCode || tag === 'CODE');
        if (sub) addTally(t, sub);
      }
    }
    if (tag === 'A') {
      const href = el.getAttribute('href');
      t.linkChars += t.chars * (href && HASH_URL.test(href) ? S.hashLinkWeight : 1);
    }
    t.dataTable ||= dataTable;
    if (
      this.opts.cleanConditionally &&
      CONDITIONALLY_CLEANED.has(tag) &&
      !(tag === 'DIV' && this.notDivs.has(el)) &&
      this.cleansConditionally(el, tag, t, className, id, inDataTable, inFigure, inCode)
    )
      return this.drop(el);
    if (tag === 'P') t.p++;
    else if (tag === 'IMG') t.img++;
    else if (tag === 'LI') {
      t.li++;
      t.liChars += t.chars;
    } else if (tag === 'INPUT') t.input++;
    if (HEADINGS.has(tag)) t.headingChars += t.chars;
    if (TEXTISH.has(tag)) t.textishChars += t.chars;
    return t;
  }

  private drop(el: LightElement): undefined {
    this.removed.add(el);
    return undefined;
  }

  /** Readability's `_cleanConditionally` verdict for one element, from its measures. */
  private cleansConditionally(
    el: LightElement,
    tag: string,
    t: Tally,
    className: string,
    id: string,
    inDataTable: boolean,
    inFigure: boolean,
    inCode: boolean,
  ): boolean {
    let isList = tag === 'UL' || tag === 'OL';
    if (!isList && t.chars > 0) isList = t.liChars / t.chars > S.listTextShare;
    if (t.dataTable || inDataTable || inCode) return false;
    const weight = classWeight(className, id, this.opts.weightClasses);
    if (weight < 0) return true;
    if (t.commas >= S.cleanMaxCommas) return false;
    const li = t.li - S.listItemAllowance;
    if (t.chars < S.adWordMaxChars) {
      const text = el.textContent.trim().replace(/\s{2,}/g, ' ');
      if (AD_WORDS.test(text) || LOADING_WORDS.test(text)) return true;
    }
    const density = linkDensity(t);
    const headingDensity = t.chars === 0 ? 0 : t.headingChars / t.chars;
    const textDensity = t.chars === 0 ? 0 : t.textishChars / t.chars;
    const remove =
      (!inFigure && t.img > 1 && t.p / t.img < 0.5) ||
      (!isList && li > t.p) ||
      t.input > Math.floor(t.p / 3) ||
      (!isList &&
        !inFigure &&
        headingDensity < S.headingDensity &&
        t.chars < S.minParagraphChars &&
        (t.img === 0 || t.img > 2) &&
        density > 0) ||
      (!isList && weight < S.classWeight && density > S.maxLinkDensity) ||
      (weight >= S.classWeight && density > S.maxLinkDensityPositive) ||
      (t.img === 0 && textDensity === 0);
    if (isList && remove) {
      // Readability keeps a simple list of images.
      for (let child = el.firstElementChild; child; child = child.nextElementSibling)
        if (child.children.length > 1) return remove;
      if (t.img === t.li) return false;
    }
    return remove;
  }
}

function hasAncestor(el: LightElement, tag: string): boolean {
  for (let p = el.parentElement; p; p = p.parentElement) if (p.tagName === tag) return true;
  return false;
}

/**
 * The article's content, chosen and cleaned as Readability would, without changing the page. Undefined when the
 * page has no body.
 */
export function scoreContent(document: LightDocument, opts: ScoreOptions): ScoredContent | undefined {
  const html = document.documentElement;
  if (!html) return undefined;
  const body = document.body;
  const walk = new PageWalk(opts);
  const root = newBox(html, 'HTML', '', '', undefined);
  const bodyBox = walk.visit(body, root, false, 0);
  if (!bodyBox || walk.tooDeep) return undefined;
  const chosen = chooseContent(bodyBox, walk.toScore, opts.weightClasses);
  const removed = new Set<LightElement>(walk.removed);
  const cleaner = new ContentCleaner(walk.removed, walk.notDivs, removed, opts);
  const parts: (LightElement | LightNode[])[] = [];
  for (const box of chosen) {
    if (box.el) {
      const el = box.el;
      const kept = cleaner.tally(el, true, false, hasAncestor(el, 'FIGURE'), hasAncestor(el, 'CODE'));
      if (kept) parts.push(el);
    } else if (box.run) {
      const nodes = box.run.filter((n) => {
        if (n.nodeType !== ELEMENT_NODE) return true;
        return cleaner.tally(n, false, false, false, false) !== undefined;
      });
      parts.push(nodes);
    }
  }
  const out: ScoredContent = { parts, removed };
  if (walk.byline) out.byline = walk.byline;
  return out;
}
