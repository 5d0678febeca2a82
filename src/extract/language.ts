// Language identification for article text (ISO 639-1), shared by HTML and plain-text extraction.
import { eld } from 'eld/small';

/** Texts shorter than this are too little evidence to name a language. */
const MIN_LETTERS = 20;
/** Detection uses only the opening of long texts: enough evidence, bounded cost. */
const SAMPLE_CHARS = 2000;

/** The ISO 639-1 code of the text's language, or `und` when it is too short or unclear. */
export function detectLanguage(text: string): string {
  const sample = text.slice(0, SAMPLE_CHARS);
  const letters = sample.match(/\p{L}/gu)?.length ?? 0;
  if (letters < MIN_LETTERS) return 'und';
  const result = eld.detect(sample);
  return result.language && result.isReliable() ? result.language : 'und';
}

/** Normalises a declared language tag (`en-US`, `EN_gb`, `fr`) to its ISO 639-1 part, or undefined. */
export function normaliseLanguageTag(tag: string | null | undefined): string | undefined {
  const m = /^\s*([a-z]{2,3})(?:[-_][\w-]+)?\s*$/i.exec(tag ?? '');
  if (!m?.[1]) return undefined;
  const code = m[1].toLowerCase();
  return code.length === 2 ? code : undefined;
}
