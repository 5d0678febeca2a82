// Time expressions: find them in English text and normalise them to TIMEX3 values against an anchor
// (the publication date). Rule-based: regular expressions per expression shape (timex-rules.ts), tried where
// one pass over the text finds they may match (timex-scan.ts),
// underspecified dates resolved by the tense around them (timex-tense.ts, timex-resolve.ts).
import type { Span, TimeExpression, TimexGranularity } from '../model.js';
import { splitSentences } from '../text/sentences.js';
import { addDays, addMonths, fmtDay, fmtMonth, fmtYear, parseAnchor, type Ymd } from './timex-calendar.js';
import type { ResolveContext } from './timex-resolve.js';
import type { Draft } from './timex-rules.js';
import { ruleDrafts } from './timex-scan.js';

type Anaphor = NonNullable<Draft['anaphor']>;

import { type Direction, tenseAround } from './timex-tense.js';

export interface TimexOptions {
  /** Also report PRESENT_REF / PAST_REF / FUTURE_REF expressions ("now", "recently", "the future"). Default true. */
  refs?: boolean;
  /** The sentences of `text` (`splitSentences(text)`), when the caller has them already: split here otherwise. */
  sentences?: readonly Span[];
}

// Any date works to learn the granularity of a relative expression that has no anchor.
const GRANULARITY_PROBE: Ymd = { y: 2001, m: 6, d: 13 };

export function granularityOf(value: string): TimexGranularity {
  if (/_REF$/.test(value)) return 'ref';
  if (/^\d{4}-\d{2}-\d{2}T/.test(value)) return 'time';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return 'day';
  if (/^\d{4}-W/.test(value)) return 'week';
  if (/^\d{4}-\d{2}$/.test(value)) return 'month';
  if (/^\d{4}-Q/.test(value)) return 'quarter';
  if (/^\d{4}-(?:SP|SU|FA|WI)$/.test(value)) return 'season';
  if (/^\d{4}$/.test(value)) return 'year';
  if (/^\d{3}$/.test(value)) return 'decade';
  if (/^\d{2}$/.test(value)) return 'century';
  return 'day';
}

/**
 * Where each sentence of `text` starts (the first from 0), from the text base's splitter: the window the tense
 * of an expression is read in is its sentence, cut as every other room cuts it.
 */
function sentenceStarts(sentences: readonly Span[]): number[] {
  return [0, ...sentences.slice(1).map((s) => s.start)];
}

function sentenceBounds(starts: number[], textLength: number, at: number): [number, number] {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= at) lo = mid;
    else hi = mid - 1;
  }
  return [starts[lo], lo + 1 < starts.length ? starts[lo + 1] : textLength];
}

/** Candidates of all rules, then the longest of each overlapping group (earlier first on ties). */
function selectDrafts(text: string, refs: boolean): Draft[] {
  const drafts = ruleDrafts(text, refs);
  drafts.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  // Characters already taken by a chosen draft: checking a draft costs its length, not the number chosen
  // (comparing with every chosen draft was quadratic on a page of dates).
  const taken = new Uint8Array(text.length);
  const chosen: Draft[] = [];
  for (const d of drafts) {
    if (taken.subarray(d.start, d.end).includes(1)) continue;
    taken.fill(1, d.start, d.end);
    chosen.push(d);
  }
  return chosen.sort((a, b) => a.start - b.start);
}

/**
 * Time expressions in `text`, normalised against `anchor` (the publication date, `YYYY-MM-DD` or ISO).
 * Without an anchor, relative expressions ("Friday", "last month") come back with `unresolved: true`
 * and no value; absolute ones ("30 September 2015") still get theirs.
 */
export function findTimeExpressions(text: string, anchor?: string, opts: TimexOptions = {}): TimeExpression[] {
  const anchorDay = parseAnchor(anchor);
  const drafts = selectDrafts(text, opts.refs ?? true);
  let starts: number[] | undefined;
  const out: TimeExpression[] = [];
  for (const d of drafts) {
    let direction: Direction | undefined;
    let bounds: [number, number] | undefined;
    const getBounds = (): [number, number] => {
      starts ??= sentenceStarts(opts.sentences ?? splitSentences(text));
      bounds ??= sentenceBounds(starts, text.length, d.start);
      return bounds;
    };
    const ctxFor = (a: Ymd): ResolveContext => ({
      anchor: a,
      direction: () => {
        if (direction === undefined) {
          const [s, e] = getBounds();
          direction = tenseAround(text, s, e, d.start, d.end);
        }
        return direction;
      },
      sentence: () => {
        const [s, e] = getBounds();
        return text.slice(s, e);
      },
      context: () => {
        const [, e] = getBounds();
        return text.slice(Math.max(0, d.start - 400), e);
      },
    });
    let value: string | undefined;
    let unresolved = false;
    if (d.anaphor) {
      const resolved = resolveAnaphor(d.anaphor, out);
      if (resolved === undefined) continue;
      if (resolved === null) {
        unresolved = true;
        value = d.anaphor.unit === 'year' ? '2001' : d.anaphor.unit === 'month' ? '2001-06' : '2001-06-13';
      } else value = resolved;
    } else if (anchorDay || !d.relative) {
      value = d.resolve(ctxFor(anchorDay ?? GRANULARITY_PROBE));
      if (value === undefined) continue;
    } else {
      unresolved = true;
      const probe = d.resolve({ ...ctxFor(GRANULARITY_PROBE), direction: () => 'none' });
      if (probe === undefined) continue;
      value = probe; // only for its granularity below
    }
    // "on 1 October 2015 at 14:00", "Friday, 9 a.m.": the clock time is on that date.
    const before = out[out.length - 1];
    if (
      d.timeOfDay &&
      before?.granularity === 'day' &&
      /^[\s,]*(?:at|around|about)?\s*$/i.test(text.slice(before.end, d.start))
    ) {
      unresolved = !before.value;
      if (before.value) value = before.value + d.timeOfDay;
    }
    const granularity = granularityOf(value);
    const expression: TimeExpression = {
      start: d.start,
      end: d.end,
      text: text.slice(d.start, d.end),
      granularity,
      type: value.includes('T') && !value.endsWith('_REF') ? 'TIME' : 'DATE',
    };
    if (unresolved) expression.unresolved = true;
    else expression.value = value;
    out.push(expression);
  }
  return out;
}

/**
 * "that year", "the following month", "earlier that day": the previous expression precise enough, shifted.
 * Undefined when there is none (the expression is dropped); null when it exists but has no value (no anchor).
 */
function resolveAnaphor(anaphor: Anaphor, previous: TimeExpression[]): string | null | undefined {
  const fine: Record<Anaphor['unit'], RegExp> = {
    year: /^(\d{4})(?:-(?:\d{2}|Q\d|SP|SU|FA|WI|W\d{2})|$)/,
    month: /^(\d{4})-(\d{2})(?:-\d{2}|$)/,
    day: /^(\d{4})-(\d{2})-(\d{2})/,
  };
  for (let i = previous.length - 1; i >= 0; i--) {
    const p = previous[i];
    if (p.unresolved) {
      if (p.granularity !== 'ref') return null;
      continue;
    }
    const m = p.value ? fine[anaphor.unit].exec(p.value) : null;
    if (!m) continue;
    if (anaphor.unit === 'year') return fmtYear(Number(m[1]) + anaphor.offset);
    if (anaphor.unit === 'month') {
      const { y, m: month } = addMonths(Number(m[1]), Number(m[2]), anaphor.offset);
      return fmtMonth(y, month);
    }
    const day = addDays({ y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) }, anaphor.offset);
    return anaphor.part ? `${fmtDay(day)}T${anaphor.part}` : fmtDay(day);
  }
  return undefined;
}

// The date of a sentence's main event lives with the clause rules that pick it (event-date.ts).
export { reportsAtReference, sentenceEventDate } from './event-date.js';
