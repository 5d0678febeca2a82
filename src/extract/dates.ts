// Publication dates: parsing the many ways pages write them, and finding them in URLs and text.
import type { DatePrecision } from '../model.js';

export interface DateValue {
  /** `YYYY-MM-DD`, `YYYY-MM`, `YYYY`, or an ISO timestamp when precision is `time`. */
  value: string;
  precision: DatePrecision;
}

const MIN_YEAR = 1900;
const MAX_YEAR = 2100;

/** Month names (and their usual abbreviations) in the languages news pages most often use. */
const MONTHS: Record<string, number> = {};
const MONTH_NAMES: string[][] = [
  ['january', 'jan', 'janvier', 'janv', 'enero', 'ene', 'januar', 'jän', 'janeiro', 'gennaio', 'gen'],
  ['february', 'feb', 'février', 'fevrier', 'févr', 'fev', 'febrero', 'februar', 'fevereiro', 'febbraio'],
  ['march', 'mar', 'mars', 'marzo', 'märz', 'maerz', 'março', 'marco'],
  ['april', 'apr', 'avril', 'avr', 'abril', 'abr', 'aprile'],
  ['may', 'mai', 'mayo', 'maio', 'maggio', 'mag'],
  ['june', 'jun', 'juin', 'junio', 'juni', 'junho', 'giugno', 'giu'],
  ['july', 'jul', 'juillet', 'juil', 'julio', 'juli', 'julho', 'luglio', 'lug'],
  ['august', 'aug', 'août', 'aout', 'agosto', 'ago'],
  ['september', 'sep', 'sept', 'septembre', 'septiembre', 'setembro', 'settembre', 'set'],
  ['october', 'oct', 'octobre', 'octubre', 'oktober', 'okt', 'outubro', 'out', 'ottobre', 'ott'],
  ['november', 'nov', 'novembre', 'noviembre', 'novembro'],
  ['december', 'dec', 'décembre', 'decembre', 'déc', 'diciembre', 'dic', 'dezember', 'dez', 'dezembro', 'dicembre'],
];
MONTH_NAMES.forEach((names, i) => {
  for (const name of names) MONTHS[name] = i + 1;
});
const MONTH_RE = `(${Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join('|')})\\.?`;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function validDay(year: number, month: number, day: number): boolean {
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function dayValue(year: number, month: number, day: number): DateValue | undefined {
  return validDay(year, month, day) ? { value: `${year}-${pad(month)}-${pad(day)}`, precision: 'day' } : undefined;
}

const ISO_RE =
  /^(\d{4})-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2}|UTC|GMT)?)?)?$/i;

/** Parses a date as written in metadata (ISO 8601, RFC 2822, epoch seconds, or prose). */
export function parseDateValue(input: string | null | undefined): DateValue | undefined {
  const s = (input ?? '').trim();
  if (!s) return undefined;
  const iso = ISO_RE.exec(s);
  if (iso) {
    const [, y, mo, d, hh, mm, ss, zone] = iso;
    const year = Number(y);
    const month = Number(mo);
    if (d === undefined) {
      return year >= MIN_YEAR && year <= MAX_YEAR && month >= 1 && month <= 12
        ? { value: `${y}-${mo}`, precision: 'month' }
        : undefined;
    }
    const day = dayValue(year, month, Number(d));
    if (!day || hh === undefined) return day;
    if (Number(hh) > 23 || Number(mm) > 59) return day;
    let tz = '';
    if (zone) {
      const z = zone.toUpperCase();
      tz = z === 'Z' || z === 'UTC' || z === 'GMT' ? 'Z' : z.includes(':') ? z : `${z.slice(0, 3)}:${z.slice(3)}`;
    }
    return { value: `${day.value}T${hh}:${mm}${ss ? `:${ss}` : ''}${tz}`, precision: 'time' };
  }
  if (/^\d{4}$/.test(s)) {
    const year = Number(s);
    return year >= MIN_YEAR && year <= MAX_YEAR ? { value: s, precision: 'year' } : undefined;
  }
  if (/^\d{8}$/.test(s)) return dayValue(Number(s.slice(0, 4)), Number(s.slice(4, 6)), Number(s.slice(6, 8)));
  if (/^\d{10}(?:\d{3})?$/.test(s)) {
    // Epoch seconds (or milliseconds).
    const ms = s.length === 13 ? Number(s) : Number(s) * 1000;
    const iso8601 = new Date(ms).toISOString();
    return parseDateValue(`${iso8601.slice(0, 19)}Z`);
  }
  const slash = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})\b/.exec(s);
  if (slash) return dayValue(Number(slash[1]), Number(slash[2]), Number(slash[3]));
  // RFC 2822 and other forms Date understands with an explicit zone.
  if (/\b\d{1,2}:\d{2}/.test(s) && /(?:GMT|UTC|Z|[+-]\d{4})\b/.test(s) && /[a-z]{3}/i.test(s)) {
    const t = Date.parse(s);
    if (!Number.isNaN(t)) return parseDateValue(`${new Date(t).toISOString().slice(0, 19)}Z`);
  }
  return dateInText(s);
}

const MONTH_DAY_YEAR = new RegExp(`\\b${MONTH_RE}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'iu');
const DAY_MONTH_YEAR = new RegExp(
  `\\b(\\d{1,2})(?:st|nd|rd|th|er|º|\\.)?\\s+(?:de\\s+)?${MONTH_RE}\\s+(?:de\\s+)?(\\d{4})\\b`,
  'iu',
);
const ISO_IN_TEXT = /\b(\d{4})-(\d{2})-(\d{2})\b/;

/** The first full date written in prose ("November 17, 2015", "17 Nov 2015", "2015-11-17"), day precision. */
export function dateInText(text: string): DateValue | undefined {
  const found: { index: number; value: DateValue }[] = [];
  const mdy = MONTH_DAY_YEAR.exec(text);
  if (mdy) {
    const v = dayValue(Number(mdy[3]), MONTHS[(mdy[1] ?? '').toLowerCase()] ?? 0, Number(mdy[2]));
    if (v) found.push({ index: mdy.index, value: v });
  }
  const dmy = DAY_MONTH_YEAR.exec(text);
  if (dmy) {
    const v = dayValue(Number(dmy[3]), MONTHS[(dmy[2] ?? '').toLowerCase()] ?? 0, Number(dmy[1]));
    if (v) found.push({ index: dmy.index, value: v });
  }
  const iso = ISO_IN_TEXT.exec(text);
  if (iso) {
    const v = dayValue(Number(iso[1]), Number(iso[2]), Number(iso[3]));
    if (v) found.push({ index: iso.index, value: v });
  }
  found.sort((a, b) => a.index - b.index);
  return found[0]?.value;
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
  const ymd = /(?:^|\/)((?:19|20)\d{2})[/_-](\d{1,2})[/_-](\d{1,2})(?=\/|[_-]|\.|$)/.exec(path);
  if (ymd) return dayValue(Number(ymd[1]), Number(ymd[2]), Number(ymd[3]));
  const compact = /(?:^|[/_-])((?:19|20)\d{2})(\d{2})(\d{2})(?=\/|[_-]|\.|$)/.exec(path);
  if (compact) {
    const v = dayValue(Number(compact[1]), Number(compact[2]), Number(compact[3]));
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
