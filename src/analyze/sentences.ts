// Tokens and sentences with character offsets into the article text, from wink-nlp's
// English model. Paragraphs (blank-line separated) are read one at a time: wink
// would otherwise run a headline-like paragraph into the next sentence.

import model from 'wink-eng-lite-web-model';
import winkNLP from 'wink-nlp';
import type { Span } from '../model.js';

const nlp = winkNLP(model);
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

/** Every sentence of `text` with its tokens; offsets are into `text`. */
export function tokenize(text: string): SentenceTokens[] {
  const out: SentenceTokens[] = [];
  for (const para of paragraphSpans(text)) {
    const chunk = text.slice(para.start, para.end);
    const doc = nlp.readDoc(chunk);
    const values = doc.tokens().out() as string[];
    const spaces = doc.tokens().out(its.precedingSpaces) as string[];
    const tags = doc.tokens().out(its.pos) as string[];
    // Token offsets: wink keeps the whitespace before each token, so offsets add up;
    // we still re-find each token in the chunk to survive any normalisation.
    const tokens: Token[] = [];
    let cursor = 0;
    for (let i = 0; i < values.length; i++) {
      const value = values[i] ?? '';
      cursor += (spaces[i] ?? '').length;
      let at = chunk.startsWith(value, cursor) ? cursor : chunk.indexOf(value, cursor);
      if (at < 0) at = cursor;
      tokens.push({ start: para.start + at, end: para.start + at + value.length, text: value, pos: tags[i] ?? 'X' });
      cursor = at + value.length;
    }
    const spans = doc.sentences().out(its.span) as unknown as [number, number][];
    for (const [first, last] of spans) {
      const sentenceTokens = tokens.slice(first, last + 1);
      const head = sentenceTokens[0];
      const tail = sentenceTokens[sentenceTokens.length - 1];
      if (!head || !tail) continue;
      out.push({ start: head.start, end: tail.end, tokens: sentenceTokens });
    }
  }
  return out;
}

/** Sentence spans only. */
export function splitSentences(text: string): Span[] {
  return tokenize(text).map(({ start, end }) => ({ start, end }));
}
