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

/**
 * One pass over the line for every PTB convention that matters for reading (a page detokenises dozens of snippets
 * and sentences per request, so one scan rather than one per rule): the alternatives, tried in this order at each
 * position, are a closing bracket token with the space before it, an opening one with the space after it, an
 * escaped slash or asterisk, a quote pair, the space before a split clitic or closing punctuation, the space after
 * an opening bracket or currency sign, and any other white space but a single space (one space).
 */
const PTB_PIECE =
  /\s*(-R[RSC]B-)|(-L[RSC]B-)\s*|\\([/*])|(``\s*|\s*'')|(\s+(?=(?:n't|'s|'re|'ve|'ll|'d|'m)\b|[,.;:?!%)\]}]))|([([{$#])\s+|\s\s+|[^\S ]/gi;

/** Undo the PTB conventions that matter for reading: bracket tokens, quote pairs, split clitics and punctuation. */
export function detokenise(line: string): string {
  return line
    .replace(
      PTB_PIECE,
      (
        _piece: string,
        closing?: string,
        opening?: string,
        escaped?: string,
        quote?: string,
        before?: string,
        opener?: string,
      ) => {
        const bracket = closing ?? opening;
        if (bracket !== undefined) return BRACKETS[bracket.toUpperCase()] ?? bracket;
        if (escaped !== undefined) return escaped;
        if (quote !== undefined) return '"';
        if (before !== undefined) return '';
        if (opener !== undefined) return opener;
        return ' ';
      },
    )
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
