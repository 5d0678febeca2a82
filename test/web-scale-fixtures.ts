// A big fictional story for the page tests, generated from templates: the harbour of the invented town of Quennel
// Bay flooding over several weeks, told by invented outlets. Nothing here is data from ../shared.
import type { Story, StoryArticle, StoryEntity } from '../src/model.js';
import { addDays } from '../src/text/days.js';

/** Invented outlets, the first ones prolific, the last ones with a single article. */
export const OUTLETS = [
  'Quennel Gazette',
  'Harbour Wire',
  'Tidewater Post',
  'Saltmarsh Herald',
  'Dunmere Echo',
  'Lark Valley Times',
  'Ostry Bulletin',
];

const PLACES: [string, number, number, string | undefined][] = [
  ['Quennel Bay', 54.2, -4.1, 'GB'],
  ['Dunmere', 54.6, -3.7, 'GB'],
  ['Ostry', 53.9, -4.6, 'GB'],
  ['Lark Valley', 54.9, -4.4, 'GB'],
  ['Saltmarsh Point', 54.3, -3.9, 'GB'],
  ['Vessen', 55.1, -3.2, 'GB'],
  ['Northern Sea of Quennel', 55, -5, undefined], // an area: no country
];

const FIRST_DAY = '2031-03-01';

/** The day `i` of the story (the flood runs over six weeks). */
export function storyDay(i: number): string {
  return addDays(FIRST_DAY, i % 42);
}

/** Plain text of fictional article `i` (several sentences, names and a quote, so that analysis finds them). */
export function articleText(i: number): string {
  const place = PLACES[i % 6]?.[0] as string;
  const warden = ['Mara Ellwood', 'Tobin Rusk', 'Ilse Varga', 'Pell Okafor'][i % 4] as string;
  return [
    `Flood barriers at ${place} were raised again on day ${i % 42} of the Quennel Bay harbour flood, report ${i}.`,
    `Harbour warden ${warden} said the tide gauges at ${place} read higher than in any spring since the barrier was built.`,
    `"We are moving the boats to the upper basin tonight," ${warden} said.`,
    `The Quennel Bay council met on the flood for the ${i % 7}th time and asked the ${OUTLETS[i % 3]} readers to report leaks.`,
  ].join('\n\n');
}

/** A fictional story of `n` articles (a copy every tenth), with many people and places. */
export function bigStory(n: number): Story {
  const articles: StoryArticle[] = [];
  for (let i = 0; i < n; i++) {
    // Outlets in proportion: the first three carry most; the last ones only a few.
    const outlet = OUTLETS[i % 10 < 4 ? 0 : i % 10 < 7 ? 1 : i % 10 < 8 ? 2 : 3 + ((i % OUTLETS.length) % 4)];
    articles.push({
      id: `q${String(i).padStart(4, '0')}`,
      ...(i % 5 === 0
        ? { lead: `Flood barriers at Quennel Bay were raised again, report ${i}…` }
        : { title: `Quennel Bay flood, report ${i}` }),
      ...(outlet ? { outlet } : {}),
      published: storyDay(i),
      ...(i % 10 === 9 ? { duplicateOf: `q${String(i - 1).padStart(4, '0')}` } : {}),
    });
  }
  const entities: StoryEntity[] = [];
  for (let i = 0; i < 120; i++)
    entities.push({ id: `PERSON:p${i}`, name: `Warden Number${i}`, type: 'PERSON', aliases: [], mentions: 200 - i });
  for (let i = 0; i < 80; i++)
    entities.push({ id: `ORG:o${i}`, name: `Quennel Board ${i}`, type: 'ORG', aliases: [], mentions: 100 - i });
  PLACES.forEach(([name, lat, lon, country], i) =>
    entities.push({
      id: `PLACE:${name.toLowerCase()}`,
      name,
      type: 'PLACE',
      aliases: [],
      mentions: 90 - i * 10,
      geo: { lat, lon, ...(country ? { country } : {}) },
    }),
  );
  entities.push({ id: 'PLACE:upper basin', name: 'Upper Basin', type: 'PLACE', aliases: [], mentions: 3 });
  const cite = (i: number) => [{ article: articles[i % n]?.id as string, start: 0, end: 20, match: 'same' as const }];
  return {
    id: 'quennel-flood',
    title: 'Quennel Bay harbour flood',
    version: 3,
    updated: '2031-04-12T10:00:00.000Z',
    summary: [{ text: 'Flood barriers at Quennel Bay were raised again .', citations: cite(0) }],
    timeline: Array.from({ length: 30 }, (_, d) => ({
      date: storyDay(d + 12),
      granularity: 'day' as const,
      entries: [{ text: `On day ${d} the tide rose at Quennel Bay -LRB- again -RRB- .`, citations: cite(d) }],
    })),
    articles,
    events: Array.from({ length: 40 }, (_, e) => ({
      date: storyDay(e),
      title: `Tide rises, day ${e}`,
      articles: articles.slice(0, 1 + (e % 9)).map((a) => a.id),
    })),
    sharedPassages: Array.from({ length: 12 }, (_, p) => ({
      text: `The harbour office repeats its advice number ${p}. `.repeat(30),
      articles: articles.slice(0, 2 + p).map((a) => a.id),
    })),
    entities,
    quotes: Array.from({ length: 90 }, (_, q) => ({
      speaker: `Warden Number${q % 30}`,
      text: `We are moving the boats to the upper basin, said warden ${q}`,
      article: articles[q % n]?.id as string,
      start: 0,
      end: 10,
    })),
  };
}

/** Real cities the fictional convoys come from. */
const HELPERS = ['Liverpool', 'Manchester', 'Leeds', 'Dublin', 'Glasgow', 'Belfast', 'Cardiff', 'Bristol'];
const WARDENS = ['Mara Ellwood', 'Tobin Rusk', 'Ilse Varga', 'Pell Okafor', 'Dessa Marlow', 'Corin Abbet'];
const TOWNS = ['Quennel Bay', 'Dunmere', 'Ostry', 'Lark Valley', 'Saltmarsh Point', 'Vessen'];
const THINGS = ['the fish market', 'the ferry slip', 'the lifeboat station', 'the old customs house', 'the boatyard'];
const VERBS = ['closed', 'flooded', 'reopened', 'was sandbagged', 'was evacuated'];

/**
 * Fictional article `i` of the Quennel Bay flood as a JSONL record: its own mix of sentences (so that no two are
 * near-copies), the flood's shared words (so that they make one story), an outlet and a day.
 */
export function floodRecord(i: number): Record<string, string> {
  const town = TOWNS[i % TOWNS.length] as string;
  const warden = WARDENS[(i * 5) % WARDENS.length] as string;
  const thing = THINGS[(i * 3) % THINGS.length] as string;
  const verb = VERBS[(i * 7) % VERBS.length] as string;
  const day = storyDay(i);
  const level = (2 + ((i * 37) % 90) / 10).toFixed(1);
  const sentences = [
    `The Quennel Bay harbour flood reached ${town} on ${day}, where ${thing} ${verb} as the water rose ${level} metres.`,
    `Harbour warden ${warden} said the barrier at ${town} held through the night, report number ${i} of the flood.`,
    `"We moved ${10 + (i % 40)} boats to the upper basin before the high tide," ${warden} said.`,
    `Volunteers from ${TOWNS[(i + 2) % TOWNS.length]} filled ${100 + i * 13} sandbags for the flood barrier.`,
    // Real cities and a continent, so that the map has points close together (labels to place) and an area.
    `Pumps were sent from ${HELPERS[i % HELPERS.length]} and ${HELPERS[(i * 3 + 1) % HELPERS.length]}, the ${['first', 'second', 'third'][i % 3]} such convoy in Europe this year.`,
    `The Quennel Bay council will meet on the flood again after ${['Monday', 'Tuesday', 'Friday'][i % 3]}'s tide.`,
  ];
  return {
    title: `Quennel Bay flood: ${thing} in ${town} ${verb} (${i})`,
    text: sentences.join('\n\n'),
    published: day,
    outlet: OUTLETS[i % 10 < 4 ? 0 : i % 10 < 7 ? 1 : i % 10 < 8 ? 2 : 3 + (i % 4)] as string,
    url: `https://news.example/quennel-flood/${i}`,
  };
}
