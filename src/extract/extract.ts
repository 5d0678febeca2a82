import type { Article } from '../model.js';
import { extractHtml } from './html.js';
import type { ExtractInput } from './text-cap.js';
import { extractText } from './text.js';

export type { ExtractInput, ExtractLimits } from './text-cap.js';

/**
 * RawDocument → Article, by the kind ingest decided. Throws an Error naming the problem when there is no article
 * (no text, or a page that is a list of links). `raw.maxTextBytes`, when ingest sets it, caps the clean text.
 */
export function extractArticle(raw: ExtractInput): Article {
  return raw.kind === 'html' ? extractHtml(raw) : extractText(raw);
}
