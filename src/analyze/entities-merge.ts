// One set of entities for a story: the articles' entities merged. Persons meet by name signature (accents and
// particles aside: "Bashar Assad" = "Bashar al-Assad"), and a surname or first name alone ("Hollande", "Mr Kerry",
// "Bashar") joins the one full name of the story it can stand for; other entities meet by key.
import type { ArticleEntities, Entity, MergedEntities } from '../model.js';
import {
  entityKey,
  gendersAgree,
  givenNameGender,
  type PersonGender,
  personSignature,
  titleGender,
} from './entities-names.js';
import { placeInfo } from './places.js';

interface Item {
  article: string;
  entity: Entity;
  mentions: number;
  sig: readonly string[];
  /** What the article's key, titles ("Mrs. X") or given name say of the person's gender. */
  gender?: PersonGender;
  /** A one-word name written with a title ("Prince Michael", "Mr. Kerry"): never a bare given name. */
  titled: boolean;
}

/** The gender an article-level person entity shows: its key's mark, its titled forms, its given name. */
function itemGender(e: Entity): PersonGender | undefined {
  const mark = /#(male|female)$/.exec(e.key)?.[1];
  if (mark === 'male' || mark === 'female') return mark;
  const seen = new Set<PersonGender>();
  for (const form of [e.name, ...e.aliases]) {
    const words = form.split(/\s+/);
    for (let k = 1; k < words.length; k++) {
      const g = titleGender(words.slice(0, k).join(' '));
      if (g) {
        seen.add(g);
        break;
      }
    }
  }
  const given = givenNameGender(e.name);
  if (given) seen.add(given);
  return seen.size === 1 ? [...seen][0] : undefined;
}

/** A place entity named by a city that is neither a capital nor a metropolis: its name may be a surname. */
function surnameLikeCity(e: Entity): boolean {
  if (e.type !== 'PLACE' || e.name.includes(' ')) return false;
  const p = placeInfo(e.name);
  return !!p && p.kind === 'city' && !p.capital && (p.population ?? 0) < 1_000_000;
}

const endsWith = (full: readonly string[], part: readonly string[]): boolean =>
  part.length < full.length && part.every((w, i) => full[full.length - part.length + i] === w);

/** Prefers more words, then accents (the careful spelling), then more mentions. */
function better(a: { name: string; n: number }, b: { name: string; n: number }): boolean {
  const wa = personSignature(a.name).length;
  const wb = personSignature(b.name).length;
  if (wa !== wb) return wa > wb;
  const accents = (s: string) => (s.normalize('NFD').match(/\p{M}/gu) ?? []).length;
  if (accents(a.name) !== accents(b.name)) return accents(a.name) > accents(b.name);
  return a.n > b.n;
}

/** Merges the entities of a story's articles into story-level entities. */
export function mergeStoryEntities(perArticle: ArticleEntities[]): MergedEntities {
  const items: Item[] = [];
  for (const a of perArticle) {
    const counts = new Map<string, number>();
    for (const m of a.mentions) counts.set(m.entity, (counts.get(m.entity) ?? 0) + 1);
    for (const e of a.entities) {
      const person = e.type === 'PERSON';
      const single = !e.name.trim().includes(' ');
      items.push({
        article: a.article,
        entity: e,
        mentions: counts.get(e.key) ?? 0,
        sig: personSignature(e.name),
        gender: person ? itemGender(e) : undefined,
        titled: single && e.aliases.some((x) => x !== e.name && x.endsWith(` ${e.name}`)),
      });
    }
  }

  // Group id of each item: persons by signature, then partial names onto the full name they fit.
  const group = new Map<Item, string>();
  const persons = items.filter((i) => i.entity.type === 'PERSON' && i.sig.length > 0);
  // The story's full names, by signature: mentions and gender summed over the articles, indexed by last and first
  // word so that placing a partial name looks at the few full names of one surname only.
  interface Full {
    sig: readonly string[];
    key: string;
    weight: number;
    genders: Set<PersonGender>;
  }
  const fulls = new Map<string, Full>();
  for (const p of persons) {
    if (p.sig.length < 2) continue;
    const key = p.sig.join(' ');
    let f = fulls.get(key);
    if (!f) fulls.set(key, (f = { sig: p.sig, key, weight: 0, genders: new Set() }));
    f.weight += p.mentions;
    if (p.gender) f.genders.add(p.gender);
  }
  const fullGender = (f: Full): PersonGender | undefined => (f.genders.size === 1 ? [...f.genders][0] : undefined);
  const byLast = new Map<string, Full[]>();
  const byFirst = new Map<string, Full[]>();
  for (const f of fulls.values()) {
    for (const [m, w] of [
      [byLast, f.sig[f.sig.length - 1]],
      [byFirst, f.sig[0]],
    ] as const) {
      const list = m.get(w);
      if (list) list.push(f);
      else m.set(w, [f]);
    }
  }
  /**
   * The full name a name stands for: itself when full; else, of the full names ending with it ("Le Drian" in
   * "Jean-Yves Le Drian") and of a gender that agrees ("Mrs. Gore" is not Al Gore), the longest, then the most
   * mentioned; a lone untitled word may be the given name of the one full name starting so ("Bashar").
   */
  const canonicalSig = (
    sig: readonly string[],
    gender: PersonGender | undefined,
    titled: boolean,
  ): readonly string[] => {
    const tails = (byLast.get(sig[sig.length - 1]) ?? []).filter(
      (f) => endsWith(f.sig, sig) && gendersAgree(gender, fullGender(f)),
    );
    if (tails.length)
      return tails.reduce((best, t) =>
        t.sig.length > best.sig.length || (t.sig.length === best.sig.length && t.weight > best.weight) ? t : best,
      ).sig;
    if (sig.length === 1 && !titled) {
      const firsts = byFirst.get(sig[0]) ?? [];
      if (firsts.length === 1) return firsts[0].sig;
    }
    return sig;
  };
  const groupOf = (i: Item): string => {
    const sig = canonicalSig(i.sig, i.gender, i.titled);
    // A surname no full name claims stays apart by gender ("Mr. Trump", "Mrs. Trump").
    const mark = sig.length === 1 && i.gender && i.entity.key.endsWith(`#${i.gender}`) ? `#${i.gender}` : '';
    return `P:${sig.join(' ')}${mark}`;
  };
  for (const p of persons) group.set(p, groupOf(p));
  // An undecided single name of one article ("OTHER: Abaaoud") is the person another article names; so is a
  // smaller city's name when it is a person's surname in the story ("Hayward" of "Tony Hayward").
  const personGroups = new Set(group.values());
  for (const i of items) {
    if (i.sig.length === 0 || !(i.entity.type === 'OTHER' || surnameLikeCity(i.entity))) continue;
    const g = groupOf(i);
    if (personGroups.has(g)) group.set(i, g);
  }
  for (const i of items) if (!group.has(i)) group.set(i, i.entity.key);

  // Build story entities.
  const byGroup = new Map<string, Item[]>();
  for (const i of items) {
    const g = group.get(i) as string; // every item has a group from the loops above
    const list = byGroup.get(g) ?? [];
    list.push(i);
    byGroup.set(g, list);
  }
  const entities: Entity[] = [];
  const storyKeyOf = new Map<Item, string>();
  for (const [g, list] of byGroup) {
    const isPerson = g.startsWith('P:');
    let best = { name: list[0].entity.name, n: 0 };
    for (const i of list) {
      if (isPerson && i.entity.type !== 'PERSON') continue;
      const cand = { name: i.entity.name, n: i.mentions };
      if (best.n === 0 || better(cand, best)) best = cand;
    }
    const type = isPerson ? 'PERSON' : list[0].entity.type;
    const mark = isPerson ? (/#(?:male|female)$/.exec(g)?.[0] ?? '') : '';
    const key = `${entityKey(type, best.name)}${mark}`;
    const aliases: string[] = [];
    for (const i of list) {
      for (const form of [i.entity.name, ...i.entity.aliases]) {
        if (form !== best.name && !aliases.includes(form)) aliases.push(form);
      }
    }
    const entity: Entity = { key, name: best.name, type, aliases };
    // Only places are pinned: a person's surname that is also a town ("Jackson") brings no coordinates.
    const geo = type === 'PLACE' ? list.find((i) => i.entity.geo)?.entity.geo : undefined;
    if (geo) entity.geo = geo;
    entities.push(entity);
    for (const i of list) storyKeyOf.set(i, key);
  }

  const byArticle = new Map<string, Map<string, string>>();
  const keyMap = new Map<string, string>();
  const keyWeight = new Map<string, number>();
  for (const i of items) {
    const storyKey = storyKeyOf.get(i) as string; // set for every item above
    let m = byArticle.get(i.article);
    if (!m) byArticle.set(i.article, (m = new Map()));
    m.set(i.entity.key, storyKey);
    if (!keyMap.has(i.entity.key) || (keyWeight.get(i.entity.key) ?? 0) < i.mentions) {
      keyMap.set(i.entity.key, storyKey);
      keyWeight.set(i.entity.key, i.mentions);
    }
  }
  return { entities, keyMap, byArticle };
}
