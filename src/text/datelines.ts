// The one dateline recogniser: the place (and credit) a news text opens with — "PARIS:", "Paris:", "PARIS (AP) —",
// "WASHINGTON, Nov 17 (Reuters) -", "DUBAI, United Arab Emirates —", "(AP) —", "NEW YORK --". Extraction records
// the place and the agency (extract/text-dateline.ts, extract/html.ts); composition drops the whole dateline from
// the text it shows (compose/display.ts). One grammar, so that what extraction calls a dateline is what a reader
// is not shown.

export interface DatelineMatch {
  /** How many characters of the text the dateline takes, its separator and the space after it included. */
  length: number;
  /** The place as printed ("PARIS", "Paris", "SAO PAULO"); absent for a credit alone ("(AP) —"). */
  place?: string;
  /** The region after the place, as printed without its comma ("United Arab Emirates", "Calif."). */
  region?: string;
  /** What the credit's brackets hold ("AP", "Reuters"): a code or a name, not checked against any list. */
  credit?: string;
}

// Places read from the text's first few dozen characters only, anchored at its start. A place in capitals is up
// to six words ("RIO DE JANEIRO" has three, "SAINT-MARTIN-DE-RÉ" is one), each ending on a capital or a stop so
// that a word cut by a hyphen ("U.S.-backed") is no place.
const CAPS_WORDS = String.raw`[A-Z][A-Z'’.&-]*[A-Z.](?:[ \t]+[A-Z][A-Z'’.&-]*[A-Z.]){0,5}`;
/** A joint dateline names two places: "MEXICO CITY/GENEVA" (`\/` as Penn Treebank text escapes the slash). */
const CAPS_PLACE = String.raw`${CAPS_WORDS}(?:\\?\/${CAPS_WORDS})?`;
const TITLE_PLACE = String.raw`[A-Z][\p{Ll}'’.-]+(?:[ \t]+[A-Z][\p{Ll}'’.-]+){0,3}`;
const REGION = String.raw`(?:[ \t]*,[ \t]*(?<region>[A-Z][\p{L}'’.-]*(?:[ \t]+[A-Z][\p{L}'’.-]*){0,2}))?`;
/** ", Nov 17", "August 17": the day a wire dateline adds before its credit. Commas may stand apart (" , "), as
 *  Penn Treebank text writes them. */
const DAY = String.raw`(?:[ \t]*,?[ \t]*[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2})?`;
/** "(AFP)", and as Penn Treebank text writes it (research corpora ship PTB tokens): "-LRB- AFP -RRB-". */
const CREDIT = String.raw`(?:\((?<credit>[A-Z][\p{L}. ]{1,20})\)|-LRB-[ \t]*(?<ptbCredit>[A-Z][\p{L}.]{1,20}(?: [A-Z][\p{L}.]*)*)[ \t]*-RRB-)`;
/** A single hyphen needs a space after it: "PARIS - The" is a dateline, "U.S.-China" is not. */
const DASH = String.raw`[ \t]*(?:--|—|–|-(?=[ \t])|:)[ \t]*`;

/** What a sentence opens with: a capital or a digit, after any opening quote or bracket. */
const SENTENCE_START = String.raw`["“‘'(\x60]*[\p{Lu}\d]`;

const DATELINES = [
  new RegExp(`^(?<place>${CAPS_PLACE})${REGION}${DAY}(?:[ \\t]*${CREDIT})?${DASH}`, 'u'),
  // "Paris (AFP) - France…": in title case, a name and its acronym ("The Disasters Emergency Committee (DEC) - the
  // umbrella…") look alike; a dateline's sentence starts with a capital.
  new RegExp(`^(?<place>${TITLE_PLACE})${REGION}${DAY}[ \\t]*${CREDIT}${DASH}(?=${SENTENCE_START})`, 'u'),
  new RegExp(`^${CREDIT}${DASH}`, 'u'),
  // "Paris: France made…": a place in title case is a dateline only before a colon and a capital (before a dash
  // it is as often a subject and its apposition).
  new RegExp(`^(?<place>${TITLE_PLACE})${REGION}${DAY}:[ \\t]+(?=\\p{Lu})`, 'u'),
];

/** How far into a text a dateline is looked for: longer openings are sentences, not datelines. */
const DATELINE_WINDOW = 120;

/**
 * The dateline `text` opens with, or undefined. Something must follow it: a text that is all dateline (a shouted
 * headline, "BREAKING NEWS:") has none.
 */
export function readDateline(text: string): DatelineMatch | undefined {
  const head = text.slice(0, DATELINE_WINDOW);
  for (const re of DATELINES) {
    const m = re.exec(head);
    if (!m || m[0].length >= text.length) continue;
    const g = m.groups ?? {};
    const credit = (g.credit ?? g.ptbCredit)?.trim();
    return {
      length: m[0].length,
      ...(g.place ? { place: g.place } : {}),
      ...(g.region ? { region: g.region } : {}),
      ...(credit ? { credit } : {}),
    };
  }
  return undefined;
}

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

/** Whether a dateline's place names a place, not a label ("UPDATE:", "PHOTO:", "BREAKING NEWS -"). */
export function isPlaceName(place: string): boolean {
  if (place.replace(/[^A-Za-z]/g, '').length < 2) return false;
  return !place.split(/\s+/).some((w) => NOT_PLACES.has(w.toUpperCase()));
}
