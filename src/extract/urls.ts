// The one gate every article URL passes: manifest lines, JSONL fields, feed links, WARC target URIs (all arrive as
// the sidecar `url`) and a page's canonical / og:url. Only http(s) URLs are kept: anything else (`javascript:`,
// `data:`, `file:`, `vbscript:`, a malformed string) would be stored, shown and exported as a link a reader clicks.
import { ARTICLE_URL_SCHEMES, MAX_URL_LENGTH } from './settings.js';

export type UrlCheck = { url: string } | { problem: string };

/** How a dropped URL is quoted in a warning: on one line, and short. */
function quoted(raw: string): string {
  const flat = raw.replace(/[\x00-\x1f\x7f\s]+/g, ' ').trim();
  return JSON.stringify(flat.length > 80 ? `${flat.slice(0, 77)}...` : flat);
}

/** Characters a URL may carry as written (RFC 3986 unreserved, reserved and `%`): such a URL is kept as it is. */
const URL_SAFE = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+$/;

/**
 * An http(s) URL, or why it is not one. Kept as written when it holds only URL characters; otherwise in its WHATWG
 * normal form (`href`: spaces, quotes, `<>` and non-ASCII percent-encoded, an international host in punycode), so
 * that what is stored can be printed into a link or Markdown without breaking out of it. Control characters are
 * refused rather than encoded (parsers silently drop tabs and newlines, turning `java\nscript:` into `javascript:`).
 */
export function checkHttpUrl(raw: string): UrlCheck {
  const text = raw.trim();
  if (text.length > MAX_URL_LENGTH) return { problem: `${quoted(text)} is longer than ${MAX_URL_LENGTH} characters` };
  if (/[\x00-\x1f\x7f]/.test(text)) return { problem: `${quoted(text)} is malformed (contains control characters)` };
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return { problem: `${quoted(text)} is not a valid absolute URL` };
  }
  if (!ARTICLE_URL_SCHEMES.has(parsed.protocol)) {
    return { problem: `${quoted(text)} is a ${parsed.protocol} URL, not http(s)` };
  }
  if (!parsed.hostname) return { problem: `${quoted(text)} has no host` };
  return { url: URL_SAFE.test(text) ? text : parsed.href };
}

export interface UrlCandidate {
  value: string | undefined;
  /** Where it came from, for the warning: `sidecar`, `page`. */
  from: string;
}

/**
 * The article's URL: the first candidate that is an http(s) URL. Each candidate dropped on the way leaves a
 * warning naming it and why (`url from sidecar dropped: "javascript:alert(1)" is a javascript: URL, not http(s)`).
 */
export function articleUrl(candidates: UrlCandidate[], warnings: string[]): string | undefined {
  for (const { value, from } of candidates) {
    if (value === undefined || value.trim() === '') continue;
    const check = checkHttpUrl(value);
    if ('url' in check) return check.url;
    warnings.push(`url from ${from} dropped: ${check.problem}`);
  }
  return undefined;
}
