// One set of entities for a story: the articles' entities merged. Persons meet by name signature (accents and
// particles aside: "Bashar Assad" = "Bashar al-Assad"), and a surname or first name alone ("Hollande", "Mr Kerry",
// "Bashar") joins the one full name of the story it can stand for; other entities meet by key.
import type { Entity, EntityMention } from '../model.js';
import { entityKey, personSignature } from './entities-names.js';
import { placeInfo } from './places.js';

export interface ArticleEntities {
  article: string;
  entities: Entity[];
  mentions: EntityMention[];
}

export interface MergedEntities {
  entities: Entity[];
  /** Article-level key → story-level key (when one key means two things in two articles, the more mentioned wins). */
  keyMap: Map<string, string>;
  /** The exact mapping, article by article: article id → (article-level key → story-level key). */
  byArticle: Map<string, Map<string, string>>;
}

interface Item {
  article: string;
  entity: Entity;
  mentions: number;
  sig: string[];
}

/** A place entity named by a city that is neither a capital nor a metropolis: its name may be a surname. */
function surnameLikeCity(e: Entity): boolean {
  if (e.type !== 'PLACE' || e.name.includes(' ')) return false;
  const p = placeInfo(e.name);
  return !!p && p.kind === 'city' && !p.capital && (p.population ?? 0) < 1_000_000;
}

const endsWith = (full: string[], part: string[]): boolean =>
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
      items.push({ article: a.article, entity: e, mentions: counts.get(e.key) ?? 0, sig: personSignature(e.name) });
    }
  }

  // Group id of each item: persons by signature, then partial names onto the one full name they fit.
  const group = new Map<Item, string>();
  const persons = items.filter((i) => i.entity.type === 'PERSON' && i.sig.length > 0);
  const fullSigs = [...new Set(persons.filter((p) => p.sig.length >= 2).map((p) => p.sig.join(' ')))].map((s) =>
    s.split(' '),
  );
  // Longest full names first: a shorter full name that ends a longer one joins it ("Le Drian" in "Jean-Yves Le Drian").
  fullSigs.sort((a, b) => b.length - a.length);
  const canonicalSig = (sig: string[]): string[] => {
    const tails = fullSigs.filter((f) => endsWith(f, sig));
    if (tails.length >= 1 && new Set(tails.map((t) => t.join(' '))).size === 1) return tails[0];
    if (tails.length > 1) {
      // Several full names end so: the most mentioned one.
      return tails.reduce((best, t) => (weight(t) > weight(best) ? t : best));
    }
    if (sig.length === 1) {
      const firsts = fullSigs.filter((f) => f[0] === sig[0]);
      if (new Set(firsts.map((t) => t.join(' '))).size === 1) return firsts[0];
    }
    return sig;
  };
  const weight = (sig: string[]): number =>
    persons.filter((p) => p.sig.join(' ') === sig.join(' ')).reduce((n, p) => n + p.mentions, 0);
  for (const p of persons) group.set(p, `P:${canonicalSig(p.sig).join(' ')}`);
  // An undecided single name of one article ("OTHER: Abaaoud") is the person another article names; so is a
  // smaller city's name when it is a person's surname in the story ("Hayward" of "Tony Hayward").
  const personGroups = new Set(group.values());
  for (const i of items) {
    if (i.sig.length === 0 || !(i.entity.type === 'OTHER' || surnameLikeCity(i.entity))) continue;
    const g = `P:${canonicalSig(i.sig).join(' ')}`;
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
    const key = entityKey(type, best.name);
    const aliases: string[] = [];
    for (const i of list) {
      for (const form of [i.entity.name, ...i.entity.aliases]) {
        if (form !== best.name && !aliases.includes(form)) aliases.push(form);
      }
    }
    const entity: Entity = { key, name: best.name, type, aliases };
    const geo = list.find((i) => i.entity.geo)?.entity.geo;
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
