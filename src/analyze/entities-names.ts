// How entity names are compared and keyed.
import type { EntityType } from '../model.js';
import { foldName } from './gazetteer.js';

/** Particles left out when names are compared ("Bashar al-Assad" = "Bashar Assad", "Le Drian" = "Drian"). */
const SIGNATURE_SKIP = new Set(
  'al el ez ed ar as ad ash bin ibn de du da di del la le van von der den mr mrs ms dr jr sr ii iii'.split(' '),
);

/** The words a person's name is compared by: folded, particles out. */
export function personSignature(name: string): string[] {
  return foldName(name)
    .split(' ')
    .filter((w) => w.length > 1 && !SIGNATURE_SKIP.has(w)); // initials out: "George W. Bush" = "George Bush"
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
