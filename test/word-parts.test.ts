// The search index's word reader (forEachWordPart) gives exactly the parts the tokenizer's words split into at
// their apostrophes and hyphens, on ASCII and on any Unicode text: it reads by character codes for speed, and
// must never find another word than the tokenizer would. Random strings over an alphabet of the hard cases.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachWordPart, wordSpans } from '../src/text/words.js';
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
