// The clean-text cap: an article keeps at most `maxTextBytes` of text (UTF-8), cut at a paragraph boundary, else a
// sentence end, else a word break, and says so in a warning. One pass over the text, whatever its size.
import type { RawDocument } from '../model.js';
import { formatSize } from '../text/sizes.js';
import { CUT_SENTENCE_WINDOW, DEFAULT_MAX_TEXT_BYTES } from './settings.js';

export function maxTextBytesOf(raw: RawDocument): number {
  const cap = raw.maxTextBytes;
  return typeof cap === 'number' && cap > 0 ? cap : DEFAULT_MAX_TEXT_BYTES;
}

/** The longest prefix of `text` whose UTF-8 encoding fits in `room` bytes, as a character index (never mid-pair). */
function prefixFitting(text: string, room: number): number {
  let bytes = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < text.length;
    const size = c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
    if (bytes + size > room) break;
    bytes += size;
    i += pair ? 2 : 1;
  }
  return i;
}

const SENTENCE_END = /[.!?…。！？]["'”’»)\]]*(?=\s)/gu;

function isSpace(code: number): boolean {
  return code <= 32 || code === 0xa0 || code === 0x3000;
}

/**
 * `paragraph` cut to fit `room` bytes: at the last sentence end that fits; else, when `mustKeep` (nothing before
 * it survives), at the last word break, or at the last character that fits. Empty when nothing should be kept.
 */
function cutParagraph(paragraph: string, room: number, mustKeep: boolean): string {
  const fits = prefixFitting(paragraph, room);
  const from = Math.max(0, fits - CUT_SENTENCE_WINDOW);
  const window = paragraph.slice(from, fits + 1); // one more character: the space that ends a sentence
  let sentenceEnd = -1;
  for (const m of window.matchAll(SENTENCE_END)) {
    const end = from + m.index + m[0].length;
    if (end <= fits) sentenceEnd = end;
  }
  if (sentenceEnd > 0) return paragraph.slice(0, sentenceEnd);
  if (!mustKeep) return '';
  for (let i = fits; i > from; i--) {
    if (isSpace(paragraph.charCodeAt(i)) && i < paragraph.length) return paragraph.slice(0, i).trimEnd();
  }
  return paragraph.slice(0, fits);
}

export interface CappedText {
  paragraphs: string[];
  /** `text cut at 2 MB (was 19.3 MB)` when the text was cut. */
  warning?: string;
}

/** The paragraphs, whose `join('\n\n')` fits in `maxBytes` of UTF-8. */
export function capParagraphs(paragraphs: string[], maxBytes: number): CappedText {
  const sizes = paragraphs.map((p) => Buffer.byteLength(p, 'utf8'));
  let total = 0;
  sizes.forEach((size, i) => (total += size + (i > 0 ? 2 : 0)));
  if (total <= maxBytes) return { paragraphs };
  const kept: string[] = [];
  let used = 0;
  for (const [i, paragraph] of paragraphs.entries()) {
    const gap = kept.length > 0 ? 2 : 0;
    const size = sizes[i] ?? 0;
    if (used + gap + size <= maxBytes) {
      kept.push(paragraph);
      used += gap + size;
      continue;
    }
    const part = used + gap < maxBytes ? cutParagraph(paragraph, maxBytes - used - gap, kept.length === 0) : '';
    if (part) kept.push(part);
    break;
  }
  return { paragraphs: kept, warning: `text cut at ${formatSize(maxBytes, true)} (was ${formatSize(total, true)})` };
}
