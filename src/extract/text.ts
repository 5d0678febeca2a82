// Plain scraped text → Article: boilerplate lines removed (each kept with its reason), title,
// dateline, publication date and outlet read from the text. Sidecar fields win over the text.

import type { Article, PublishedDate, RawDocument, RemovedLine } from '../model.js';
import { articleId } from './article-id.js';
import { normaliseLanguageTag } from './language.js';
import { type BodySpan, findBody } from './text-body.js';
import { findDateline, findWireTag, type WireTag } from './text-dateline.js';
import { dateInPath, findWrittenDate, sidecarPublished } from './dates.js';
import { capParagraphs, maxTextBytesOf } from './text-cap.js';
import { textLanguage } from './text-language.js';
import { lowYieldWarning, visibleLength } from './text-yield.js';
import { describeLine, type LineFacts, PROSE_MIN_WORDS } from './text-lines.js';
import { cleanOutletName, knownOutlet, printsMonthFirst } from './text-outlets.js';
import { logicalLines } from './text-wrap.js';
import { articleUrl } from './urls.js';

export const NO_TEXT_ERROR = 'no article text left after removing boilerplate';

const TITLE_MIN_WORDS = 4;
const TITLE_MAX_WORDS = 20;
/** Repeats are looked for among lines this short: headlines, teasers, captions, short paragraphs. */
const REPEAT_MAX_CHARS = 400;
/** Lines whose printed date is the article's own: stamps, publication lines, "By Jane Doe | Nov 17, 2015". */
const DATE_LINE_REASONS = new Set(['published', 'date', 'byline']);
/** A date stamp this many lines above the body still belongs to the article (past menus, title, byline). */
const HEADER_DATE_LINES = 6;
/** A date stamp this many lines after the body still belongs to the article ("Published in Dawn, …"). */
const FOOTER_DATE_LINES = 3;

/** What each line became: a paragraph of the body, the title, or boilerplate with a reason. */
type Fate = { kind: 'keep' } | { kind: 'title' } | { kind: 'removed'; reason: string };

/** Lines printed more than once on the page (exact repeats: scraped copies are byte-identical). */
function markRepeated(lines: LineFacts[]): boolean[] {
  const counts = new Map<string, number>();
  for (const f of lines) if (f.text.length <= REPEAT_MAX_CHARS) counts.set(f.text, (counts.get(f.text) ?? 0) + 1);
  return lines.map((f) => f.text.length <= REPEAT_MAX_CHARS && (counts.get(f.text) ?? 0) > 1);
}

function isTitleLike(f: LineFacts): boolean {
  const shaped = f.headline || (/[?!]["'”’]?$/.test(f.text) && /^[\p{Lu}\d"'“‘]/u.test(f.text));
  const allCaps = !/\p{Ll}/u.test(f.text);
  return shaped && !allCaps && f.words >= TITLE_MIN_WORDS && f.words <= TITLE_MAX_WORDS;
}

/**
 * The title: the headline-like line(s) right above the body (menus, share buttons and date stamps
 * may sit between). With a title and a deck, the first is the title.
 */
function findTitleLine(lines: LineFacts[], bodyStart: number): number | undefined {
  const run: number[] = [];
  for (let i = bodyStart - 1; i >= 0 && run.length < 2; i--) {
    const f = lines[i];
    if (!f) break;
    if (f.junk) {
      if (run.length > 0) break;
      continue;
    }
    if (!isTitleLike(f)) break;
    run.push(i);
  }
  return run.at(-1);
}

/** A paragraph that is all one quotation (“…”, "…", `` … ''): speech, not a caption, even without a final stop. */
function isQuotation(text: string): boolean {
  return /^(?:["“«]|``)/.test(text) && /(?:["”»]|'')$/.test(text);
}

/** Each line's fate, given the body span (`found` false: no body was told apart, keep all but known junk). */
function decideFates(lines: LineFacts[], repeated: boolean[], body: BodySpan, found: boolean): Fate[] {
  const titleLine = found ? findTitleLine(lines, body.start) : undefined;
  const kept = new Set<string>();
  return lines.map((f, i): Fate => {
    if (i === titleLine) return { kind: 'title' };
    if (f.junk) return { kind: 'removed', reason: f.junk.reason };
    const inBody = !found || (i >= body.start && i <= body.end);
    if (!inBody) {
      if (i < body.start) return { kind: 'removed', reason: f.label ? 'menu' : 'header' };
      return { kind: 'removed', reason: f.label && !repeated[i] ? 'menu' : 'teaser' };
    }
    if (found && f.label) return { kind: 'removed', reason: 'menu' };
    // Inside the body, a headline-shaped line is a caption, pull-quote or the headline of another story.
    // The body's last line may be long prose the scraper cut off mid-sentence: that stays.
    const cutOff = i === body.end && f.words >= PROSE_MIN_WORDS;
    if (found && f.headline && !cutOff && !isQuotation(f.text)) {
      return { kind: 'removed', reason: repeated[i] ? 'teaser' : 'subheading' };
    }
    if (repeated[i]) {
      if (kept.has(f.text)) return { kind: 'removed', reason: 'duplicate' };
      kept.add(f.text);
    }
    return { kind: 'keep' };
  });
}

function sidecarDate(value: string): PublishedDate | undefined {
  const found = findWrittenDate(value);
  if (found && !/^\s*\d{4}-\d/.test(value)) return { ...found.value, from: 'sidecar' };
  const v = sidecarPublished(value);
  return v ? { ...v, from: 'sidecar' } : undefined;
}

function pathDate(source: string): PublishedDate | undefined {
  const v = dateInPath(source);
  return v ? { ...v, from: 'path' } : undefined;
}

/**
 * The publication date printed around the article: a stamp just above the body (past the headline and
 * page furniture), inside it, or just after it with only page furniture between. Once the footer turns to headlines of other stories,
 * their dates ("Updated 18 Apr, 2024") are not the article's.
 */
function textDate(lines: LineFacts[], body: BodySpan, found: boolean, monthFirst: boolean): PublishedDate | undefined {
  const dateOf = (f: LineFacts | undefined): PublishedDate | undefined => {
    if (!f?.date || !DATE_LINE_REASONS.has(f.junk?.reason ?? '')) return undefined;
    const m = findWrittenDate(f.text, { monthFirst });
    return m ? { ...m.value, from: 'text' } : undefined;
  };
  const bodyStart = found ? body.start : 0;
  const bodyEnd = found ? body.end : lines.length - 1;
  // Header: walk up from the body over stamps, bylines and the headline; other text above is another story's.
  for (let i = bodyStart - 1; i >= 0 && i >= bodyStart - HEADER_DATE_LINES; i--) {
    const f = lines[i];
    if (!f || (!f.junk && !f.headline)) break;
    const d = dateOf(f);
    if (d) return d;
  }
  for (let i = bodyStart; i <= bodyEnd; i++) {
    const d = dateOf(lines[i]);
    if (d) return d;
  }
  for (let i = bodyEnd + 1; i < lines.length && i <= bodyEnd + FOOTER_DATE_LINES; i++) {
    const f = lines[i];
    if (!f?.junk) break;
    const d = dateOf(f);
    if (d) return d;
  }
  return undefined;
}

/** The date stamped before a wire tag: "ZURICH | Mon Jun 29 , 2009 1:58 pm EDT ZURICH (Reuters) -". */
function wireTagDate(paragraph: string, tag: WireTag | undefined, monthFirst: boolean): PublishedDate | undefined {
  const m = tag ? findWrittenDate(paragraph.slice(0, tag.index), { monthFirst }) : undefined;
  return m ? { ...m.value, from: 'text' } : undefined;
}

function outletFromCopyright(text: string): string | undefined {
  const after = text
    .replace(/^.*?(?:copyright|©|\(c\))\s*/i, '')
    .replace(/^(?:©|\(c\)|\s)+/i, '')
    .replace(/^(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)?\d\d)?\s*,?\s*/, '')
    .replace(/^by\s+/i, '');
  const name = after.split(/\s*(?:[.,;|]\s|\ball rights\b|\s[-–—]\s|$)/i)[0] ?? '';
  return cleanOutletName(name);
}

/** The outlet as the text names it, most telling sign first. */
function textOutlet(lines: LineFacts[], datelineAgency: string | undefined): string | undefined {
  const byReason = (reason: string) => lines.filter((f) => f.junk?.reason === reason);
  for (const f of byReason('published')) {
    const m = /^published in (.+?)(?:,|\s+on\b|\s+\d|$)/i.exec(f.text);
    const name = m?.[1] ? cleanOutletName(m[1]) : undefined;
    if (name) return name;
  }
  for (const f of byReason('copyright')) {
    const name = outletFromCopyright(f.text);
    if (name) return name;
  }
  for (const f of byReason('signature')) {
    const name = knownOutlet(f.text.replace(/^[-—–\s(]+|[\s).]+$/g, ''));
    if (name) return name;
  }
  if (datelineAgency) return datelineAgency;
  for (const f of byReason('app-prompt')) {
    const m = /\b(?:the|our) ([\p{L}\d&'-]+(?: [\p{L}\d&'-]+){0,2}) app\b/iu.exec(f.text);
    const name = m?.[1] && /^\p{Lu}/u.test(m[1]) ? cleanOutletName(m[1]) : undefined;
    if (name) return name;
  }
  return undefined;
}

function bylineFrom(lines: LineFacts[]): string | undefined {
  const line = lines.find((f) => f.junk?.reason === 'byline');
  return line?.text
    .replace(/^by\s+/i, '')
    .split(/\s*[,|–—]\s*|\s+-\s+/)[0]
    ?.trim();
}

/**
 * Plain scraped text → Article. Pure. Throws `Error(NO_TEXT_ERROR)` when nothing is left after cleaning.
 * `raw.meta` (sidecar) values override what the text says; `raw.maxTextBytes` caps the clean text (text-cap.ts).
 */
export function extractText(raw: RawDocument): Article {
  const meta = raw.meta;
  const monthFirst = printsMonthFirst(meta.outlet);
  const lines = logicalLines(raw.content).map((l) => describeLine(l, monthFirst));
  const repeated = markRepeated(lines);
  const body = findBody(lines, repeated);
  const found = body.end >= body.start;
  const fates = decideFates(lines, repeated, body, found);

  let paragraphs: string[] = [];
  const removed: RemovedLine[] = [];
  let titleText: string | undefined;
  fates.forEach((fate, i) => {
    const text = lines[i]?.text ?? '';
    if (fate.kind === 'keep') paragraphs.push(text);
    else if (fate.kind === 'title') {
      titleText = text;
      removed.push({ text, reason: 'title' });
    } else removed.push({ text, reason: fate.reason });
  });
  if (paragraphs.length === 0) throw new Error(NO_TEXT_ERROR);
  const warnings: string[] = [];
  const capped = capParagraphs(paragraphs, maxTextBytesOf(raw));
  if (capped.warning) {
    paragraphs = capped.paragraphs;
    warnings.push(capped.warning);
  }

  const first = paragraphs[0] ?? '';
  const dateline = findDateline(first);
  const wireTag = dateline ? undefined : findWireTag(first);
  const outlet = meta.outlet ?? textOutlet(lines, dateline?.agency ?? wireTag?.agency);
  const monthFirstNow = monthFirst || printsMonthFirst(outlet);
  const published =
    (meta.published ? sidecarDate(meta.published) : undefined) ??
    textDate(lines, body, found, monthFirstNow) ??
    wireTagDate(first, wireTag, monthFirstNow) ??
    pathDate(raw.source);
  const text = paragraphs.join('\n\n');
  // A cut text says so already; otherwise say when most of a long input was taken out as boilerplate.
  const lowYield = capped.warning ? undefined : lowYieldWarning(visibleLength(raw.content), visibleLength(text));
  if (lowYield) warnings.push(lowYield);
  const language = normaliseLanguageTag(meta.language) ?? textLanguage(text);
  const byline = meta.byline ?? bylineFrom(lines);
  const title = meta.title ?? titleText;

  const article: Article = { id: articleId(text), source: raw.source, language, paragraphs, text, removed };
  const url = articleUrl([{ value: meta.url, from: 'sidecar' }], warnings);
  if (url) article.url = url;
  if (outlet) article.outlet = outlet;
  if (title) article.title = title;
  if (byline) article.byline = byline;
  if (published) article.published = published;
  const place = dateline?.place || wireTag?.place;
  if (place) article.dateline = place;
  if (warnings.length > 0) article.warnings = warnings;
  return article;
}
