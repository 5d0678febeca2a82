import { createHash } from 'node:crypto';

/**
 * The stable id of an article: a hash of its clean text after normalisation
 * (Unicode NFKC, case-folded, whitespace collapsed, curly quotes straightened),
 * so the same story re-scraped with different spacing or quote marks is the same article.
 */
export function articleId(cleanText: string): string {
  const normalised = cleanText
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u201A\u201B]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F]/g, '"')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
  return createHash('sha256').update(normalised).digest('hex').slice(0, 16);
}
