// The search index's word reader (forEachWordPart) gives exactly the parts the tokenizer's words split into at
// their apostrophes and hyphens, on ASCII and on any Unicode text: it reads by character codes for speed, and
// must never find another word than the tokenizer would. Random strings over an alphabet of the hard cases. The same
// holds for content words (what clustering and composition compare), read by character codes as well.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentWords, forEachWordPart, isStopword, stem, stemmedWordSet, wordSpans } from '../src/text/words.js';
import { seededRandom } from './helpers.js';

/** The definition: the tokenizer's words, each split at its inner apostrophes and hyphens. */
function partsByDefinition(text: string): [string, number][] {
  const out: [string, number][] = [];
  for (const { text: word, start } of wordSpans(text)) {
    for (const part of word.matchAll(/[^'’-]+/g)) out.push([part[0], start + part.index]);
  }
  return out;
}

function partsRead(text: string): [string, number][] {
  const out: [string, number][] = [];
  forEachWordPart(text, (part, start, end, ascii) => {
    assert.equal(text.slice(start, end), part);
    assert.equal(ascii, /^[\x00-\x7f]*$/.test(part), `ascii flag of ${JSON.stringify(part)}`);
    out.push([part, start]);
  });
  return out;
}

// Letters, digits, joiners, combining marks, astral letters and digits, lone surrogates, punctuation, space.
const ALPHABET = [
  'a',
  'Z',
  '7',
  "'",
  '’',
  '-',
  ' ',
  '.',
  ',',
  'é',
  'ß',
  'Ж',
  '中',
  '\u0301',
  '\u0663',
  '𝐀',
  '😀',
  '\ud800',
  '\udc00',
  '\n',
];

test('word parts read by character codes are the tokenizer words split at joiners, on random Unicode text', () => {
  const random = seededRandom(11);
  for (let n = 0; n < 3000; n++) {
    let text = '';
    const length = Math.floor(random() * 24);
    for (let i = 0; i < length; i++) text += ALPHABET[Math.floor(random() * ALPHABET.length)];
    assert.deepEqual(partsRead(text), partsByDefinition(text), JSON.stringify(text));
  }
});

test('word parts of ordinary news text', () => {
  const text = "The fictional mayor of Varno-on-Sea said: “We don’t know.” O'Brien's café reopened on 3.5 km of road.";
  assert.deepEqual(partsRead(text), partsByDefinition(text));
  assert.deepEqual(
    partsRead('al-Assad’s 5,000').map(([p]) => p),
    ['al', 'Assad', 's', '5', '000'],
  );
});

/** The definition of content words: the tokenizer's lowercased words, a possessive dropped, short and stop words out. */
function contentWordsByDefinition(text: string): string[] {
  const out: string[] = [];
  for (const { text: word } of wordSpans(text.toLowerCase())) {
    const w = word.replace(/['’](s)?$/u, '');
    if (w.length >= 2 && !isStopword(w)) out.push(w);
  }
  return out;
}

test('content words read by character codes are the tokenizer words, lowercased, possessives and stopwords out', () => {
  const random = seededRandom(12);
  // The joiners and an "s" often, so possessives and joined runs come up.
  const alphabet = [...ALPHABET, 's', 'S', "'s", '’s', 'the'];
  for (let n = 0; n < 3000; n++) {
    let text = '';
    const length = Math.floor(random() * 24);
    for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
    assert.deepEqual(contentWords(text), contentWordsByDefinition(text), JSON.stringify(text));
    assert.deepEqual(
      [...stemmedWordSet(text)],
      [...new Set(contentWordsByDefinition(text).map(stem))],
      JSON.stringify(text),
    );
  }
});

test('content words and stems of ordinary news text', () => {
  // "5" is one character, so out; "5,000" is two words here (stops join words only for story features).
  const text = "The fictional mayor of Varno-on-Sea said O'Brien's café and the Council’s 5,000 trucks were attacked.";
  assert.deepEqual(contentWords(text), [
    'fictional',
    'mayor',
    'varno-on-sea',
    "o'brien",
    'café',
    'council',
    '000',
    'trucks',
    'attacked',
  ]);
  // Stems strip -ing, -ed, -es, -s from words longer than four letters.
  assert.deepEqual(['trucks', 'attacked', 'striking', 'boxes', 'gas', 'mayors'].map(stem), [
    'truck',
    'attack',
    'strik',
    'box',
    'gas',
    'mayor',
  ]);
});
