// A made-up news corpus of any size, for the memory benchmark: every town, person, body and event is invented.
// Each article is distinct text (ids are hashes of the text, so copies would be stored once), written as a
// scraped plain-text page in a day folder (`2021-03-04/17.txt`: the folder dates it), on one of a fixed number of
// subjects, so stories grow with the corpus as they do in a real archive.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from '../test/helpers.js';

/** Subjects the corpus is spread over: a few dozen stories that grow with it (20k articles: ~500 each). */
const SUBJECTS = 40;
/** Days the corpus spans, from its first day: articles of a subject come back over months, as real ones do. */
const SPAN_DAYS = 720;
const FIRST_DAY = Date.UTC(2021, 0, 4);

/** Made-up words are 3 of these (64,000 of them): subjects rarely share one by chance. */
const SYLLABLES = `bra vel tor mun dal kes ori lan qui zet hov sam pel ruk gam fen dor lis nap rob sul tiv wex yar
  bex cim dun fal gor hep jin kol mav nur pok ris sev tam urk vos`.split(/\s+/);
const VERBS = ['approved', 'rejected', 'delayed', 'announced', 'questioned', 'funded', 'opened', 'closed', 'reviewed'];
const THINGS = ['bridge', 'budget', 'harbour', 'rail line', 'school', 'clinic', 'dam', 'market', 'power plant', 'road'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const CUES = ['said', 'told reporters', 'added', 'warned', 'insisted'];

function pick<T>(next: () => number, list: readonly T[]): T {
  return list[Math.floor(next() * list.length)] as T;
}

function name(next: () => number, syllables: number): string {
  let out = '';
  for (let i = 0; i < syllables; i++) out += pick(next, SYLLABLES);
  return out[0]?.toUpperCase() + out.slice(1);
}

interface Subject {
  town: string;
  people: string[];
  body: string;
  thing: string;
  words: string[];
}

function subjects(next: () => number): Subject[] {
  return Array.from({ length: SUBJECTS }, () => ({
    town: name(next, 3),
    people: Array.from({ length: 4 }, () => `${name(next, 2)} ${name(next, 3)}`),
    body: `${name(next, 2)} Council`,
    thing: pick(next, THINGS),
    words: Array.from({ length: 40 }, () => name(next, 3).toLowerCase()),
  }));
}

function article(next: () => number, s: Subject, serial: number): string {
  const person = pick(next, s.people);
  const lines = [`${s.body} ${pick(next, VERBS)} the ${s.town} ${s.thing} plan (${serial})`, ''];
  const paragraphs = 4 + Math.floor(next() * 4);
  for (let p = 0; p < paragraphs; p++) {
    const sentences: string[] = [];
    for (let k = 0; k < 3; k++) {
      const n = 2 + Math.floor(next() * 400);
      const who = pick(next, s.people);
      const w = Array.from({ length: 6 }, () => pick(next, s.words));
      // Mostly the subject's own words, in a few plain frames: subjects share function words only.
      sentences.push(
        pick(next, [
          `The ${w[0]} ${w[1]} of ${s.town} ${pick(next, VERBS)} the ${w[2]} ${s.thing} on ${pick(next, DAYS)} after ${n} ${w[3]} ${w[4]}.`,
          `"No ${w[0]} ${w[1]} for the ${w[2]} ${w[3]}," ${who} ${pick(next, CUES)} in ${s.town}.`,
          `${who} of the ${s.body} said ${n} ${w[0]} ${w[1]} ${w[2]} ${w[3]} ${w[4]} ${w[5]} by ${person}.`,
          `${s.town} ${w[0]} ${w[1]} ${w[2]} ${w[3]} within ${1 + (n % 9)} weeks, the ${s.body} ${w[4]} ${w[5]}.`,
        ]),
      );
    }
    lines.push(sentences.join(' '), '');
  }
  return lines.join('\n');
}

/**
 * Write `count` made-up articles under `dir` (day folders, in publication order) and return `dir`. The same
 * `count` and `seed` write the same corpus; a larger count writes more days, so its stories are longer.
 */
export function writeSyntheticCorpus(dir: string, count: number, seed = 1): string {
  const next = seededRandom(seed); // the same corpus on every run
  const all = subjects(next);
  for (let i = 0; i < count; i++) {
    const day = new Date(FIRST_DAY + Math.floor((i / count) * SPAN_DAYS) * 86_400_000).toISOString().slice(0, 10);
    const folder = join(dir, day);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `${i}.txt`), article(next, pick(next, all), i));
  }
  return dir;
}
