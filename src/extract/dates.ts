// Publication dates: parsing the many ways pages write them, and finding them in URLs and text. The one date
// parser of extraction: metadata, markup, date lines and URLs all go through it.
import type { DatePrecision } from '../model.js';
import { daysInMonth } from '../text/days.js';
import { MONTHS } from '../text/months.js';
import { zoneOffset } from '../text/zones.js';

export interface DateValue {
  /** `YYYY-MM-DD`, `YYYY-MM`, `YYYY`, or an ISO timestamp when precision is `time`. */
  value: string;
  precision: DatePrecision;
}

const MIN_YEAR = 1900;
const MAX_YEAR = 2100;

const MONTH_RE = `(${Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join('|')})\\.?`;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function validDay(year: number, month: number, day: number): boolean {
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function dayValue(year: number, month: number, day: number): DateValue | undefined {
  return validDay(year, month, day) ? { value: `${year}-${pad(month)}-${pad(day)}`, precision: 'day' } : undefined;
}

/** A date, then optionally a clock time and a zone, as metadata writes them: ISO 8601 and its loose variants. */
const ISO_RE =
  /^(\d{4})([-/.])(\d{1,2})(?:\2(\d{1,2})(?:(?:[T ]|\s+)(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+|:\d{3})?\s*(Z|(?:UTC|GMT)?[+-]\d{1,2}(?::?\d{2})?|[A-Z]{1,5})?)?)?\s*$/i;
/** Day first, as some CMSs write even machine dates: `06-08-2009T14:12:32+0200`, `23.01.2019 10:00`. */
const DMY_STAMP_RE =
  /^(\d{1,2})([-.])(\d{1,2})\2(\d{4})(?:(?:[T ]|\s+)(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+|:\d{3})?\s*(Z|(?:UTC|GMT)?[+-]\d{1,2}(?::?\d{2})?|[A-Z]{1,5})?)?\s*$/i;

function stamp(
  year: number,
  month: number,
  day: number,
  hh: string | undefined,
  mm: string | undefined,
  ss: string | undefined,
  zone: string | undefined,
): DateValue | undefined {
  const d = dayValue(year, month, day);
  if (!d || hh === undefined || mm === undefined) return d;
  if (Number(hh) > 23 || Number(mm) > 59) return d;
  // An unknown zone word leaves the local time as written, without a zone: the day is what the page says.
  const tz = zoneOffset(zone) ?? '';
  return { value: `${d.value}T${pad(Number(hh))}:${mm}${ss ? `:${ss}` : ''}${tz}`, precision: 'time' };
}

/**
 * `28.01.22`: a day, a month and a two-digit year, as German and Swiss sites print a post's date. Only in a
 * short date line (an element that prints a date), never in prose, where `1.2.19` is a version or a verse.
 */
const SHORT_YEAR_DMY_RE = /(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{2})(?![\d.])/;
/** The longest date line a two-digit year is read from ("Party, 30.10.23", "28.09.19 12:44"). */
const SHORT_YEAR_MAX_CHARS = 40;
/** Two-digit years up to this are 20yy, later ones 19yy: the POSIX `%y` rule (69–99 are the 1900s). */
const SHORT_YEAR_PIVOT = 68;

const RFC_2822_RE =
  /^(?:[a-z]{3},?\s+)?(\d{1,2})\s+([a-z]{3})[a-z]*\.?\s+(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*((?:UTC|GMT)?[+-]\d{2}:?\d{2}|[A-Z]{1,5})?\s*$/i;

export interface DateParseOptions {
  /** `03/04/2015` is 4 March (US pages write month first); a first number above 12 is always a day. */
  monthFirst?: boolean;
}

/**
 * Parses a date as written in metadata (ISO 8601 and its variants, RFC 2822, epoch seconds, or prose). A stamp
 * keeps the clock time and the zone it was written in, so its day is the local day the page states.
 */
export function parseDateValue(input: string | null | undefined, opts: DateParseOptions = {}): DateValue | undefined {
  const s = (input ?? '').trim();
  if (!s || s.length > 200) return s ? dateInText(s.slice(0, 200), opts) : undefined;
  const iso = ISO_RE.exec(s);
  if (iso) {
    const [, y, , mo, d, hh, mm, ss, zone] = iso;
    const year = Number(y);
    const month = Number(mo);
    if (d === undefined) {
      return year >= MIN_YEAR && year <= MAX_YEAR && month >= 1 && month <= 12
        ? { value: `${y}-${pad(month)}`, precision: 'month' }
        : undefined;
    }
    return stamp(year, month, Number(d), hh, mm, ss, zone);
  }
  const dmy = DMY_STAMP_RE.exec(s);
  if (dmy) {
    const [, d, , mo, y, hh, mm, ss, zone] = dmy;
    return stamp(Number(y), Number(mo), Number(d), hh, mm, ss, zone);
  }
  if (/^\d{4}$/.test(s)) {
    const year = Number(s);
    return year >= MIN_YEAR && year <= MAX_YEAR ? { value: s, precision: 'year' } : undefined;
  }
  if (/^\d{8}$/.test(s)) return dayValue(Number(s.slice(0, 4)), Number(s.slice(4, 6)), Number(s.slice(6, 8)));
  if (/^\d{10}(?:\d{3})?$/.test(s)) {
    // Epoch seconds (or milliseconds): an instant, written in UTC.
    const ms = s.length === 13 ? Number(s) : Number(s) * 1000;
    return parseDateValue(`${new Date(ms).toISOString().slice(0, 19)}Z`);
  }
  // RFC 2822 ("Tue, 17 Nov 2015 10:05:00 GMT", "17 Nov 2015 23:30 +0300"): the local time as written, with its zone.
  const rfc = RFC_2822_RE.exec(s);
  if (rfc) {
    const month = MONTHS[(rfc[2] ?? '').toLowerCase()];
    const v = month ? stamp(Number(rfc[3]), month, Number(rfc[1]), rfc[4], rfc[5], rfc[6], rfc[7]) : undefined;
    if (v) return v;
  }
  const written = dateInText(s, opts);
  if (written) return written;
  const short = s.length <= SHORT_YEAR_MAX_CHARS ? SHORT_YEAR_DMY_RE.exec(s) : null;
  if (short) {
    const yy = Number(short[3]);
    return dayValue(yy <= SHORT_YEAR_PIVOT ? 2000 + yy : 1900 + yy, Number(short[2]), Number(short[1]));
  }
  // "Mon Jan 20 09:49:32 UTC 2020" and other forms Date reads, only with an explicit UTC zone (so the day is the
  // one written).
  if (/\b\d{1,2}:\d{2}/.test(s) && /\b(?:GMT|UTC)\b/.test(s) && /[a-z]{3}/i.test(s)) {
    const t = Date.parse(s);
    if (!Number.isNaN(t)) return parseDateValue(`${new Date(t).toISOString().slice(0, 19)}Z`);
  }
  return undefined;
}

const ORDINAL = '(?:st|nd|rd|th|er|e|º|°|\\.)?';
// Boundaries are lookarounds, not `\\b`: text read from markup runs elements together ("Januar 2022Ausgabe"), and
// `\\b` knows no letters beyond ASCII ("15 августа 2016"). A comma may stand apart ("Nov 17 , 2015"): research
// corpora ship Penn Treebank tokens, and plain-text extraction reads them.
const MONTH_DAY_YEAR = new RegExp(
  `(?<!\\p{L})${MONTH_RE}\\s*(\\d{1,2})${ORDINAL}(?:\\s*,\\s*|\\s+)(?:de\\s+)?(\\d{4})(?!\\d)`,
  'iu',
);
const DAY_MONTH_YEAR = new RegExp(
  `(?<!\\d)(\\d{1,2})${ORDINAL}\\s*(?:de\\s+|of\\s+)?${MONTH_RE}\\s*,?\\s*(?:de\\s+|del\\s+)?(\\d{4})(?!\\d)`,
  'iu',
);
const YMD_IN_TEXT = /(?<!\d)(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)/;
/** `23.01.2019`, `5.2.2018`, `23-01-2019`: day first wherever dots or dashes are written. */
// A year runs into no clock time ("28.09.19" + "13:45" is not 1913).
const DMY_IN_TEXT =
  /(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?![\d:])|(?<![\d-])(\d{1,2})-(\d{1,2})-(\d{4})(?![\d:])/;
const SLASH_IN_TEXT = /(?<![\d/])(\d{1,2})\/(\d{1,2})\/(\d{4})(?![\d:])/;

/** A full date written in a text, and where: plain-text extraction takes it out to see what else a line says. */
export interface WrittenDate {
  value: DateValue;
  start: number;
  end: number;
}

/** Every kind of full date at its first place in `text`. */
function writtenDates(text: string, opts: DateParseOptions): WrittenDate[] {
  const found: WrittenDate[] = [];
  const add = (m: RegExpExecArray | null, y: number, mo: number, d: number): void => {
    const v = m ? dayValue(y, mo, d) : undefined;
    if (m && v) found.push({ value: v, start: m.index, end: m.index + m[0].length });
  };
  const mdy = MONTH_DAY_YEAR.exec(text);
  if (mdy) add(mdy, Number(mdy[3]), MONTHS[(mdy[1] ?? '').toLowerCase()] ?? 0, Number(mdy[2]));
  const dmy = DAY_MONTH_YEAR.exec(text);
  if (dmy) add(dmy, Number(dmy[3]), MONTHS[(dmy[2] ?? '').toLowerCase()] ?? 0, Number(dmy[1]));
  const ymd = YMD_IN_TEXT.exec(text);
  if (ymd) add(ymd, Number(ymd[1]), Number(ymd[3]), Number(ymd[4]));
  const num = DMY_IN_TEXT.exec(text);
  if (num) {
    const [d, mo, y] = num[1] !== undefined ? [num[1], num[2], num[3]] : [num[4], num[5], num[6]];
    add(num, Number(y), Number(mo), Number(d));
  }
  const slash = SLASH_IN_TEXT.exec(text);
  if (slash) {
    const a = Number(slash[1]);
    const b = Number(slash[2]);
    const monthFirst = b > 12 || (a <= 12 && opts.monthFirst === true);
    add(slash, Number(slash[3]), monthFirst ? a : b, monthFirst ? b : a);
  }
  return found;
}

/**
 * The first full date written in prose or a date line, day precision: "November 17, 2015", "March 3rd 2021",
 * "17 Nov 2015", "3. März 2021", "le 3 mars 2021", "3 de marzo de 2021", "17.11.2015", "11/17/2015", "2015-11-17".
 */
export function dateInText(text: string, opts: DateParseOptions = {}): DateValue | undefined {
  return findWrittenDate(text, opts)?.value;
}

/** The first full date written in `text` (as `dateInText` reads it) with its place. */
export function findWrittenDate(text: string, opts: DateParseOptions = {}): WrittenDate | undefined {
  const found = writtenDates(text, opts);
  found.sort((a, b) => a.start - b.start);
  return found[0];
}

/** A date in a URL path: `/2015/11/17/`, `/20151117/`, `/2015-11-17/`, or `/2015/11/` (month). */
export function dateInUrl(url: string | undefined): DateValue | undefined {
  if (!url) return undefined;
  let path: string;
  try {
    path = new URL(url, 'http://x.invalid').pathname;
  } catch {
    return undefined;
  }
  // A one-digit day is a day only as a whole path part: "/2023/10/3-questions" is a month and a title.
  const ymd = /(?:^|\/)((?:19|20)\d{2})[/_-](\d{1,2})[/_-](\d{2}(?=\/|[_-]|\.|$)|\d(?=\/|\.|$))/.exec(path);
  if (ymd) return dayValue(Number(ymd[1]), Number(ymd[2]), Number(ymd[3]));
  const compact = /(?:^|[/_-])((?:19|20)\d{2})(\d{2})(\d{2})(?=\/|[_-]|\.|$)/.exec(path);
  if (compact) {
    const v = dayValue(Number(compact[1]), Number(compact[2]), Number(compact[3]));
    if (v) return v;
  }
  // A whole path part written day first: `/meldungen/29-10-2021`, `/29.10.2021/`.
  const dmy = /(?:^|\/)(\d{2})([-.])(\d{2})\2((?:19|20)\d{2})(?=\/|\.html?$|$)/.exec(path);
  if (dmy) {
    const v = dayValue(Number(dmy[4]), Number(dmy[3]), Number(dmy[1]));
    if (v) return v;
  }
  const ym = /(?:^|\/)((?:19|20)\d{2})\/(\d{1,2})\//.exec(path);
  if (ym) {
    const month = Number(ym[2]);
    if (month >= 1 && month <= 12) return { value: `${ym[1]}-${pad(month)}`, precision: 'month' };
  }
  return undefined;
}

/** A sidecar's `published` (manifest line, JSONL record, feed item) that is not a date a calendar has. */
export class InvalidDateError extends Error {
  constructor(value: string) {
    super(`"published" is "${value}", which is not a real date (expected YYYY-MM-DD or an ISO timestamp)`);
    this.name = 'InvalidDateError';
  }
}

/**
 * The date a sidecar gives. It overrides what the page says, so a wrong one must not pass quietly: a value that
 * is not a real date (`1998-14-06`) fails the input with an `InvalidDateError` naming it.
 */
export function sidecarPublished(value: string | undefined): DateValue | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const v = parseDateValue(value);
  if (!v) throw new InvalidDateError(value.trim());
  return v;
}

/**
 * A day written in the folders or name of the file an article was read from (`InputDocs/2009-06-25/3.txt`,
 * `2015/11/17/x.html`, `20151117-x.txt`): archives and crawls are laid out by day. Day precision only (a month
 * folder says too little), and never for URLs (`dateInUrl` reads those).
 */
export function dateInPath(source: string): DateValue | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) return undefined;
  const path = source.replace(/#.*$/, '').replace(/\\/g, '/');
  const ymd = /(?:^|\/)((?:19|20)\d{2})[/_-](\d{1,2})[/_-](\d{1,2})(?=\/|[_.-]|$)/.exec(path);
  if (ymd) return dayValue(Number(ymd[1]), Number(ymd[2]), Number(ymd[3]));
  const compact = /(?:^|[/_-])((?:19|20)\d{2})(\d{2})(\d{2})(?=\/|[_.-]|$)/.exec(path);
  return compact ? dayValue(Number(compact[1]), Number(compact[2]), Number(compact[3])) : undefined;
}
