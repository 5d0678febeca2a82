// The one word tokenizer, and content words for similarity (lowercased words, English stopwords out). Shared by
// analysis (entity stopwords, speaker phrases, quote lengths), clustering (story features) and composition
// (sentence similarity): part of the text base, so that every room counts and compares the same words.

const STOPWORDS = new Set(
  `a about above after again against all also am an and any are as at be because been before being below between both
but by can could did do does doing down during each few for from further had has have having he her here hers herself him
himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our
ours ourselves out over own same she should so some such than that the their theirs them themselves then there these they
this those through to too under until up very was we were what when where which while who whom why will with would you
your yours yourself yourselves said says say told according mr mrs ms dr one two three new year years also would could
may might must shall us its it's i'm he's she's they're we're don't didn't won't isn't aren't wasn't weren't`
    .split(/\s+/)
    .filter(Boolean),
);

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

/**
 * A word: a run of letters, marks and digits, and the apostrophes and hyphens inside it ("don't", "al-Assad",
 * "O’Brien"): punctuation between two letters or digits is part of the word, anywhere else it is not.
 */
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*/gu;
/** A word joined across stops and commas as well ("U.S", "5,000", "3.5"). */
const WORD_ACROSS_STOPS = /[\p{L}\p{M}\p{N}]+(?:[.,'’-][\p{L}\p{M}\p{N}]+)*/gu;
/** That word with the stop right after it, as an abbreviation is written ("U.S.", "Corp.", "Gov."). */
const WORD_WITH_STOP = new RegExp(`${WORD_ACROSS_STOPS.source}\\.?`, 'gu');

export interface WordOptions {
  /**
   * Stops and commas inside a word join it ("U.S", "5,000"): for keys where a number or an abbreviation is one
   * term (story features). Off for content words: joined there, sentence similarity moved the T17 figures
   * (ROUGE-1 +0.0004, date F1 -0.0005) for no clear gain.
   */
  acrossStops?: boolean;
  /** A stop right after the word belongs to it ("a U.S. Embassy official"); implies `acrossStops`. */
  withStop?: boolean;
}

export interface WordSpan {
  /** The word as written. */
  text: string;
  /** Where it starts in the text. */
  start: number;
}

/** The words of `text` with their offsets. */
export function wordSpans(text: string, opts: WordOptions = {}): WordSpan[] {
  const re = opts.withStop ? WORD_WITH_STOP : opts.acrossStops ? WORD_ACROSS_STOPS : WORD;
  const out: WordSpan[] = [];
  for (const m of text.matchAll(re)) out.push({ text: m[0], start: m.index });
  return out;
}

/** One letter, mark or digit at `lastIndex` (sticky): the characters words are made of. */
const WORD_CHAR_AT = /[\p{L}\p{M}\p{N}]/uy;

/**
 * Call `each` with the parts of the words of `text` and their offsets: the words above split at their inner
 * apostrophes and hyphens, which are exactly the maximal runs of letters, marks and digits (a joiner ends a part
 * wherever it stands). So they are read by character codes, without a match or a span per word; `ascii` says the
 * part is ASCII (lower case is then all its folding needs). The search index reads every article's words this way.
 */
export function forEachWordPart(
  text: string,
  each: (part: string, start: number, end: number, ascii: boolean) => void,
): void {
  let start = -1;
  let ascii = true;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    let width = 1;
    let inWord: boolean;
    // wordCharWidth's test, written out: through the helper this loop ran ~20% slower (T17 texts), and the search
    // index reads every article's words here.
    if (c < 128) {
      inWord = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
    } else {
      // Beyond ASCII the Unicode classes decide, a whole code point at a time (a surrogate pair is one).
      if (c >= 0xd800 && c <= 0xdbff) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) width = 2;
      }
      WORD_CHAR_AT.lastIndex = i;
      inWord = WORD_CHAR_AT.test(text);
    }
    if (inWord) {
      if (start < 0) {
        start = i;
        ascii = true;
      }
      if (c >= 128) ascii = false;
    } else if (start >= 0) {
      each(text.slice(start, i), start, i, ascii);
      start = -1;
    }
    i += width;
  }
  if (start >= 0) each(text.slice(start), start, text.length, ascii);
}

/** How many words `text` has. */
export function countWords(text: string): number {
  return text.match(WORD)?.length ?? 0;
}

/**
 * Lowercased content words (at least 2 characters, no stopwords), a possessive "'s" dropped. The words are WORD's,
 * read by character codes (as `forEachWordPart` reads them) with no match or span per word: composition reads every
 * sampled article's sentences this way at every recomposition, and the matches, spans and a second expression per
 * word were most of its cost.
 */
export function contentWords(text: string): string[] {
  const out: string[] = [];
  eachContentWord(text, (w) => out.push(w));
  return out;
}

/** The stemmed content words of `text`, as a set: what sentence similarity compares. */
export function stemmedWordSet(text: string): Set<string> {
  const out = new Set<string>();
  eachContentWord(text, (w) => out.add(stem(w)));
  return out;
}

function eachContentWord(text: string, each: (word: string) => void): void {
  const lower = text.toLowerCase();
  const n = lower.length;
  let i = 0;
  while (i < n) {
    const width = wordCharWidth(lower, i);
    if (width === 0) {
      i++;
      continue;
    }
    // A word as WORD reads it: runs of word characters joined by single apostrophes or hyphens.
    const start = i;
    i = afterWordChars(lower, i + width);
    while (i + 1 < n && isJoiner(lower.charCodeAt(i)) && wordCharWidth(lower, i + 1) > 0)
      i = afterWordChars(lower, i + 1);
    let end = i;
    // A word never ends in an apostrophe, so only "'s" / "’s" is to drop.
    if (end - start >= 2 && lower.charCodeAt(end - 1) === 115 /* s */) {
      const q = lower.charCodeAt(end - 2);
      if (q === 39 /* ' */ || q === 0x2019 /* ’ */) end -= 2;
    }
    if (end - start >= 2) {
      const w = lower.slice(start, end);
      if (!STOPWORDS.has(w)) each(w);
    }
  }
}

function isJoiner(c: number): boolean {
  return c === 39 /* ' */ || c === 0x2019 /* ’ */ || c === 45; /* - */
}

/** The index after the run of word characters from `i`. */
function afterWordChars(text: string, i: number): number {
  for (let width = wordCharWidth(text, i); width > 0; width = wordCharWidth(text, i)) i += width;
  return i;
}

/** The width (code units) of the word character (letter, mark or digit) at `i`, 0 when there is none. */
function wordCharWidth(text: string, i: number): number {
  if (i >= text.length) return 0;
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) ? 1 : 0;
  WORD_CHAR_AT.lastIndex = i;
  if (!WORD_CHAR_AT.test(text)) return 0;
  return c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
}

/** A crude suffix stripper so "strikes"/"strike", "attacks"/"attacked" meet. */
export function stem(word: string): string {
  if (word.length <= 4) return word;
  // What /(?:ing|ed|es|s)$/ strips, read off the last characters.
  if (word.endsWith('ing')) return word.slice(0, -3);
  if (word.endsWith('ed') || word.endsWith('es')) return word.slice(0, -2);
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}
