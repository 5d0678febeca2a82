// Penn Treebank tokenisation undone: research corpora (Timeline17 among them) ship text as PTB tokens, and a
// reader should see "(Reuters)" and "don't", not "-LRB- Reuters -RRB-" and "do n't".

const BRACKETS: Record<string, string> = {
  '-LRB-': '(',
  '-RRB-': ')',
  '-LSB-': '[',
  '-RSB-': ']',
  '-LCB-': '{',
  '-RCB-': '}',
};

/** Undo the PTB conventions that matter for reading: bracket tokens, quote pairs, split clitics and punctuation. */
export function detokenise(line: string): string {
  return line
    .replace(/-[LR][RSC]B-/g, (t) => BRACKETS[t] ?? t)
    .replace(/\\([/*])/g, '$1') // PTB escapes the slash and the asterisk
    .replace(/``\s*|\s*''/g, '"')
    .replace(/ (n't|'s|'re|'ve|'ll|'d|'m)\b/gi, '$1')
    .replace(/ ([,.;:?!%)\]}])/g, '$1')
    .replace(/([([{$#]) /g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** What closes the word before it: a run opening with it takes no space before (" ," after "Obama" is ","). */
const CLOSING = /^(?:[,.;:?!%)\]}]|-R[RSC]B-|''|n't\b|'(?:s|re|ve|ll|d|m)\b)/i;

/**
 * The same for a run of a longer text cut at arbitrary offsets (the article page cuts it at every highlight): the
 * run's own leading and trailing space is kept as one space, so that runs still join with the spaces between them.
 */
export function detokeniseRun(run: string): string {
  const inner = detokenise(run);
  if (inner === '') return /\s/.test(run) ? ' ' : run;
  const body = run.trimStart();
  const lead = body.length < run.length && !CLOSING.test(body) ? ' ' : '';
  return `${lead}${inner}${/\s$/.test(run) ? ' ' : ''}`;
}
