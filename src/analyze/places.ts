// Place lookup: our table of known places and transliterations first, then countries, then cities (most populous of
// a name). Transliterated Arabic names meet through a loose key: article prefixes (Al-, Ar-, As-…) and doubled
// letters dropped, a final -ah read as -a ("Ar-Raqqah" = "Raqqa").
import type { Geo } from '../model.js';
import { KNOWN_PLACES } from './aliases.js';
import { foldName, gazetteer } from './gazetteer.js';

export type PlaceKind = 'known' | 'country' | 'city';

export interface PlaceHit {
  /** Canonical name ("Raqqa", "Russia", "Paris"). */
  name: string;
  kind: PlaceKind;
  geo: Geo;
  /** For cities: the population GeoNames gives. */
  population?: number;
  capital?: boolean;
}

const ARTICLE = /^(?:al|ar|as|ad|ash|at|az|an|el|ez|ed|es|er|ath|adh)$/;

/** The loose key of a place name: folded, Arabic article particles out, doubled letters single, -ah as -a. */
export function loosePlaceKey(name: string): string {
  return foldName(name)
    .split(' ')
    .filter((w) => !ARTICLE.test(w))
    .join('')
    .replace(/(.)\1+/g, '$1')
    .replace(/ah$/, 'a')
    .replace(/[^a-z0-9]/g, '');
}

let knownExact: Map<string, PlaceHit> | undefined;
let knownLoose: Map<string, PlaceHit> | undefined;

function knownTables(): { exact: Map<string, PlaceHit>; loose: Map<string, PlaceHit> } {
  if (!knownExact || !knownLoose) {
    knownExact = new Map();
    knownLoose = new Map();
    for (const p of KNOWN_PLACES) {
      if (!p.geo) continue;
      const hit: PlaceHit = { name: p.name, kind: 'known', geo: p.geo };
      for (const n of [p.name, ...p.aliases]) {
        knownExact.set(foldName(n), hit);
        knownLoose.set(loosePlaceKey(n), hit);
      }
    }
  }
  return { exact: knownExact, loose: knownLoose };
}

let cityLoose: Map<string, PlaceHit> | undefined;

/** Cities of at least 100,000 people by loose key, for transliteration variants the exact map misses. */
function cityLooseTable(): Map<string, PlaceHit> {
  if (!cityLoose) {
    cityLoose = new Map();
    for (const c of gazetteer().cities.values()) {
      if (c.population < 100_000) continue;
      const key = loosePlaceKey(c.name);
      const seen = cityLoose.get(key);
      if (key.length >= 4 && (!seen || (seen.population ?? 0) < c.population)) {
        cityLoose.set(key, { name: c.name, kind: 'city', geo: c.geo, population: c.population, capital: c.capital });
      }
    }
  }
  return cityLoose;
}

/** Everything known about a place name, or undefined. Exact names win over loose transliteration matches. */
export function placeInfo(name: string): PlaceHit | undefined {
  const key = foldName(name);
  if (!key) return undefined;
  const known = knownTables();
  const exact = known.exact.get(key);
  if (exact) return exact;
  const g = gazetteer();
  const country = g.countries.get(key);
  if (country) return { name: country.name, kind: 'country', geo: country.geo };
  const city = g.cities.get(key);
  if (city) return { name: city.name, kind: 'city', geo: city.geo, population: city.population, capital: city.capital };
  const loose = loosePlaceKey(name);
  if (loose.length < 4) return undefined;
  return known.loose.get(loose) ?? cityLooseTable().get(loose);
}

/** Coordinates and country of a place name ("Raqqa", "Ar-Raqqah", "Paris", "Russian Federation"). */
export function lookupPlace(name: string): Geo | undefined {
  return placeInfo(name)?.geo;
}

/** The country a demonym adjective points to ("French" → France), for counting places; not an entity itself. */
export function demonymPlace(word: string): { name: string; geo: Geo } | undefined {
  const c = gazetteer().demonyms.get(foldName(word));
  return c ? { name: c.name, geo: c.geo } : undefined;
}

/** True for demonym adjectives ("French", "Syrian", "Iraqi"). */
export function isDemonym(word: string): boolean {
  return gazetteer().demonyms.has(foldName(word));
}
