// The sentence splitter's settings (text/sentences.ts): the input bounds that keep every per-sentence step's
// cost a constant, so that splitting (and so analysing) an article costs time linear in its length whatever the
// text looks like (issue 10: one 5 MB "word" hung a batch), and where a full stop is no sentence end.

export const TEXT_BOUNDS = {
  /**
   * Longer runs of non-space characters are no words: only the first this many characters are tokenised, the
   * rest is read as space (offsets stay true). wink's tokenizer is quadratic in a token's length (80,000 `x.`
   * took 15 s); the longest real tokens are URLs, e-mail addresses and chemical names, well under this.
   */
  maxTokenChars: 64,
  /**
   * A paragraph longer than this is tokenised in pieces cut at a sentence end (else at a space) before it: a
   * scraped page can be one 2 MB "paragraph", and the tokenizer's work must not depend on how text is laid out.
   */
  maxParagraphChars: 10_000,
  /**
   * A sentence of more tokens than this is split into pieces of this size. Entity, quote and date rules look
   * at pairs and runs of tokens within a sentence; news sentences stay under ~80 tokens, and a 10,000-token
   * run of capitalised words made name finding quadratic.
   */
  maxSentenceTokens: 200,
  /**
   * Consecutive paragraphs are read in one wink document of up to this many characters (a typical article in one):
   * a document per paragraph cost ~20% more, its fixed cost paid some 50 times an article. The cap keeps one
   * document's memory bounded whatever the article's length.
   */
  maxDocumentChars: 50_000,
} as const;

/** Where the sentence splitter must not break (text/sentences.ts). */
export const SPLITTER_SETTINGS = {
  /**
   * Abbreviations written before a name or a number ("Gov. Brown", "No. 10", "St. Paul"): a full stop after one
   * never ends a sentence, whatever follows. Lowercase, without the stop.
   */
  titleAbbreviations: [
    'gov',
    'col',
    'gen',
    'sen',
    'rep',
    'st',
    'mt',
    'dr',
    'mr',
    'mrs',
    'ms',
    'prof',
    'lt',
    'sgt',
    'capt',
    'cmdr',
    'adm',
    'maj',
    'brig',
    'supt',
    'insp',
    'rev',
    'fr',
    'pres',
    'amb',
    'approx',
    'vs',
    'cf',
  ],
  /** "No." is a word too ("he said no."): its stop is an abbreviation's only before a number ("No. 10"). */
  numberAbbreviations: ['no', 'nos'],
  /**
   * Abbreviations that may also end a sentence (months, units, "etc."): their stop ends one only when the next
   * word starts like a sentence (a capital or a quote), not when it goes on in lowercase, a digit or a bracket
   * ("5,000 sq. kms (…)", "in Jan. 2016").
   */
  otherAbbreviations: [
    'jan',
    'feb',
    'mar',
    'apr',
    'jun',
    'jul',
    'aug',
    'sep',
    'sept',
    'oct',
    'nov',
    'dec',
    'sq',
    'km',
    'kms',
    'mi',
    'ft',
    'in',
    'lb',
    'lbs',
    'oz',
    'kg',
    'cm',
    'mm',
    'yd',
    'yds',
    'hr',
    'hrs',
    'min',
    'mins',
    'sec',
    'approx',
    'est',
    'etc',
    'inc',
    'ltd',
    'co',
    'corp',
    'bros',
    'dept',
    'univ',
    'assn',
    'ave',
    'blvd',
    'rd',
    'p.m',
    'a.m',
    'e.g',
    'i.e',
    'vol',
    'pp',
    'ch',
    'fig',
  ],
  /**
   * A stop after a word of at most this many letters, followed by a lowercase word, is read as an abbreviation
   * the lists miss: a sentence does not start in lowercase, a short word before a stop is most often cut short.
   */
  shortWordMaxLetters: 4,
} as const;
