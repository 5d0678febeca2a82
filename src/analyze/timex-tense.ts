// Tense near a time expression, to pick which way an underspecified date ("Friday", "April") points:
// a past-tense verb sends it back, a future marker forward. Lexical cues only (no tagger) for speed.

export type Direction = 'past' | 'future' | 'none';

const FUTURE_WORDS = new Set([
  'will',
  "'ll",
  'shall',
  "won't",
  'wo',
  'upcoming',
  'scheduled',
  'slated',
  'expected',
  'expects',
  'plans',
  'plan',
  'planned',
  'planning',
  'intends',
  'intend',
  'due',
  'tomorrow',
  'next',
  'soon',
  'would',
]);

// Words that look like past tense but mostly are not (adjectives, nouns, names in -ed).
const NOT_PAST = new Set([
  'need',
  'needed',
  'speed',
  'feed',
  'seed',
  'deed',
  'indeed',
  'hundred',
  'red',
  'bed',
  'shed',
  'united',
  'limited',
  'based',
  'related',
  'expected',
  'scheduled',
  'planned',
  'proposed',
  'armed',
  'alleged',
  'supposed',
  'used',
  'concerned',
  'interested',
  'detailed',
  'advanced',
  'closed',
  'wed',
  'led',
]);

const PAST_WORDS = new Set([
  'was',
  'were',
  'had',
  'did',
  'said',
  'told',
  'went',
  'came',
  'took',
  'made',
  'gave',
  'found',
  'left',
  'met',
  'held',
  'began',
  'fell',
  'rose',
  'won',
  'lost',
  'shot',
  'struck',
  'broke',
  'sent',
  'spent',
  'saw',
  'got',
  'became',
  'brought',
  'bought',
  'sold',
  'paid',
  'fled',
  'wrote',
  'spoke',
  'ran',
  'led',
  'knew',
  'thought',
  'felt',
  'heard',
  'kept',
  'stood',
  'put',
  'ago',
  'yesterday',
  'last',
  'earlier',
  'has',
  'have',
]);

// Reporting verbs: in news nearly every sentence has one, so they only count when nothing else does,
// unless right next to the expression ("said Friday", "announced on Wednesday").
const REPORTING = new Set([
  'said',
  'says',
  'told',
  'announced',
  'reported',
  'added',
  'stated',
  'predicted',
  'confirmed',
]);

// After these a past participle is passive or perfect-infinitive, not a past tense ("be returned", "is expected").
const PARTICIPLE_BEFORE = new Set(['be', 'been', 'being', 'is', 'are', 'am', 'get', 'gets', 'getting', 'to']);
const PAST_AUX = new Set(['was', 'were']);
const FUTURE_AFTER_AUX = new Set(['planning', 'going', 'expected', 'scheduled', 'due', 'set', 'slated', 'about']);

const WORD_RE = /[A-Za-z]+(?:['’][a-z]+)?|['’]ll/g;

interface Cue {
  pos: number;
  dir: 'past' | 'future';
  reporting: boolean;
}

function cueOf(word: string, previous: string | undefined, next: string | undefined): Cue['dir'] | undefined {
  const w = word.toLowerCase();
  if (w === 'going' || w === 'set' || w === 'about') return next === 'to' ? 'future' : undefined;
  if (FUTURE_WORDS.has(w)) return 'future';
  if (w.endsWith("'ll")) return 'future';
  const participle = previous !== undefined && PARTICIPLE_BEFORE.has(previous);
  if (PAST_WORDS.has(w)) return participle && !PAST_AUX.has(w) && w !== 'had' ? undefined : 'past';
  if (w.length > 4 && w.endsWith('ed') && !NOT_PAST.has(w) && word[0] === w[0]) return participle ? undefined : 'past';
  return undefined;
}

/**
 * The direction the verb nearest to [start, end) points, within the sentence [sentStart, sentEnd).
 * Cues before the expression weigh a little more than cues after it; reporting verbs are a fallback
 * unless adjacent. 'none' when there is no cue (callers then use the news convention).
 */
export function tenseAround(text: string, sentStart: number, sentEnd: number, start: number, end: number): Direction {
  const words: { word: string; lower: string; at: number }[] = [];
  for (const m of text.slice(sentStart, sentEnd).matchAll(WORD_RE)) {
    const at = sentStart + (m.index ?? 0);
    if (at >= start && at < end) continue; // the expression's own words ("next Friday") are handled by its rule
    const word = m[0].replace('’', "'");
    words.push({ word, lower: word.toLowerCase(), at });
  }
  const cues: Cue[] = [];
  let before = -1; // index of the last word before the expression
  for (let i = 0; i < words.length; i++) {
    const { word, lower, at } = words[i];
    if (at < start) before = i;
    const dir = cueOf(word, words[i - 1]?.lower, words[i + 1]?.lower);
    if (!dir) continue;
    const last = cues[cues.length - 1];
    // "were planning to", "was expected to": the auxiliary's past does not count
    if (dir === 'future' && FUTURE_AFTER_AUX.has(lower) && last && PAST_AUX.has(words[i - 1]?.lower ?? '')) cues.pop();
    cues.push({ pos: at, dir, reporting: REPORTING.has(lower) });
  }
  // "said Friday", "said on Friday", "announced Wednesday": the adjacent reporting verb governs.
  for (let k = before; k >= 0 && k >= before - 1; k--) {
    const w = words[k].lower;
    if (REPORTING.has(w)) return w === 'says' ? 'none' : 'past';
    if (w !== 'on') break;
  }
  if (cues.length === 0) return 'none';
  const core = cues.filter((c) => !c.reporting);
  if (core.length === 0) return 'none';
  let best: Cue | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const cue of core) {
    const distance = cue.pos < start ? start - cue.pos : (cue.pos - end) * 1.3;
    if (distance < bestDistance) {
      bestDistance = distance;
      best = cue;
    }
  }
  return best ? best.dir : 'none';
}
