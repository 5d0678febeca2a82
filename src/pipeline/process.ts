// The pure per-document stages, in order: RawDocument → Article → Analysis.
// Runs in the main thread or in a worker (worker-pool.ts); never does I/O.

import { analyzeArticle } from '../analyze/analyze.js';
import { extractArticle } from '../extract/extract.js';
import type { Analysis, Article, RawDocument } from '../model.js';

export interface ProcessedDocument {
  article: Article;
  analysis?: Analysis;
}

export function processDocument(raw: RawDocument): ProcessedDocument {
  const article = extractArticle(raw);
  return { article, analysis: analyzeArticle(article) };
}
