// Named entities of one article: name runs (entities-runs), typed one by one (entities-typing), then resolved
// together: a surname or a first name ("Hollande", "Le Drian", "Bashar") joins the full name the article gives
// ("Francois Hollande"), and names still undecided are settled by what the article says of them elsewhere.
// Story-level merging across articles lives in entities-merge.ts.
import type { Entity, EntityMention, EntityType, Geo } from '../model.js';
import { isStopword } from '../text/words.js';
import {
  betterName,
  entityKey,
  gendersAgree,
  givenNameGender,
  type PersonGender,
  personSignature,
  titleGender,
} from './entities-names.js';
import { type NameRun, nameRuns } from './entities-runs.js';
import {
  agentContext,
  givenName,
  personContext,
  placeContext,
  thingContext,
  type Typed,
  typed as typedRun,
  typeRun,
} from './entities-typing.js';
import { foldName, gazetteer } from './gazetteer.js';
import type { SentenceTokens } from '../text/sentences.js';

export { mergeStoryEntities } from './entities-merge.js';
export { entityKey, personSignature } from './entities-names.js';
export { lookupPlace } from './places.js';

export interface FindEntitiesOptions {
  /** Keep OTHER entities (events, treaties, unknown names); default true. */
  keepOther?: boolean;
}

const endsWith = (full: readonly string[], part: readonly string[]): boolean =>
  part.length < full.length && part.every((w, i) => full[full.length - part.length + i] === w);

interface Resolved {
  typed: Typed;
  type: EntityType;
  /** Key of the person cluster (joined signature), for persons. */
  person: string | undefined;
}

/** A resolved run: made here only, so that every one has the same three fields (`person` undefined but for persons). */
function resolvedAs(t: Typed, type: EntityType, person: string | undefined): Resolved {
  return { typed: t, type, person };
}

/** Entities and their mentions in `text`, given its sentences from `tokenize(text)`. */
export function findEntities(
  text: string,
  sentences: SentenceTokens[],
  opts: FindEntitiesOptions = {},
): { entities: Entity[]; mentions: EntityMention[] } {
  const countries = gazetteer().countries;
  const runs = nameRuns(text, sentences, (key) => countries.has(key));
  const typed: Typed[] = [];
  for (const run of runs) {
    const t = typeRun(run);
    if (t) typed.push(t);
  }

  // Full names of persons: two words or more once particles are out.
  const fulls = new FullNames();
  for (const t of typed) {
    // An unknown two-word name ("Tipper Gore") is a full name only for a titled surname ("Mrs. Gore").
    if (t.type !== 'PERSON' && t.strength !== 'multi') continue;
    const sig = personSignature(t.name);
    if (sig.length >= 2)
      fulls.add(sig, t.run.start, titleGender(t.run.title) ?? givenNameGender(t.name), t.strength === 'multi');
  }
  const facts: ArticleFacts = {
    fulls,
    personWords: new Set(),
    lowerWords: new LowerWords(sentences),
    orgFirstWords: new Set(),
    thingNames: new Set(),
  };
  for (const t of typed) {
    if (t.type === 'OTHER' && thingContext(t.run)) facts.thingNames.add(foldName(t.name));
    if (!t.name.includes(' ')) {
      if (t.type === 'PERSON' || agentContext(t.run)) facts.personWords.add(foldName(t.name));
    } else if (t.type === 'ORG' && t.strength !== 'multi') facts.orgFirstWords.add(foldName(t.name.split(' ')[0]));
  }

  const resolved: Resolved[] = [];
  for (const t of typed) {
    const r = resolve(t, facts);
    if (r && (r.type !== 'OTHER' || opts.keepOther !== false)) resolved.push(r);
  }
  return build(text, resolved);
}

interface FullName {
  sig: readonly string[];
  key: string;
  /** Where it is mentioned, in text order. */
  at: number[];
  /** What its titles ("Mrs.") or given name say, when they agree. */
  gender?: PersonGender;
  /** Titles and given names gave both genders: unknown. */
  mixed?: boolean;
  /** Only ever seen as an unknown multi-word name: a person only to a titled surname. */
  weak: boolean;
}

/** The article's full person names, indexed by last and first word. */
class FullNames {
  private byKey = new Map<string, FullName>();
  private byLast = new Map<string, FullName[]>();
  private byFirst = new Map<string, FullName[]>();

  add(sig: readonly string[], at: number, gender: PersonGender | undefined, weak: boolean): void {
    const key = sig.join(' ');
    let f = this.byKey.get(key);
    if (f && !weak) f.weak = false;
    if (!f) {
      // Every field from the start (gender and mixed were added later): one shape for all full names.
      f = { sig, key, at: [], gender: undefined, mixed: false, weak };
      this.byKey.set(key, f);
      push(this.byLast, sig[sig.length - 1], f);
      push(this.byFirst, sig[0], f);
    }
    f.at.push(at);
    if (gender && !f.mixed) {
      if (f.gender && f.gender !== gender) {
        f.mixed = true;
        f.gender = undefined;
      } else f.gender = gender;
    }
  }

  has(sig: readonly string[]): boolean {
    const f = this.byKey.get(sig.join(' '));
    return !!f && !f.weak;
  }

  /**
   * The person a partial name stands for: of the full names ending so and of a compatible gender ("Mrs. Gore" is
   * not Al Gore), the most prominent — mentioned most, then first. A lone word may be a given name ("Bashar") when
   * one full name starts so, but not with a title: "Mr. Michael" and "Prince Michael" are not Michael Jackson.
   */
  personFor(sig: readonly string[], gender: PersonGender | undefined, titled: boolean): readonly string[] | undefined {
    const tails = (this.byLast.get(sig[sig.length - 1]) ?? []).filter(
      (f) => endsWith(f.sig, sig) && gendersAgree(gender, f.gender) && (titled || !f.weak),
    );
    if (tails.length) return prominent(tails).sig;
    if (sig.length !== 1 || titled) return undefined;
    const firsts = (this.byFirst.get(sig[0]) ?? []).filter((f) => !f.weak);
    return firsts.length === 1 ? firsts[0].sig : undefined;
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** The most mentioned full name, the first mentioned among equals. Candidates are the few full names of one surname. */
function prominent(cands: FullName[]): FullName {
  return cands.reduce((a, b) =>
    b.at.length > a.at.length || (b.at.length === a.at.length && b.at[0] < a.at[0]) ? b : a,
  );
}

/** Plural nouns that open sentences capitalised and are said to speak ("Officials said …"). */
const COMMON_PLURALS = new Set(
  `officials analysts experts scientists critics investigators correspondents engineers residents witnesses police
  authorities observers doctors researchers economists diplomats sources protesters activists officers troops soldiers
  workers crews investors traders lawmakers legislators senators members leaders ministers voters people families
  relatives survivors victims rescuers volunteers environmentalists fishermen prosecutors lawyers medics officers
  militants rebels fighters insurgents locals villagers students teachers parents executives shareholders regulators`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * The words of an article written in lower case (first letter a–z), collected on the first question: most
 * articles never ask, and the collection is a set entry for every lower-case token.
 */
class LowerWords {
  private words: Set<string> | undefined;

  constructor(private readonly sentences: readonly SentenceTokens[]) {}

  has(word: string): boolean {
    if (!this.words) {
      this.words = new Set();
      for (const s of this.sentences) {
        for (const tok of s.tokens) {
          const c = tok.text.charCodeAt(0);
          if (c >= 97 && c <= 122) this.words.add(tok.text);
        }
      }
    }
    return this.words.has(word);
  }
}

/** What the whole article says, for deciding one name. */
interface ArticleFacts {
  fulls: FullNames;
  /** Folded one-word names written alone somewhere as someone who says or does ("Abaaoud had recommended"). */
  personWords: Set<string>;
  /** Words written in lower case somewhere: a capitalised one of them opening a sentence is no name ("Officials"). */
  lowerWords: LowerWords;
  /** First words of organisation names ("BP" of "BP Plc"): alone, they name the organisation. */
  orgFirstWords: Set<string>;
  /** Folded names written somewhere as a thing: a product, drug, vessel or event (`thingContext`). */
  thingNames: Set<string>;
}

function resolve(t: Typed, facts: ArticleFacts): Resolved | undefined {
  const run = t.run;

  const single = !t.name.includes(' ');
  if (t.strength !== 'known') {
    const sig = personSignature(t.name);
    if (sig.length >= 1 && (t.type === 'PERSON' || t.strength !== 'cue')) {
      const gender = titleGender(run.title) ?? givenNameGender(t.name);
      const full = sig.length >= 2 && facts.fulls.has(sig) ? sig : facts.fulls.personFor(sig, gender, !!run.title);
      if (full) return resolvedAs(t, 'PERSON', full.join(' '));
    }
    // A name the article writes as a thing somewhere ("the drug X", "aboard the X") is that thing everywhere, even
    // where it "says" something, unless a title or a person's full name makes it a person.
    if (!run.title && (t.type === 'PERSON' || t.type === 'OTHER') && facts.thingNames.has(foldName(t.name)))
      return resolvedAs(typedRun('OTHER', t.name, t.strength, t.geo, run), 'OTHER', undefined);
    if (single && !run.title) {
      // A capitalised word before a lower-case noun qualifies it ("Islamic extremists", "Exxon shares"): it names
      // nothing by itself, whatever longer name it starts elsewhere.
      const after = run.sentence.tokens[run.last + 1];
      const modifier =
        !run.hyphenSuffix && !!after && (after.pos === 'NOUN' || after.pos === 'ADJ') && /^\p{Ll}/u.test(after.text);
      if (facts.orgFirstWords.has(foldName(t.name)) && !modifier)
        return resolvedAs(typedRun('ORG', t.name, t.strength, t.geo, run), 'ORG', undefined);
      const lower = t.name.toLowerCase();
      // An ordinary word in capitals: opening a sentence, shouted ("THE", "NOT"), or a plural noun ("Officials").
      if (COMMON_PLURALS.has(lower) || isStopword(lower)) return undefined;
      if ((run.initial || t.name === t.name.toUpperCase()) && facts.lowerWords.has(lower)) return undefined;
      if (run.initial && /^\p{Lu}\p{Ll}+ing$/u.test(t.name)) return undefined;
    }
  }
  // A surname no full name claims is its own person, kept apart by the gender its title says ("Mr. Trump" and
  // "Mrs. Trump" of an article that never gives their first names are two people).
  const asPerson = (): Resolved => {
    const sig = personSignature(t.name);
    const g = sig.length === 1 ? titleGender(run.title) : undefined;
    return resolvedAs(t, 'PERSON', `${sig.join(' ')}${g ? `#${g}` : ''}`);
  };
  if (t.type === 'PERSON') return asPerson();
  if (t.strength === 'multi') {
    const lastWord = foldName(t.name.split(' ').pop() ?? '');
    return personContext(run) || facts.personWords.has(lastWord) ? asPerson() : resolvedAs(t, 'OTHER', undefined);
  }
  if (t.strength === 'weak') {
    if (personContext(run)) return asPerson();
    // A capitalised modifier ("Islamic extremists", "Kalashnikov assault rifle") or a sentence opener.
    const next = run.sentence.tokens[run.last + 1];
    if (run.initial && !agentContext(run)) return undefined;
    if (next && (next.pos === 'NOUN' || next.pos === 'ADJ') && /^\p{Ll}/u.test(next.text)) return undefined;
    // The subject of a verb but nothing more: the story-level merge makes it a person if a full name fits.
    return resolvedAs(t, 'OTHER', undefined);
  }
  // A one-word small city that is also a common word here ("Reading", "Man", "Mary") needs a place cue.
  if (t.type === 'PLACE' && t.strength === 'city' && single && !placeContext(run)) {
    if (facts.lowerWords.has(t.name.toLowerCase()) || givenName(t.name)) return undefined;
  }
  return resolvedAs(t, t.type, undefined);
}

function build(text: string, resolved: Resolved[]): { entities: Entity[]; mentions: EntityMention[] } {
  // Persons: the best name of each cluster.
  const personName = new Map<string, string>();
  for (const r of resolved) {
    if (!r.person) continue;
    const seen = personName.get(r.person);
    if (!seen || betterName(r.typed.name, seen)) personName.set(r.person, r.typed.name);
  }
  const entities = new Map<string, Entity>();
  const mentions: EntityMention[] = [];
  for (const r of resolved) {
    const run: NameRun = r.typed.run;
    const name = r.person ? (personName.get(r.person) ?? r.typed.name) : r.typed.name;
    const gendered = r.person?.match(/#(male|female)$/)?.[1];
    const key = `${entityKey(r.type, name)}${gendered ? `#${gendered}` : ''}`;
    let end = run.end;
    // "the Islamic State group", "the IS group": the group word belongs to the name as written.
    const next = run.sentence.tokens[run.last + 1];
    if (r.type === 'ORG' && next?.text === 'group' && !run.hyphenSuffix) end = next.end;
    const surface = text.slice(run.start, end).replace(/\s+/g, ' ');
    let entity = entities.get(key);
    if (!entity) {
      entity = { key, name, type: r.type, aliases: [] };
      // Only places are pinned: a person named like a town ("Jackson") never gets its coordinates.
      const geo: Geo | undefined = r.type === 'PLACE' ? r.typed.geo : undefined;
      if (geo) entity.geo = geo;
      entities.set(key, entity);
    }
    for (const form of [surface, run.name]) {
      if (form !== entity.name && !entity.aliases.includes(form)) entity.aliases.push(form);
    }
    mentions.push({ start: run.start, end, text: surface, entity: key });
  }
  return { entities: [...entities.values()], mentions };
}
