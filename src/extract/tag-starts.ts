// Where the tags of a few names start in a page's source, found in one pass from `<` to `<`. The readers of the raw
// source (dates in <time> and <script>, images in <meta> and <img>) each searched the whole page with a pattern of
// their own, one scan per pattern; now they try their pattern, anchored (sticky), only where such a tag starts.

/**
 * For each group of names (lower-case ASCII letters), the offsets of every `<` followed by one of them in any letter
 * case, in order: a superset of where a case-insensitive pattern beginning `<name` matches (the pattern decides).
 */
export function tagStarts(html: string, groups: readonly (readonly string[])[]): number[][] {
  const out = groups.map((): number[] => []);
  // The names by their first character (folded as below), so that most `<` are passed over after one look-up.
  const byFirst: { name: string; starts: number[] }[][] = [];
  groups.forEach((names, group) => {
    for (const name of names) (byFirst[name.charCodeAt(0)] ??= []).push({ name, starts: out[group] as number[] });
  });
  for (let at = html.indexOf('<'); at >= 0; at = html.indexOf('<', at + 1)) {
    // `| 0x20` folds an ASCII capital onto its small letter; `& 0x7f` keeps the table small (a character beyond
    // ASCII may fold onto a letter too: a false start, which the caller's pattern rejects).
    const candidates = byFirst[(html.charCodeAt(at + 1) | 0x20) & 0x7f];
    if (candidates === undefined) continue;
    for (const { name, starts } of candidates) {
      let k = 1;
      while (k < name.length && ((html.charCodeAt(at + 1 + k) | 0x20) & 0x7f) === name.charCodeAt(k)) k++;
      if (k === name.length && starts[starts.length - 1] !== at) starts.push(at);
    }
  }
  return out;
}

/**
 * The next match of a sticky pattern at one of `starts` at or after `from`, with the index of the start it matched
 * at in `next` (so that the caller's following search resumes there): what the same pattern, global, finds from
 * `from` when every match begins at one of the starts.
 */
export function matchAtStarts(
  html: string,
  sticky: RegExp,
  starts: readonly number[],
  cursor: { next: number; from: number },
): RegExpExecArray | null {
  for (; cursor.next < starts.length; cursor.next++) {
    const at = starts[cursor.next] as number;
    if (at < cursor.from) continue;
    sticky.lastIndex = at;
    const m = sticky.exec(html);
    if (m) {
      cursor.next++;
      cursor.from = at + m[0].length;
      return m;
    }
  }
  return null;
}
