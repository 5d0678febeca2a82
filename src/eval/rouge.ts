// ROUGE-1 / ROUGE-2 as Perl ROUGE-1.5.5 computes them with `-a -n 2 -x -m -s` on summaries written in its
// SEE html format (the way pyrouge / tilse feed it), reproduced without Perl:
// - each sentence is its whitespace tokens joined by one space, '^' written as '&circ;', and cut at the first
//   '<' (the SEE line regex captures `[^<]+`; a sentence that is empty or starts with '<' is dropped);
// - the sentences of a summary are joined into one text (so bigrams cross sentence boundaries), ASCII
//   upper case is lowered, every character other than [A-Za-z0-9-] becomes a space and '-' a token of its own;
// - tokens in the SMART stopword list are dropped, then tokens not starting with [a-z0-9$] ('-') are dropped;
// - tokens longer than 3 characters are replaced by their WordNet exception base form if listed, else stemmed
//   with ROUGE's Porter stemmer; shorter tokens are kept as they are;
// - counts: hit = sum over n-grams of min(peer count, model count); with several models (reference
//   summaries) hits and model counts are summed over models and the peer count is added once per model.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { porterStem } from './porter.js';

/** ROUGE's data: the stopword list and the WordNet exception map (inflected form -> base form). */
export interface RougeResources {
  stopwords: ReadonlySet<string>;
  exceptions: ReadonlyMap<string, string>;
  /** Memo of token -> ROUGE stem; filled lazily (stemming is the hot path). */
  stemCache: Map<string, string>;
}

/** The order ROUGE's exception database was built in; later files overwrite earlier ones for the same word. */
const EXCEPTION_FILES = ['adj.exc', 'adv.exc', 'noun.exc', 'verb.exc'];

/** Build resources from the contents of smart_common_words.txt and of the `*.exc` files (in build order). */
export function makeRougeResources(stopwordText: string, exceptionTexts: readonly string[]): RougeResources {
  const stopwords = new Set<string>();
  for (const line of stopwordText.split('\n')) {
    // Perl `chomp` removes only the newline; the list is plain ASCII without CR.
    if (line.length > 0) stopwords.add(line);
  }
  const exceptions = new Map<string, string>();
  for (const text of exceptionTexts) {
    for (const line of text.split('\n')) {
      const fields = line.split(/\s+/).filter((f) => f.length > 0);
      if (fields.length >= 2) exceptions.set(fields[0], fields[1]);
    }
  }
  return { stopwords, exceptions, stemCache: new Map() };
}

/** Read smart_common_words.txt and the WordNet `*.exc` lists from ROUGE's data folder. */
export function loadRougeResources(dir: string): RougeResources {
  const stopwordText = readFileSync(join(dir, 'smart_common_words.txt'), 'utf8');
  const exceptionTexts = EXCEPTION_FILES.map((f) => readFileSync(join(dir, f), 'utf8'));
  return makeRougeResources(stopwordText, exceptionTexts);
}

// Python's str.split() whitespace (what tilse tokenises with), as far as it matters for news text.
// Python counts \x1c-\x1f as whitespace, so must we.
const PY_WHITESPACE = /[\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

/** Whitespace tokens of a sentence as Python's `str.split()` gives them. */
export function splitTokens(sentence: string): string[] {
  return sentence.split(PY_WHITESPACE).filter((t) => t.length > 0);
}

/** The text ROUGE reads back for one sentence written into its SEE file, or null if the line does not parse. */
function seeSentenceText(sentence: string): string | null {
  const text = splitTokens(sentence)
    .map((t) => t.replaceAll('^', '&circ;'))
    .join(' ');
  const cut = text.indexOf('<');
  const kept = cut < 0 ? text : text.slice(0, cut);
  return kept.length > 0 ? kept : null;
}

/** The token sequence ROUGE-1.5.5 (-m -s) builds from a summary given as sentences. */
export function rougeTokens(sentences: readonly string[], res: RougeResources): string[] {
  const parts: string[] = [];
  for (const s of sentences) {
    const t = seeSentenceText(s);
    if (t !== null) parts.push(t);
  }
  const out: string[] = [];
  if (parts.length === 0) return out;
  // Lowering only ASCII (Perl tr/A-Z/a-z/) and blanking everything else leaves runs of [a-z0-9] and lone '-'.
  const text = parts.join(' ').replace(/[^A-Za-z0-9]+/g, ' ');
  for (const raw of text.split(' ')) {
    if (raw.length === 0) continue;
    const tok = raw.replace(/[A-Z]/g, (c) => c.toLowerCase());
    if (res.stopwords.has(tok)) continue;
    out.push(tok.length > 3 ? stemToken(tok, res) : tok);
  }
  return out;
}

function stemToken(tok: string, res: RougeResources): string {
  let stem = res.stemCache.get(tok);
  if (stem === undefined) {
    stem = res.exceptions.get(tok) ?? porterStem(tok);
    res.stemCache.set(tok, stem);
  }
  return stem;
}

/** N-gram counts of a token sequence plus the total number of n-grams. */
export interface NgramCounts {
  counts: Map<string, number>;
  total: number;
}

export function ngramCounts(tokens: readonly string[], n: number): NgramCounts {
  const counts = new Map<string, number>();
  let total = 0;
  for (let i = 0; i + n <= tokens.length; i++) {
    const gram = n === 1 ? tokens[i] : n === 2 ? `${tokens[i]} ${tokens[i + 1]}` : tokens.slice(i, i + n).join(' ');
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
    total++;
  }
  return { counts, total };
}

/** Raw ROUGE counts as `ROUGE-1.5.5 -t 2` prints them: model (reference) n-grams, peer n-grams, hits. */
export interface RougeCounts {
  modelCount: number;
  peerCount: number;
  hit: number;
}

/** Clipped overlap of one peer against several models (ROUGE's model-average formula "A"). */
export function rougeCountsFromNgrams(peer: NgramCounts, models: readonly NgramCounts[]): RougeCounts {
  let hit = 0;
  let modelCount = 0;
  let peerCount = 0;
  for (const model of models) {
    const [small, large] = model.counts.size <= peer.counts.size ? [model, peer] : [peer, model];
    for (const [gram, c] of small.counts) {
      const other = large.counts.get(gram);
      if (other !== undefined) hit += Math.min(c, other);
    }
    modelCount += model.total;
    peerCount += peer.total;
  }
  return { modelCount, peerCount, hit };
}

export interface PRF {
  p: number;
  r: number;
  f: number;
}

export interface RougeScores {
  rouge1: PRF;
  rouge2: PRF;
}

/** F1 as tilse computes it (0 when precision and recall are both 0). */
export function f1(p: number, r: number): number {
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
}

export function prfFromCounts(c: RougeCounts): PRF {
  const p = c.peerCount === 0 ? 0 : c.hit / c.peerCount;
  const r = c.modelCount === 0 ? 0 : c.hit / c.modelCount;
  return { p, r, f: f1(p, r) };
}

/** Raw ROUGE-1 and ROUGE-2 counts of a peer summary against reference summaries (each a list of sentences). */
export function rougeCounts(
  peer: readonly string[],
  references: readonly (readonly string[])[],
  res: RougeResources,
): { rouge1: RougeCounts; rouge2: RougeCounts } {
  const peerTokens = rougeTokens(peer, res);
  const refTokens = references.map((r) => rougeTokens(r, res));
  return {
    rouge1: rougeCountsFromNgrams(
      ngramCounts(peerTokens, 1),
      refTokens.map((t) => ngramCounts(t, 1)),
    ),
    rouge2: rougeCountsFromNgrams(
      ngramCounts(peerTokens, 2),
      refTokens.map((t) => ngramCounts(t, 2)),
    ),
  };
}

/** ROUGE-1 and ROUGE-2 precision / recall / F1 (token-level, i.e. from the summed raw counts). */
export function rouge(
  peer: readonly string[],
  references: readonly (readonly string[])[],
  res: RougeResources,
): RougeScores {
  const c = rougeCounts(peer, references, res);
  return { rouge1: prfFromCounts(c.rouge1), rouge2: prfFromCounts(c.rouge2) };
}
