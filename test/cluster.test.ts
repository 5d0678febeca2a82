import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ClusterDoc, clusterDocFrom } from '../src/cluster/features.js';
import { PassageSketch } from '../src/cluster/passages.js';
import { DOC_COUNT, StreamClusterer, storyStateFromJson, storyStateJson } from '../src/cluster/stream.js';
import type { Article } from '../src/model.js';
import { clusterInChunks } from './cluster-chunks.js';
import { seededRandom } from './helpers.js';
import { dayNumber } from '../src/text/days.js';

function article(id: string, text: string, published?: string, language = 'en'): Article {
  return {
    id,
    source: id,
    language,
    paragraphs: [text],
    text,
    removed: [],
    ...(published ? { published: { value: published, precision: 'day' as const, from: 'sidecar' as const } } : {}),
  };
}

function doc(id: string, text: string, published?: string, language = 'en'): ClusterDoc {
  return clusterDocFrom(article(id, text, published, language));
}

// Fictional stories of two kinds: two earthquakes (same topic words, different places and names) and a match.
const QUAKE_A = [
  'A strong earthquake of magnitude 6.1 struck near the port of Velmora in Ostrania on Monday, Mayor Ana Duarte said.',
  'Rescuers in Velmora searched collapsed houses after the 6.1 earthquake, Ana Duarte told reporters in Ostrania.',
  'The Velmora earthquake killed 12 people, officials in Ostrania said, and Duarte asked for help from abroad.',
  'Aftershocks shook Velmora a day after the magnitude 6.1 quake; Ostrania sent troops to the port, Duarte said.',
  'Ostrania mourned the 12 victims of the Velmora earthquake as Ana Duarte visited the damaged district.',
];
const QUAKE_B = [
  'An earthquake of magnitude 7.3 hit the coast near Carravel in Pellaria, President Tomas Reyes said.',
  'In Carravel, rescuers dug through rubble after the 7.3 earthquake, Pellaria President Reyes said.',
  'The Pellaria earthquake left 40 dead in Carravel, according to Tomas Reyes, who declared an emergency.',
  'Tsunami warnings were lifted after the 7.3 Carravel earthquake, Pellaria authorities and Reyes said.',
  'Pellaria buried the 40 victims of the Carravel quake while Tomas Reyes promised to rebuild the harbour.',
];
const MATCH = [
  'Northgate Rovers beat Eastmere United 3-1 at Hollin Park on Saturday with two goals from Bram Okafor.',
  'Bram Okafor scored twice as Northgate Rovers defeated Eastmere United 3-1 in the derby at Hollin Park.',
  'Eastmere United manager Lio Marsh blamed his defence after the 3-1 loss to Northgate Rovers and Okafor.',
];

function corpus(): { docs: ClusterDoc[]; gold: Map<string, string> } {
  const docs: ClusterDoc[] = [];
  const gold = new Map<string, string>();
  const add = (story: string, texts: string[], day: string) =>
    texts.forEach((t, i) => {
      const id = `${story}-${i}`;
      docs.push(doc(id, t, day));
      gold.set(id, story);
    });
  add('match', MATCH, '2020-03-01');
  add('quake-a', QUAKE_A, '2020-03-02');
  add('quake-b', QUAKE_B, '2020-03-03');
  return { docs, gold };
}

/** The partition as a canonical string: sorted groups of sorted ids. */
function partition(storyOf: Map<string, string>): string {
  const groups = new Map<string, string[]>();
  for (const [id, s] of storyOf) groups.set(s, [...(groups.get(s) ?? []), id]);
  return [...groups.values()]
    .map((m) => m.sort().join(','))
    .sort()
    .join(' | ');
}

function clusterAll(c: StreamClusterer, docs: readonly ClusterDoc[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const d of docs) out.set(d.id, c.add(d));
  for (const [id, s] of out) out.set(id, c.resolve(s));
  return out;
}

test('features: names, numbers and language-keyed words are their own keys; long tokens are cut', () => {
  const d = doc('x', 'Rescuers searched Velmora after the 6.1 earthquake in 2020, and Velmora mourned.');
  assert.ok(d.terms.has('n:velmora'));
  assert.ok(d.terms.has('#6.1'));
  assert.ok([...d.terms.keys()].some((k) => k.startsWith('en:earthquak')));
  assert.equal(d.day, undefined);
  const long = doc('y', `a ${'x'.repeat(100_000)} b`);
  assert.ok([...long.terms.keys()].every((k) => k.length < 50));
  const fr = doc('z', 'Les pompiers de Velmora ont éteint le feu dans la forêt.', undefined, 'fr');
  assert.ok(![...fr.terms.keys()].some((k) => k === 'fr:les' || k === 'fr:dans'), 'French stopwords removed');
  assert.equal(dayNumber('1970-01-02'), 1);
});

test('two stories of the same kind and an unrelated one stay apart', () => {
  const { docs, gold } = corpus();
  assert.equal(partition(clusterAll(new StreamClusterer(), docs)), partition(gold));
});

test('an article far from a story in time needs a closer match than one published the same week', () => {
  const c = new StreamClusterer();
  const story = c.add(doc('a', QUAKE_A[0] as string, '2020-03-02'));
  c.add(doc('b', QUAKE_A[1] as string, '2020-03-03'));
  assert.equal(c.resolve(c.add(doc('near', QUAKE_A[2] as string, '2020-03-04'))), story);
  // The same loosely related text a year and a half later starts its own story.
  const far = c.add(doc('far', 'Ostrania held a ceremony for the victims of the earthquake.', '2021-09-01'));
  assert.notEqual(c.resolve(far), story);
});

test('an undated article does not join a story spanning months', () => {
  const c = new StreamClusterer();
  const story = c.add(doc('a', QUAKE_A[0] as string, '2020-01-02'));
  c.add(doc('b', QUAKE_A[1] as string, '2020-03-03'));
  c.add(doc('c', QUAKE_A[3] as string, '2020-06-03'));
  assert.notEqual(c.resolve(c.add(doc('undated', QUAKE_A[4] as string))), c.resolve(story));
});

test('undated articles whose sentences report days months apart still make one story: estimates are no span', () => {
  // No publication dates: each article reports another day (the quake, then the inquiry, then the rebuilding).
  const c = new StreamClusterer();
  const dated = (id: string, text: string, eventDay: string): ClusterDoc => ({
    ...doc(id, text),
    eventDays: [dayNumber(eventDay) as number],
  });
  const story = c.add(dated('a', QUAKE_A[0] as string, '2020-01-02'));
  c.add(dated('b', QUAKE_A[1] as string, '2020-03-03'));
  c.add(dated('c', QUAKE_A[3] as string, '2020-06-03'));
  // An undated article with no day of its own may join it: the story has no publication span to exceed.
  assert.equal(c.resolve(c.add(doc('undated', QUAKE_A[4] as string))), c.resolve(story));
});

test('state saved as rows and loaded into a new clusterer continues exactly as one clusterer does', () => {
  const { docs } = corpus();
  const order = [...docs].sort((a, b) => (a.day ?? 0) - (b.day ?? 0));
  const whole = clusterAll(new StreamClusterer(), order);

  // Two batches: the first drained to rows (as a store keeps them), the second loaded from those rows only.
  const first = new StreamClusterer();
  const half = Math.floor(order.length / 2);
  const firstPart = clusterAll(first, order.slice(0, half));
  const saved = first.drain();
  const counts = new Map(saved.termCounts);
  const stories = new Map(saved.stories.map((s) => [s.id, storyStateJson(s)] as const));
  const postings = saved.postingsAdded;
  const second = new StreamClusterer();
  second.loadTermCounts(counts);
  assert.equal(counts.get(DOC_COUNT), half);
  second.loadPostings(postings);
  // Every saved story loaded: this test is of the rows, not of which of them a chunk needs (cluster-chunks.ts).
  second.loadStories([...stories].map(([id, state]) => storyStateFromJson(id, state)));
  const secondPart = clusterAll(second, order.slice(half));
  const merged = second.drain().merged;
  const both = new Map([...firstPart, ...secondPart]);
  for (const [id, s] of both) both.set(id, merged.get(s) ?? s);
  assert.equal(partition(both), partition(whole));
});

test('a chunk filled from saved rows asks only for the centroids it compares: recent stories and a few far ones', () => {
  // Forty fictional earthquake stories, one every six weeks over five years, all in the same words but for their
  // town and mayor; then a new one. Every old story shares keys with the new articles, so all are in the postings.
  const syllables = ['ka', 'lo', 'mer', 'ta', 'vin', 'os', 'ra', 'del'];
  // A distinct made-up name per story and role: three base-8 digits of its number, one syllable each.
  const name = (i: number, k: number) => {
    const n = i + 64 * k;
    const word = [n % 8, Math.floor(n / 8) % 8, Math.floor(n / 64) % 8].map((d) => syllables[d]).join('');
    return word.charAt(0).toUpperCase() + word.slice(1);
  };
  const dayOf = (i: number, j: number) => new Date(Date.UTC(2020, 0, 1 + i * 45 + j)).toISOString().slice(0, 10);
  const storyDocs = (i: number) =>
    [0, 1, 2].map((j) => {
      const [town, mayor, river] = [name(i, 1), name(i, 2), name(i, 3)];
      return doc(
        `q${i}-${j}`,
        `${town} earthquake: ${mayor} of ${town} said ${river} and ${town} were hit. ` +
          `${mayor} saw ${town} and ${river}; ${town} and ${mayor} again (report ${j}).`,
        dayOf(i, j),
      );
    });
  const old = Array.from({ length: 40 }, (_, i) => storyDocs(i)).flat();
  const fresh = storyDocs(40);
  const whole = clusterAll(new StreamClusterer(), [...old, ...fresh]);

  const first = new StreamClusterer();
  const firstPart = clusterAll(first, old);
  const saved = first.drain();
  const stories = new Map(saved.stories.map((st) => [st.id, storyStateJson(st)] as const));
  const second = new StreamClusterer();
  second.loadTermCounts(saved.termCounts);
  second.loadPostings(saved.postingsAdded);
  const asked = new Set<string>();
  const secondPart = new Map<string, string>();
  for (const d of fresh) {
    const steps = second.addSteps(d);
    let step = steps.next();
    for (; !step.done; step = steps.next()) {
      for (const id of step.value) asked.add(id);
      second.loadStories(step.value.map((id) => storyStateFromJson(id, stories.get(id) as string)));
    }
    secondPart.set(d.id, step.value);
  }
  const merged = second.drain().merged;
  const both = new Map([...firstPart, ...secondPart]);
  for (const [id, st] of both) both.set(id, merged.get(st) ?? st);
  assert.equal(partition(both), partition(whole), 'the same stories as one clusterer holding every centroid');

  const { farCandidates, candidateWindowDays } = second.settings;
  assert.ok(stories.size >= 30, `${stories.size} old stories`);
  assert.ok(candidateWindowDays < 43, 'the fixture spaces its stories beyond the window');
  // At most the one story near in time (none: the new one starts six weeks after the last) and the few far.
  assert.ok(asked.size <= farCandidates * fresh.length, `asked for ${asked.size} of ${stories.size} centroids`);
  assert.ok(asked.size > 0, 'the far candidates are still compared');
});

test('a merge is recorded: the story absorbed names the one that took it', () => {
  const c = new StreamClusterer();
  for (const [i, t] of QUAKE_A.entries()) c.add(doc(`q${i}`, t, '2020-03-02'));
  const { merged, assignments } = c.drain();
  for (const [gone, into] of merged) {
    assert.notEqual(gone, into);
    assert.ok([...assignments.values()].includes(into));
  }
  assert.equal(new Set(assignments.values()).size, 1, 'one story for one earthquake');
});

/**
 * A generated stream clustered in small chunks, each loading only what a store hands over (the counts of its
 * articles' keys, the newest postings of each key, the stories they name), ends in exactly the partition of one
 * run. A tiny index (3 keys a story, 4 looked up an article) makes postings go stale often, which is where a chunk
 * could see another index than the long run did (keys left with only stale postings; change numbers restarting).
 */
test('a stream clustered in chunks that load only prefetchable state gives the partition of one run', () => {
  const settings = { queryTerms: 4, candidates: 3, indexedTerms: 3, mergeCandidates: 2 };
  const random = seededRandom(7);
  const topics = Array.from({ length: 30 }, (_, t) => Array.from({ length: 8 }, (_, w) => `topic${t}word${w}`));
  const shared = Array.from({ length: 30 }, (_, w) => `common${w}`);
  const pick = (words: string[]) => words[Math.floor(random() * words.length)] as string;
  const docs: ClusterDoc[] = [];
  for (let i = 0; i < 240; i++) {
    const topic = topics[Math.floor(random() * topics.length)] as string[];
    const words = Array.from({ length: 14 }, () => (random() < 0.5 ? pick(topic) : pick(shared)));
    const day = `2020-0${1 + Math.floor(i / 40)}-1${Math.floor(random() * 9)}`;
    docs.push(doc(`d${i}`, words.join(' '), day));
  }
  docs.sort((a, b) => (a.day ?? 0) - (b.day ?? 0) || (a.id < b.id ? -1 : 1));
  const whole = new StreamClusterer(settings);
  const one = new Map(docs.map((d) => [d.id, whole.add(d)] as const));
  for (const [id, s] of one) one.set(id, whole.resolve(s));

  const chunked = clusterInChunks(docs, 17, settings);
  assert.ok(new Set(one.values()).size > 5, 'the stream makes several stories');
  assert.equal(partition(chunked), partition(one));
});

test('a promo line a site repeats for months links no stories; repeated within days it is still evidence', () => {
  // Fictional pages of one site, each opening with the same promo line for other stories.
  const promo =
    'Also on Brightwater News: Zarnovian chess prodigy Kelvo Amstrad wins the Quillmere open; glassblowers strike in ' +
    'Dunmore harbour; Velde ferry fares to rise in spring.';
  const january = [
    'Floodwater from the broken Orlen reservoir reached the lower town overnight, the river authority said.',
    'The Orlen reservoir breach forced the river authority to move families from the lower town.',
    'Engineers began to seal the Orlen reservoir breach as the river authority counted damaged homes.',
  ].map((t, i) => doc(`a${i}`, `${promo} ${t}`, `2031-01-${10 + i}`));
  const june = doc('b0', `${promo} Lanterns lit the Marrowby summer fair as bands played by the canal.`, '2031-06-20');
  const run = (settings: Partial<StreamClusterer['settings']>) => {
    const c = new StreamClusterer(settings);
    const stories = [...january, june].map((d) => c.add(d));
    return stories.map((s) => c.resolve(s));
  };
  const [a0, a1, a2, b0] = run({});
  assert.equal(a1, a0, 'the January pages tell one story');
  assert.equal(a2, a0);
  assert.notEqual(b0, a0, 'the June page meets the January story only through the promo: it starts its own');
  // Control: the same pages with no passage ever taken for boilerplate join through the promo line.
  const [c0, , , c3] = run({ boilerplateGapDays: Number.POSITIVE_INFINITY });
  assert.equal(c3, c0, 'the promo line alone is enough to join when it is kept');
});

test('a page template seen on one page over a year before links no stories; one carrier a month before still does', () => {
  // Fictional pages of one site carrying the same embedded player text: once in 2031, then a year and a half later.
  const player =
    'Watch: the Brightwater News player shows Harbour Lights, Quillmere Open highlights and Velde ferry timetables ' +
    'for every viewer in the Dunmore valley this season.';
  const first = doc(
    'p0',
    `${player} Zarnovian bakers raised bread prices as flour grew dear in Dunmore.`,
    '2031-02-01',
  );
  const later = (id: string, day: string) =>
    doc(id, `${player} Orlen reservoir engineers opened the spillway after heavy rain upstream.`, day);
  const run = (day: string, settings: Partial<StreamClusterer['settings']> = {}) => {
    const c = new StreamClusterer(settings);
    return [first, later('p1', day)].map((d) => c.resolve(c.add(d)));
  };
  const [a0, a1] = run('2032-08-01');
  assert.notEqual(a1, a0, 'the 2032 page meets the 2031 one only through the template: it starts its own story');
  // Controls: without the lone-carrier rule, and with the one carrier only a month away, the shared text joins them.
  const [b0, b1] = run('2032-08-01', { boilerplateLoneGapDays: Number.POSITIVE_INFINITY });
  assert.equal(b1, b0, 'the template alone is enough to join when it is kept');
  const [c0, c1] = run('2031-03-01');
  assert.equal(c1, c0, 'one carrier a month before is not taken for a template');
});

test('the passage sketch keeps its size whatever the stream, and reads back as it was saved', () => {
  const sketch = new PassageSketch(16, 4);
  const size = sketch.toBlob().byteLength;
  const random = seededRandom(7);
  // Far more anchors than slots: the table forgets, it does not grow.
  for (let i = 0; i < 10_000; i++) sketch.record((random() * 2 ** 32) >>> 0, 20_000 + (i >> 6));
  // One anchor that recurs survives the flood: a full bucket gives up its slot of fewest carriers first.
  for (let i = 0; i < 50; i++) {
    sketch.record(12345, 21_000 + i);
    for (let j = 0; j < 20; j++) sketch.record((random() * 2 ** 32) >>> 0, 21_000 + i);
  }
  assert.equal(sketch.toBlob().byteLength, size);
  assert.deepEqual(sketch.get(12345), { carriers: 50, firstDay: 21_000, lastDay: 21_049 });
  const copy = new PassageSketch(16, 4, sketch.toBlob());
  assert.deepEqual(copy.toBlob(), sketch.toBlob());
  assert.deepEqual(copy.get(12345), sketch.get(12345));
  // A blob of other dimensions is not read as this one.
  assert.equal(new PassageSketch(32, 4, sketch.toBlob()).get(12345), undefined);
});

test('a full bucket of the passage sketch gives up a slot unseen for a year first, else its fewest carriers', () => {
  const sketch = new PassageSketch(1, 2, undefined, 365);
  const [a, b, c, d] = [1, 2, 3, 4];
  sketch.record(a, 0);
  sketch.record(a, 5);
  sketch.record(b, 10);
  sketch.record(c, 100); // b has fewer carriers than a: b goes
  assert.equal(sketch.get(b), undefined);
  assert.deepEqual(sketch.get(a), { carriers: 2, firstDay: 0, lastDay: 5 });
  sketch.record(d, 500); // a and c are unseen for over a year: the longer unseen goes, carriers or not
  assert.equal(sketch.get(a), undefined);
  assert.deepEqual(sketch.get(c), { carriers: 1, firstDay: 100, lastDay: 100 });
  assert.deepEqual(sketch.get(d), { carriers: 1, firstDay: 500, lastDay: 500 });
});
