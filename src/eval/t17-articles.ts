// Timeline17 input documents as Articles. The documents are PTB-tokenised, one sentence a line; the
// article text is lightly detokenised (so the time-expression finder sees "May 24, 2010" and "(BP)"), one
// paragraph per line, and each line keeps its original tokenised string for scoring against the
// (equally tokenised) gold timelines.
import type { Article, SentenceAnalysis } from '../model.js';
import type { T17Doc } from './t17.js';
import { detokenise } from '../text/ptb.js';

/** One input line: its span in the article text and the original tokenised string. */
export interface T17Line {
  start: number;
  end: number;
  tokenised: string;
}

export interface T17Article {
  article: Article;
  lines: T17Line[];
}

/** An Article for one T17 document; `id` must be unique within the evaluation run. */
export function t17Article(id: string, doc: T17Doc): T17Article {
  const paragraphs: string[] = [];
  const lines: T17Line[] = [];
  let offset = 0;
  for (const tokenised of doc.sentences) {
    const text = detokenise(tokenised);
    if (!text) continue;
    if (paragraphs.length > 0) offset += 2; // the '\n\n' between paragraphs
    paragraphs.push(text);
    lines.push({ start: offset, end: offset + text.length, tokenised });
    offset += text.length;
  }
  const article: Article = {
    id,
    source: doc.file,
    published: { value: doc.date, precision: 'day', from: 'sidecar' },
    language: 'en',
    paragraphs,
    text: paragraphs.join('\n\n'),
    removed: [],
  };
  return { article, lines };
}

/** The lines as sentence spans (T17 gives one sentence a line, better than re-splitting). */
export function lineSentences(lines: readonly T17Line[]): SentenceAnalysis[] {
  return lines.map((l) => ({ start: l.start, end: l.end }));
}
