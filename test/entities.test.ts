// Named entities: mention detection, typing, aliases within an article and across a story, places with coordinates.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { findEntities, lookupPlace, mergeStoryEntities, personSignature } from '../src/analyze/entities.js';
import { foldName } from '../src/analyze/gazetteer.js';
import { tokenize } from '../src/text/sentences.js';
import { extractText } from '../src/extract/text.js';
import type { Entity } from '../src/model.js';
import { needShared, sharedPath } from './helpers.js';

function analyse(text: string) {
  return findEntities(text, tokenize(text));
}

const byName = (entities: Entity[], name: string): Entity | undefined =>
  entities.find((e) => foldName(e.name) === foldName(name) || e.aliases.some((a) => foldName(a) === foldName(name)));

/** Great-circle distance in km. */
function km(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

test('a title types a person and stays out of the name', () => {
  const { entities, mentions } = analyse('On Sunday, French President Francois Hollande said the strikes would go on.');
  const hollande = byName(entities, 'Francois Hollande');
  assert.equal(hollande?.type, 'PERSON');
  assert.equal(hollande?.name, 'Francois Hollande');
  assert.ok(!entities.some((e) => e.name === 'Sunday' || e.name === 'French' || e.name === 'On'));
  const m = mentions.find((x) => x.entity === hollande?.key);
  assert.equal(m?.text, 'President Francois Hollande');
});

test('titles of several words, abbreviated titles and a country before the title', () => {
  const { entities } = analyse(
    'US Secretary of State John Kerry met Defence Minister Jean-Yves Le Drian. French military spokesman Col. Gilles Jaron said the camp was destroyed.',
  );
  assert.equal(byName(entities, 'John Kerry')?.type, 'PERSON');
  assert.equal(byName(entities, 'Jean-Yves Le Drian')?.type, 'PERSON');
  assert.equal(byName(entities, 'Gilles Jaron')?.type, 'PERSON');
  assert.equal(byName(entities, 'United States')?.type, 'PLACE');
  assert.ok(!entities.some((e) => /Secretary|State John|Col\./.test(e.name)));
});

test('IS the group is found, the verb is not', () => {
  const { entities, mentions } = analyse(
    'France has struck IS targets in Syria. The IS group claimed the attack. It is clear that the campaign against IS is working, he said.',
  );
  const is = byName(entities, 'Islamic State');
  assert.equal(is?.type, 'ORG');
  assert.equal(mentions.filter((m) => m.entity === is?.key).length, 3);
  assert.ok(!mentions.some((m) => m.text === 'is'));
});

test('a surname, a title and a first name join the full name met earlier in the article', () => {
  const text =
    'Syrian President Bashar al-Assad met envoys. Later Assad spoke again. "We do not consider Bashar part of the solution," Kerry said. Mr Assad did not answer.';
  const { entities, mentions } = analyse(text);
  const assad = byName(entities, 'Bashar al-Assad');
  assert.equal(assad?.type, 'PERSON');
  for (const form of ['Assad', 'Bashar', 'Mr Assad']) {
    assert.ok(
      mentions.some((m) => m.text === form && m.entity === assad?.key),
      `${form} → ${assad?.key}`,
    );
  }
  assert.equal(byName(entities, 'Kerry')?.type, 'PERSON');
  assert.equal(entities.filter((e) => e.type === 'PERSON').length, 2);
});

test('merging a story: accents, surnames and particles meet in one entity', () => {
  const a = analyse('President François Hollande addressed parliament. Hollande said France was at war.');
  const b = analyse('Mr Hollande met Foreign Minister Laurent Fabius. Valls said the state of emergency would last.');
  const c = analyse(
    'French Prime Minister Manuel Valls spoke. President Francois Hollande and President Bashar Assad were named.',
  );
  const d = analyse('Syrian President Bashar al-Assad said nothing. Fabius said Assad must go.');
  // "Kerry" only does something here: undecided in its article, a person once the story names John Kerry.
  const e = analyse('In Vienna, Kerry also discussed Syria with Russia.');
  const f = analyse('US Secretary of State John Kerry flew to Paris.');
  assert.ok(!e.entities.some((x) => x.type === 'PERSON'));
  const merged = mergeStoryEntities([
    { article: 'a', ...a },
    { article: 'b', ...b },
    { article: 'c', ...c },
    { article: 'd', ...d },
    { article: 'e', ...e },
    { article: 'f', ...f },
  ]);
  assert.equal(merged.byArticle.get('e')?.get('OTHER:kerry'), 'PERSON:john kerry');
  const persons = merged.entities.filter((e) => e.type === 'PERSON');
  const hollande = persons.filter((e) => byName([e], 'Hollande'));
  assert.equal(hollande.length, 1);
  assert.equal(hollande[0].name, 'François Hollande');
  assert.equal(hollande[0].key, 'PERSON:francois hollande');
  for (const form of ['Mr Hollande', 'Francois Hollande', 'President Francois Hollande']) {
    assert.ok(byName([hollande[0]], form), form);
  }
  assert.equal(persons.filter((e) => byName([e], 'Assad')).length, 1);
  assert.equal(persons.filter((e) => byName([e], 'Valls')).length, 1);
  assert.equal(persons.filter((e) => byName([e], 'Fabius')).length, 1);
  // Every article-level key maps to a story-level entity.
  const storyKeys = new Set(merged.entities.map((e) => e.key));
  for (const r of [a, b, c, d, e, f])
    for (const e of r.entities) assert.ok(storyKeys.has(merged.keyMap.get(e.key) ?? ''));
  // "Mr Hollande" alone in its article is keyed with the gender his title gives, and joins the full name.
  assert.equal(merged.keyMap.get('PERSON:hollande#male'), 'PERSON:francois hollande');
});

test('cities with alternate names and transliterations have coordinates', () => {
  const raqqa = { lat: 35.95, lon: 39.01 };
  for (const name of ['Raqqa', 'Raqqah', 'Ar-Raqqah', 'Al-Raqqa']) {
    const geo = lookupPlace(name);
    assert.ok(geo && km(geo, raqqa) < 50, name);
    assert.equal(geo?.country, 'SY');
  }
  const deir = { lat: 35.336, lon: 40.14 };
  for (const name of ['Deir Ezzor', 'Deir ez-Zor', 'Deir al-Zor'])
    assert.ok(km(lookupPlace(name) ?? raqqa, deir) < 50, name);
  const { entities } = analyse('Six French warplanes hit a camp near the eastern city of Deir Ezzor and in Ar-Raqqah.');
  assert.equal(byName(entities, 'Deir ez-Zor')?.type, 'PLACE');
  assert.equal(byName(entities, 'Raqqa')?.type, 'PLACE');
  assert.equal(lookupPlace('Nowhere-at-all'), undefined);
});

test('acronyms resolve to one organisation or place each', () => {
  const { entities } = analyse(
    'The U.S. and the UN backed the plan. The United Nations and the United States said the EU and the European Union agree. ISIL, ISIS and Daesh are names of the Islamic State group. The UAE joined NATO talks.',
  );
  const one = (name: string, type: string) => {
    const hits = entities.filter((e) => byName([e], name));
    assert.equal(hits.length, 1, name);
    assert.equal(hits[0].type, type, name);
    return hits[0];
  };
  assert.equal(one('U.S.', 'PLACE'), one('United States', 'PLACE'));
  assert.equal(one('UN', 'ORG'), one('United Nations', 'ORG'));
  assert.equal(one('EU', 'ORG'), one('European Union', 'ORG'));
  assert.equal(one('ISIL', 'ORG'), one('Daesh', 'ORG'));
  assert.equal(one('UAE', 'PLACE').name, 'United Arab Emirates');
  assert.equal(one('NATO', 'ORG').name, 'NATO');
});

test('demonyms, dates and sentence openers are not entities; organisation cues type organisations', () => {
  const { entities } = analyse(
    'But on Monday the Syrian army advanced. Civilian populations must be protected, the Interior Ministry said. Cartoonists at the satirical magazine Charlie Hebdo were killed.',
  );
  for (const w of ['But', 'Monday', 'Syrian', 'Civilian']) assert.ok(!byName(entities, w), w);
  const more = analyse('Officials said the rig was leaking. UN chief Ban Ki-moon flew to Port-au-Prince.').entities;
  assert.ok(!byName(more, 'Officials'));
  assert.equal(byName(more, 'Ban Ki-moon')?.type, 'PERSON');
  assert.equal(byName(more, 'Port-au-Prince')?.type, 'PLACE');
  assert.equal(byName(entities, 'Interior Ministry')?.type, 'ORG');
  assert.equal(byName(entities, 'Charlie Hebdo')?.type, 'ORG');
});

// ---- The seed story: every expected person, organisation and place, and no other person. ----

/** Our own reference coordinates of the places the seed story names (lat, lon). */
const REFERENCE: Record<string, [number, number]> = {
  France: [46.6, 2.4],
  Syria: [35, 38.5],
  Iraq: [33, 43.7],
  Russia: [61.5, 105],
  Iran: [32.4, 53.7],
  Raqqa: [35.95, 39.01],
  'Deir ez-Zor': [35.336, 40.14],
  Paris: [48.857, 2.352],
  Damascus: [33.513, 36.292],
  Baghdad: [33.315, 44.366],
  Moscow: [55.756, 37.617],
  Brussels: [50.847, 4.357],
  Sinai: [29.5, 33.8],
  Belgium: [50.6, 4.5],
  Versailles: [48.805, 2.12],
  Egypt: [26.8, 30.8],
  Lebanon: [33.85, 35.86],
  Turkey: [39, 35.2],
  'United States': [39.8, -98.6],
  'United Kingdom': [54, -2.5],
  'Saudi Arabia': [24, 45],
  Jordan: [31, 36.5],
  Bahrain: [26.05, 50.55],
  'United Arab Emirates': [24, 54],
};
/** Countries are large: their reference is a centroid, so the tolerance is wider. */
const COUNTRY_TOLERANCE_KM = 1000;
const CITY_TOLERANCE_KM = 50;

interface Expected {
  entities: Record<'PERSON' | 'ORG' | 'PLACE', Record<string, string[]>>;
}

test('seed story: people, organisations and places', { skip: needShared('seeds') }, () => {
  const expected = JSON.parse(readFileSync(sharedPath('seeds', 'expected.json'), 'utf8')) as Expected;
  const dir = sharedPath('seeds', 'articles');
  const texts: string[] = [];
  const perArticle = readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => {
      const article = extractText({
        source: join(dir, f),
        kind: 'text',
        content: readFileSync(join(dir, f), 'utf8'),
        encoding: 'utf-8',
        fetchedAt: new Date(0).toISOString(),
        meta: {},
      });
      texts.push(article.text);
      return { article: f, ...analyse(article.text) };
    });
  const { entities } = mergeStoryEntities(perArticle);

  const expectedPersons = expected.entities.PERSON;
  for (const [name, aliases] of Object.entries(expectedPersons)) {
    const found = entities.filter((e) => e.type === 'PERSON' && byName([e], name));
    assert.equal(found.length, 1, `one PERSON entity for ${name}`);
    // An alias the texts never write alone ("Fabius") must still be a form the entity's name ends with.
    for (const alias of aliases) {
      const sig = personSignature(alias);
      const full = personSignature(found[0].name);
      const tail = sig.length > 0 && sig.every((w, i) => full[full.length - sig.length + i] === w);
      assert.ok(byName(found, alias) || tail, `${alias} is an alias of ${name}`);
    }
  }
  // No person the editor did not list.
  for (const e of entities.filter((x) => x.type === 'PERSON')) {
    const listed = Object.entries(expectedPersons).some(
      ([n, aliases]) => byName([e], n) || aliases.some((a) => byName([e], a)),
    );
    assert.ok(listed, `unexpected PERSON ${e.name}`);
  }
  for (const type of ['ORG', 'PLACE'] as const) {
    for (const [name, aliases] of Object.entries(expected.entities[type])) {
      assert.ok(
        entities.some((e) => e.type === type && [name, ...aliases].some((f) => byName([e], f))),
        `${type} ${name} found`,
      );
      // Every form the clean texts write ("AP" is only the outlet's signature line, cut by extraction).
      for (const form of [name, ...aliases].filter((f) => texts.some((t) => writes(t, f)))) {
        const hits = entities.filter((e) => byName([e], form));
        assert.ok(hits.length > 0, `${type} ${form} found`);
        assert.ok(
          hits.some((e) => e.type === type),
          `${form} typed ${type}`,
        );
      }
      if (type !== 'PLACE') continue;
      const place = entities.find((e) => e.type === 'PLACE' && byName([e], name));
      const ref = REFERENCE[name];
      assert.ok(ref, `a reference coordinate for ${name}`);
      assert.ok(place?.geo, `${name} has coordinates`);
      const tolerance = place.geo.country && lookupCountryLike(name) ? COUNTRY_TOLERANCE_KM : CITY_TOLERANCE_KM;
      const d = km(place.geo, { lat: ref[0], lon: ref[1] });
      assert.ok(d < tolerance, `${name} is ${Math.round(d)} km from its reference`);
    }
  }
});

/** Whether `text` writes `form` as a whole name. */
function writes(text: string, form: string): boolean {
  const escaped = form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}.])${escaped}(?![\\p{L}])`, 'u').test(text);
}

/** Whether a reference place is a country (wide tolerance) rather than a city or region. */
function lookupCountryLike(name: string): boolean {
  return ![
    'Raqqa',
    'Deir ez-Zor',
    'Paris',
    'Damascus',
    'Baghdad',
    'Moscow',
    'Brussels',
    'Versailles',
    'Sinai',
  ].includes(name);
}
