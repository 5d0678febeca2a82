// The one sentence splitter (text/sentences.ts): an article's paragraphs are read in one wink document, a blank
// line between them, and must come out as if each were read alone. Fictional text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dateSentence, reportsAtReference, sentenceEventDate, tellsBackground } from '../src/analyze/event-date.js';
import { findTimeExpressions } from '../src/analyze/timex.js';
import { type SentenceTokens, tokenize } from '../src/text/sentences.js';
import { TEXT_BOUNDS } from '../src/text/settings.js';

const PARAGRAPHS = [
  'Norvale Dam Breach Floods Three Villages',
  'Engineers from the Calveran water board said on Tuesday that the breach had widened overnight. Gov. Ann Vale ordered the valley evacuated.',
  '"We are moving everyone to higher ground," she told reporters in Ostrava, adding that 5,000 sq. kms were at risk.',
  'The board previously said the dam was safe.',
];

/** Each sentence as its text, tokens with their tags, and its offsets shifted by `by`. */
function shape(sentences: SentenceTokens[], by: number): string[] {
  return sentences.map(
    (s) => `${s.start + by}-${s.end + by} ${s.tokens.map((t) => `${t.start + by}:${t.text}/${t.pos}`).join(' ')}`,
  );
}

/** The sentences of each paragraph read alone, offsets moved to where the paragraph stands in `text`. */
function aloneShape(paragraphs: string[]): string[] {
  const out: string[] = [];
  let at = 0;
  for (const p of paragraphs) {
    out.push(...shape(tokenize(p), at));
    at += p.length + 2;
  }
  return out;
}

test('paragraphs read together give the tokens, tags and sentences of each read alone', () => {
  const text = PARAGRAPHS.join('\n\n');
  const together = shape(tokenize(text), 0);
  assert.deepEqual(together, aloneShape(PARAGRAPHS));
  // The headline has no stop: it is still a sentence of its own, not run into the next paragraph's.
  assert.equal(tokenize(text)[0]?.end, PARAGRAPHS[0]?.length);
  for (const s of tokenize(text)) for (const t of s.tokens) assert.equal(text.slice(t.start, t.end), t.text);
});

test('a paragraph with an overlong token is read alone, the offsets of its neighbours still true', () => {
  const long = `See ${'x'.repeat(TEXT_BOUNDS.maxTokenChars * 2)} for the record.`;
  const paragraphs = [PARAGRAPHS[1] as string, long, PARAGRAPHS[3] as string];
  const text = paragraphs.join('\n\n');
  const sentences = tokenize(text);
  assert.deepEqual(shape(sentences, 0), aloneShape(paragraphs));
  const last = sentences[sentences.length - 1] as SentenceTokens;
  assert.equal(text.slice(last.start, last.end), PARAGRAPHS[3]);
});

test('a sentence dated once (dateSentence) is dated as by the three questions asked one by one', () => {
  const anchor = '2031-11-17';
  for (const s of [
    'Calveran jets struck the depots of Ostrava on Friday.',
    'The board previously said the dam was safe.',
    'The board says the dam is safe.',
    'The dam broke, flooding three villages.',
    'OSTRAVA (Norvale Wire) - The board "previously" warned of cracks.',
  ]) {
    const timexes = findTimeExpressions(s, anchor);
    const eventDate = sentenceEventDate(s, timexes);
    const expected = eventDate
      ? { eventDate }
      : tellsBackground(s)
        ? { background: true }
        : reportsAtReference(s)
          ? { atReference: true }
          : {};
    assert.deepEqual(dateSentence(s, timexes), expected, s);
  }
  assert.deepEqual(dateSentence('The board previously said the dam was safe.', []), { background: true });
});
