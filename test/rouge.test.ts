// ROUGE-1.5.5 (-m -s) tokenisation, counting and its Porter stemmer, on small cases worked out by hand.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { porterStem } from '../src/eval/porter.js';
import { makeRougeResources, rouge, rougeCounts, rougeTokens } from '../src/eval/rouge.js';

// A hand-made stopword list and exception list (the real ones are read from ROUGE's data folder at run time).
const res = makeRougeResources('the\na\nof\n', ['mice mouse\nran run\n']);

test('porter stemmer: classic Porter examples', () => {
  const cases: [string, string][] = [
    ['caresses', 'caress'],
    ['ponies', 'poni'],
    ['cats', 'cat'],
    ['feed', 'feed'],
    ['agreed', 'agre'],
    ['plastered', 'plaster'],
    ['motoring', 'motor'],
    ['sing', 'sing'],
    ['hopping', 'hop'],
    ['filing', 'file'],
    ['happy', 'happi'],
    ['relational', 'relat'],
    ['generalization', 'gener'],
    ['electrical', 'electr'],
    ['adjustment', 'adjust'],
    ['says', 'sai'],
  ];
  for (const [word, stem] of cases) assert.equal(porterStem(word), stem, word);
});

test('porter stemmer: ROUGE variant details', () => {
  // Shorter than 3 characters: unchanged.
  assert.equal(porterStem('is'), 'is');
  // A leading y is a consonant: "yelling" -> "yell" (not treated as a vowel-initial stem), y restored.
  assert.equal(porterStem('yelling'), 'yell');
  // -ement is removed as a whole when the rest has measure > 1 ...
  assert.equal(porterStem('replacement'), 'replac');
  // ... and words where neither -ement, -ment nor -ent leaves measure > 1 keep their ending.
  assert.equal(porterStem('cement'), 'cement');
  // CYL's change: when -ement fails, -ment and then -ent are tried. Textbook Porter keeps "agreement"
  // ("agre" has measure 1); ROUGE strips -ent because "agreem" has measure 2.
  assert.equal(porterStem('agreement'), 'agreem');
});

test('rougeTokens: lower-casing, hyphens, punctuation, stopwords and stemming only above 3 characters', () => {
  assert.deepEqual(rougeTokens(['The Oil-spill COSTS rise .'], res), ['oil', 'spill', 'cost', 'rise']);
  // "ran" (3 characters) is kept as is although it is in the exception list; "mice" is replaced.
  assert.deepEqual(rougeTokens(['mice ran'], res), ['mouse', 'ran']);
  // Non-ASCII characters separate tokens, as the Perl script blanks every byte outside [A-Za-z0-9-].
  assert.deepEqual(rougeTokens(['café naïve'], res), ['caf', 'na', 've']);
});

test('rougeTokens: SEE-format quirks (text cut at "<", "^" written as &circ;)', () => {
  assert.deepEqual(rougeTokens(['BP says <b> costs'], res), ['bp', 'sai']);
  assert.deepEqual(rougeTokens(['<p> dropped entirely', 'x^2'], res), ['x', 'circ', '2']);
  assert.deepEqual(rougeTokens([], res), []);
});

test('rouge counts: clipping, several references, bigrams across sentence boundaries', () => {
  // peer tokens: cat sat on mat; ref 1: cat sat on mat; ref 2: cat cat.
  const peer = ['the cat sat', 'on the mat'];
  const refs = [['a cat sat on the mat'], ['the cat cat']];
  const c = rougeCounts(peer, refs, res);
  // ROUGE-1: hits 4 + min(1, 2) = 5; model 4 + 2 = 6; peer 4 counted once per reference = 8.
  assert.deepEqual(c.rouge1, { hit: 5, modelCount: 6, peerCount: 8 });
  // ROUGE-2: "sat on" spans the two peer sentences and still matches; hits 3 + 0, model 3 + 1, peer 3 * 2.
  assert.deepEqual(c.rouge2, { hit: 3, modelCount: 4, peerCount: 6 });
  const s = rouge(peer, refs, res);
  assert.ok(Math.abs(s.rouge1.p - 5 / 8) < 1e-12);
  assert.ok(Math.abs(s.rouge1.r - 5 / 6) < 1e-12);
  assert.ok(Math.abs(s.rouge1.f - 5 / 7) < 1e-12);
  assert.ok(Math.abs(s.rouge2.f - 0.6) < 1e-12);
});

test('rouge: empty peer or reference gives zeros, not NaN', () => {
  const s = rouge([], [['a cat']], res);
  assert.deepEqual(s.rouge1, { p: 0, r: 0, f: 0 });
  const t = rouge(['a cat'], [[]], res);
  assert.deepEqual(t.rouge2, { p: 0, r: 0, f: 0 });
});
