// How entity names are compared and keyed, and what a person's name and title say of their gender.
import type { EntityType } from '../model.js';
import { FEMALE_FIRST, GIVEN_NAMES, MALE_FIRST } from './aliases.js';
import { foldName } from './gazetteer.js';

/** Particles left out when names are compared ("Bashar al-Assad" = "Bashar Assad", "Le Drian" = "Drian"). */
const SIGNATURE_SKIP = new Set(
  'al el ez ed ar as ad ash bin ibn de du da di del la le van von der den mr mrs ms dr jr sr ii iii'.split(' '),
);

/** The words a person's name is compared by: folded, particles out. */
export function personSignature(name: string): readonly string[] {
  let sig = signatureCache.get(name);
  if (sig === undefined) {
    if (signatureCache.size >= SIGNATURE_CACHE_MAX) signatureCache.clear();
    sig = Object.freeze(signatureOf(name));
    signatureCache.set(name, sig);
  }
  return sig;
}

// A name is compared many times in an article (each mention, each quote's speaker against each alias): its
// signature is made once. Bounded like foldName's cache.
const SIGNATURE_CACHE_MAX = 50_000;
const signatureCache = new Map<string, readonly string[]>();

function signatureOf(name: string): string[] {
  const words = foldName(name).split(' ');
  // A particle that is also a given name and opens a name of several words is the given name ("Al Gore" is not
  // "Gore": he and Tipper Gore are two people).
  const first = name.trim().split(/\s+/)[0] ?? '';
  const keepFirst = words.length > 1 && GIVEN_NAMES.has(first);
  return words.filter(
    (w, i) => w.length > 1 && (!SIGNATURE_SKIP.has(w) || (i === 0 && keepFirst)), // initials out: "George W. Bush" = "George Bush"
  );
}

export type PersonGender = 'male' | 'female';

/** Honorifics and titles that say a person's gender, lower-case without the period. */
const MALE_TITLES = new Set(
  'mr sir lord king prince emir sheikh sheik congressman chairman spokesman businessman pope father brother'.split(' '),
);
const FEMALE_TITLES = new Set(
  'mrs ms miss madam dame lady queen princess congresswoman chairwoman spokeswoman businesswoman sister'.split(' '),
);

/** The gender a title says ("mr" → male, "defence minister" → undefined). */
export function titleGender(title: string | undefined): PersonGender | undefined {
  if (!title) return undefined;
  for (const w of title.toLowerCase().replace(/\./g, '').split(/\s+/)) {
    if (MALE_TITLES.has(w)) return 'male';
    if (FEMALE_TITLES.has(w)) return 'female';
  }
  return undefined;
}

/** The gender a full name's given name says ("Tipper Gore" → female when the lists know it), else undefined. */
export function givenNameGender(name: string): PersonGender | undefined {
  const parts = name.trim().split(/\s+/);
  if (parts.length < 2) return undefined;
  const first = parts[0].split('-')[0];
  const male = MALE_FIRST.has(parts[0]) || MALE_FIRST.has(first);
  const female = FEMALE_FIRST.has(parts[0]) || FEMALE_FIRST.has(first);
  return male === female ? undefined : male ? 'male' : 'female';
}

/** Two genders that may be one person: equal, or either unknown. */
export function gendersAgree(a: PersonGender | undefined, b: PersonGender | undefined): boolean {
  return !a || !b || a === b;
}

/** The stable key of an entity: type + folded canonical name. */
export function entityKey(type: EntityType, name: string): string {
  return `${type}:${foldName(name)}`;
}

/** Prefers more words, then accents (the careful spelling), then the longer form. */
export function betterName(a: string, b: string): boolean {
  const wa = personSignature(a).length;
  const wb = personSignature(b).length;
  if (wa !== wb) return wa > wb;
  const accents = (s: string) => (s.normalize('NFD').match(/\p{M}/gu) ?? []).length;
  if (accents(a) !== accents(b)) return accents(a) > accents(b);
  return a.length > b.length;
}
