// The evals' runners: each hands the stage it measures to the loader and scorer in eval/, which never import a
// stage themselves (eval/ is a room of data sets and metrics). The T17 timeline runner is evaluate-tls.ts; the
// dates and stories evals run the ingest pipeline itself (cli/commands/eval-dates.ts, eval-stories.ts).

import { findQuotes } from '../analyze/quotes.js';
import { findTimeExpressions } from '../analyze/timex.js';
import { type EvalExtractionOptions, type EvalExtractionResult, evalExtractionWith } from '../eval/extraction.js';
import { evalMetadataWith, type MetadataScores } from '../eval/metadata.js';
import { evalQuotesWith, type QuoteEvalResult } from '../eval/quotes.js';
import { loadTimexDocs, scoreDocs, type TimexScores } from '../eval/timex.js';
import { extractHtml } from '../extract/html.js';
import { splitSentences } from '../text/sentences.js';

/** extractHtml on every page of an extraction data set, scored with the benchmark metric. */
export function evalExtraction(dir: string, opts: EvalExtractionOptions = {}): Promise<EvalExtractionResult> {
  return evalExtractionWith(dir, extractHtml, opts);
}

/** extractHtml's title and byline on the Readability test pages. */
export function evalMetadata(dir: string): Promise<MetadataScores> {
  return evalMetadataWith(dir, extractHtml);
}

/** findQuotes on the PolNeAR dev split. */
export function evalQuotes(dir: string): Promise<QuoteEvalResult> {
  return evalQuotesWith(dir, findQuotes);
}

/** findTimeExpressions on a TempEval-3 style JSONL file (anchor = each document's dct). */
export async function evalTimex(file: string): Promise<TimexScores> {
  const docs = await loadTimexDocs(file);
  // Split before the clock starts: in the pipeline the sentences are cut once for every analyser (analyze.ts hands
  // them in), so the time measured is the time expressions' own, as it was before they shared the splitter.
  const byText = new Map(docs.map((d) => [d.text, splitSentences(d.text)] as const));
  return scoreDocs(docs, (text, dct) => findTimeExpressions(text, dct, { sentences: byText.get(text) }));
}
