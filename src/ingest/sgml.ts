// SGML newswire (TIPSTER/TREC, TDT, AQUAINT, Gigaword, DUC): a file of `<DOC>` … `</DOC>` records, each one article.
//
//   <DOC>                                  or  <DOC id="XIN_ENG_20050314.0007" type="story">
//   <DOCNO> APW19980601.0003 </DOCNO>
//   <DOCTYPE> NEWS STORY </DOCTYPE>
//   <DATE_TIME> 1998-06-01 00:14 </DATE_TIME>      (or <DATE>, in many spellings)
//   <BODY> <SLUG> … </SLUG>
//   <HEADLINE> … </HEADLINE>
//   <TEXT> <P> … </P> <P> … </P> </TEXT>           (or bare text, paragraphs split by blank lines or indents)
//   </BODY> <TRAILER> … </TRAILER>
//   </DOC>
//
// Each record becomes one plain-text document: its paragraphs, whole, with DOCNO, date, headline, byline and the
// agency's name (from the DOCNO's prefix) as sidecar metadata. One pass over the file: tags are found with indexOf
// and a sticky pattern that cannot backtrack past the next `<`, so the time is linear in the file's size.
import type { RawDocument, SidecarMeta } from '../model.js';
import { IngestError } from './errors.js';
import { manifestMetaFor } from './manifest.js';
import { NEWSWIRE_AGENCIES } from './settings.js';

export type NewswireItem = { ok: true; doc: RawDocument } | { ok: false; source: string; error: string };

/** A tag as written: its name upper-cased, and where it starts and ends in the file. */
interface Tag {
  name: string;
  closing: boolean;
  attrs: string;
  start: number;
  end: number;
}

// The name is matched atomically (a lookahead, then a backreference): a long run of letters followed by no `>`
// is not retried at every split. Attributes stop at the next `<` or `>`.
const TAG = /<(\/?)(?=([A-Za-z][\w.-]*))\2([^<>]*)>/y;

function* tagsOf(text: string): Generator<Tag> {
  for (let i = text.indexOf('<'); i >= 0;) {
    TAG.lastIndex = i;
    const m = TAG.exec(text);
    if (!m) {
      i = text.indexOf('<', i + 1);
      continue;
    }
    const end = i + m[0].length;
    yield { name: (m[2] ?? '').toUpperCase(), closing: m[1] === '/', attrs: m[3] ?? '', start: i, end };
    i = text.indexOf('<', end);
  }
}

/** One `<DOC>` record as found: its tags, its bounds, and whether it was closed. */
interface DocBlock {
  /** 1-based place in the file. */
  n: number;
  open: Tag;
  tags: Tag[];
  /** The `</DOC>` tag, or what cut the record short (the next `<DOC>`, or the end of the file). */
  close?: Tag;
  cutBy?: 'next' | 'end';
  line: number;
}

function* docBlocks(text: string): Generator<DocBlock> {
  let current: DocBlock | undefined;
  let n = 0;
  // Line numbers for messages, counted once as the scan moves on.
  let line = 1;
  let counted = 0;
  const lineAt = (index: number): number => {
    for (let k = text.indexOf('\n', counted); k >= 0 && k < index; k = text.indexOf('\n', k + 1)) line++;
    counted = Math.max(counted, index);
    return line;
  };
  for (const tag of tagsOf(text)) {
    if (tag.name === 'DOC' && !tag.closing) {
      if (current) yield { ...current, cutBy: 'next' };
      current = { n: ++n, open: tag, tags: [], line: lineAt(tag.start) };
    } else if (tag.name === 'DOC' && tag.closing) {
      if (current) yield { ...current, close: tag };
      current = undefined;
    } else if (current) current.tags.push(tag);
  }
  if (current) yield { ...current, cutBy: 'end' };
}

// Character entities: XML's, in SGML's upper case too, and numeric references. TIPSTER and NYT copy also carry
// typesetting codes (tab, quad left/centre/right, upper/lower rail) that are layout, not text.
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
const LAYOUT_CODES = new Set(['ht', 'ql', 'qc', 'qr', 'ur', 'lr', 'ir', 'el']);

function decodeEntities(text: string): string {
  return text.replace(/&(#\d{1,7}|#x[\da-f]{1,6}|[a-z][a-z\d]{0,9});/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = /^#x/i.test(ref) ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    const name = ref.toLowerCase();
    if (LAYOUT_CODES.has(name)) return name === 'ht' ? ' ' : '';
    return ENTITIES[name] ?? whole;
  });
}

/** Markup out, entities decoded, whitespace runs made one space. */
function plain(text: string): string {
  return decodeEntities(text.replace(/<[^<>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

/** The text inside the first `<NAME>` … `</NAME>` of the record; undefined when absent or empty. */
function field(text: string, block: DocBlock, names: string[]): string | undefined {
  for (const name of names) {
    const open = block.tags.findIndex((t) => t.name === name && !t.closing);
    if (open < 0) continue;
    const start = block.tags[open]?.end ?? 0;
    const close = block.tags.find((t, i) => i > open && t.name === name && t.closing);
    // Left open: up to the next tag (SGML lets some end tags go unwritten).
    const end = close?.start ?? block.tags[open + 1]?.start ?? start;
    const value = plain(text.slice(start, end));
    if (value !== '') return value;
  }
  return undefined;
}

/** Paragraphs of bare text: split at blank lines, or, when there are none, at indented lines (TIPSTER's layout). */
function bareParagraphs(text: string): string[] {
  const blocks = text.split(/\n[ \t]*\n/);
  const parts = blocks.length > 1 ? blocks : text.split(/\n(?=[ \t]+\S)/);
  return parts.map(plain).filter((p) => p !== '');
}

/** The record's paragraphs: each `<P>` of each `<TEXT>`, or the bare text. Throws an IngestError when malformed. */
function paragraphsOf(text: string, block: DocBlock): string[] {
  const paragraphs: string[] = [];
  let sawText = false;
  const tags = block.tags;
  for (let i = 0; i < tags.length; i++) {
    const open = tags[i];
    if (!open || open.name !== 'TEXT' || open.closing) continue;
    sawText = true;
    let close = i + 1;
    while (close < tags.length && !(tags[close]?.name === 'TEXT' && tags[close]?.closing)) close++;
    const closeTag = tags[close];
    if (!closeTag) throw new IngestError('<TEXT> is never closed');
    const pStarts = tags.slice(i + 1, close).filter((t) => t.name === 'P' && !t.closing);
    if (pStarts.length === 0) paragraphs.push(...bareParagraphs(text.slice(open.end, closeTag.start)));
    else {
      const bounds = [open.end, ...pStarts.map((t) => t.start), closeTag.start];
      for (let k = 0; k + 1 < bounds.length; k++) {
        const paragraph = plain(text.slice(bounds[k], bounds[k + 1]));
        if (paragraph !== '') paragraphs.push(paragraph);
      }
    }
    i = close;
  }
  if (!sawText) throw new IngestError('no <TEXT>');
  if (paragraphs.length === 0) throw new IngestError('empty <TEXT>');
  return paragraphs;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function day(year: number, month: number, date: number): string | undefined {
  const ms = Date.UTC(year, month - 1, date);
  const d = new Date(ms);
  if (year < 1900 || year > 2099 || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== date) return undefined;
  return `${year}-${pad(month)}-${pad(date)}`;
}

function withTime(date: string | undefined, hh?: string, mm?: string, ss?: string): string | undefined {
  if (!date || hh === undefined || mm === undefined) return date;
  if (Number(hh) > 23 || Number(mm) > 59 || Number(ss ?? 0) > 59) return date;
  return `${date}T${pad(Number(hh))}:${mm}:${ss ?? '00'}`;
}

function fullYear(text: string): number {
  const year = Number(text);
  return text.length === 2 ? year + (year < 50 ? 2000 : 1900) : year;
}

/**
 * A record's date as ISO 8601 (`YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM:SS` without a zone: the wires stamp their own
 * local time and do not say which). `2005-03-14T09:12:00`, `1998-06-01 00:14`, `03/14/2005 09:12` (month first, as
 * the US wires write it), `19980601`, `910514` (FT), `January 1, 1989, Sunday` (LA Times). Undefined when unreadable.
 */
export function newswireDate(raw: string | undefined): string | undefined {
  const text = (raw ?? '').trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?/.exec(text);
  if (m) return withTime(day(Number(m[1]), Number(m[2]), Number(m[3])), m[4], m[5], m[6]);
  m = /^(\d{4})(\d{2})(\d{2})(?:[T ]?(\d{2}):?(\d{2})(?::?(\d{2}))?)?(?!\d)/.exec(text);
  if (m) return withTime(day(Number(m[1]), Number(m[2]), Number(m[3])), m[4], m[5], m[6]);
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?(?!\d)/.exec(text);
  if (m) return withTime(day(fullYear(m[3] ?? ''), Number(m[1]), Number(m[2])), m[4], m[5], m[6]);
  m = /^(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (m) return day(fullYear(m[1] ?? ''), Number(m[2]), Number(m[3]));
  m = /^(?:[a-z]+,\s*)?([a-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})\b/i.exec(text);
  if (m) return day(Number(m[3]), MONTHS.indexOf((m[1] ?? '').toLowerCase()) + 1, Number(m[2]));
  m = /^(\d{1,2})\s+([a-z]{3})[a-z]*\.?,?\s+(\d{4})\b/i.exec(text);
  if (m) return day(Number(m[3]), MONTHS.indexOf((m[2] ?? '').toLowerCase()) + 1, Number(m[1]));
  return undefined;
}

/** The day a DOCNO carries (`APW19980601.0003`, `XIN_ENG_20050314.0007`): the wire's own filing day. */
function docnoDate(docno: string): string | undefined {
  const m = /^[A-Za-z]+(?:_[A-Za-z]+)?_?((?:19|20)\d{2})(\d{2})(\d{2})(?!\d)/.exec(docno);
  return m ? day(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
}

/** The agency a DOCNO names by its prefix (NEWSWIRE_AGENCIES), if it is a known one. */
export function newswireOutlet(docno: string): string | undefined {
  const prefix = /^[A-Za-z]+/.exec(docno)?.[0]?.toUpperCase();
  return prefix && Object.hasOwn(NEWSWIRE_AGENCIES, prefix) ? NEWSWIRE_AGENCIES[prefix] : undefined;
}

function docId(text: string, block: DocBlock): string | undefined {
  const docno = field(text, block, ['DOCNO']);
  if (docno) return docno;
  return /\bid\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i.exec(block.open.attrs)?.slice(1).find(Boolean)?.trim();
}

function recordOf(text: string, block: DocBlock): { content: string; meta: SidecarMeta } {
  const docno = docId(text, block);
  const paragraphs = paragraphsOf(text, block);
  const meta: SidecarMeta = {};
  const title = field(text, block, ['HEADLINE', 'HL', 'HEAD', 'TI', 'TITLE']);
  if (title) meta.title = title;
  const published =
    newswireDate(field(text, block, ['DATE_TIME', 'DATETIME', 'DATE', 'DD'])) ?? (docno ? docnoDate(docno) : undefined);
  if (published) meta.published = published;
  const outlet = docno ? newswireOutlet(docno) : undefined;
  if (outlet) meta.outlet = outlet;
  const byline = field(text, block, ['BYLINE'])?.replace(/^by\s+/i, '');
  if (byline) meta.byline = byline;
  return { content: paragraphs.join('\n\n'), meta };
}

/**
 * An SGML newswire file's records as ingest items: source `path#DOCNO` (`path#<n>`, the record's 1-based place,
 * when it has none); manifest fields for the file, then for `path#DOCNO`, win over the record's. A malformed record
 * (never closed, no text) gives one failure naming it and its line; the others are read all the same.
 */
export function newswireFileItems(
  path: string,
  text: string,
  encoding: string,
  manifest: Map<string, SidecarMeta> | undefined,
): NewswireItem[] {
  const fetchedAt = new Date().toISOString();
  const wholeFile = manifestMetaFor(manifest, path);
  const items: NewswireItem[] = [];
  for (const block of docBlocks(text)) {
    const docno = docId(text, block);
    const source = `${path}#${docno ?? block.n}`;
    const where = `<DOC> at line ${block.line}`; // the source names its DOCNO
    try {
      if (block.cutBy === 'next') throw new IngestError(`${where} is never closed: no </DOC> before the next <DOC>`);
      if (block.cutBy === 'end') throw new IngestError(`${where} is never closed: no </DOC> (truncated file?)`);
      let record: { content: string; meta: SidecarMeta };
      try {
        record = recordOf(text, block);
      } catch (err) {
        throw err instanceof IngestError ? new IngestError(`${where}: ${err.message}`) : err;
      }
      const meta = { ...record.meta, ...wholeFile, ...manifestMetaFor(manifest, source) };
      items.push({ ok: true, doc: { source, kind: 'text', content: record.content, encoding, fetchedAt, meta } });
    } catch (err) {
      items.push({ ok: false, source, error: err instanceof Error ? err.message : String(err) });
    }
  }
  if (items.length === 0) throw new IngestError('SGML newswire file holds no <DOC> records');
  return items;
}
