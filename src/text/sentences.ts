// The one sentence splitter: tokens and sentences with character offsets into the article text, from wink-nlp's
// English model. Paragraphs (blank-line separated) are read one at a time: wink would otherwise run a
// headline-like paragraph into the next sentence. Part of the text base, so that analysis (entities, dated
// sentences, the tense window of time expressions) and composition (articles without an analysis) cut a text
// into the same sentences.

import model from 'wink-eng-lite-web-model';
import winkNLP from 'wink-nlp';
import type { Span } from '../model.js';
import { SPLITTER_SETTINGS, TEXT_BOUNDS } from './settings.js';

// Only sentence breaks and part-of-speech tags are read: wink's default pipe also runs its own entity, negation
// and sentiment steps, which nothing here uses. The same tokens, tags and sentences (checked on 21,818
// Timeline17 paragraphs) in ~60% of the time; the splitter was a third of the analysis.
const nlp = winkNLP(model, ['sbd', 'pos']);
const its = nlp.its;

export interface Token extends Span {
  text: string;
  /** Universal POS tag (PROPN, NOUN, VERB, …). */
  pos: string;
}

export interface SentenceTokens extends Span {
  tokens: Token[];
}

/** Paragraph spans: runs of text separated by blank lines. */
export function paragraphSpans(text: string): Span[] {
  const spans: Span[] = [];
  const re = /\n[ \t]*\n/g;
  let start = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    spans.push({ start, end: m.index });
    start = m.index + m[0].length;
  }
  spans.push({ start, end: text.length });
  return spans.filter((s) => text.slice(s.start, s.end).trim().length > 0);
}

/**
 * Pieces of at most `maxParagraphChars` covering [start, end): each cut at the last sentence end (else space)
 * before the limit, so a piece costs the scan of one limit's worth of text and the whole is linear.
 */
function boundedPieces(text: string, para: Span): Span[] {
  const { maxParagraphChars } = TEXT_BOUNDS;
  const pieces: Span[] = [];
  let start = para.start;
  while (para.end - start > maxParagraphChars) {
    const limit = start + maxParagraphChars;
    let cut = -1;
    let space = -1;
    for (let i = limit; i > start + maxParagraphChars / 2; i--) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 10 && c !== 9) continue;
      if (space < 0) space = i;
      const before = text[i - 1];
      if (before === '.' || before === '!' || before === '?') {
        cut = i;
        break;
      }
    }
    const at = cut > 0 ? cut : space > 0 ? space : limit;
    pieces.push({ start, end: at });
    start = at;
  }
  pieces.push({ start, end: para.end });
  return pieces;
}

/** `chunk` with every run of non-space characters longer than `maxTokenChars` blanked past that length. */
function maskLongTokens(chunk: string): string {
  const { maxTokenChars } = TEXT_BOUNDS;
  // One scan for a long run first: the pattern below tries every position of every word, and almost no text has one.
  if (!hasLongRun(chunk, maxTokenChars)) return chunk;
  const longRun = new RegExp(`\\S{${maxTokenChars + 1},}`, 'g');
  return chunk.replace(longRun, (run) => run.slice(0, maxTokenChars) + ' '.repeat(run.length - maxTokenChars));
}

/** Whether `chunk` has a run of more than `max` characters none of which is JavaScript's `\s`. */
function hasLongRun(chunk: string, max: number): boolean {
  if (chunk.length <= max) return false;
  let run = 0;
  for (let i = 0; i < chunk.length; i++) {
    if (isSpace(chunk.charCodeAt(i))) run = 0;
    else if (++run > max) return true;
  }
  return false;
}

/** JavaScript's `\s`, by char code. */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Sentences of more than `maxSentenceTokens` tokens, split into consecutive pieces of that many. */
function boundedSentences(tokens: Token[], first: number, last: number): Token[][] {
  const { maxSentenceTokens } = TEXT_BOUNDS;
  const out: Token[][] = [];
  for (let i = first; i <= last; i += maxSentenceTokens)
    out.push(tokens.slice(i, Math.min(last + 1, i + maxSentenceTokens)));
  return out;
}

const TITLE_ABBREVIATIONS: ReadonlySet<string> = new Set(SPLITTER_SETTINGS.titleAbbreviations);
const OTHER_ABBREVIATIONS: ReadonlySet<string> = new Set(SPLITTER_SETTINGS.otherAbbreviations);
const NUMBER_ABBREVIATIONS: ReadonlySet<string> = new Set(SPLITTER_SETTINGS.numberAbbreviations);
const SHORT_WORD = new RegExp(`^\\p{L}{1,${SPLITTER_SETTINGS.shortWordMaxLetters}}$`, 'u');

/** The abbreviation (lowercase, no stop) a sentence ends on, if its last token is a stop right after a word. */
function endingAbbreviation(tokens: readonly Token[], last: number): string | undefined {
  const tail = tokens[last];
  if (!tail) return undefined;
  if (tail.text === '.') {
    const word = tokens[last - 1];
    return word && word.end === tail.start ? word.text.toLowerCase() : undefined;
  }
  return tail.text.length > 1 && tail.text.endsWith('.') ? tail.text.slice(0, -1).toLowerCase() : undefined;
}

/**
 * Whether wink's break between sentence [.., last] and the one from `next` is an abbreviation's stop, not a
 * sentence end: after a title ("Gov.", "No.") always; after another abbreviation ("sq.", "Jan.") or a short word
 * when the next sentence goes on in lowercase, a digit or punctuation (a sentence starts with a capital).
 */
function continuesAfterAbbreviation(tokens: readonly Token[], last: number, next: number): boolean {
  const word = endingAbbreviation(tokens, last);
  if (word === undefined) return false;
  if (TITLE_ABBREVIATIONS.has(word)) return true;
  const head = tokens[next]?.text ?? '';
  const lower = /^\p{Ll}/u.test(head);
  if (NUMBER_ABBREVIATIONS.has(word)) return /^\d/.test(head);
  if (OTHER_ABBREVIATIONS.has(word)) return lower || /^[\d(),;:\-–—]/.test(head);
  return lower && SHORT_WORD.test(word);
}

/** wink's sentence spans (token indices) with the breaks after abbreviations undone; one pass, so linear. */
function mergedSpans(tokens: readonly Token[], spans: readonly [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const [first, last] of spans) {
    const prev = out[out.length - 1];
    if (prev && prev[1] + 1 === first && continuesAfterAbbreviation(tokens, prev[1], first)) prev[1] = last;
    else out.push([first, last]);
  }
  return out;
}

/**
 * Every sentence of `text` with its tokens; offsets are into `text`. Bounded work per character whatever the
 * text (settings.ts): long paragraphs are read in pieces, overlong tokens cut, overlong sentences split. A stop
 * after an abbreviation ("5,000 sq. kms", "Gov. Brown") does not end a sentence.
 */
export function tokenize(text: string): SentenceTokens[] {
  const out: SentenceTokens[] = [];
  for (const para of paragraphSpans(text).flatMap((p) => boundedPieces(text, p))) {
    const chunk = text.slice(para.start, para.end);
    const doc = nlp.readDoc(maskLongTokens(chunk));
    const values = doc.tokens().out() as string[];
    const spaces = doc.tokens().out(its.precedingSpaces) as string[];
    const tags = doc.tokens().out(its.pos) as string[];
    // Token offsets: wink keeps the whitespace before each token, so offsets add up; we still re-find each
    // token near the cursor to survive any normalisation (near: a search to the end would be quadratic).
    const tokens: Token[] = [];
    let cursor = 0;
    for (let i = 0; i < values.length; i++) {
      const value = values[i] ?? '';
      cursor += (spaces[i] ?? '').length;
      let at = chunk.startsWith(value, cursor) ? cursor : -1;
      if (at < 0) {
        const near = chunk.slice(cursor, cursor + value.length + TEXT_BOUNDS.maxTokenChars).indexOf(value);
        at = near < 0 ? cursor : cursor + near;
      }
      tokens.push({ start: para.start + at, end: para.start + at + value.length, text: value, pos: tags[i] ?? 'X' });
      cursor = at + value.length;
    }
    const spans = doc.sentences().out(its.span) as unknown as [number, number][];
    for (const [first, last] of mergedSpans(tokens, spans)) {
      for (const sentenceTokens of boundedSentences(tokens, first, last)) {
        const head = sentenceTokens[0];
        const tail = sentenceTokens[sentenceTokens.length - 1];
        if (!head || !tail) continue;
        out.push({ start: head.start, end: tail.end, tokens: sentenceTokens });
      }
    }
  }
  return out;
}

/** Sentence spans only. */
export function splitSentences(text: string): Span[] {
  return tokenize(text).map(({ start, end }) => ({ start, end }));
}
