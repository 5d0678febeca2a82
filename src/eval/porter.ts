// The Porter (1980) stemmer in the exact variant shipped inside ROUGE-1.5.5, so that ROUGE scores computed
// here match the Perl script token for token. Differences from the textbook algorithm are deliberate:
// - a leading 'y' is treated as a consonant (upper-cased while stemming);
// - step 4 (CYL, 2004): '-ement' is tried before '-ment' and '-ent', and '-ment' / '-ent' are then re-tried
//   on the result, as the Perl code does;
// - words shorter than 3 characters are returned unchanged.
// ROUGE lower-cases before stemming; this function expects lower-case ASCII input.

const C = '[^aeiou][^aeiouy]*'; // consonant sequence
const V = '[aeiouy][aeiou]*'; // vowel sequence
const MGR0 = new RegExp(`^(${C})?${V}${C}`); // measure > 0
const MEQ1 = new RegExp(`^(${C})?${V}${C}(${V})?$`); // measure = 1
const MGR1 = new RegExp(`^(${C})?${V}${C}${V}${C}`); // measure > 1
const HAS_VOWEL = new RegExp(`^(${C})?[aeiouy]`);
const CVC_END = new RegExp(`^${C}[aeiouy][^aeiouwxy]$`); // whole stem is consonant-vowel-consonant

const STEP2: Record<string, string> = {
  ational: 'ate',
  tional: 'tion',
  enci: 'ence',
  anci: 'ance',
  izer: 'ize',
  bli: 'ble',
  alli: 'al',
  entli: 'ent',
  eli: 'e',
  ousli: 'ous',
  ization: 'ize',
  ation: 'ate',
  ator: 'ate',
  alism: 'al',
  iveness: 'ive',
  fulness: 'ful',
  ousness: 'ous',
  aliti: 'al',
  iviti: 'ive',
  biliti: 'ble',
  logi: 'log',
};
const STEP2_RE =
  /(ational|tional|enci|anci|izer|bli|alli|entli|eli|ousli|ization|ation|ator|alism|iveness|fulness|ousness|aliti|iviti|biliti|logi)$/;

const STEP3: Record<string, string> = {
  icate: 'ic',
  ative: '',
  alize: 'al',
  iciti: 'ic',
  ical: 'ic',
  ful: '',
  ness: '',
};
const STEP3_RE = /(icate|ative|alize|iciti|ical|ful|ness)$/;
const STEP4_RE = /(al|ance|ence|er|ic|able|ible|ant|ement|ou|ism|ate|iti|ous|ive|ize)$/;

/** Stem one lower-case word exactly as ROUGE-1.5.5's embedded Porter stemmer does. */
export function porterStem(word: string): string {
  if (word.length < 3) return word;
  let w = word;
  const initialY = w[0] === 'y';
  if (initialY) w = `Y${w.slice(1)}`;

  // Step 1a
  let m = /(ss|i)es$/.exec(w);
  if (m) w = w.slice(0, m.index) + m[1];
  else {
    m = /([^s])s$/.exec(w);
    if (m) w = w.slice(0, m.index) + m[1];
  }

  // Step 1b
  m = /eed$/.exec(w);
  if (m) {
    if (MGR0.test(w.slice(0, m.index))) w = w.slice(0, -1);
  } else {
    m = /(ed|ing)$/.exec(w);
    if (m) {
      const stem = w.slice(0, m.index);
      if (HAS_VOWEL.test(stem)) {
        w = stem;
        if (/(at|bl|iz)$/.test(w)) w += 'e';
        else if (/([^aeiouylsz])\1$/.test(w)) w = w.slice(0, -1);
        else if (CVC_END.test(w)) w += 'e';
      }
    }
  }

  // Step 1c
  m = /y$/.exec(w);
  if (m) {
    const stem = w.slice(0, m.index);
    if (HAS_VOWEL.test(stem)) w = `${stem}i`;
  }

  // Step 2
  m = STEP2_RE.exec(w);
  if (m) {
    const stem = w.slice(0, m.index);
    if (MGR0.test(stem)) w = stem + STEP2[m[1]];
  }

  // Step 3
  m = STEP3_RE.exec(w);
  if (m) {
    const stem = w.slice(0, m.index);
    if (MGR0.test(stem)) w = stem + STEP3[m[1]];
  }

  // Step 4 (ROUGE's modified order; each rule sees the result of the previous one)
  m = STEP4_RE.exec(w);
  if (m) {
    const stem = w.slice(0, m.index);
    if (MGR1.test(stem)) w = stem;
  }
  m = /ment$/.exec(w);
  if (m) {
    const stem = w.slice(0, m.index);
    if (MGR1.test(stem)) w = stem;
  }
  m = /ent$/.exec(w);
  if (m) {
    const stem = w.slice(0, m.index);
    if (MGR1.test(stem)) w = stem;
  } else {
    m = /(s|t)(ion)$/.exec(w);
    if (m) {
      const stem = w.slice(0, m.index) + m[1];
      if (MGR1.test(stem)) w = stem;
    }
  }

  // Step 5
  m = /e$/.exec(w);
  if (m) {
    const stem = w.slice(0, m.index);
    if (MGR1.test(stem) || (MEQ1.test(stem) && !CVC_END.test(stem))) w = stem;
  }
  if (/ll$/.test(w) && MGR1.test(w)) w = w.slice(0, -1);

  if (initialY) w = `y${w.slice(1)}`;
  return w;
}
