// Line-level clean-up of what the main-content extractor leaves: ad labels, share bars, photo credits,
// teasers, newsletter prompts, copyright lines. Each rule names the reason kept in Article.removed.
import type { RemovedLine } from '../model.js';
import type { TextBlock } from './html-blocks.js';
import type { LightElement } from './light-dom.js';

interface LineRule {
  reason: string;
  /** Lines longer than this are prose, never this kind of boilerplate. */
  maxLength: number;
  test: (line: string, block: TextBlock) => boolean;
}

const SHARE_WORD =
  '(?:share|tweet|email|e-mail|mail|print|facebook|twitter|x|whatsapp|linkedin|pinterest|reddit|flipboard|telegram|messenger|copy(?: the)? link|copy|link|save|comments?|\\d+)';

const MONTH =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
/** Words that may fill a date/time line besides the date itself. */
const DATE_LINE_FILLER = new RegExp(
  `\\b(?:${MONTH}|(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|rsday|urday)?\\.?|published|updated|posted|last|modified|first|on|at|am|pm|a\\.m\\.|p\\.m\\.|[a-z]?[sd]t|gmt|utc|bst|cet|cest|ist|et|pt|ct|min(?:ute)?s?|hours?|days?|weeks?|months?|years?|ago|read|time|th|st|nd|rd)\\b`,
  'gi',
);

/** A line that is only a date/time stamp ("Updated 5:27 am CST, Wednesday, November 20, 2019"). */
function isDateLine(line: string): boolean {
  // A year, a clock time or a relative time: a lone number is not a date line.
  if (line.length > 120 || !/\b(?:1[89]|20)\d{2}\b|\d:\d{2}|\bago\b/i.test(line)) return false;
  const rest = line.replace(DATE_LINE_FILLER, ' ').replace(/[\d\W_]+/g, '');
  return rest.length <= 2;
}

const ENDS_SENTENCE = /[.!?…:;。！？]["'”’»)\]」』]*$/u;

const RULES: LineRule[] = [
  {
    reason: 'url',
    maxLength: 400,
    test: (line) => /^(?:https?:\/\/|www\.)\S+$/i.test(line),
  },
  {
    reason: 'date',
    maxLength: 120,
    test: (line) => isDateLine(line) || /^\|?\s*(?:published|updated|posted)\s*:/i.test(line),
  },
  {
    reason: 'byline',
    maxLength: 140,
    test: (line) =>
      /^[Bb][Yy]\s+\p{Lu}/u.test(line) &&
      line.split(/\s+/).length <= 16 &&
      (!ENDS_SENTENCE.test(line) || /\d/.test(line) || line.length < 50),
  },
  {
    reason: 'notice',
    maxLength: 300,
    test: (line) =>
      /^(?:skip to (?:main )?content|this slideshow requires javascript|(?:please )?enable javascript|view (?:author )?archive|email the author|follow (?:us |me )?on \w+|print this (?:article|page)|close|expand|enlarge|caption|hide caption|toggle caption|loading\.*|back to top)\W*$/i.test(
        line,
      ) ||
      /\b(?:uses? cookies|use of cookies|cookie policy)\b/i.test(line) ||
      /^this (?:post|article|page) (?:may )?contains? affiliate/i.test(line),
  },
  {
    reason: 'advertisement',
    maxLength: 60,
    test: (line) =>
      /^(?:advertisements?|advertising|advert|ad|ads|sponsored(?: content)?|paid content|publicité|publicidad|anzeige|werbung|pubblicità|reklama|story continues below(?: advertisement)?|article continues below(?: advertisement)?|continue reading(?: below| the main story)?|scroll to continue(?: with content)?|skip advert(?:isement)?|report (?:this )?ad)\W*$/i.test(
        line,
      ),
  },
  {
    reason: 'share',
    maxLength: 120,
    test: (line) =>
      new RegExp(
        `^(?=.*[a-z])(?:(?:share|sharing)(?: this| the)?(?: article| story| page| post| on| via)?(?: \\w+)?|share on \\w+|(?:${SHARE_WORD}[\\s|/•·,:]*)+)$`,
        'i',
      ).test(line) || /^(?:click|tap) (?:here )?to share\b/i.test(line),
  },
  {
    reason: 'caption',
    maxLength: 300,
    test: (line, block) =>
      block.kind === 'caption' ||
      /^\(?(?:photo|photograph|image|picture|pic|credit|foto|video|illustration|graphic)s?(?: credit| copyright| caption)?\s*(?:[:/|]|by\s)/i.test(
        line,
      ) ||
      /^\(?(?:photo|image|picture|video)s? (?:credit|copyright|caption)\b/i.test(line) ||
      /\((?:image|photo|picture|pic|credit)s?:[^)]*\)\.?$/i.test(line) ||
      /^(?:image|photo|picture|slide) \d+ (?:of|\/) \d+$/i.test(line) ||
      /^\d+ (?:of|\/) \d+$/.test(line) ||
      /\((?:AP|AFP|Reuters|Getty|EPA|Bloomberg|Xinhua|PA|[A-Z][\w. ]{0,40})\s*(?:Photo|Images?|Pool)[^)]*\)\.?$/.test(
        line,
      ) ||
      /^(?:\((?:AP|AFP|Reuters|Getty Images|EPA|Shutterstock)[^)]*\)|(?:AP|AFP|Reuters|Getty Images|EPA|Shutterstock)(?:\s*(?:Photo|Images))?\s*\/.*)$/i.test(
        line,
      ),
  },
  {
    reason: 'teaser',
    maxLength: 200,
    test: (line, block) =>
      /^(?:read more|read also|also read|read next|related(?: (?:stories|articles|content|coverage|links|reading))?|see also|more from|more on this|recommended(?: for you| stories| articles)?|most (?:read|popular|viewed)|you (?:may|might) also like|trending(?: now)?|watch(?: now| more)?|listen(?: now)?|click here|more:|top stories|editor'?s picks|see more|don'?t miss|must read|more stories)\b/i.test(
        line,
      ) &&
      (line.length < 60 ||
        block.linkChars >= line.length * 0.4 ||
        /^(?:read more|related|also read|read also|see also|see more|more)\s*:/i.test(line)),
  },
  {
    reason: 'teaser',
    maxLength: 200,
    test: (line, block) =>
      /\[(?:video|insight|reaction|pictures|photos|poll|latest|revealed|live|gallery|watch)\]\W*$/i.test(line) ||
      (block.linkChars >= line.length * 0.7 && !ENDS_SENTENCE.test(line)),
  },
  {
    reason: 'newsletter',
    maxLength: 250,
    test: (line) =>
      /\b(?:sign up|signup|subscribe|register)\b.{0,80}\b(?:newsletters?|e-?mails?|inbox|alerts|updates|digest|briefing)\b/i.test(
        line,
      ) ||
      /\b(?:newsletters?)\b.{0,60}\b(?:sign up|subscribe|delivered|inbox)\b/i.test(line) ||
      /^(?:subscribe|sign up|sign in|log in|register)(?: now| today| here)?\W*$/i.test(line),
  },
  {
    reason: 'copyright',
    maxLength: 200,
    test: (line) => /^(?:©|\(c\)|copyright\b)/i.test(line) || /\ball rights reserved\b\.?$/i.test(line),
  },
];

/** The reason a line is boilerplate, or undefined when it is content. */
export function boilerplateReason(block: TextBlock): string | undefined {
  const line = block.text;
  if (block.hint && (block.hint !== 'byline' || line.length < 200)) return block.hint;
  for (const rule of RULES) {
    if (line.length <= rule.maxLength && rule.test(line, block)) return rule.reason;
  }
  return undefined;
}

/** Class/id words that mark an element as boilerplate, by reason. Left word boundary only (camelCase, `-wrapper`…). */
const CLASS_HINTS: [string, RegExp][] = [
  [
    'hidden',
    /(?:^|[^a-z])(?:sr-only|screen-?reader|visually-?hidden|visuallyhidden|offscreen|a11y|tooltip|popover|hovercard)/,
  ],
  // Anywhere in the name: `newsCaption`, `imageEmbedCredit`.
  ['caption', /caption|credit|copyright/],
  ['share', /(?:^|[^a-z])(?:share|sharing|social|sociable|addthis|sharethis)/],
  [
    'teaser',
    /(?:^|[^a-z])(?:related|recommend|more-?stories|more-?articles|read-?more|readmore|also-?read|see-?also|outbrain|taboola|promo|trending|most-?popular|most-?read|popular-?posts|next-?article|teaser|rail(?:$|[^a-z])|tags?(?:$|[^a-z])|breadcrumb|pagination)/,
  ],
  ['newsletter', /(?:^|[^a-z])(?:newsletter|subscribe|subscription|signup|sign-up|paywall)/],
  [
    'advertisement',
    /(?:^|[^a-z])(?:ad|ads|adv|advert|advertisement|advertising|sponsor|sponsored|dfp|gpt-ad)(?:$|[^a-z])/,
  ],
  [
    'byline',
    /(?:^|[^a-z])(?:byline|author-?(?:bio|info|box|name|card)|about-?(?:the-?)?author|dateline|timestamp|published-?date|post-?date|article-?date|meta-?date|entry-?meta|post-?meta)/,
  ],
  ['comments', /(?:^|[^a-z])(?:comments?(?:$|[^a-z])|disqus)/],
];

/** All the hint patterns at once: most elements match none, and one test tells. */
const ANY_CLASS_HINT = new RegExp(CLASS_HINTS.map(([, re]) => re.source).join('|'));

/** Suggests a boilerplate reason from an element's class, id and role (see blocksOf). */
export function classifyElement(el: LightElement): string | undefined {
  const role = el.getAttribute('role');
  if (role === 'navigation' || role === 'complementary') return 'menu';
  if (el.getAttribute('aria-hidden') === 'true' || el.hasAttribute('hidden')) return 'hidden';
  const tag = el.tagName;
  if (tag === 'NAV') return 'menu';
  if (tag === 'ASIDE') return 'teaser';
  const cls = el.className;
  const id = el.getAttribute('id');
  if (!cls && !id) return undefined;
  const names = `${cls} ${id ?? ''}`.toLowerCase();
  if (!ANY_CLASS_HINT.test(names)) return undefined;
  for (const [reason, re] of CLASS_HINTS) if (re.test(names)) return reason;
  return undefined;
}

/** Letters and digits only, lower-cased: for comparing a heading with the title. */
function comparable(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * Whether `comparable(text) === target`, read from the left and given up at the first letter that differs: most
 * lines differ from the title at once. Exact on ASCII, where a letter's lower case is its own; at the first
 * character beyond ASCII (whose lower case may be several letters, or ASCII) the whole line is compared.
 */
function isComparableTo(text: string, target: string): boolean {
  let j = 0;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 128) return comparable(text) === target;
    if (c >= 65 && c <= 90) c += 32;
    else if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57))) continue;
    if (target.charCodeAt(j) !== c) return false;
    j++;
  }
  return j === target.length;
}

/** A short line that reads like a menu item or label: few words, no sentence punctuation. */
function isLabel(block: TextBlock): boolean {
  const words = block.text.split(/\s+/).length;
  return words <= 3 && block.text.length < 40 && !ENDS_SENTENCE.test(block.text) && block.kind !== 'heading';
}

export interface CleanContext {
  /** The page's title: a heading that repeats it is not body text. */
  title?: string;
}

export interface CleanResult {
  paragraphs: string[];
  removed: RemovedLine[];
}

/** A hint-based reason that would remove more than this share of the text is ignored as too broad. */
const MAX_HINT_SHARE = 0.4;
/** This many labels in a row are a menu, wherever they stand. */
const MENU_RUN = 3;

/** Splits blocks into clean paragraphs and removed lines (with reasons). */
export function cleanBlocks(blocks: TextBlock[], ctx: CleanContext = {}): CleanResult {
  let total = 0;
  const hinted = new Map<string, number>();
  for (const b of blocks) {
    total += b.text.length;
    if (b.hint) hinted.set(b.hint, (hinted.get(b.hint) ?? 0) + b.text.length);
  }
  const broad = new Set([...hinted].filter(([, n]) => n > total * MAX_HINT_SHARE).map(([reason]) => reason));
  const title = ctx.title ? comparable(ctx.title) : '';
  const reasons: (string | undefined)[] = blocks.map((b) => {
    const block = b.hint && broad.has(b.hint) ? { ...b, hint: undefined } : b;
    if (title.length > 10 && isComparableTo(b.text, title)) return 'title';
    return boilerplateReason(block);
  });
  // Labels at the edges of the content (section names, menus) and runs of them inside it.
  const kept = (i: number): boolean => reasons[i] === undefined;
  let start = 0;
  while (start < blocks.length && (!kept(start) || isLabel(blocks[start] as TextBlock))) {
    if (kept(start)) reasons[start] = 'menu';
    start++;
  }
  let end = blocks.length - 1;
  while (end > start && (!kept(end) || isLabel(blocks[end] as TextBlock))) {
    if (kept(end)) reasons[end] = 'menu';
    end--;
  }
  for (let i = start; i <= end;) {
    let j = i;
    while (j <= end && kept(j) && isLabel(blocks[j] as TextBlock)) j++;
    if (j - i >= MENU_RUN) for (let k = i; k < j; k++) reasons[k] = 'menu';
    i = j > i ? j : i + 1;
  }
  const paragraphs: string[] = [];
  const removed: RemovedLine[] = [];
  blocks.forEach((b, i) => {
    const reason = reasons[i];
    if (reason) removed.push({ text: b.text, reason });
    else paragraphs.push(b.text);
  });
  return { paragraphs, removed };
}
