// The one sentence splitter: tokens and sentences with character offsets into the article text, from wink-nlp's
// English model. No sentence runs from one paragraph (blank-line separated) into the next, as wink would run a
// headline-like paragraph into the next sentence: paragraphs are read as separate chunks, several in one wink
// document with a blank line between them (which wink keeps as a token of its own). Part of the text base, so that analysis (entities, dated
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

/** A piece of text read by wink: its span in the article, the text, and the text wink reads (long tokens masked). */
interface Chunk {
  span: Span;
  text: string;
  masked: string;
}

/** A chunk's tokens and wink's sentences over them (token indices), before abbreviation stops are undone. */
interface ReadChunk {
  tokens: Token[];
  spans: [number, number][];
}

/**
 * Whether a chunk may share a wink document with its neighbours, a blank line between them: one with no line break
 * and no space at either end. wink reads a blank line as a token of its own that no sentence, tag or token
 * crosses; for such chunks the tokens, tags and sentences are those of one document per chunk (checked on the
 * 4,924 articles of Timeline17, DUC 2006, ECB+, PolNeAR and TempEval-3: the same analysis to the byte).
 */
function joinable(masked: string): boolean {
  if (masked.length === 0 || isSpace(masked.charCodeAt(0)) || isSpace(masked.charCodeAt(masked.length - 1)))
    return false;
  return !masked.includes('\n') && !masked.includes('\r');
}

/** What separates chunks in one document: a blank line. */
const CHUNK_SEPARATOR = '\n\n';

/**
 * Token `i` of wink's output with its offsets, found in `chunk` from `cursor` (offsets into the article). wink
 * keeps the whitespace before each token, so offsets add up; each token is still re-found near the cursor to
 * survive any normalisation (near: a search to the end would be quadratic).
 */
function placeToken(chunk: Chunk, cursor: number, value: string, pos: string): Token {
  const text = chunk.text;
  let at = text.startsWith(value, cursor) ? cursor : -1;
  if (at < 0) {
    const near = text.slice(cursor, cursor + value.length + TEXT_BOUNDS.maxTokenChars).indexOf(value);
    at = near < 0 ? cursor : cursor + near;
  }
  const start = chunk.span.start + at;
  return { start, end: start + value.length, text: value, pos };
}

/** One chunk in a document of its own. */
function readAlone(chunk: Chunk): ReadChunk {
  const doc = nlp.readDoc(chunk.masked);
  const values = doc.tokens().out() as string[];
  const spaces = doc.tokens().out(its.precedingSpaces) as string[];
  const tags = doc.tokens().out(its.pos) as string[];
  const tokens: Token[] = [];
  let cursor = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] ?? '';
    cursor += (spaces[i] ?? '').length;
    const token = placeToken(chunk, cursor, value, tags[i] ?? 'X');
    tokens.push(token);
    cursor = token.end - chunk.span.start;
  }
  return { tokens, spans: doc.sentences().out(its.span) as unknown as [number, number][] };
}

/**
 * Joinable chunks in one document, blank lines between: each chunk's tokens and sentences as if read alone, or
 * undefined when wink's output does not split back into the chunks (a separator not one token of its own, a
 * sentence across one), for the caller to read them one by one.
 */
function readJoined(chunks: readonly Chunk[]): ReadChunk[] | undefined {
  // Joined and collected by loops, not map(): arrays map() makes came in more than one element kind, each new one
  // throwing this function, optimised on another, back to the interpreter.
  let joined = (chunks[0] as Chunk).masked;
  for (let c = 1; c < chunks.length; c++) joined += CHUNK_SEPARATOR + (chunks[c] as Chunk).masked;
  const doc = nlp.readDoc(joined);
  const values = doc.tokens().out() as string[];
  const spaces = doc.tokens().out(its.precedingSpaces) as string[];
  const tags = doc.tokens().out(its.pos) as string[];
  const read: ReadChunk[] = [];
  for (let c = 0; c < chunks.length; c++) read.push({ tokens: [], spans: [] });
  // Where each of wink's tokens went: its chunk and index there, or -1 for a separator.
  const chunkOf = new Int32Array(values.length);
  const indexIn = new Int32Array(values.length);
  let k = 0;
  let cursor = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] ?? '';
    if (value.includes('\n')) {
      // A joinable chunk holds no line break: this is a separator.
      chunkOf[i] = -1;
      k++;
      cursor = 0;
      if (k >= chunks.length) return undefined;
      continue;
    }
    const chunk = chunks[k] as Chunk;
    const into = read[k] as ReadChunk;
    cursor += (spaces[i] ?? '').length;
    const token = placeToken(chunk, cursor, value, tags[i] ?? 'X');
    chunkOf[i] = k;
    indexIn[i] = into.tokens.length;
    into.tokens.push(token);
    cursor = token.end - chunk.span.start;
  }
  if (k !== chunks.length - 1) return undefined;
  for (const [f, l] of doc.sentences().out(its.span) as unknown as [number, number][]) {
    // A sentence may take in the separators at its ends; none lies inside one.
    let first = f;
    let last = l;
    while (first <= last && chunkOf[first] < 0) first++;
    while (last >= first && chunkOf[last] < 0) last--;
    if (first > last) continue;
    if (chunkOf[first] !== chunkOf[last]) return undefined;
    for (let i = first; i <= last; i++) if (chunkOf[i] < 0) return undefined;
    (read[chunkOf[first]] as ReadChunk).spans.push([indexIn[first], indexIn[last]]);
  }
  return read;
}

/** Each chunk in a document of its own (collected by a loop, as readJoined collects them). */
function readEach(chunks: readonly Chunk[]): ReadChunk[] {
  const read: ReadChunk[] = [];
  for (const chunk of chunks) read.push(readAlone(chunk));
  return read;
}

/** Runs of chunks read in one document: joinable neighbours up to `maxDocumentChars`, any other chunk alone. */
function documents(chunks: readonly Chunk[]): Chunk[][] {
  const out: Chunk[][] = [];
  let run: Chunk[] = [];
  let chars = 0;
  for (const chunk of chunks) {
    const alone = !joinable(chunk.masked);
    if (run.length > 0 && (alone || chars + chunk.masked.length > TEXT_BOUNDS.maxDocumentChars)) {
      out.push(run);
      run = [];
      chars = 0;
    }
    run.push(chunk);
    chars += chunk.masked.length + CHUNK_SEPARATOR.length;
    if (alone) {
      out.push(run);
      run = [];
      chars = 0;
    }
  }
  if (run.length > 0) out.push(run);
  return out;
}

/**
 * Every sentence of `text` with its tokens; offsets are into `text`. Bounded work per character whatever the
 * text (settings.ts): long paragraphs are read in pieces, overlong tokens cut, overlong sentences split. A stop
 * after an abbreviation ("5,000 sq. kms", "Gov. Brown") does not end a sentence.
 */
export function tokenize(text: string): SentenceTokens[] {
  const chunks = paragraphSpans(text)
    .flatMap((p) => boundedPieces(text, p))
    .map((span): Chunk => {
      const chunkText = text.slice(span.start, span.end);
      return { span, text: chunkText, masked: maskLongTokens(chunkText) };
    });
  const out: SentenceTokens[] = [];
  for (const group of documents(chunks)) {
    const read = (group.length > 1 ? readJoined(group) : undefined) ?? readEach(group);
    for (const { tokens, spans } of read) {
      for (const [first, last] of mergedSpans(tokens, spans)) {
        for (const sentenceTokens of boundedSentences(tokens, first, last)) {
          const head = sentenceTokens[0];
          const tail = sentenceTokens[sentenceTokens.length - 1];
          if (!head || !tail) continue;
          out.push({ start: head.start, end: tail.end, tokens: sentenceTokens });
        }
      }
    }
  }
  return out;
}

/** Sentence spans only. */
export function splitSentences(text: string): Span[] {
  return tokenize(text).map(({ start, end }) => ({ start, end }));
}
