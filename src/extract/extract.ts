import type { Article, RawDocument } from '../model.js';
import { extractHtml } from './html.js';
import { extractText } from './text.js';

/**
 * RawDocument → Article, by the kind ingest decided. Throws an Error naming the problem when there is no article
 * (no text, or a page that is a list of links). `raw.maxTextBytes`, when ingest sets it, caps the clean text.
 */
export function extractArticle(raw: RawDocument): Article {
  return raw.kind === 'html' ? extractHtml(raw) : extractText(raw);
}
