import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ClusterDoc, clusterDocFrom, dayNumberOf } from '../src/cluster/features.js';
import { OnlineClusterer } from '../src/cluster/online.js';
import { clusterStories } from '../src/cluster/stories.js';
import { seededRandom, shuffled } from '../src/eval/clusters.js';
import type { Article } from '../src/model.js';

function article(id: string, text: string, published?: string, title?: string): Article {
  return {
    id,
    source: id,
    language: 'en',
    paragraphs: [text],
    text,
    removed: [],
    ...(title ? { title } : {}),
    ...(published ? { published: { value: published, precision: 'day' as const, from: 'sidecar' as const } } : {}),
  };
}

function doc(id: string, text: string, published?: string): ClusterDoc {
  return clusterDocFrom(article(id, text, published));
}

// Three stories of two kinds: two earthquakes (same topic words, different places and names) and a football match.
const QUAKE_A = [
  'A strong earthquake of magnitude 6.1 struck near Lisbon in Portugal on Monday, said Mayor Ana Duarte.',
  'Rescuers in Lisbon searched collapsed houses after the 6.1 earthquake, Ana Duarte told reporters in Portugal.',
  'The Lisbon earthquake killed 12 people, officials in Portugal said, and Duarte asked for help.',
  'Aftershocks shook Lisbon a day after the magnitude 6.1 quake; Portugal sent troops, Duarte said.',
  'Portugal mourned the 12 victims of the Lisbon earthquake as Ana Duarte visited the damaged district.',
];
const QUAKE_B = [
  'An earthquake of magnitude 7.3 hit the coast near Valparaiso in Chile, said President Tomas Reyes.',
  'In Valparaiso, rescuers dug through rubble after the 7.3 earthquake, Chile President Reyes said.',
  'The Chile earthquake left 40 dead in Valparaiso, according to Tomas Reyes, who declared an emergency.',
  'Tsunami warnings were lifted after the 7.3 Valparaiso earthquake, Chile authorities and Reyes said.',
  'Chile buried the 40 victims of the Valparaiso quake while Tomas Reyes promised to rebuild the port.',
];
const MATCH = [
  'Arsenal beat Chelsea 3-1 at the Emirates on Saturday with two goals from Bukayo Saka.',
  'Bukayo Saka scored twice as Arsenal defeated Chelsea 3-1 in the London derby at the Emirates.',
  'Chelsea manager Mauricio Pochettino blamed defending after the 3-1 loss to Arsenal and Saka.',
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
  add('quake-a', QUAKE_A, '2020-03-02');
  add('quake-b', QUAKE_B, '2020-03-03');
  add('match', MATCH, '2020-03-01');
  return { docs, gold };
}

/** The partition as a canonical string: sorted groups of sorted ids. */
function partition(stories: Map<string, string[]>): string {
  return [...stories.values()]
    .map((m) => [...m].sort().join(','))
    .sort()
    .join(' | ');
}

test('features: names, numbers and years are their own keys', () => {
  const d = doc('x', 'Rescuers searched Lisbon after the 6.1 earthquake in 2020, and Lisbon mourned.');
  assert.ok(d.terms.has('n:lisbon'));
  assert.ok(d.terms.has('#6.1'));
  assert.deepEqual(d.years, [2020]);
  assert.equal(d.day, undefined);
  assert.equal(dayNumberOf('1970-01-02'), 1);
});

test('joining vs starting: a similar article joins, an unrelated one starts a story', () => {
  const c = new OnlineClusterer();
  const first = c.add(doc('a', QUAKE_A[0] as string, '2020-03-02'));
  const second = c.add(doc('b', QUAKE_A[1] as string, '2020-03-02'));
  const third = c.add(doc('c', MATCH[0] as string, '2020-03-02'));
  assert.equal(second, first);
  assert.notEqual(third, first);
  assert.deepEqual(
    c.drainChanges().map((x) => x.kind),
    ['created', 'created'],
  );
});

test('candidate retrieval: an article sharing no salient key with the archive is never linked', () => {
  const c = new OnlineClusterer();
  for (const [i, t] of QUAKE_A.entries()) c.add(doc(`q${i}`, t, '2020-03-02'));
  const story = c.add(doc('other', 'Parliament voted on the annual budget for schools and hospitals.', '2020-03-02'));
  assert.deepEqual(c.membersOf(story), ['other']);
});

test('time window: the same text half a year later starts a new story', () => {
  const c = new OnlineClusterer();
  const a = c.add(doc('early', QUAKE_A[0] as string, '2020-03-02'));
  const b = c.add(doc('near', QUAKE_A[1] as string, '2020-03-20'));
  const far = c.add(doc('late', QUAKE_A[1] as string, '2020-09-20'));
  assert.equal(b, a);
  assert.notEqual(far, a);
});

test('two stories of the same kind stay apart, and the partition does not depend on the order', () => {
  const { docs, gold } = corpus();
  const expected = partition(
    new Map([...new Set(gold.values())].map((s) => [s, [...gold].filter(([, g]) => g === s).map(([id]) => id)])),
  );
  const random = seededRandom(7);
  for (let round = 0; round < 25; round++) {
    const c = new OnlineClusterer();
    for (const d of shuffled(docs, random)) c.add(d);
    assert.equal(partition(c.stories()), expected, `order ${round}`);
  }
  assert.equal(partition(clusterStories(docs)), expected);
});

test('merges are recorded when an article links two stories, and the larger keeps its id', () => {
  const c = new OnlineClusterer();
  const big = c.add(doc('a1', 'Lisbon earthquake rescuers Duarte rubble Portugal magnitude aftershock', '2020-03-02'));
  c.add(doc('a2', 'Lisbon earthquake rescuers Duarte rubble Portugal magnitude victims', '2020-03-02'));
  const small = c.add(doc('b1', 'Duarte budget ministers Coimbra spending hospitals tax reform', '2020-03-02'));
  assert.notEqual(small, big);
  c.drainChanges();
  const joined = c.add(
    doc('bridge', 'Lisbon earthquake Duarte rubble Portugal budget ministers Coimbra spending hospitals', '2020-03-02'),
  );
  assert.equal(joined, big);
  assert.deepEqual(c.membersOf(big).sort(), ['a1', 'a2', 'b1', 'bridge']);
  assert.deepEqual(c.drainChanges(), [{ story: big, kind: 'merged', others: [small] }]);
});

test('events: a story is divided by the day its articles report, each event dated', () => {
  const c = new OnlineClusterer();
  const story = c.add(doc('d1', QUAKE_A[0] as string, '2020-03-02'));
  c.add(doc('d2', QUAKE_A[1] as string, '2020-03-03'));
  c.add(doc('d3', QUAKE_A[3] as string, '2020-03-20'));
  c.add(doc('d4', QUAKE_A[4] as string, '2020-03-21'));
  const events = c.events(story);
  assert.equal(c.membersOf(story).length, 4);
  assert.deepEqual(
    events.map((e) => [e.id, e.articles]),
    [
      [`${story}@2020-03-02`, ['d1', 'd2']],
      [`${story}@2020-03-20`, ['d3', 'd4']],
    ],
  );
});

test('state: a clusterer restored from saved state places a new article as the original does', () => {
  const { docs } = corpus();
  const original = new OnlineClusterer();
  const [last, ...rest] = [docs[docs.length - 1] as ClusterDoc, ...docs.slice(0, -1)];
  for (const d of rest) original.add(d);
  const states = rest.map((d) => original.stateOf(d.id)).filter((s) => s !== undefined);
  const restored = new OnlineClusterer();
  restored.restore(states);
  assert.equal(restored.add(last), original.add(last));
  assert.equal(partition(restored.stories()), partition(original.stories()));
});

test('copies join the story of their original without being scored', () => {
  const c = new OnlineClusterer();
  const story = c.add(doc('orig', QUAKE_B[0] as string, '2020-03-03'));
  assert.equal(c.addCopy('copy', 'orig', dayNumberOf('2020-03-04')), story);
  assert.deepEqual(c.membersOf(story).sort(), ['copy', 'orig']);
});

test('splits are recorded when the edge holding two parts together goes away', () => {
  const terms = (...ws: string[]) => new Map(ws.map((w) => [w, 1] as const));
  const d = (id: string, ...ws: string[]): ClusterDoc => ({
    id,
    day: 100,
    terms: terms(...ws),
    eventDays: [],
    years: [],
  });
  const c = new OnlineClusterer({ neighbours: 1 });
  const first = c.add(d('a', 'apple', 'banana', 'cherry', 'date'));
  assert.equal(c.add(d('b', 'apple', 'banana', 'elder', 'fig')), first);
  assert.equal(c.add(d('c', 'apple', 'banana', 'elder', 'fig', 'grape')), first);
  c.drainChanges();
  // d is far closer to a than b is: a's only neighbour becomes d, b's is c, so a–b is no longer an edge.
  c.add(d('d', 'apple', 'banana', 'cherry', 'date', 'kiwi'));
  assert.equal(partition(c.stories()), 'a,d | b,c');
  const changes = c.drainChanges();
  assert.equal(changes.length, 1);
  assert.equal(changes[0]?.kind, 'split');
  assert.deepEqual(changes[0]?.others, [first]);
});
