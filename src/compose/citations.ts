// How strong each citation is, and the citations of a story's copies. A citation says whether its span has the
// shown sentence word for word (`same`), as a lightly edited copy (`near`), or in other words (`related`), so
// that a reader can tell a quoted source from a supporting one. Copies of an article (the dedup stage's
// `duplicateOf`) are not composed from, but a sentence they print too cites them, marked as copies: a sentence
// printed by several outlets cites each.

import type { Analysis, Article, Citation, CitationMatch, CitedText, Span } from '../model.js';
import { splitSentences } from '../text/sentences.js';
import { stemmedWordSet, wordSpans } from '../text/words.js';
import { datelineLength } from './display.js';
import { jaccard } from './sentences.js';
import { CITATIONS } from './settings.js';

/** A span's words as compared: lowercased, in order, the dateline in front left out (it is no part of what is said). */
function wordsOf(text: string): string[] {
  const trimmed = text.trim();
  return wordSpans(trimmed.slice(datelineLength(trimmed)).toLowerCase()).map((w) => w.text);
}

function pairsOf(words: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (let i = 1; i < words.length; i++) out.add(`${words[i - 1]} ${words[i]}`);
  return out;
}

/** One text as compared: its words and word pairs, computed once. */
interface Compared {
  words: string[];
  pairs: Set<string>;
}

function compared(text: string): Compared {
  const words = wordsOf(text);
  return { words, pairs: pairsOf(words) };
}

function sameWords(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((w, i) => w === b[i]);
}

function pairOverlap(a: Compared, b: Compared): number {
  return jaccard(a.pairs, b.pairs);
}

function matchOfCompared(shown: Compared, cited: Compared): CitationMatch {
  if (sameWords(shown.words, cited.words)) return 'same';
  return pairOverlap(shown, cited) >= CITATIONS.nearBigrams ? 'near' : 'related';
}

/** How strongly `cited` (a span's text) supports `shown` (the text of the span shown): see CitationMatch. */
export function matchOf(shown: string, cited: string): CitationMatch {
  return matchOfCompared(compared(shown), compared(cited));
}

/** A sentence of a copy, with what it is compared by. */
interface CopySentence extends Span, Compared {
  content: Set<string>;
}

/**
 * The citations of a story's copies, for the cited texts of its originals. Built once per composition from the
 * story's articles; reads nothing else.
 */
export class CopyCitations {
  private readonly texts = new Map<string, string>();
  private readonly analyses: ReadonlyMap<string, Analysis>;
  /** Original → its copies in the story, in the order given (publication order). */
  private readonly copiesOf = new Map<string, string[]>();
  private readonly sentences = new Map<string, CopySentence[]>();

  constructor(
    articles: readonly Article[],
    analyses: ReadonlyMap<string, Analysis>,
    duplicateOf: ReadonlyMap<string, string>,
  ) {
    this.analyses = analyses;
    for (const a of articles) this.texts.set(a.id, a.text);
    for (const a of articles) {
      const original = duplicateOf.get(a.id);
      if (original === undefined || !this.texts.has(original)) continue;
      const list = this.copiesOf.get(original);
      if (list) list.push(a.id);
      else this.copiesOf.set(original, [a.id]);
    }
  }

  private sentencesOf(id: string): CopySentence[] {
    let out = this.sentences.get(id);
    if (out) return out;
    const text = this.texts.get(id) ?? '';
    const spans = this.analyses.get(id)?.sentences ?? splitSentences(text);
    out = spans.map((s) => {
      const sentence = text.slice(s.start, s.end);
      return { start: s.start, end: s.end, ...compared(sentence), content: stemmedWordSet(sentence) };
    });
    this.sentences.set(id, out);
    return out;
  }

  /** The sentence of copy `id` that prints `original` (a cited span's text), with its match to `shown`. */
  private find(id: string, original: Compared, originalContent: Set<string>, shown: Compared): Citation | undefined {
    let best: CopySentence | undefined;
    let bestOverlap = -1;
    for (const s of this.sentencesOf(id)) {
      if (sameWords(s.words, original.words)) {
        best = s;
        break;
      }
      const overlap = pairOverlap(s, original);
      if (overlap > bestOverlap) {
        best = s;
        bestOverlap = overlap;
      }
    }
    if (!best) return undefined;
    // A copy that rewrote this sentence beyond recognition does not print it.
    if (!sameWords(best.words, original.words) && bestOverlap < CITATIONS.nearBigrams) {
      if (jaccard(best.content, originalContent) < CITATIONS.relatedWords) return undefined;
    }
    return { article: id, start: best.start, end: best.end, match: matchOfCompared(shown, best), copy: true };
  }

  /** `citations` with, after each cited original, the same sentence in each of its copies. */
  expand(citations: readonly Citation[]): Citation[] {
    const first = citations[0];
    if (!first || this.copiesOf.size === 0) return [...citations];
    const shown = compared(this.span(first));
    const cited = new Set(citations.map((c) => c.article));
    const out: Citation[] = [];
    for (const c of citations) {
      out.push(c);
      const copies = this.copiesOf.get(c.article);
      if (!copies || c.copy) continue;
      const text = this.span(c);
      const original = compared(text);
      const content = stemmedWordSet(text);
      for (const id of copies) {
        if (cited.has(id)) continue;
        const found = this.find(id, original, content, shown);
        if (!found) continue;
        cited.add(id);
        out.push(found);
      }
    }
    return out;
  }

  /** `item` citing the copies too. */
  cite<T extends CitedText>(item: T): T {
    return this.copiesOf.size === 0 ? item : { ...item, citations: this.expand(item.citations) };
  }

  private span(c: Citation): string {
    return (this.texts.get(c.article) ?? '').slice(c.start, c.end);
  }
}

/** A citation as the renderers read it: stories stored before citations said their match have none (strong). */
export type ShownCitation = Omit<Citation, 'match'> & { match?: CitationMatch };

/**
 * Citations as shown: one per article, those printing the sentence (same or near) apart from those that only
 * support it (related), which readers are shown after a "cf.".
 */
export function citationGroups<T extends ShownCitation>(citations: readonly T[]): { strong: T[]; related: T[] } {
  const seen = new Set<string>();
  const strong: T[] = [];
  const related: T[] = [];
  for (const c of citations) {
    if (seen.has(c.article)) continue;
    seen.add(c.article);
    (c.match === 'related' ? related : strong).push(c);
  }
  return { strong, related };
}

/** What the citation marks mean, as every rendering of a story explains them once. */
export const CITATION_LEGEND =
  '[n]: source n prints the sentence (word for word or nearly); [n copy]: a copy of another source; cf. [n]: source n says it in other words.';

/** A mark's tooltip: how the source supports the sentence. */
export function citationTitle(c: ShownCitation, copyOf?: number): string {
  const how =
    c.match === 'related'
      ? 'says it in other words'
      : c.match === 'near'
        ? 'nearly word for word'
        : c.match === 'same'
          ? 'word for word'
          : undefined;
  const copy = c.copy ? `a copy of source ${copyOf ?? '?'}` : undefined;
  return [how, copy].filter(Boolean).join('; ');
}
