// Typing one name run: hand tables, title cues, gazetteers, organisation and place cues, and the words around it.
// The answer carries how sure it is, so that the article-level pass can still make a surname into a person.
import type { EntityType, Geo } from '../model.js';
import {
  GEO_HEADS,
  GIVEN_NAMES,
  GROUP_ADJECTIVES,
  KNOWN_ORGS,
  KNOWN_PLACES,
  type KnownEntity,
  ORG_APPOSITION,
  ORG_HEADS,
  ORG_OF_HEADS,
  STRONG_ORG_WORDS,
  TITLE_HEADS,
  THING_BEFORE,
  TITLE_MODIFIERS,
} from './aliases.js';
import type { NameRun } from './entities-runs.js';
import { foldName, gazetteer } from './gazetteer.js';
import { placeInfo } from './places.js';

/**
 * How a type was reached, surest first. `known`: a hand table or a country; `cue`: a title or the words around it;
 * `city`: a big city's name (a surname may still win); `guess`: the form of the name; `multi`/`weak`: unknown
 * multi-word or single-word names the article-level pass decides.
 */
export type Strength = 'known' | 'cue' | 'city' | 'guess' | 'multi' | 'weak';

export interface Typed {
  type: EntityType;
  /** Canonical name (table name, country's common name) or the name as written. */
  name: string;
  strength: Strength;
  geo?: Geo;
  /** The run with a leading demonym removed ("Belgian Abdelhamid Abaaoud"), when it was. */
  run: NameRun;
}

/**
 * A typed run, made here only: every one with the same fields in the same order (`geo` undefined when none), as the
 * resolver reads them in its loops and varying shapes threw it back to the interpreter ("wrong map").
 */
export function typed(type: EntityType, name: string, strength: Strength, geo: Geo | undefined, run: NameRun): Typed {
  return { type, name, strength, geo, run };
}

const words = (s: string): Set<string> => new Set(s.split(/\s+/).filter(Boolean));

export const SPEECH_VERBS =
  words(`said says say told tells added adds stated noted insisted warned argued explained vowed
  pledged declared announced wrote tweeted acknowledged conceded admitted replied asked urged claimed stressed recalled
  testified confirmed denied promised predicted suggested complained countered`);
const SKIPPABLE = words(`also later then again once previously repeatedly recently earlier further has have had was were
  is are would will could already still never often even just only first finally herself himself not reportedly`);
const PERSON_POSSESSED = words(`spokesman spokeswoman spokesperson wife husband son daughter father mother brother
  sister lawyer lawyers attorney aide aides adviser advisers advisor family campaign successor predecessor`);
const PERSON_BEFORE = words(`spokesman spokeswoman spokesperson minister president leader chief commander official envoy
  ambassador secretary chairman chairwoman premier senator governor mayor general colonel analyst expert lawyer author
  actor singer player coach director candidate rival deputy dictator strongman cleric preacher militant jihadist
  suspect attacker gunman bomber ringleader mastermind journalist reporter photographer cartoonist editor`);
const PLACE_PREPS = words(`in near outside around across into toward towards from at inside throughout via`);
const PLACE_OF_NOUNS = words(`city town village province region outskirts suburbs suburb centre center north south east
  west heart capital streets palace treaty port governorate district area neighbourhood neighborhood Palace Treaty`);
/** Lower-case nouns after a name that make it a thing, not a person ("Deepwater Horizon rig", "Exxon Valdez spill"). */
const THING_AFTER =
  words(`rig ship tanker vessel platform spill disaster crash flight accident storm hurricane case scandal
  trial crisis virus flu outbreak well field pipeline operation mission rifle plane jet aircraft missile drone system
  strain vaccine drug album film movie song show series book novel brand product`);
const NOT_PERSON =
  words(`War Wars Treaty Cup Games Prize Award Awards Day Act Accord Accords Agreement Convention Summit
  Conference Olympics Street Avenue Square Road Airport Bridge Hotel Stadium Tower Festival Museum Revolution Spring
  Declaration Protocol Charter Plan Doctrine Initiative Index Fashion Week Fighter Jet Station Prison Camp Base Hurricane
  Storm Typhoon Cyclone Tropical Flu Virus God Allah Jesus Christ Bible Koran Quran Internet Web`);
const ARABIC_GIVEN = /^(?:Abd|Abdel|Abdul|Abdal|Abu|Abou)[\p{L}-]*$/u;

let knownByName: Map<string, KnownEntity> | undefined;

/** The hand-table entity a name stands for ("ISIL" → Islamic State), by folded name. */
export function knownEntity(name: string): KnownEntity | undefined {
  if (!knownByName) {
    knownByName = new Map();
    for (const e of [...KNOWN_ORGS, ...KNOWN_PLACES]) {
      for (const n of [e.name, ...e.aliases]) if (!knownByName.has(foldName(n))) knownByName.set(foldName(n), e);
    }
  }
  return knownByName.get(foldName(name));
}

const ISLAMIC_STATE = KNOWN_ORGS[0];

function mentionStartIndex(run: NameRun): number {
  const toks = run.sentence.tokens;
  for (let i = run.first; i >= 0; i--) if (toks[i].start <= run.start) return i;
  return run.first;
}

function tokenAfter(run: NameRun, skipAdverbs: boolean): { text: string; pos: string; index: number } | undefined {
  const toks = run.sentence.tokens;
  let j = run.last + 1;
  if (run.hyphenSuffix) j += 2;
  while (skipAdverbs && toks[j] && SKIPPABLE.has(toks[j].text.toLowerCase()) && toks[j + 1]) j++;
  const t = toks[j];
  return t ? { text: t.text, pos: t.pos, index: j } : undefined;
}

/** "X said", ", said X", "according to X", "X, 54,", "X, who", "X's spokesman", "spokesman X". */
export function personContext(run: NameRun): boolean {
  const toks = run.sentence.tokens;
  const next = tokenAfter(run, true);
  if (next && SPEECH_VERBS.has(next.text.toLowerCase()) && !run.hyphenSuffix) return true;
  const n0 = toks[run.last + 1];
  const n1 = toks[run.last + 2];
  const n2 = toks[run.last + 3];
  if (n0?.text === ',' && n1?.pos === 'NUM' && /^\d{2}$/.test(n1.text) && n2?.text === ',') return true;
  if (n0?.text === ',' && n1?.text.toLowerCase() === 'who') return true;
  if (n0 && /^['’]s$/.test(n0.text) && n1 && PERSON_POSSESSED.has(n1.text.toLowerCase())) return true;
  const at = mentionStartIndex(run);
  const p = toks[at - 1];
  const pp = toks[at - 2];
  if (p && SPEECH_VERBS.has(p.text) && pp && /^[,"”’]$/.test(pp.text)) return true;
  if (p?.text === 'to' && pp?.text.toLowerCase() === 'according') return true;
  if (p && PERSON_BEFORE.has(p.text)) return true;
  return false;
}

/** The name is the subject of a verb ("Kerry also discussed", "Abaaoud came"). */
export function agentContext(run: NameRun): boolean {
  if (run.hyphenSuffix) return false;
  // "the Gulf is …": a person is not written with an article.
  const before = run.sentence.tokens[mentionStartIndex(run) - 1]?.text.toLowerCase();
  if (before === 'the' || before === 'a' || before === 'an') return false;
  const next = tokenAfter(run, true);
  return !!next && (next.pos === 'VERB' || next.pos === 'AUX') && /^\p{Ll}/u.test(next.text);
}

/** "in X", "near X", "X-based", "the outskirts of X". */
export function placeContext(run: NameRun): boolean {
  if (run.hyphenSuffix === 'based') return true;
  const toks = run.sentence.tokens;
  const at = mentionStartIndex(run);
  const p = toks[at - 1]?.text;
  if (p && PLACE_PREPS.has(p)) return true;
  const pp = toks[at - 2]?.text;
  return p === 'of' && !!pp && PLACE_OF_NOUNS.has(pp);
}

/** "the satirical magazine Charlie Hebdo", "France Inter radio". */
function orgContext(run: NameRun): boolean {
  const toks = run.sentence.tokens;
  const p = toks[mentionStartIndex(run) - 1]?.text;
  const n = run.hyphenSuffix ? undefined : toks[run.last + 1]?.text;
  return (!!p && ORG_APPOSITION.has(p)) || (!!n && ORG_APPOSITION.has(n) && n !== 'group');
}

/**
 * The words before a name make it a thing: a noun for a product, drug, vessel or event ("the drug X", "the tanker
 * X"), or "the" itself (a person is never written "the X" without a title; places and organisations are typed
 * before this is asked).
 */
export function thingContext(run: NameRun): boolean {
  if (run.title) return false;
  const toks = run.sentence.tokens;
  const at = mentionStartIndex(run);
  const p = toks[at - 1]?.text;
  if (!p) return false;
  const lp = p.toLowerCase();
  if (THING_BEFORE.has(p)) return true;
  if (lp !== 'the') return false;
  // "the Assad regime", "the Obama administration": the name qualifies the noun after it, which is what "the" is for.
  const next = run.hyphenSuffix ? undefined : toks[run.last + 1];
  return !(next && /^\p{Ll}/u.test(next.text) && (next.pos === 'NOUN' || next.pos === 'ADJ' || next.pos === 'PROPN'));
}

/** True for a demonym or its plural ("French", "Syrians"). */
function demonym(word: string): boolean {
  const d = gazetteer().demonyms;
  const key = foldName(word);
  return d.has(key) || (key.endsWith('s') && d.has(key.slice(0, -1)));
}

function tailOfName(run: NameRun): boolean {
  const toks = run.sentence.tokens;
  const at = mentionStartIndex(run);
  const p = toks[at - 1]?.text;
  const pp = toks[at - 2]?.text ?? '';
  return (p === 'for' || p === 'of' || p === 'on') && /^\p{Lu}\p{Ll}/u.test(pp) && !TITLE_HEADS.has(pp);
}

/** A given name: a common one, or an Arabic theophoric one (Abd…, Abu …). */
export function givenName(word: string): boolean {
  const first = word.split('-')[0];
  return GIVEN_NAMES.has(word) || GIVEN_NAMES.has(first) || ARABIC_GIVEN.test(word);
}

function known(run: NameRun, e: KnownEntity): Typed {
  return typed(e.type, e.name, 'known', e.geo, run);
}

/** Types a run, or returns undefined when it names nothing (a demonym, a lone title or organisation word). */
export function typeRun(run: NameRun): Typed | undefined {
  if (run.isGroup) return known(run, ISLAMIC_STATE);
  const name = run.name;
  const table = knownEntity(name);
  if (table) return known(run, table);
  const parts = name.split(' ');
  if (run.title) return typed('PERSON', name, 'cue', undefined, run);
  const country = gazetteer().countries.get(foldName(name));
  if (country) return typed('PLACE', country.name, 'known', country.geo, run);
  // "Islamic", "European" alone qualify a noun: no entity.
  if (parts.length === 1 && GROUP_ADJECTIVES.has(name)) return undefined;
  if (demonym(parts[0])) {
    if (parts.length === 1) return undefined;
    const rest = name.slice(parts[0].length + 1);
    const restFirst = run.first + 1 + (run.sentence.tokens[run.first + 1]?.text === '-' ? 2 : 0);
    const at = run.sentence.tokens[restFirst]?.start ?? run.nameStart;
    // The run without its demonym, written field by field in the order every run has (entities-runs makeRun).
    return typeRun({
      sentence: run.sentence,
      initial: false,
      hyphenSuffix: run.hyphenSuffix,
      isGroup: run.isGroup,
      start: at,
      nameStart: at,
      end: run.end,
      name: rest,
      title: run.title,
      first: restFirst,
      last: run.last,
    });
  }
  const last = parts[parts.length - 1];
  if (parts.length === 1 && (ORG_HEADS.has(last) || TITLE_HEADS.has(last) || TITLE_MODIFIERS.has(last)))
    return undefined;
  if (parts.length > 1 && GEO_HEADS.has(parts[0]) && parts[1] === 'of') {
    return typed('PLACE', name, 'cue', placeInfo(name)?.geo, run);
  }
  if (
    ORG_HEADS.has(last) ||
    (ORG_OF_HEADS.has(parts[0]) && parts.includes('of')) ||
    (parts.length > 1 && parts.some((p) => STRONG_ORG_WORDS.has(p)))
  ) {
    return typed('ORG', name, 'cue', undefined, run);
  }
  if (parts.length > 1 && GEO_HEADS.has(last)) {
    const geo = placeInfo(name)?.geo ?? placeInfo(parts.slice(0, -1).join(' '))?.geo;
    return typed('PLACE', name, 'cue', geo, run);
  }
  if (parts.some((p) => NOT_PERSON.has(p) || /^(?:[IVX]+|\d+)$/.test(p)))
    return typed('OTHER', name, 'cue', undefined, run);
  if (orgContext(run)) return typed('ORG', name, 'cue', undefined, run);
  const after = run.hyphenSuffix ? undefined : run.sentence.tokens[run.last + 1]?.text;
  if (after && THING_AFTER.has(after)) return typed('OTHER', name, 'cue', undefined, run);
  const acronym = parts.length === 1 && /^\p{Lu}[\p{Lu}\d&]{1,5}$/u.test(name);
  const place = placeInfo(name);
  const person = !acronym && personContext(run);
  if (place) {
    // Capitals and the biggest cities are places whatever is said of them; a smaller city yields to a person cue.
    const big = place.kind !== 'city' || place.capital || (place.population ?? 0) >= 1_000_000;
    const fair = (place.population ?? 0) >= 100_000 && !person;
    if (big || fair || (placeContext(run) && !person)) {
      return typed('PLACE', place.name, 'city', place.geo, run);
    }
  }
  if (acronym) return typed('ORG', name, 'guess', undefined, run);
  // "the drug X", "aboard the X", "the X" with no title: a thing, a vessel or an event, never a person.
  if (thingContext(run)) return typed('OTHER', name, 'cue', undefined, run);
  if (name.length < 2) return undefined;
  // The tail of a longer name cut at "for"/"of" ("Department for | International Development").
  if (parts.length > 1 && tailOfName(run)) return typed('ORG', name, 'cue', undefined, run);
  if (person) return typed('PERSON', name, 'cue', undefined, run);
  if (parts.length > 1) {
    if (givenName(parts[0])) return typed('PERSON', name, 'guess', undefined, run);
    if (parts.some((p) => gazetteer().countries.has(foldName(p)) || knownEntity(p))) {
      return typed('OTHER', name, 'guess', undefined, run);
    }
    return typed('OTHER', name, 'multi', undefined, run);
  }
  // One word: the article-level pass decides.
  return typed('OTHER', name, 'weak', undefined, run);
}
