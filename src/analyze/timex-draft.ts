// What a time-expression rule produces (a Draft: a span and how to resolve it) and the helpers rules share.
import { fmtDay, type Season, type Ymd } from './timex-calendar.js';
import { DAY_PARTS } from './timex-lexicon.js';
import type { ResolveContext, WeekdayRelation } from './timex-resolve.js';

export interface Draft {
  start: number;
  end: number;
  /** Needs the anchor date to get a value. */
  relative: boolean;
  /** A clock time with no day of its own ("T14:00"): it takes the day of a date right before it. */
  timeOfDay?: string;
  /** Refers back to the previous expression ("that year", "the following month") rather than to the anchor. */
  anaphor?: { unit: 'day' | 'month' | 'year'; offset: number; part?: string };
  resolve: (ctx: ResolveContext) => string | undefined;
}

/**
 * Where a rule's matches can begin, for the one pass over a text that finds the places worth trying it at
 * (timex-scan.ts) instead of running its pattern over the whole text. Every way the pattern's match can begin
 * must be listed (a superset is fine: a place listed and not matched costs one failed attempt); the timex-scan
 * test checks the rules against a whole-text scan.
 */
export interface RuleStarts {
  /**
   * The lower-case runs of ASCII letters a match can begin with, as whole runs ("the" starts "the end of", not
   * "there"); a word ending in `*` stands for every run that begins with it ("noon*": "noontime").
   */
  words: readonly string[];
  /** A match can begin at a digit. */
  digit?: boolean;
  /** A match can begin at an apostrophe before a digit ("'90s"). */
  apostrophe?: boolean;
}

export interface Rule {
  name: string;
  /** A cheap test a text must pass for the rule to run at all (most news texts have no "quarter"). */
  trigger?: RegExp;
  re: RegExp;
  /** Where matches can begin; a rule without it runs its pattern over the whole text. */
  starts?: RuleStarts;
  make: (m: RegExpExecArray, text: string) => Draft | undefined;
}

export const isCapitalised = (word: string): boolean => /^[A-Z]/.test(word);
export const lower = (s: string | undefined): string => (s ?? '').toLowerCase().replace(/\s+/g, ' ');

/** Prepositions and modifiers after which a bare month name ("May", "March") is a month. */
export const MONTH_CUES =
  /\b(?:in|since|by|until|till|from|to|through|during|before|after|of|early|late|mid|last|next|this|and|or|between|throughout|on|for)\s*$/i;

export function wordBefore(text: string, index: number): string {
  const m = /([A-Za-z']+)\W*$/.exec(text.slice(Math.max(0, index - 30), index));
  return m ? m[1] : '';
}

export function draft(m: RegExpExecArray, relative: boolean, resolve: Draft['resolve']): Draft {
  return { start: m.index, end: m.index + m[0].length, relative, resolve };
}

/** A draft for a sub-span of the match (drops leading words such as "the" in "the third-quarter"). */
export function trimStart(d: Draft, text: string, pattern: RegExp): Draft {
  const m = pattern.exec(text.slice(d.start, d.end));
  return m ? { ...d, start: d.start + m[0].length } : d;
}

export function dayWithPart(day: Ymd, part: string | undefined): string {
  const code = part ? DAY_PARTS[part.toLowerCase()] : undefined;
  return code ? `${fmtDay(day)}T${code}` : fmtDay(day);
}

export function weekdayRelation(word: string | undefined): WeekdayRelation {
  const w = lower(word);
  if (w === 'last' || w === 'the previous' || w === 'this past') return 'last';
  if (w === 'next' || w === 'the following' || w === 'this coming' || w === 'coming') return 'next';
  if (w === 'this') return 'this';
  return 'plain';
}

export function relationOffset(word: string): number | undefined {
  const w = lower(word);
  if (/^(?:last|the past|the previous|this past|the last|past|previous)$/.test(w)) return -1;
  if (/^(?:next|the coming|the following|this coming|coming|the next)$/.test(w)) return 1;
  if (/^(?:this|the current|the|current|the latest|the full)$/.test(w)) return 0;
  return undefined;
}

export const SEASON_CODES: Record<string, Season> = {
  spring: 'SP',
  summer: 'SU',
  fall: 'FA',
  autumn: 'FA',
  winter: 'WI',
};
