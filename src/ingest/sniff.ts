// Content sniffing: what the bytes really are, whatever the file name says.
import { NEWSWIRE_SNIFF_CHARS } from './settings.js';

interface Magic {
  name: string;
  offset?: number;
  bytes: (number | string)[];
}

// Each entry: bytes at `offset` (strings are ASCII runs). Only signatures unlikely to start a text file.
const MAGICS: Magic[] = [
  { name: 'PNG image', bytes: [0x89, 'PNG\r\n', 0x1a, 0x0a] },
  { name: 'JPEG image', bytes: [0xff, 0xd8, 0xff] },
  { name: 'GIF image', bytes: ['GIF87a'] },
  { name: 'GIF image', bytes: ['GIF89a'] },
  { name: 'WebP image', offset: 8, bytes: ['WEBP'] },
  { name: 'TIFF image', bytes: ['II*', 0] },
  { name: 'TIFF image', bytes: ['MM', 0, '*'] },
  { name: 'PDF document', bytes: ['%PDF-'] },
  { name: 'ZIP archive', bytes: ['PK', 3, 4] },
  { name: 'ZIP archive', bytes: ['PK', 5, 6] },
  { name: 'gzip data', bytes: [0x1f, 0x8b] },
  { name: 'bzip2 data', offset: 4, bytes: [0x31, 0x41, 0x59, 0x26, 0x53, 0x59] },
  { name: 'xz data', bytes: [0xfd, '7zXZ', 0] },
  { name: 'zstd data', bytes: [0x28, 0xb5, 0x2f, 0xfd] },
  { name: '7-Zip archive', bytes: ['7z', 0xbc, 0xaf, 0x27, 0x1c] },
  { name: 'RAR archive', bytes: ['Rar!', 0x1a, 0x07] },
  { name: 'tar archive', offset: 257, bytes: ['ustar'] },
  { name: 'ELF executable', bytes: [0x7f, 'ELF'] },
  { name: 'Java class file', bytes: [0xca, 0xfe, 0xba, 0xbe] },
  { name: 'WebAssembly module', bytes: [0, 'asm'] },
  { name: 'Microsoft Office (OLE) document', bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
  { name: 'SQLite database', bytes: ['SQLite format 3', 0] },
  { name: 'MP3 audio', bytes: ['ID3'] },
  { name: 'Ogg media', bytes: ['OggS', 0] },
  { name: 'FLAC audio', bytes: ['fLaC'] },
  { name: 'MP4/QuickTime video', offset: 4, bytes: ['ftyp'] },
  { name: 'WOFF font', bytes: ['wOFF'] },
  { name: 'WOFF2 font', bytes: ['wOF2'] },
];

function magicMatches(bytes: Uint8Array, magic: Magic): boolean {
  let at = magic.offset ?? 0;
  for (const part of magic.bytes) {
    if (typeof part === 'number') {
      if (bytes[at++] !== part) return false;
    } else {
      for (let i = 0; i < part.length; i++) if (bytes[at++] !== part.charCodeAt(i)) return false;
    }
  }
  return true;
}

/** The name of a known binary format the bytes start with (`PNG image`), if any. */
export function binaryFormat(bytes: Uint8Array): string | undefined {
  return MAGICS.find((magic) => magicMatches(bytes, magic))?.name;
}

/** Raw bytes of a WARC archive (`WARC/1.0`, `WARC/1.1` version line first), before any text decoding. */
export function isWarc(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 7)).toString('latin1') === 'WARC/1.';
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Why decoded text looks binary (NULs, or many control characters), or undefined when it reads as text. */
export function binaryTextProblem(text: string): string | undefined {
  const sample = text.slice(0, 8192);
  if (sample.includes('\0')) return 'contains NUL bytes';
  let controls = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    // Tab, LF, VT, FF, CR are text; other C0 controls, DEL and C1 controls are not.
    if ((c < 0x20 && (c < 0x09 || c > 0x0d)) || (c >= 0x7f && c <= 0x9f)) controls++;
  }
  return controls > sample.length * 0.1 ? 'mostly control characters' : undefined;
}

export type MarkupKind = 'html' | 'feed' | 'sitemap' | 'xml' | 'warc' | 'sgml';

const FEED_ROOTS = new Set(['rss', 'feed', 'rdf:rdf']);
/** A sitemap (sitemaps.org, Google News sitemaps) and a sitemap index: lists of URLs. */
const SITEMAP_ROOTS = new Set(['urlset', 'sitemapindex']);
const HTML_ROOTS = new Set(['html', 'head', 'body']);
// Tags that open an HTML fragment (a saved article body without <html>).
// a word list reads better packed
const HTML_FRAGMENT_STARTS = new Set([
  'article',
  'main',
  'div',
  'section',
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'nav',
  'meta',
  'title',
  'link',
  'base',
  'script',
  'style',
  'table',
  'ul',
  'ol',
  'figure',
  'center',
  'font',
  'span',
  'a',
  'b',
  'i',
  'img',
  'strong',
  'em',
  'blockquote',
  'pre',
  'br',
  'hr',
  'noscript',
  'iframe',
  'form',
  'aside',
  'footer',
]);
const COMMON_HTML_TAG =
  /<\/?(p|div|span|a|br|hr|h[1-6]|article|section|main|header|footer|nav|aside|ul|ol|li|table|tr|td|img|figure|figcaption|script|style|meta|link|title|strong|em|b|i|blockquote|time)\b[^<>]*>/gi;

/**
 * What markup the text starts with, after whitespace, comments, `<?xml …?>` and non-HTML doctypes:
 * HTML (a root/head/body, an HTML doctype, a fragment opener), an RSS/Atom feed, a sitemap, SGML newswire (`isNewswireStart`),
 * other XML, or a WARC archive.
 * Undefined for anything else (plain text, JSON, or HTML that starts with text: see `hasManyHtmlTags`).
 */
export function sniffMarkup(text: string): { kind: MarkupKind; root?: string } | undefined {
  let rest = text.replace(/^\uFEFF/, '');
  let sawXmlProlog = false;
  for (;;) {
    rest = rest.trimStart();
    if (rest.startsWith('<!--')) {
      const end = rest.indexOf('-->');
      if (end < 0) return undefined;
      rest = rest.slice(end + 3);
    } else if (rest.startsWith('<?')) {
      sawXmlProlog ||= /^<\?xml\b/i.test(rest);
      const end = rest.indexOf('?>');
      if (end < 0) return undefined;
      rest = rest.slice(end + 2);
    } else if (/^<!doctype\s+html\b/i.test(rest)) {
      return { kind: 'html' };
    } else if (/^<!doctype\b/i.test(rest)) {
      // A feed may carry an internal DTD subset (`<!DOCTYPE rss [ <!ENTITY …> ]>`), full of `>`.
      const end = doctypeEnd(rest, 0);
      if (end < 0) {
        // Never closed: still say what it declares, so that a broken feed fails as a feed, not as text.
        const name = rest.match(/^<!doctype\s+([a-zA-Z][\w:.-]*)/i)?.[1]?.toLowerCase();
        if (name && FEED_ROOTS.has(name)) return { kind: 'feed', root: name };
        return sawXmlProlog && name ? { kind: 'xml', root: name } : undefined;
      }
      rest = rest.slice(end);
    } else {
      break;
    }
  }
  if (rest.startsWith('WARC/1.')) return { kind: 'warc' };
  const root = rest.match(/^<([a-zA-Z][\w:.-]*)/)?.[1]?.toLowerCase();
  if (root) {
    if (HTML_ROOTS.has(root)) return { kind: 'html' };
    if (FEED_ROOTS.has(root)) return { kind: 'feed', root };
    if (SITEMAP_ROOTS.has(root)) return { kind: 'sitemap', root };
    if (root === 'doc' && isNewswireStart(rest)) return { kind: 'sgml', root };
    if (HTML_FRAGMENT_STARTS.has(root)) return { kind: 'html' };
    if (sawXmlProlog) return { kind: 'xml', root };
  }
  return undefined;
}

/**
 * SGML newswire (TREC, TDT, AQUAINT, Gigaword): `text` starts with a `<DOC>` (or `<DOC id=…>`) tag, and the first
 * record's `<DOCNO>` (or the `id=`) and `<TEXT>` follow within NEWSWIRE_SNIFF_CHARS.
 */
export function isNewswireStart(text: string): boolean {
  const head = text.slice(0, NEWSWIRE_SNIFF_CHARS);
  const open = /^<DOC(\s[^<>]*)?>/i.exec(head);
  if (!open) return false;
  const hasId = /<DOCNO\s*>/i.test(head) || /\bid\s*=/i.test(open[1] ?? '');
  return hasId && /<TEXT\s*>/i.test(head);
}

/**
 * The index just past the `<!DOCTYPE …>` declaration that starts at `start`, its internal subset (`[ … ]`, which holds
 * `<!ENTITY …>` and `<!ELEMENT …>` declarations, quoted strings, comments and processing instructions) included; -1
 * when it never ends. One pass: each character is looked at once.
 */
export function doctypeEnd(text: string, start: number): number {
  let inSubset = false;
  for (let i = start + 2; i < text.length;) {
    const c = text[i];
    let skipTo: number;
    if (c === '"' || c === "'") skipTo = text.indexOf(c, i + 1) + 1;
    else if (inSubset && text.startsWith('<!--', i)) skipTo = text.indexOf('-->', i + 4) + 3;
    else if (inSubset && text.startsWith('<?', i)) skipTo = text.indexOf('?>', i + 2) + 2;
    else {
      if (c === '[') inSubset = true;
      else if (c === ']') inSubset = false;
      else if (c === '>' && !inSubset) return i + 1;
      i++;
      continue;
    }
    // indexOf gave -1: an unterminated string, comment or instruction runs to the end.
    if (skipTo <= i) return -1;
    i = skipTo;
  }
  return -1;
}

/**
 * `xml` without its `<!DOCTYPE …>` (internal subset and all), each removed line kept as a line break so that line
 * numbers in errors still match the file. Entity declarations are thrown away unread, so a reference to one
 * (`&custom;`) stays literal text: never expanded (no entity bombs, no external entities).
 */
export function withoutDoctype(xml: string): string {
  const match = /<!doctype\b/i.exec(xml.slice(0, 4096));
  if (!match) return xml;
  // Only in the prolog: a `<!DOCTYPE` inside a CDATA section or comment further on is content.
  const before = xml.slice(0, match.index);
  if (/<(?![?!])/.test(before)) return xml;
  const end = doctypeEnd(xml, match.index);
  if (end < 0) return xml;
  const lines = xml.slice(match.index, end).replace(/[^\n]+/g, '');
  return before + lines + xml.slice(end);
}

/** At least 5 common HTML tags of at least 2 kinds early in the text: a plain article quoting `<b>` once is not HTML. */
export function hasManyHtmlTags(text: string): boolean {
  const sample = text.slice(0, 65536);
  const names = new Set<string>();
  let count = 0;
  for (const match of sample.matchAll(COMMON_HTML_TAG)) {
    names.add(match[1].toLowerCase());
    count++;
    if (count >= 5 && names.size >= 2) return true;
  }
  return false;
}

/** Any tag-like markup at all (used to keep an `.html` file as HTML unless it plainly has none). */
export function hasAnyTag(text: string): boolean {
  return /<(?:[a-zA-Z][\w:-]*|\/[a-zA-Z][\w:-]*|!--|!doctype)[^<]*?>/i.test(text.slice(0, 65536));
}
