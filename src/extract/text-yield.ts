// The low-yield warning: an article that kept under a third of a text-heavy input's text says so (settings.ts).
import { LOW_YIELD } from './settings.js';

const SENTENCE_END = /[.!?…。！？]["'”’»)\]]*$/u;

/**
 * The characters of the paragraphs that read as prose: at least LOW_YIELD.proseMinChars, ending like a sentence.
 * A page's menus, buttons, captions and link lists are not what extraction is meant to keep, so they do not count.
 */
export function proseLength(paragraphs: Iterable<string>): number {
  let total = 0;
  for (const paragraph of paragraphs) {
    const text = paragraph.replace(/\s+/g, ' ').trim();
    if (text.length >= LOW_YIELD.proseMinChars && SENTENCE_END.test(text)) total += text.length;
  }
  return total;
}

/** Characters of text as a reader counts them: whitespace runs count as one space, leading and trailing none. */
export function visibleLength(text: string): number {
  let length = 0;
  let space = true; // at the start: leading whitespace counts for nothing
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const isSpace = c <= 32 || c === 0xa0 || c === 0x3000 || c === 0x2028 || c === 0x2029;
    if (isSpace) {
      if (!space) length++;
      space = true;
    } else {
      length++;
      space = false;
    }
  }
  return space && length > 0 ? length - 1 : length;
}

/**
 * `kept 12% of the input's text (1,234 of 10,456 characters)` (`of the page's prose` for a page) when the article kept
 * too little of a text-heavy input.
 */
export function lowYieldWarning(inputChars: number, keptChars: number, what = "the input's text"): string | undefined {
  if (inputChars < LOW_YIELD.minInputChars || keptChars >= inputChars * LOW_YIELD.maxKeptShare) return undefined;
  const percent = Math.floor((keptChars / inputChars) * 100);
  const n = (x: number) => x.toLocaleString('en-US');
  return `kept ${percent}% of ${what} (${n(keptChars)} of ${n(inputChars)} characters)`;
}
