import { createHash } from 'node:crypto';

/**
 * The stable id of an article: a hash of its clean text after normalisation
 * (Unicode NFKC, case-folded, whitespace collapsed, curly quotes straightened),
 * so the same story re-scraped with different spacing or quote marks is the same article.
 */
export function articleId(cleanText: string): string {
  // Plain ASCII needs no Unicode folding: skip the costly NFKC and quote passes for it.
  const ascii = !/[^\x00-\x7f]/.test(cleanText);
  const folded = ascii
    ? cleanText
    : cleanText
        .normalize('NFKC')
        .replace(/[\u2018\u2019\u201A\u201B]/g, "'")
        .replace(/[\u201C\u201D\u201E\u201F]/g, '"');
  // Single spaces are left alone (most of the text): only runs and other whitespace are rewritten.
  const normalised = folded
    .replace(/\s{2,}|[^\S ]/g, ' ')
    .trim()
    .toLowerCase();
  return createHash('sha256').update(normalised).digest('hex').slice(0, 16);
}
