// Finding name candidates in tokenised sentences: runs of capitalised tokens (proper nouns and the capitalised words
// wink mis-tags), joined over hyphens ("Jean-Yves", "al-Assad") and name particles ("Deir ez-Zor", "Bank of
// England"), with titles split off as typing cues ("Defence Minister" | "Jean-Yves Le Drian").
import {
  DATE_WORDS,
  GEO_HEADS,
  GIVEN_NAMES,
  HYPHEN_PARTICLES,
  KNOWN_ORGS,
  KNOWN_PLACES,
  NAME_PARTICLES,
  NON_NAME,
  ORG_HEADS,
  ORG_OF_HEADS,
  ROLE_NOUNS,
  TITLE_HEADS,
  TITLE_MODIFIERS,
  TRANSCRIPT_MARKERS,
} from './aliases.js';
import { foldName } from './gazetteer.js';
import type { SentenceTokens, Token } from '../text/sentences.js';
import { PEOPLE_SETTINGS } from './settings.js';

/** A name as found in a sentence, before typing. Offsets are into the article text. */
export interface NameRun {
  /** Start of the mention: the title when one is kept ("Mr Hollande"), else the name. */
  start: number;
  /** Start of the name proper. */
  nameStart: number;
  end: number;
  /** The name without its title, whitespace collapsed. */
  name: string;
  /** Title words before the name ("defence minister", "mr"), lower-cased. */
  title?: string;
  sentence: SentenceTokens;
  /** Index of the first and last token of the name in `sentence.tokens`. */
  first: number;
  last: number;
  /** The run opens its sentence (or a quotation): its capital says little. */
  initial: boolean;
  /** The capitalised group acronym `IS` (not the verb). */
  isGroup?: boolean;
  /** A lower-case word glued after a hyphen ("U.S.-led", "IS-controlled", "X-based"). */
  hyphenSuffix?: string;
}

const OPENERS = new Set(['"', '“', '‘', "'", '(', '[', ':', '—', '–', '-', '«']);
const POSSESSIVE = /^['’]s?$/;
const LOWER_PREFIX = /^(?:anti|pro|non|post|pre|ex|neo|mid|trans|pan|sub)$/i;

const UPPER_START = /^\p{Lu}/u;
const CAPS_ONLY = /^[\p{Lu}\d.&]+$/u;
const HAS_UPPER = /\p{Lu}/u;

/** Starts with a capital; asked of every token, so ASCII is told by its code and only the rest by the pattern. */
function startsUpper(s: string): boolean {
  const c = s.charCodeAt(0);
  return c < 128 ? c >= 65 && c <= 90 : UPPER_START.test(s);
}

/** Capitals, digits, stops and ampersands only, one capital at least (`/^[\p{Lu}\d.&]+$/u` and `/\p{Lu}/u`). */
function isAllCaps(s: string): boolean {
  let upper = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128) return CAPS_ONLY.test(s) && HAS_UPPER.test(s);
    if (c >= 65 && c <= 90) upper = true;
    else if (!((c >= 48 && c <= 57) || c === 46 || c === 38)) return false;
  }
  return upper;
}

/** Names the hand tables know, folded: lets "and" join a run only when the longer name is a known one. */
let knownPhrases: Set<string> | undefined;
function knownPhrase(s: string, countries: (key: string) => boolean): boolean {
  if (!knownPhrases) {
    knownPhrases = new Set();
    for (const e of [...KNOWN_ORGS, ...KNOWN_PLACES])
      for (const n of [e.name, ...e.aliases]) knownPhrases.add(foldName(n));
  }
  const key = foldName(s);
  return knownPhrases.has(key) || countries(key);
}

/** Most word tokens in capitals: a headline, a menu, a kicker ("FRANCE - RUSSIA - SYRIA"). */
function shouted(s: SentenceTokens): boolean {
  let words = 0;
  let caps = 0;
  for (const t of s.tokens) {
    const w = t.text;
    if (w.length < 2 || t.pos === 'PUNCT' || t.pos === 'NUM') continue;
    words++;
    if (w !== w.toLowerCase() && w === w.toUpperCase()) caps++;
  }
  return words >= 2 && caps * 2 > words;
}

function opensSentence(tokens: Token[], i: number): boolean {
  let j = i - 1;
  while (j >= 0 && OPENERS.has(tokens[j].text)) j--;
  return j < 0 || (j < i - 1 && /^[.!?:]$/.test(tokens[j].text)) || tokens[j].text === ':';
}

/** A token that can be (part of) a name. */
function nameLike(tokens: Token[], i: number, inRun: boolean): boolean {
  const t = tokens[i];
  const w = t.text;
  if (!startsUpper(w)) return false;
  if (w === 'I' || NON_NAME.has(w)) return false;
  // "End Quote Barack Obama" (a transcript's marker): "End" before a marker is part of it.
  if (w === 'End' && TRANSCRIPT_MARKERS.has(tokens[i + 1]?.text ?? '')) return false;
  if (DATE_WORDS.has(w)) return inRun && w === 'May';
  if (isAllCaps(w) && w.replace(/\./g, '').length >= 6) return false; // shouted word, not an acronym
  if (!inRun && opensSentence(tokens, i)) {
    // An opening title counts when a name follows it ("President Francois Hollande said …").
    const next = tokens[i + 1]?.text ?? '';
    const title = (TITLE_HEADS.has(w) || TITLE_MODIFIERS.has(w) || ROLE_NOUNS.has(w)) && startsUpper(next);
    // "New York", "South Africa": an opening adjective that starts a known name.
    const known = startsUpper(next) && knownPhrase(`${w} ${next}`, () => false);
    return t.pos === 'PROPN' || isAllCaps(w) || title || known;
  }
  return true;
}

/** A word of a run (hyphen-joined tokens make one word) and its first and last token. */
interface RunWord {
  w: string;
  first: number;
  last: number;
}

/**
 * Splits a leading title off the run's words from `from` on: returns how many words it takes (0 when none). Reads
 * the words in place: arrays of their strings mapped or sliced anew for each call came in more than one element
 * kind, each new one throwing the optimised name finder back to the interpreter.
 */
function titleLength(words: readonly RunWord[], from: number): number {
  let i = from;
  let sawHead = false;
  while (i < words.length) {
    const w = words[i].w;
    // A role noun ("Singer", "Briton") is a title only before a name of two words or more: "Star Wars" is no person.
    if (ROLE_NOUNS.has(w) && words.length - i - 1 >= PEOPLE_SETTINGS.roleNounMinNameWords) {
      sawHead = true;
      i++;
      continue;
    }
    if (TITLE_HEADS.has(w)) {
      sawHead = true;
      i++;
      // "Secretary of State", "Minister of Defence": an "of" phrase inside a title.
      if (i < words.length && words[i].w === 'of' && i + 1 < words.length) i += 2;
      continue;
    }
    if (TITLE_MODIFIERS.has(w)) {
      let j = i;
      while (j < words.length && TITLE_MODIFIERS.has(words[j].w) && !TITLE_HEADS.has(words[j].w)) j++;
      if (j < words.length && TITLE_HEADS.has(words[j].w)) {
        i = j;
        continue;
      }
    }
    break;
  }
  return sawHead ? i - from : 0;
}

interface RawRun {
  first: number;
  last: number;
  hyphenSuffix: string | undefined;
  isGroup: boolean | undefined;
}

/** A run of tokens[first, last], made here only so that every run has the same fields in the same order. */
function rawRun(first: number, last: number, isGroup: boolean | undefined): RawRun {
  return { first, last, hyphenSuffix: undefined, isGroup };
}

/** Runs of name tokens in one sentence. */
function rawRuns(s: SentenceTokens, countries: (key: string) => boolean, text: string): RawRun[] {
  const tokens = s.tokens;
  const runs: RawRun[] = [];
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i];
    // `IS` in capitals inside ordinary text is the group: the verb would be "is" (or "Is" opening a sentence).
    if (t.text === 'IS') {
      const run = rawRun(i, i, true);
      i = glueSuffix(tokens, i, run);
      runs.push(run);
      continue;
    }
    // "anti-Hitler", "pro-Russian": a name inside a lower-case compound is not mentioned as itself.
    if (
      i >= 2 &&
      tokens[i - 1].text === '-' &&
      adjacent(tokens[i - 2], tokens[i - 1]) &&
      LOWER_PREFIX.test(tokens[i - 2].text)
    ) {
      i++;
      continue;
    }
    const particleStart = (NAME_PARTICLES.has(t.text) || HYPHEN_PARTICLES.has(t.text)) && hyphenJoin(tokens, i);
    if (!particleStart && !nameLike(tokens, i, false)) {
      i++;
      continue;
    }
    // A known name with lower-case words inside ("Centers for Disease Control and Prevention").
    const phraseEnd = connectorPhraseAt(tokens, i);
    if (phraseEnd > i) {
      const run = rawRun(i, phraseEnd, undefined);
      i = glueSuffix(tokens, phraseEnd, run);
      runs.push(run);
      continue;
    }
    const run = rawRun(i, i, undefined);
    let j = particleStart ? i + 2 : i;
    run.last = j;
    for (
      let k = nameGoesOn(tokens, run.first, j, text, countries);
      k > j;
      k = nameGoesOn(tokens, run.first, j, text, countries)
    ) {
      j = k;
      run.last = j;
    }
    i = glueSuffix(tokens, j, run);
    runs.push(run);
  }
  return runs;
}

/**
 * The last token of the name part that goes on from tokens[j] (a run begun at `first`), or j when the name ends
 * there. A function of its own, so that its rarely taken branches, when first met, throw only it back to the
 * interpreter rather than all of rawRuns.
 */
function nameGoesOn(
  tokens: Token[],
  first: number,
  j: number,
  text: string,
  countries: (key: string) => boolean,
): number {
  // Hyphen inside a name: "Jean-Yves", "Al-Qaeda", "al-Assad", "Port-au-Prince", "Ban Ki-moon".
  if (hyphenJoin(tokens, j)) {
    return j + 2;
  }
  const glued = lowerHyphenJoin(tokens, j);
  if (glued > j) {
    return glued;
  }
  const next = tokens[j + 1];
  if (!next) return j;
  if (next.text === 'IS') return j;
  if (POSSESSIVE.test(next.text)) return j;
  if (
    nameLike(tokens, j + 1, true) &&
    (!DATE_WORDS.has(next.text) || next.text === 'May') &&
    capsAgree(tokens[j].text, next.text)
  ) {
    return j + 1;
  }
  // A particle inside a name: "Charles de Gaulle", "Deir ez-Zor", "Osama bin Laden".
  const hyphenParticle = HYPHEN_PARTICLES.has(next.text);
  if ((NAME_PARTICLES.has(next.text) || hyphenParticle) && tokens[j + 2]) {
    if (hyphenJoin(tokens, j + 1)) {
      return j + 3;
    }
    if (!hyphenParticle && startsUpper(tokens[j + 2].text) && nameLike(tokens, j + 2, true)) {
      return j + 2;
    }
  }
  // "Bank of England", "Secretary of State": only after a word that heads such names.
  if (next.text === 'of' && ORG_OF_HEADS.has(tokens[j].text) && tokens[j + 2] && nameLike(tokens, j + 2, true)) {
    return j + 2;
  }
  // "Islamic State of Iraq and the Levant", "Bosnia and Herzegovina": "and" joins known names only.
  if (next.text === 'and' || next.text === 'for') {
    const ext = knownExtension(tokens, first, j, text, countries);
    if (ext > j) {
      return ext;
    }
  }
  return j;
}

/**
 * Whether a capitalised word may follow another in one name when one of them is in capitals: an acronym goes on
 * only into an organisation's head or a title ("BP Plc", "U.S. Embassy", "US Secretary of State …"); two acronyms
 * or a shouted kicker before a name ("OIL WELL Engineers", "EPA BP") are separate names.
 */
function capsAgree(cur: string, next: string): boolean {
  // An initial ("George W. Bush") is no acronym.
  const initial = /^\p{Lu}\.$/u;
  const curCaps = isAllCaps(cur) && cur.length >= 2 && !initial.test(cur);
  const nextCaps = isAllCaps(next) && next.length >= 2 && !initial.test(next);
  if (!curCaps && !nextCaps) return true;
  if (ORG_HEADS.has(next) || TITLE_HEADS.has(next) || TITLE_MODIFIERS.has(next)) return true;
  return !curCaps && nextCaps && next.includes('.');
}

/** Known names that hold lower-case words, by their first folded word, as folded word lists. */
let connectorPhrases: Map<string, string[][]> | undefined;

function connectorPhraseAt(tokens: Token[], i: number): number {
  if (!connectorPhrases) {
    connectorPhrases = new Map();
    for (const e of [...KNOWN_ORGS, ...KNOWN_PLACES]) {
      for (const n of [e.name, ...e.aliases]) {
        if (!/\s\p{Ll}/u.test(n)) continue;
        const ws = foldName(n).split(' ');
        const list = connectorPhrases.get(ws[0]) ?? [];
        list.push(ws);
        connectorPhrases.set(ws[0], list);
      }
    }
  }
  const candidates = connectorPhrases.get(foldName(tokens[i].text));
  if (!candidates) return i;
  let best = i;
  for (const ws of candidates) {
    let k = i;
    let w = 0;
    while (w < ws.length && k < tokens.length) {
      if (tokens[k].text === '-') {
        k++;
        continue;
      }
      if (foldName(tokens[k].text) !== ws[w]) break;
      w++;
      k++;
    }
    if (w === ws.length && k - 1 > best) best = k - 1;
  }
  return best;
}

function adjacent(a: Token, b: Token): boolean {
  return a.end === b.start;
}

/** True when tokens[j] is followed by a glued hyphen and a capitalised token ("Jean" "-" "Yves"). */
function hyphenJoin(tokens: Token[], j: number): boolean {
  const dash = tokens[j + 1];
  const after = tokens[j + 2];
  return (
    !!dash &&
    !!after &&
    dash.text === '-' &&
    adjacent(tokens[j], dash) &&
    adjacent(dash, after) &&
    startsUpper(after.text) &&
    after.text !== 'IS'
  );
}

/** Lower-case syllables that end a compound word, not a name ("U.S.-led", "Paris-based"). */
const COMPOUND_TAIL = new Set(
  'led run born made held type era day new old war age end way up off out in on all set wide'.split(' '),
);

/**
 * A name going on through lower-case hyphenated parts: "Port-au-Prince" (a short particle then a capital) or a
 * romanised given name ("Ki-moon", "Jong-un"). Returns the index of the last token joined, or j when none.
 */
function lowerHyphenJoin(tokens: Token[], j: number): number {
  const t = tokens[j];
  const dash = tokens[j + 1];
  const part = tokens[j + 2];
  if (!dash || !part || dash.text !== '-' || !adjacent(t, dash) || !adjacent(dash, part)) return j;
  if (!/^\p{Ll}{1,4}$/u.test(part.text)) return j;
  const dash2 = tokens[j + 3];
  const next = tokens[j + 4];
  if (dash2?.text === '-' && next && adjacent(part, dash2) && adjacent(dash2, next) && startsUpper(next.text))
    return j + 4;
  const syllable = /^\p{Lu}\p{Ll}{0,3}$/u.test(t.text) && !COMPOUND_TAIL.has(part.text);
  const after = tokens[j + 3];
  return syllable && (!after || !(after.text === '-' && adjacent(part, after))) ? j + 2 : j;
}

/** Records a glued lower-case suffix ("U.S.-led") and returns the index to go on from. */
function glueSuffix(tokens: Token[], j: number, run: RawRun): number {
  const dash = tokens[j + 1];
  const after = tokens[j + 2];
  if (
    dash &&
    after &&
    dash.text === '-' &&
    adjacent(tokens[j], dash) &&
    adjacent(dash, after) &&
    !startsUpper(after.text)
  ) {
    run.hyphenSuffix = after.text.toLowerCase();
    return j + 3;
  }
  return j + 1;
}

/**
 * How far "and" (or "for") may carry a run: to a known longer name ("Islamic State of Iraq and the Levant"), or to
 * an organisation's head word when the part before is no name of its own ("National Oceanic and Atmospheric
 * Administration", but not "Britain and the European Union").
 */
function knownExtension(
  tokens: Token[],
  first: number,
  j: number,
  text: string,
  countries: (k: string) => boolean,
): number {
  let best = j;
  let k = j + 2;
  const article = tokens[k]?.text === 'the';
  if (article) k++;
  const left = text.slice(tokens[first].start, tokens[j].end);
  const leftKnown = knownPhrase(left, countries);
  // "Timothy F. Geithner and Federal Reserve Chairman …": a person's name never goes on through "and".
  if (!leftKnown && personShaped(left)) return j;
  for (let n = 0; n < 4 && k < tokens.length && startsUpper(tokens[k].text); n++, k++) {
    const phrase = text.slice(tokens[first].start, tokens[k].end);
    if (knownPhrase(phrase, countries)) best = k;
    else if (!article && !leftKnown && tokens[j + 1].text === 'and' && ORG_HEADS.has(tokens[k].text)) best = k;
  }
  return best;
}

/** A name shaped like a person's: a known given name first, or a middle initial ("Timothy F. Geithner"). */
function personShaped(name: string): boolean {
  const ws = name.split(/\s+/);
  return ws.length >= 2 && (GIVEN_NAMES.has(ws[0]) || ws.slice(1, -1).some((w) => /^\p{Lu}\.$/u.test(w)));
}

/** Every name run of the text, titles split off. `countries` tells whether a folded name is a country. */
export function nameRuns(text: string, sentences: SentenceTokens[], countries: (key: string) => boolean): NameRun[] {
  const out: NameRun[] = [];
  for (const s of sentences) {
    if (shouted(s) && !(s.tokens[1]?.text === ':' || s.tokens[1]?.text === '—')) continue;
    let pendingTitle: string | undefined;
    for (const raw of rawRuns(s, countries, text)) {
      const tokens = s.tokens;
      const initial = opensSentence(tokens, raw.first);
      const base = { sentence: s, initial, hyphenSuffix: raw.hyphenSuffix, isGroup: raw.isGroup };
      // Word boundaries of the run (hyphen-joined tokens make one word).
      const words: RunWord[] = [];
      for (let i = raw.first; i <= raw.last; i++) {
        const t = tokens[i];
        const prev = words[words.length - 1];
        if (prev && (t.text === '-' || tokens[i - 1].text === '-') && adjacent(tokens[i - 1], t)) {
          prev.w += t.text;
          prev.last = i;
        } else words.push({ w: t.text, first: i, last: i });
      }
      // Two known names side by side ("UN General Assembly", "US State Department"): two mentions.
      if (words.length >= 2) {
        const head = words[0];
        const tailStart = tokens[words[1].first].start;
        if (knownPhrase(head.w, countries) && knownPhrase(text.slice(tailStart, tokens[raw.last].end), countries)) {
          out.push(makeRun(text, tokens, head.first, head.last, undefined, undefined, base));
          const notInitial = { sentence: s, initial: false, hyphenSuffix: raw.hyphenSuffix, isGroup: raw.isGroup };
          out.push(makeRun(text, tokens, words[1].first, raw.last, undefined, undefined, notInitial));
          pendingTitle = undefined;
          continue;
        }
      }
      const lastWord = words[words.length - 1].w;
      // An organisation named with a title word in it ("UN General Assembly") keeps its name whole.
      const whole =
        ORG_HEADS.has(lastWord) ||
        GEO_HEADS.has(lastWord) ||
        knownPhrase(text.slice(tokens[raw.first].start, tokens[raw.last].end), countries);
      const cut = whole ? 0 : titleLength(words, 0);
      // Words before the title ("US Secretary of State …", "French President …") are a name of their own.
      let titleAt = -1;
      let titleLen = cut;
      if (cut === 0 && !whole) {
        for (let k = 1; k < words.length; k++) {
          const len = titleLength(words, k);
          if (len > 0) {
            titleAt = k;
            titleLen = len;
            break;
          }
        }
      } else if (cut > 0) titleAt = 0;
      if (titleAt > 0) {
        out.push(makeRun(text, tokens, words[0].first, words[titleAt - 1].last, undefined, undefined, base));
      }
      if (titleAt >= 0) {
        const restAt = titleAt + titleLen;
        let title = words[titleAt].w;
        for (let k = titleAt + 1; k < restAt; k++) title += ` ${words[k].w}`;
        if (restAt >= words.length) {
          // A title alone ("(Syrian President) Bashar al-Assad"): it may still type the name after the bracket.
          pendingTitle = title;
          continue;
        }
        const titleStart = tokens[words[titleAt].first].start;
        out.push(makeRun(text, tokens, words[restAt].first, raw.last, title, titleStart, base));
        pendingTitle = undefined;
        continue;
      }
      const afterBracket =
        pendingTitle && raw.first > 0 && tokens[raw.first - 1].text === ')' ? pendingTitle : undefined;
      out.push(makeRun(text, tokens, raw.first, raw.last, afterBracket, undefined, base));
      pendingTitle = undefined;
    }
  }
  return out;
}

function makeRun(
  text: string,
  tokens: Token[],
  first: number,
  last: number,
  title: string | undefined,
  titleStart: number | undefined,
  base: Pick<NameRun, 'sentence' | 'initial' | 'hyphenSuffix' | 'isGroup'>,
): NameRun {
  const nameStart = tokens[first].start;
  let end = tokens[last].end;
  // A sentence's full stop glued to a name ("… in Paris.") is not part of it; an abbreviation's is ("U.S.").
  if (endsOnSentenceStop(text, nameStart, end) && !/^[\p{Lu}.]+$/u.test(text.slice(nameStart, end))) end -= 1;
  const written = text.slice(nameStart, end);
  const name = /\s/.test(written) ? written.replace(/\s+/g, ' ') : written;
  // One literal of fixed shape (no spread of `base`): runs are read everywhere, and a spread object is a slow one.
  return {
    sentence: base.sentence,
    initial: base.initial && titleStart === undefined && opensSentence(tokens, first),
    hyphenSuffix: base.hyphenSuffix,
    isGroup: base.isGroup,
    start: titleStart ?? nameStart,
    nameStart,
    end,
    name,
    title: title?.toLowerCase(),
    first,
    last,
  };
}

/** Whether text[from, end) ends on a stop after three characters that are neither stops nor space (`/[^.\s]{3}\.$/`). */
function endsOnSentenceStop(text: string, from: number, end: number): boolean {
  if (end - from < 4 || text.charCodeAt(end - 1) !== 46) return false;
  for (let i = end - 4; i < end - 1; i++) {
    const c = text[i] as string;
    if (c === '.' || /\s/.test(c)) return false;
  }
  return true;
}
