// Content words for similarity: lowercased letter/digit runs, English stopwords out.
// Shared by analysis (entity stopwords) and composition (sentence similarity): part of the text base.

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

/** Lowercased content words (letters/digits, at least 2 characters, no stopwords). */
export function contentWords(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)) {
    const w = m[0].replace(/['’](s)?$/u, '');
    if (w.length >= 2 && !STOPWORDS.has(w)) out.push(w);
  }
  return out;
}

/** A crude suffix stripper so "strikes"/"strike", "attacks"/"attacked" meet. */
export function stem(word: string): string {
  if (word.length <= 4) return word;
  return word.replace(/(?:ing|ed|es|s)$/u, '') || word;
}
