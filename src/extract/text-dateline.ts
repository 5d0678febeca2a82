// The place a news text opens with: "PARIS:", "Paris:", "PARIS (AP) —", "WASHINGTON, Nov 17 (Reuters) -",
// "NEW YORK --". The paragraph keeps it; we only record it (and the agency it names). The opening dateline is the
// text base's recogniser (text/datelines.ts); a wire tag further into the paragraph is looked for here.

import { isPlaceName, readDateline } from '../text/datelines.js';
import { DATELINE_AGENCY, knownOutlet } from './text-outlets.js';

export interface Dateline {
  /** The place as printed. */
  place: string;
  /** The agency named in brackets after the place, as its short name. */
  agency?: string;
}

const UPPER_PLACE = "[A-Z][A-Z'.-]+(?:\\s+[A-Z][A-Z'.-]*){0,3}";
/** ", Nov 17", ", Calif.", ", Pakistan": a date or region between the place and the separator. */
const AFTER_PLACE = "(?:\\s*,\\s*[A-Z][\\w.']*(?:\\s+[\\w.']+){0,2}?)?";

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
  return place && isPlaceName(place) ? { place, agency, index: m.index } : { place: '', agency, index: m.index };
}

/** The dateline a paragraph opens with (the text base's recogniser), or undefined. */
export function findDateline(paragraph: string): Dateline | undefined {
  const m = readDateline(paragraph);
  const place = m?.place?.trim();
  if (!m || !place || !isPlaceName(place)) return undefined;
  const agency = m.credit ? knownOutlet(m.credit) : undefined;
  return agency ? { place, agency } : { place };
}
