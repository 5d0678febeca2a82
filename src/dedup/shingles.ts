// Word tokens and k-word shingles hashed to 32-bit integers: the sets MinHash and passage matching work on.
// Tokens keep their character span in the original text so that passages can cite it exactly.

/** A normalised word and where it stands in the original text. */
export interface Token {
  word: string;
  start: number;
  end: number;
}

// Word characters: letters, digits and combining marks (so "é" written as e + U+0301 stays one word). Apostrophes
// and hyphens split words: "country’s" → "country", "s" whatever the quote mark. A hand-written scanner: a
// /\p{L}/u regex with matchAll is several times slower on long texts.
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
// Scripts written without spaces between words: each character is a word of its own (so shingles are character
// n-grams there instead of one giant "word" per sentence).
const UNSPACED_CHAR = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}]/u;
const WORD = 1;
const NOT_WORD = 2;
const SINGLE = 3;
// Per BMP code unit: 0 = not yet known, else WORD, NOT_WORD or SINGLE.
const bmpClass = new Uint8Array(65536);
for (let c = 0; c < 128; c++) {
  const isWord = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  bmpClass[c] = isWord ? WORD : NOT_WORD;
}

function classify(ch: string): number {
  if (!WORD_CHAR.test(ch)) return NOT_WORD;
  return UNSPACED_CHAR.test(ch) ? SINGLE : WORD;
}

function classOf(cp: number): number {
  if (cp >= 65536) return classify(String.fromCodePoint(cp));
  let cls = bmpClass[cp] as number;
  if (cls === 0) {
    cls = classify(String.fromCharCode(cp));
    bmpClass[cp] = cls;
  }
  return cls;
}

// Curly and other typographic quotes folded to ASCII before comparing.
const QUOTE_FOLDS: [RegExp, string][] = [
  [/[\u2018\u2019\u201A\u201B\u2032\u02BC`´]/g, "'"],
  [/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"'],
];

/** NFKC, typographic quotes folded to ASCII, lowercased. Lengths may change: for display, not for spans. */
export function normalizeText(text: string): string {
  let out = text.normalize('NFKC');
  for (const [re, to] of QUOTE_FOLDS) out = out.replace(re, to);
  return out.toLowerCase();
}

/** Calls `visit(start, end, ascii)` for each word of `text`. */
function scanWords(text: string, visit: (start: number, end: number, ascii: boolean) => void): void {
  const n = text.length;
  let start = -1;
  let ascii = true;
  let i = 0;
  while (i < n) {
    const cu = text.charCodeAt(i);
    const cp = cu >= 0xd800 && cu <= 0xdbff ? (text.codePointAt(i) as number) : cu;
    const width = cp > 0xffff ? 2 : 1;
    const cls = classOf(cp);
    if (cls === WORD) {
      if (start < 0) {
        start = i;
        ascii = true;
      }
      if (cp >= 128) ascii = false;
    } else {
      if (start >= 0) visit(start, i, ascii);
      start = -1;
      if (cls === SINGLE) visit(i, i + width, false);
    }
    i += width;
  }
  if (start >= 0) visit(start, n, ascii);
}

function normalizeWord(raw: string, ascii: boolean): string {
  // NFKC only when needed: it is the slow part.
  return (ascii ? raw : raw.normalize('NFKC')).toLowerCase();
}

/** Words of `text` (Unicode letters/digits, NFKC, lowercased) with their spans in `text`. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  scanWords(text, (start, end, ascii) =>
    tokens.push({ word: normalizeWord(text.slice(start, end), ascii), start, end }),
  );
  return tokens;
}

/** Just the normalised words of `text`. */
export function words(text: string): string[] {
  const out: string[] = [];
  scanWords(text, (start, end, ascii) => out.push(normalizeWord(text.slice(start, end), ascii)));
  return out;
}

/** MurmurHash3's 32-bit finaliser: a bijective avalanche mix. */
export function fmix32(h: number): number {
  let x = h ^ (h >>> 16);
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** FNV-1a over UTF-16 code units, finished with `fmix32` (plain FNV-1a has weak high bits for short strings). */
export function hashString(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** Combines an ordered sequence of 32-bit hashes into one (MurmurHash3-style block mixing). */
export function combineHashes(hashes: ArrayLike<number>, from = 0, to = hashes.length, seed = 0x9747b28c): number {
  let h = seed >>> 0;
  for (let i = from; i < to; i++) {
    let k = Math.imul(hashes[i], 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  return fmix32(h ^ (to - from));
}

/** One 32-bit hash per word. */
export function hashWords(ws: readonly string[]): Uint32Array {
  const out = new Uint32Array(ws.length);
  for (let i = 0; i < ws.length; i++) out[i] = hashString(ws[i]);
  return out;
}

/**
 * Hashes of every run of `k` consecutive words (order kept, duplicates kept: MinHash takes minima, so repeats cost
 * nothing). A text shorter than `k` words gives one shingle of all its words; an empty text gives none.
 */
export function shingleHashes(ws: readonly string[], k = 5): Uint32Array {
  const wordHashes = hashWords(ws);
  if (ws.length === 0) return new Uint32Array(0);
  if (ws.length <= k) return Uint32Array.of(combineHashes(wordHashes));
  const out = new Uint32Array(ws.length - k + 1);
  for (let i = 0; i < out.length; i++) out[i] = combineHashes(wordHashes, i, i + k);
  return out;
}

/** Shingle hashes of a text: `shingleHashes(words(text), k)`. */
export function textShingles(text: string, k = 5): Uint32Array {
  return shingleHashes(words(text), k);
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * A 64-bit fingerprint of the normalised word sequence, as 11 base64url characters: equal for texts that differ
 * only in case, spacing, punctuation and quote marks. (Under 13 characters V8 stores it as one flat string, not a
 * concatenation tree: it is kept per article.)
 */
export function exactFingerprint(ws: readonly string[]): string {
  const hs = hashWords(ws);
  const hi = combineHashes(hs, 0, hs.length, 0x2545f491);
  const lo = combineHashes(hs, 0, hs.length, 0x61c88647);
  const codes: number[] = [];
  // 64 bits = 10 groups of 6 bits + 4 bits.
  let bits = 0;
  let acc = 0;
  for (const word of [hi, lo]) {
    for (let shift = 28; shift >= 0; shift -= 4) {
      acc = (acc << 4) | ((word >>> shift) & 15);
      bits += 4;
      if (bits >= 6) {
        bits -= 6;
        codes.push(BASE64URL.charCodeAt((acc >>> bits) & 63));
        acc &= (1 << bits) - 1;
      }
    }
  }
  codes.push(BASE64URL.charCodeAt((acc << (6 - bits)) & 63));
  return String.fromCharCode(...codes);
}
