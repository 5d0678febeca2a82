// What `storyline watch` follows: URLs on the command line, a file of URLs (one a line, `#` comments), or an OPML
// file (what feed readers export: each `<outline xmlUrl=…>` is a feed).
import { DOMParser } from 'linkedom';
import { IngestError } from './errors.js';
import { checkWellFormed } from './feed.js';
import { withoutDoctype } from './sniff.js';

interface XmlElement {
  getAttribute(name: string): string | null;
}
interface XmlDocument {
  documentElement: { tagName: string } | null;
  querySelectorAll(selector: string): ArrayLike<XmlElement>;
}

const HTTP_URL = /^https?:\/\/\S+$/i;

/** The feed URLs of an OPML document, in document order, each once. Throws an IngestError when it is not OPML. */
export function parseOpml(text: string): string[] {
  const xml = withoutDoctype(text);
  checkWellFormed(xml);
  const doc = new DOMParser().parseFromString(xml, 'text/xml') as unknown as XmlDocument;
  if (doc.documentElement?.tagName.toLowerCase() !== 'opml') {
    throw new IngestError(`not an OPML file (<${doc.documentElement?.tagName ?? '?'}>)`);
  }
  const urls = Array.from(doc.querySelectorAll('outline')).flatMap((el) => {
    const url = (el.getAttribute('xmlUrl') ?? el.getAttribute('xmlurl') ?? '').trim();
    return HTTP_URL.test(url) ? [url] : [];
  });
  return [...new Set(urls)];
}

/**
 * The URLs of a sources file: OPML when it is one, else one URL a line (blank lines and `#` comments skipped).
 * Throws an IngestError naming the first line that is not an http(s) URL.
 */
export function parseWatchSources(text: string): string[] {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('<')) return parseOpml(start);
  const urls: string[] = [];
  for (const [i, raw] of text.split(/\r\n|\r|\n/).entries()) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') continue;
    if (!HTTP_URL.test(line)) throw new IngestError(`line ${i + 1} is not an http(s) URL: "${line.slice(0, 200)}"`);
    urls.push(line);
  }
  return [...new Set(urls)];
}
