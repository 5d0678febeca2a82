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
    .replace(/``\s*|\s*''/g, '"')
    .replace(/ (n't|'s|'re|'ve|'ll|'d|'m)\b/gi, '$1')
    .replace(/ ([,.;:?!%)\]}])/g, '$1')
    .replace(/([([{$#]) /g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}
