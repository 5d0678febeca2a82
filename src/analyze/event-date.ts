// The date of a sentence's main event (issue 12): the time expression attached to its main clause, not the first
// one it names. Expressions that set background are passed over: one in a subordinate clause ("which had opened in
// May", "after it fell on 5 Nov."), in a pluperfect clause ("a bomb had destroyed an airliner last month"), after
// "since"/"before"/"until" ("strikes since 30 September"), a span up to now ("over the past month"), a month named
// inside a reported clause ("officials say exports fell in May": the report is the news), and a dateline's day
// (the day of writing). A sentence whose expressions are all background has no date of its own: it reports at the
// article's reference date when its main verb is in the present, present perfect or a present reporting frame
// ("BP says", "has confirmed"), which `reportsAtReference` tells. Lexical cues only (no parser), like the tense
// rules beside it (timex-tense.ts).
import type { TimeExpression } from '../model.js';
import { readDateline } from '../text/datelines.js';
import { wordSpans } from '../text/words.js';
import { EVENT_DATING } from './settings.js';

interface Word {
  lower: string;
  start: number;
  end: number;
}

/** Words that open a subordinate clause: an expression inside one dates that clause's event, not the sentence's. */
const SUBORDINATORS = new Set([
  'which',
  'who',
  'whom',
  'whose',
  'when',
  'where',
  'after',
  'before',
  'since',
  'because',
  'while',
  'although',
  'though',
  'once',
  'until',
  'till',
  'whereas',
]);

/** Right before an expression these make it a bound of something else, not the time of an event. */
const BOUND_WORDS = new Set(['since', 'before', 'until', 'till', 'previously', 'earlier', 'prior']);

/** A span reaching up to now: "in the past month", "over the last week" (a period, not an event's time). */
const SPAN_TO_NOW =
  /^(?:the\s+)?(?:past|last|previous)\s+(?:few\s+|two\s+|three\s+|several\s+)?(?:month|week|year)s?\b/i;
const SPAN_WORDS = new Set(['in', 'over', 'during', 'for', 'throughout', 'within']);

/** Verbs of saying: a clause right after one (with or without "that") is what was said. */
const REPORTING = new Set([
  'said',
  'says',
  'say',
  'told',
  'tells',
  'announced',
  'announces',
  'reported',
  'reports',
  'added',
  'adds',
  'stated',
  'states',
  'confirmed',
  'confirms',
  'acknowledged',
  'acknowledges',
  'admitted',
  'admits',
  'warned',
  'warns',
  'claimed',
  'claims',
  'revealed',
  'reveals',
  'insisted',
  'insists',
  'estimated',
  'estimates',
  'believes',
  'believed',
  'thinks',
  'explained',
  'explains',
  'noted',
  'notes',
]);

/** Present-tense reporting verbs and auxiliaries: a sentence built on one speaks at the time of writing. */
const PRESENT_FRAME = new Set([
  'says',
  'say',
  'tells',
  'announces',
  'reports',
  'adds',
  'states',
  'confirms',
  'acknowledges',
  'admits',
  'warns',
  'claims',
  'reveals',
  'insists',
  'estimates',
  'believes',
  'thinks',
  'explains',
  'notes',
  'is',
  'are',
  'am',
  'has',
  'have',
  'remains',
  'remain',
  'continues',
  'continue',
  'plans',
  'expects',
  'wants',
  'hopes',
  'fears',
  'needs',
]);

/** Irregular past participles after "had" (pluperfect); regular ones end in -ed. */
const PARTICIPLES = new Set([
  'been',
  'done',
  'gone',
  'come',
  'taken',
  'made',
  'given',
  'seen',
  'found',
  'left',
  'held',
  'begun',
  'fallen',
  'risen',
  'won',
  'lost',
  'struck',
  'broken',
  'sent',
  'spent',
  'got',
  'gotten',
  'become',
  'brought',
  'bought',
  'sold',
  'paid',
  'fled',
  'written',
  'spoken',
  'run',
  'led',
  'known',
  'told',
  'said',
  'kept',
  'put',
  'shot',
  'hit',
  'set',
  'cut',
  'killed',
]);
/** Adverbs allowed between "had" and its participle ("had already left"). */
const PERFECT_ADVERBS = new Set([
  'already',
  'not',
  'just',
  'previously',
  'earlier',
  'also',
  'never',
  'recently',
  'long',
]);

/** Markers of a future clause: an expression in one dates a plan, not an event that took place. */
const FUTURE = new Set(['will', "'ll", 'shall', 'would', 'wo']);

/** Whether offset `at` of `sentence` lies inside a quotation (an odd number of quote marks before it). */
function insideQuote(sentence: string, at: number): boolean {
  const before = sentence.slice(0, at);
  const straight = (before.match(/"/g) ?? []).length;
  const opened = (before.match(/``|“/g) ?? []).length;
  const closed = (before.match(/''|”/g) ?? []).length;
  return straight % 2 === 1 || opened > closed;
}

function wordsOf(sentence: string): Word[] {
  return wordSpans(sentence).map((w) => ({
    lower: w.text.toLowerCase(),
    start: w.start,
    end: w.start + w.text.length,
  }));
}

/** Punctuation between two words that closes a clause (a comma, a dash, a bracket, a colon or semicolon). */
function boundaryBetween(sentence: string, from: number, to: number): boolean {
  return /[,;:()—–]|\s-\s|--|-LRB-|-RRB-/.test(sentence.slice(from, to));
}

/** Index range [first, last] of the clause holding word range [i, j]: up to the nearest boundary either side. */
function clauseOf(sentence: string, words: readonly Word[], i: number, j: number): [number, number] {
  let first = i;
  while (first > 0) {
    const prev = words[first - 1] as Word;
    if (boundaryBetween(sentence, prev.end, (words[first] as Word).start)) break;
    if (SUBORDINATORS.has(prev.lower) || prev.lower === 'that') {
      first--;
      break;
    }
    first--;
  }
  let last = j;
  while (last < words.length - 1) {
    const next = words[last + 1] as Word;
    if (boundaryBetween(sentence, (words[last] as Word).end, next.start)) break;
    if (SUBORDINATORS.has(next.lower) || next.lower === 'that') break;
    last++;
  }
  return [first, last];
}

function isPerfectParticiple(w: Word | undefined): boolean {
  if (!w) return false;
  return PARTICIPLES.has(w.lower) || (w.lower.length > 3 && w.lower.endsWith('ed'));
}

/** "had" followed by a participle (adverbs between allowed) in words [first, last]: a pluperfect. */
function hasPluperfect(words: readonly Word[], first: number, last: number): boolean {
  for (let k = first; k <= last; k++) {
    if ((words[k] as Word).lower !== 'had' && (words[k] as Word).lower !== "'d") continue;
    let n = k + 1;
    while (n <= last && PERFECT_ADVERBS.has((words[n] as Word).lower)) n++;
    if (n <= last && isPerfectParticiple(words[n])) return true;
  }
  return false;
}

/** Whether the expression [start, end) of `sentence` (offsets within it) sets background rather than the event. */
function isBackground(
  sentence: string,
  words: readonly Word[],
  t: { start: number; end: number; text: string; granularity: string },
): boolean {
  let i = 0;
  while (i < words.length && (words[i] as Word).end <= t.start) i++;
  if (i === words.length) return false;
  let j = i;
  while (j + 1 < words.length && (words[j + 1] as Word).start < t.end) j++;
  // The words just before it: "since 30 September", "until Monday", "in the past month". Read in place: a sliced
  // and mapped array (empty or not: two element kinds) threw this function back to the interpreter.
  const from = Math.max(0, i - EVENT_DATING.boundReach);
  for (let k = from; k < i; k++) if (BOUND_WORDS.has((words[k] as Word).lower)) return true;
  if (SPAN_TO_NOW.test(t.text) && SPAN_WORDS.has(i > from ? (words[i - 1] as Word).lower : '')) return true;
  // "Tuesday's rally", "last month's vote": the time of a thing the sentence refers to.
  if (/^['’]s\b/.test(sentence.slice(t.end))) return true;
  // Inside a quotation the speaker's "today" or "next week" is relative to the speech, not the report.
  if (insideQuote(sentence, t.start)) return true;
  const [first, last] = clauseOf(sentence, words, i, j);
  // "will leave his post in October": a plan announced, whose report is the news.
  for (let k = first; k <= last; k++) if (FUTURE.has((words[k] as Word).lower)) return true;
  // A pluperfect before it in its clause ("a bomb had destroyed an airliner last month"); one after it belongs to
  // what follows ("said on Thursday the company had been given permission").
  if (hasPluperfect(words, first, i - 1)) return true;
  const opener = words[first] as Word;
  if (first < i && SUBORDINATORS.has(opener.lower)) return true;
  if (first < i && opener.lower === 'that') {
    const verb = words[first - 1];
    // "a cap that was fitted on 3 June": a relative clause; "said that it struck on Sunday": what was said.
    if (!verb || !REPORTING.has(verb.lower)) return true;
    return t.granularity === 'month';
  }
  // "officials say exports fell in May": a month named in what was said is the report's background.
  if (t.granularity === 'month') {
    for (let k = first; k < i; k++) if (REPORTING.has((words[k] as Word).lower)) return true;
  }
  return false;
}

/** A time expression's day or month (a time counts as its day), else undefined. */
function dayOrMonth(t: TimeExpression): string | undefined {
  if (!t.value) return undefined;
  if (t.granularity === 'day' || t.granularity === 'month') return t.value;
  if (t.granularity === 'time') return t.value.slice(0, 10);
  return undefined;
}

/**
 * The expressions of a sentence that date its main event, in text order: the day and month expressions that are
 * not background (see above). `offset` is where the sentence starts in the text the expressions' offsets refer to.
 */
export function mainEventExpressions(
  sentence: string,
  timexes: readonly TimeExpression[],
  offset = 0,
): TimeExpression[] {
  // Most sentences name no day or month: nothing to read then (the words and dateline cost more than the test).
  if (!timexes.some((t) => dayOrMonth(t) !== undefined)) return [];
  const words = wordsOf(sentence);
  const dateline = readDateline(sentence);
  return timexes.filter((t) => {
    if (dayOrMonth(t) === undefined) return false;
    const start = t.start - offset;
    if (dateline && start < dateline.length) return false; // the day of writing, not of the event
    return !isBackground(sentence, words, { start, end: t.end - offset, text: t.text, granularity: t.granularity });
  });
}

/**
 * The date a sentence reports its main event on: its first main-clause day- or month-level expression (times
 * count as their day); undefined when it names none (background only, or nothing).
 */
export function sentenceEventDate(
  sentence: string,
  timexes: readonly TimeExpression[],
  offset = 0,
): string | undefined {
  const main = mainEventExpressions(sentence, timexes, offset)[0];
  return main ? dayOrMonth(main) : undefined;
}

/**
 * Whether a sentence without a date of its own reports at its article's reference date: it is built on a reporting
 * verb ("officials said", "BP says"), a present perfect ("has confirmed") or a present state ("is", "remains"). A
 * dateless narration in the past ("The rig sank, killing 11") is not: it may tell any earlier day.
 */
export function reportsAtReference(sentence: string): boolean {
  const body = sentence.slice(readDateline(sentence)?.length ?? 0);
  return reportsIn(wordsOf(body));
}

function reportsIn(bodyWords: readonly Word[]): boolean {
  return bodyWords.some((w) => REPORTING.has(w.lower) || PRESENT_FRAME.has(w.lower));
}

/** Adverbs that make a whole statement background: what had been the case before the news. */
const BACKGROUND_ADVERBS = new Set(['previously', 'formerly', 'hitherto']);

/**
 * Whether a sentence without a date of its own tells background, not news: "France has previously confined its
 * strikes to Iraq". Its article's publication day does not date it (it is neither
 * the day's event nor the report of one), so it is kept out of the timeline unless it names its own date.
 */
export function tellsBackground(sentence: string): boolean {
  const body = sentence.slice(readDateline(sentence)?.length ?? 0);
  return backgroundIn(body, wordsOf(body));
}

function backgroundIn(body: string, bodyWords: readonly Word[]): boolean {
  // Not a pluperfect main clause, nor "earlier": on Timeline17 either rule took more news out than background
  // (leads such as "Jackson had been rushed to hospital"): R1 .1508 → .1489 with "earlier", → .1483 with both.
  // The adverb is rare: the quotation test (a scan of the text before the word) is made for it only, so that the
  // test costs the sentence's length, not its length times its words.
  return bodyWords.some((w) => BACKGROUND_ADVERBS.has(w.lower) && !insideQuote(body, w.start));
}

/** How one sentence is dated (analysis' `SentenceAnalysis` without its span). */
export interface SentenceDating {
  eventDate?: string;
  background?: true;
  atReference?: true;
}

/**
 * `sentenceEventDate`, then `tellsBackground`, then `reportsAtReference` of one sentence, with its dateline and
 * words read once for all three: the event date it reports; else whether it tells background; else whether it
 * reports at the reference date.
 */
export function dateSentence(sentence: string, timexes: readonly TimeExpression[], offset = 0): SentenceDating {
  const eventDate = sentenceEventDate(sentence, timexes, offset);
  if (eventDate) return { eventDate };
  const body = sentence.slice(readDateline(sentence)?.length ?? 0);
  const bodyWords = wordsOf(body);
  if (backgroundIn(body, bodyWords)) return { background: true };
  return reportsIn(bodyWords) ? { atReference: true } : {};
}
