// Bytes → text: BOM, UTF-16 without BOM, a declared charset (HTML meta / XML prolog), UTF-8, else Windows-1252.
import { IngestError } from './errors.js';

export interface DecodedText {
  text: string;
  /** The WHATWG name of the encoding used (`utf-8`, `utf-16le`, `windows-1252`, …). */
  encoding: string;
}

/** How far into the file a charset declaration is looked for (HTML's prescan looks at 1024; pages are sloppier). */
const DECLARATION_WINDOW = 2048;

export function decodeBytes(bytes: Uint8Array): DecodedText {
  const bom = encodingFromBom(bytes);
  if (bom) return { text: new TextDecoder(bom).decode(bytes), encoding: bom };

  const utf16 = sniffUtf16WithoutBom(bytes);
  if (utf16) return { text: new TextDecoder(utf16).decode(bytes), encoding: utf16 };

  const utf8 = tryUtf8(bytes);
  const declared = declaredCharset(bytes);
  if (declared && declared !== 'utf-8') {
    // A page saved by a browser is re-encoded to UTF-8 but keeps its old <meta charset>: valid multi-byte
    // UTF-8 is very unlikely to happen by chance in another encoding, so it wins over the declaration.
    if (utf8 !== undefined && hasNonAscii(bytes)) return { text: utf8, encoding: 'utf-8' };
    return { text: decodeAs(declared, bytes), encoding: declared };
  }
  if (utf8 !== undefined) return { text: utf8, encoding: 'utf-8' };
  // Not UTF-8 and nothing declared (or a false UTF-8 declaration): the commonest legacy encoding of Western text.
  return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
}

function decodeAs(encoding: string, bytes: Uint8Array): string {
  return encoding === 'windows-1252' ? decodeWindows1252(bytes) : new TextDecoder(encoding).decode(bytes);
}

// WHATWG index-windows-1252 for 0x80–0x9F (the rest is Latin-1). Needed because Node 20.18.3+ TextDecoder
// decodes 'windows-1252' (and the latin1/iso-8859-1 labels) as plain Latin-1: nodejs/node#60888.
const WINDOWS_1252_HIGH =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

export function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
  return latin1.replace(/[\x80-\x9f]/g, (c) => WINDOWS_1252_HIGH[c.charCodeAt(0) - 0x80]);
}

function encodingFromBom(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    if (bytes[2] === 0 && bytes[3] === 0) throw new IngestError('UTF-32 text is not supported');
    return 'utf-16le';
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff) {
    throw new IngestError('UTF-32 text is not supported');
  }
  return undefined;
}

/**
 * UTF-16 saved without a BOM: ASCII-range text then has a zero in every other byte. Requires most of the
 * sample's zeros on one side and almost none on the other, so binary data with scattered NULs does not match.
 */
function sniffUtf16WithoutBom(bytes: Uint8Array): string | undefined {
  const sample = Math.min(bytes.length, 4096) & ~1;
  if (sample < 8) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < sample; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = sample / 2;
  if (oddZeros > pairs * 0.6 && evenZeros < pairs * 0.02) return 'utf-16le';
  if (evenZeros > pairs * 0.6 && oddZeros < pairs * 0.02) return 'utf-16be';
  return undefined;
}

function tryUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function hasNonAscii(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b >= 0x80) return true;
  return false;
}

const META_CHARSET = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([\w.:-]+)/i;
const XML_ENCODING = /^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([\w.:-]+)["']/i;

/** The encoding declared by `<meta charset>`, `<meta http-equiv="content-type" content="…; charset=…">` or `<?xml encoding>`. */
export function declaredCharset(bytes: Uint8Array): string | undefined {
  // latin1 maps every byte to one char, so ASCII markup reads the same whatever the real encoding.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, DECLARATION_WINDOW)).toString(
    'latin1',
  );
  const label = (head.match(META_CHARSET) ?? head.match(XML_ENCODING))?.[1];
  if (!label) return undefined;
  let encoding: string;
  try {
    encoding = new TextDecoder(label).encoding;
  } catch {
    return undefined; // an unknown label is ignored, as browsers do
  }
  // A UTF-16 declaration readable as ASCII is false by construction (HTML spec: treat it as UTF-8).
  return encoding.startsWith('utf-16') ? 'utf-8' : encoding;
}
