// The place a news text opens with: "PARIS:", "Paris:", "PARIS (AP) —", "WASHINGTON, Nov 17 (Reuters) -",
// "NEW YORK --". The paragraph keeps it; we only record it (and the agency it names).

import { DATELINE_AGENCY, knownOutlet } from './text-outlets.js';

export interface Dateline {
  /** The place as printed. */
  place: string;
  /** The agency named in brackets after the place, as its short name. */
  agency?: string;
}

const UPPER_PLACE = "[A-Z][A-Z'.-]+(?:\\s+[A-Z][A-Z'.-]*){0,3}";
const TITLE_PLACE = "[A-Z][a-z'.-]+(?:[\\s-][A-Z][a-z'.-]+){0,2}";
/** ", Nov 17", ", Calif.", ", Pakistan": a date or region between the place and the separator. */
const AFTER_PLACE = "(?:\\s*,\\s*[A-Z][\\w.']*(?:\\s+[\\w.']+){0,2}?)?";
const AGENCY = `(?:\\s*(?:\\((${DATELINE_AGENCY})\\)|-LRB-\\s*(${DATELINE_AGENCY})\\s*-RRB-))`;
const DASH = '\\s*(?:—|–|--|-)\\s+';

const UPPER_RE = new RegExp(`^(${UPPER_PLACE})${AFTER_PLACE}${AGENCY}?(?:\\s*:|${DASH})\\s*\\S`);
/** Title-case places need a colon right after them, or an agency: "Paris: …", "Paris (AP) — …". */
const TITLE_RE = new RegExp(`^(${TITLE_PLACE})(?::\\s+\\S|${AFTER_PLACE}${AGENCY}(?:\\s*:|${DASH})\\s*\\S)`);

/** Labels that open lines the way datelines do but name no place. */
const NOT_PLACES = new Set([
  'UPDATE',
  'PLEASE',
  'FILE',
  'NB',
  'UPDATED',
  'BREAKING',
  'EXCLUSIVE',
  'ANALYSIS',
  'OPINION',
  'EDITORIAL',
  'COMMENT',
  'WATCH',
  'VIDEO',
  'PHOTOS',
  'PHOTO',
  'LIVE',
  'CORRECTION',
  'REFILE',
  'NOTE',
  'EDITOR',
  'EDITORS',
  'CAPTION',
  'SOURCE',
  'SOURCES',
  'READ',
  'RELATED',
  'WARNING',
  'Q',
  'A',
  'TIMELINE',
  'FACTBOX',
  'FEATURE',
  'INTERVIEW',
  'REVIEW',
  'QUOTE',
  'QUOTES',
  'EXPLAINER',
  'GRAPHIC',
  'IMAGE',
  'PICTURE',
  'PHOTOGRAPH',
  'CREDIT',
  'WHAT',
  'WHO',
  'WHY',
  'HOW',
  'WHEN',
  'WHERE',
  'ALSO',
  'MEANWHILE',
  'HOWEVER',
  'SUMMARY',
  'BACKGROUND',
  'CONTEXT',
  'SPEAKING',
  'MORE',
  'TODAY',
  'TOPICS',
  'TAGS',
]);

/** How far into the first paragraph a wire tag may sit (after a run-in headline or a `CITY | date` stamp). */
const TAG_WINDOW = 300;
const TAG_RE = new RegExp(
  `(?:(${UPPER_PLACE})${AFTER_PLACE}\\s*)?(?:\\((${DATELINE_AGENCY})\\)|-LRB-\\s*(${DATELINE_AGENCY})\\s*-RRB-)\\s*(?:—|–|--|-|:)`,
);

export interface WireTag extends Dateline {
  /** Where the tag starts in the paragraph: what comes before it is headline and stamp, not story. */
  index: number;
}

/** A wire tag (`LONDON (Reuters) -`, `-LRB- AP -RRB- --`) near the start of a paragraph, wherever it sits. */
export function findWireTag(paragraph: string): WireTag | undefined {
  const m = TAG_RE.exec(paragraph.slice(0, TAG_WINDOW));
  const code = m?.[2] ?? m?.[3];
  const agency = code ? knownOutlet(code) : undefined;
  if (!m || !agency) return undefined;
  // A clock stamp or bracket token may run into the place: "7:50 pm EDT MEXICO CITY (Reuters)".
  const place = m[1]
    ?.replace(/^(?:(?:[AP]M|[A-Z]{1,2}[SD]T|GMT|UTC|BST|JST|CET|CEST|IST|-?[LR]RB-)(?:\s+|$))+/, '')
    .trim();
  return place && isPlace(place) ? { place, agency, index: m.index } : { place: '', agency, index: m.index };
}

function isPlace(place: string): boolean {
  if (place.replace(/[^A-Za-z]/g, '').length < 2) return false;
  return !place.split(/\s+/).some((w) => NOT_PLACES.has(w.toUpperCase()));
}

/** The dateline a paragraph opens with, or undefined. */
export function findDateline(paragraph: string): Dateline | undefined {
  const m = UPPER_RE.exec(paragraph) ?? TITLE_RE.exec(paragraph);
  const place = m?.[1]?.trim();
  if (!m || !place || !isPlace(place)) return undefined;
  const code = m[2] ?? m[3];
  const agency = code ? knownOutlet(code) : undefined;
  return agency ? { place, agency } : { place };
}
