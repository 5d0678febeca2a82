// What one line of scraped text looks like on its own: its shape (sentence, headline, label)
// and whether a known boilerplate pattern names it. Position in the page is judged later (text-body.ts).

import { findWrittenDate, type WrittenDate } from './dates.js';
import { DATELINE_AGENCY } from './text-outlets.js';

/**
 * How a boilerplate line bears on where the article body is:
 * `inline` junk sits inside bodies (ads, share buttons, captions) and says nothing about the edges;
 * `boundary` junk (newsletter prompts, date stamps, menus) pulls the body edge away from it;
 * `barrier` junk (copyright, "Published in …", "- AP") ends or starts a body: the body never spans it.
 */
export type JunkRole = 'inline' | 'boundary' | 'barrier';

export interface Junk {
  reason: string;
  role: JunkRole;
}

export interface LineFacts {
  /** The line, trimmed. */
  text: string;
  /** Word count, capped at 61. */
  words: number;
  /** Ends like a sentence: `.`, `!`, `?`, possibly followed by closing quotes or brackets. */
  sentence: boolean;
  /** Ends mid-sentence (`,` `;` `:` a dash): more follows. */
  continues: boolean;
  /** Ends with `...` or `…` (teasers cut short). */
  ellipsis: boolean;
  /** Shaped like a headline or caption: 2–24 words, capitalised start, no closing punctuation. */
  headline: boolean;
  /** 1–3 words, no punctuation at the end: a menu item or section label. */
  label: boolean;
  /** A full calendar date printed in a short line. */
  date?: WrittenDate;
  /** A known boilerplate pattern, when one matches. */
  junk?: Junk;
}

/** Unpunctuated lines this long are prose cut short, not headlines or captions (headlines run 4–14 words). */
export const PROSE_MIN_WORDS = 15;
/** No rule looks at lines longer than this: they are prose. */
const MAX_RULE_WORDS = 50;
/** Word counts stop here: every rule and score treats longer lines alike. */
const WORD_COUNT_CAP = 60;
const YEAR_RE = /(?:19|20)\d\d/;
/** Dates are only looked for in lines this short: longer lines are prose, and their dates are events. */
const DATE_LINE_MAX_WORDS = 25;

interface Rule {
  reason: string;
  role: JunkRole;
  maxWords: number;
  /** `keyword`: the line has one of the rare words the unanchored patterns need (a cheap gate for prose lines). */
  test: (text: string, f: LineFacts, keyword: boolean) => boolean;
}

/**
 * Fragments one of which every unanchored rule (not found, copyright, comments, cookies) needs.
 * Plain substring search: a case-insensitive regex alternation costs several times more on prose lines.
 */
const KEYWORD_FRAGMENTS = [
  'OUND',
  'ound',
  '404',
  ' you ',
  'You ',
  '©',
  'opyright',
  'OPYRIGHT',
  'eserved',
  'ESERVED',
  '(c)',
  '(C)',
  'omment',
  'OMMENT',
  'buse',
  'iscussion',
  'onversation',
  'ookie',
];

function hasKeyword(text: string): boolean {
  for (const k of KEYWORD_FRAGMENTS) if (text.includes(k)) return true;
  return false;
}
const SKIP_RE =
  /^(?:skip to (?:the )?(?:main )?(?:content|navigation|search|article)|jump to (?:content|navigation)|back to top|go to top|toggle navigation|main menu|open menu|close menu)\b/i;
const SHARE_WORD =
  '(?:share(?: (?:this|on|via|article|story)(?: \\w+)?)?|tweet|e-?mail|print|pin|save|copy link|facebook|twitter|whatsapp|linkedin|pinterest|reddit|telegram|messenger|flipboard|partager|compartir|teilen|condividi)';
const SHARE_RE = new RegExp(`^(?:${SHARE_WORD}\\s*[:|·•,]?\\s*)+$`, 'i');
const AD_RE =
  /^(?:advertisement|advertising|advert|ads?|publicité|publicidad|pubblicità|anzeige|werbung|sponsored(?: content| links?)?|promoted(?: content| stories)?|paid (?:content|post)|story continues below(?: (?:this )?advertisement)?|continue reading(?: (?:the )?main story| below)?|article continues (?:below|after (?:this )?advertisement)|scroll to continue(?: with content)?)\s*[:.]?$/i;
const NOT_FOUND_RE =
  /^(?:page not found|404\b|error 404|not found\b)|\b(?:content|page|article|story) (?:you|that you) (?:requested|are looking for|were looking for|tried to access|want)\b.{0,20}\b(?:does not|doesn['’]t|could not|couldn['’]t|cannot|can['’]t|no longer|is not)\b/i;
const PROMPT_START_RE =
  /^(?:sign up|subscribe|register|log ?in|sign in|get (?:our|the)|download|keep up|stay (?:up|informed|updated)|follow|never miss|receive|join)\b/i;
const APP_RE = /\b(?:download(?:ing)?|get(?:ting)?|install(?:ing)?|using) (?:the|our) [\p{L}\d .&'-]{1,40}? app\b/iu;
const FOLLOW_RE = /^(?:follow|like|find) us (?:on|at)\b/i;
const NEWSLETTER_RE = /newsletter/i;
const COOKIE_RE = /cookie/i;
const BY_RE = /\bby\s+\S/i;
const COOKIE_CONTEXT_RE = /\b(?:accept|consent|we use|policy|settings|preferences|browsing)\b/i;
const RELATED_RE =
  /^(?:related(?: (?:stories|articles|news|content|coverage|topics|posts|links|reading))?|read (?:more|also|next)|see also|also read|more (?:on this (?:story|topic)|from|stories|news|in)|you (?:may|might) (?:also )?(?:like|be interested)|recommended(?: for you| stories)?|most (?:popular|read|viewed|shared)|trending(?: now| stories)?|latest (?:news|stories|headlines)|top stories|what to read next|editor['’]s picks?|don['’]t miss)\b/i;
const COMMENTS_RE =
  /^(?:(?:\d+ )?comments?\s*(?:\(\d+\))?\s*:?$|leave a (?:comment|reply)|post a comment|add (?:your|a) comment|show comments|view comments|join the (?:discussion|conversation))|report (?:as )?abuse|this discussion is (?:now )?closed|we welcome comments/i;
const COPYRIGHT_RE = /©|\ball rights reserved\b|^copyright\b|\bcopyright (?:\(c\)|\d{4})|\(c\) ?(?:19|20)\d\d/i;
const PUBLISHED_RE =
  /^(?:(?:originally |first |last )?(?:published|posted|printed)(?: (?:in|on|by|at))?|a version of this (?:article|story) (?:appeared|was published)|a version appeared|this (?:article|story) (?:was )?(?:first |originally )?(?:appeared|published))\b/i;
const STAMP_START_RE = /^(?:(?:last )?updated|modified|posted|published|date)\b\s*:?/i;
const SIGNATURE_RE = new RegExp(
  `^(?:[-—–]+\\s*\\(?(?:${DATELINE_AGENCY}|\\p{Lu}[\\p{L}.&'’-]*(?:\\s+\\p{Lu}[\\p{L}.&'’-]*){0,2})\\)?|\\(${DATELINE_AGENCY}\\)|${DATELINE_AGENCY}|Agencies|Associated Press|Agence France-Presse)\\s*\\.?$`,
  'u',
);
const CREDIT_RE =
  /^\(?(?:(?:additional )?reporting by|writing by|editing by|compiled by|with (?:inputs|additional reporting) from|inputs from|with agency inputs|contributed by)\b/i;
const BYLINE_RE =
  /^[Bb][Yy]\s+\p{Lu}[\p{L}.'’-]*(?:\s+(?:\p{Lu}[\p{L}.'’-]*|and|&|van|de|der|al|bin)){0,6}(?:\s*[,|–—-].{0,60})?$/u;
const CAPTION_START_RE =
  /^(?:\(?(?:a |an |the )?(?:file )?(?:photos?|pictures?|images?|photographs?|graphic|illustration|video|screenshot|screengrab)\b|(?:photo|image|picture|credit|photograph|source|caption)s?\s*:)/i;
const CREDIT_END_RE =
  /\b(?:Reuters|AFP|AP|EPA|Getty(?: Images)?|Shutterstock|AP Photo|File Photo|Xinhua|Bloomberg|Anadolu|PTI|Photo|File)\)?$/;
const PICTURE_CREDIT_RE = /^\(?(?:(?:photo|picture|image|photograph)s?\s*(?:credit)?\s*:?\s*)?©\s*[^©]{1,60}?\)?$/i;
const LINK_RE = /^(?:https?:\/\/|www\.)\S+$/i;
const NAV_SPLIT_RE = /\s+[-|/•·»>–]\s+|\s*[|•·»]\s*/;
const CAP_WORD_RE = /^(?:[\p{Lu}\d][\p{L}\d.'’&-]*|&|and|of|the)$/u;

function isNavRun(text: string): boolean {
  const items = text.split(NAV_SPLIT_RE);
  if (items.length < 2) return false;
  return items.every((item) => {
    const ws = item.trim().split(/\s+/);
    return ws.length >= 1 && ws.length <= 3 && ws.every((w) => CAP_WORD_RE.test(w));
  });
}

/** Ordered: the first matching rule names the line. */
const RULES: Rule[] = [
  { reason: 'skip-link', role: 'inline', maxWords: 8, test: (t) => SKIP_RE.test(t) },
  { reason: 'share', role: 'inline', maxWords: 10, test: (t) => SHARE_RE.test(t) },
  { reason: 'advertisement', role: 'inline', maxWords: 10, test: (t) => AD_RE.test(t) },
  {
    reason: 'not-found',
    role: 'boundary',
    maxWords: 30,
    test: (t, _f, k) => k && NOT_FOUND_RE.test(t),
  },
  // "© AFP", "Photo: © Jane Doe/Reuters": a picture credit inside the body, not the page's closing notice.
  { reason: 'caption', role: 'inline', maxWords: 6, test: (t) => PICTURE_CREDIT_RE.test(t) },
  {
    reason: 'copyright',
    role: 'barrier',
    maxWords: 40,
    test: (t, _f, k) => k && COPYRIGHT_RE.test(t),
  },
  {
    reason: 'comments',
    role: 'barrier',
    maxWords: 40,
    test: (t, _f, k) => k && COMMENTS_RE.test(t),
  },
  {
    reason: 'published',
    role: 'barrier',
    maxWords: 25,
    test: (t, f) => PUBLISHED_RE.test(t) && (f.date !== undefined || !f.sentence),
  },
  {
    reason: 'newsletter',
    role: 'boundary',
    maxWords: 30,
    test: (t, f) => (!f.sentence || PROMPT_START_RE.test(t)) && NEWSLETTER_RE.test(t),
  },
  {
    reason: 'app-prompt',
    role: 'boundary',
    maxWords: 30,
    test: (t, f) => (!f.sentence || PROMPT_START_RE.test(t)) && APP_RE.test(t),
  },
  { reason: 'follow-prompt', role: 'boundary', maxWords: 20, test: (t) => FOLLOW_RE.test(t) },
  {
    reason: 'cookies',
    role: 'boundary',
    maxWords: 50,
    test: (t, _f, k) =>
      k && COOKIE_RE.test(t) && COOKIE_CONTEXT_RE.test(t) && /\b(?:we|our|this (?:site|website))\b/i.test(t),
  },
  { reason: 'related', role: 'boundary', maxWords: 14, test: (t, f) => RELATED_RE.test(t) && !f.sentence },
  { reason: 'signature', role: 'barrier', maxWords: 5, test: (t) => SIGNATURE_RE.test(t) },
  { reason: 'credit', role: 'boundary', maxWords: 30, test: (t) => CREDIT_RE.test(t) },
  { reason: 'byline', role: 'inline', maxWords: 14, test: (t, f) => !f.sentence && BYLINE_RE.test(t) },
  {
    reason: 'published',
    role: 'barrier',
    maxWords: DATE_LINE_MAX_WORDS,
    test: (t, f) => f.date !== undefined && BY_RE.test(t) && isDateStamp(t, f),
  },
  {
    reason: 'date',
    role: 'boundary',
    maxWords: DATE_LINE_MAX_WORDS,
    test: (t, f) => f.date !== undefined && isDateStamp(t, f),
  },
  {
    reason: 'caption',
    role: 'inline',
    maxWords: 40,
    test: (t, f) => !f.sentence && !f.continues && (CAPTION_START_RE.test(t) || (f.headline && CREDIT_END_RE.test(t))),
  },
  { reason: 'link', role: 'inline', maxWords: 1, test: (t) => LINK_RE.test(t) },
  { reason: 'nav', role: 'inline', maxWords: 16, test: (t, f) => !f.sentence && isNavRun(t) },
];

const WEEKDAY_RE = /\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\b\.?/gi;
// Case-sensitive on purpose: a zone is upper case (EST, GMT+1), so "20:50 by admin" keeps its "by".
const TIME_RE = /\b\d{1,2}[:.h]\d{2}(?::\d{2})?\s*(?:[aApP]\.?[mM]\.?)?(?:\s*[A-Z]{2,4}(?:[+-]\d{1,2})?\b)?/g;

/** What is left of a line once its date, weekday and clock time are taken out (to tell a date line from a sentence). */
export function withoutDateParts(s: string, m: WrittenDate): string {
  return `${s.slice(0, m.start)} ${s.slice(m.end)}`.replace(WEEKDAY_RE, ' ').replace(TIME_RE, ' ');
}

/** A line that is a date and little else: "18 Apr, 2024", "Updated 17 Apr, 2024", "17/11/2015 20:50 by admin". */
function isDateStamp(text: string, f: LineFacts): boolean {
  if (!f.date) return false;
  const rest = withoutDateParts(text, f.date)
    .replace(STAMP_START_RE, ' ')
    .replace(/\bby\s+\S+(?:\s+\S+){0,3}\s*$/i, ' ')
    .replace(/[\s|,.:;()–—-]+/g, ' ')
    .replace(/\b(?:on|at|am|pm|edt|est|gmt|bst|utc|ist|pkt|cet|cest)\b/gi, ' ')
    .trim();
  return rest.length === 0;
}

/** Words in `text`, counted up to `cap` (past it, a line is prose and the exact number does not matter). */
function countWords(text: string, cap: number): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length && words <= cap; i++) {
    const c = text.charCodeAt(i);
    const space = c === 32 || c === 9 || c === 160;
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}

const CONTINUING_CHARS = new Set([',', ';', ':', '–', '—', '-']);
const CLOSING_CHARS = new Set(['"', "'", '”', '’', '»', ')', ']', ' ', '\t']);

/** The line without the closing quotes and brackets after its last punctuation (`.”`, `. ''`, `. -RRB-`). */
function withoutClosers(text: string): string {
  let end = text.length;
  for (;;) {
    const c = text[end - 1];
    if (c !== undefined && CLOSING_CHARS.has(c)) end--;
    else if (text.endsWith('-RRB-', end)) end -= 5;
    else break;
  }
  return text.slice(0, end);
}

/** The shape of a line and the boilerplate rule it matches, if any. `monthFirst` reads 03/04/2015 as March 4. */
export function describeLine(raw: string, monthFirst: boolean): LineFacts {
  const text = raw.trim();
  const words = countWords(text, WORD_COUNT_CAP);
  const bare = withoutClosers(text);
  const last = bare.at(-1) ?? '';
  const ellipsis = last === '…' || bare.endsWith('...');
  const sentence = !ellipsis && (last === '.' || last === '!' || last === '?');
  const continues = !sentence && !ellipsis && CONTINUING_CHARS.has(last);
  const plain = !sentence && !ellipsis && !continues;
  const startsCapital = /^[\p{Lu}\d"'“‘(`]/u.test(text);
  const facts: LineFacts = {
    text,
    words,
    sentence,
    continues,
    ellipsis,
    headline: plain && startsCapital && words >= 2 && words <= 24,
    label: plain && words >= 1 && words <= 3,
  };
  if (words > MAX_RULE_WORDS) return facts;
  if (words <= DATE_LINE_MAX_WORDS && YEAR_RE.test(text)) facts.date = findWrittenDate(text, { monthFirst });
  const keyword = hasKeyword(text);
  for (const rule of RULES) {
    if (words <= rule.maxWords && rule.test(text, facts, keyword)) {
      facts.junk = { reason: rule.reason, role: rule.role };
      break;
    }
  }
  return facts;
}
