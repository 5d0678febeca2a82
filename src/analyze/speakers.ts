// Light-weight detection of who speaks: proper-noun runs with optional titles ("Defence Minister Jean-Yves Le
// Drian", "Sen. Richard C. Shelby"), pronouns, and organisation or role phrases ("the presidency", "a U.S. Embassy
// official", "officials"). It is deliberately self-contained so the entity recogniser can replace it later: the quote
// finder only needs `speakerEndingAt`, `speakerStartingAt` and `namedMentions`.
import type { Span } from '../model.js';
import { wordSpans } from '../text/words.js';
import { FEMALE_FIRST, MALE_FIRST, ROLE_NOUNS, TRANSCRIPT_MARKERS } from './aliases.js';
import { PEOPLE_SETTINGS } from './settings.js';

export type SpeakerKind = 'person' | 'pronoun' | 'org' | 'role' | 'unknown';
export type Gender = 'male' | 'female' | 'plural' | 'neuter';

export interface SpeakerMention extends Span {
  text: string;
  kind: SpeakerKind;
  /** For a person: the name without its title ("Jean-Yves Le Drian"); for an org or role: the phrase without its article. */
  name?: string;
  /** Title words written before the name, lower-cased ("defence minister"). */
  title?: string;
  gender?: Gender;
}

/**
 * Every mention is made here, with all its fields in one order (absent ones undefined): the quote finder reads
 * mentions in its hottest loops, and mentions of varying shapes (a spread copy, a literal without `title`) threw
 * its optimised code back to the interpreter ("wrong map") on many articles of a fresh process.
 */
export function speakerMention(
  start: number,
  end: number,
  text: string,
  kind: SpeakerKind,
  name: string | undefined,
  title: string | undefined,
  gender: Gender | undefined,
): SpeakerMention {
  return { start, end, text, kind, name, title, gender };
}

/** `m` moved to [start, end) as `text` is written there, its kind, name, title and gender kept. */
export function respan(m: SpeakerMention, start: number, end: number, text: string): SpeakerMention {
  return speakerMention(start, end, text, m.kind, m.name, m.title, m.gender);
}

const words = (s: string): Set<string> => new Set(s.split(/\s+/).filter(Boolean));

/** Capitalised words that start sentences or name times, never part of a name. */
const NON_NAME = words(`The A An But And Or So Yet If In On At As By For From Of To With When While After Before Since
  Until During Although Though Because This That These Those It Its He She They We I You His Her Their Our My Your Him
  Them Us Me Earlier Later Meanwhile However Still Then Now Also Even Only Just Here There Where What Who Whom Whose Why
  How Which Some Many Most All Both Each Every No Not Nor One Two Three Four Five Another Other Others Such More Last
  Next First Second Third Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June
  July August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Today Tomorrow
  Yesterday Tonight Like Unlike Despite Under Over Against Among Between Into Through Without Within Instead Indeed Yes
  Well Oh Let Do Does Did Is Are Was Were Has Have Had Will Would Can Could Should Might Must Shall According Asked
  Please Thus Hence Perhaps Maybe Already Again Never Always Sometimes Often Once Whether Unless Except Beyond Across
  Around About Above Below Near Per Via Amid Amidst Toward Towards Upon Onto Off Out Up Down Ahead Inside Outside
  Although Whereas Moreover Furthermore Nevertheless Nonetheless Otherwise Overall Finally Ultimately Clearly Obviously
  Photo Image Video Read Share Advertisement Advertising Updated Published Opinion Editorial Copyright Click Watch`);

/** Title words that may precede a name (kept as the mention's title). */
const TITLE = words(`Mr Mr. Mrs Mrs. Ms Ms. Miss Dr Dr. Sen Sen. Rep Rep. Reps. Gov Gov. Gen Gen. Col Col. Lt Lt. Capt
  Capt. Maj Maj. Sgt Sgt. Adm Adm. Cmdr Cmdr. Prof Prof. Rev Rev. Fr Fr. Del Del. Amb Amb. Pres Pres. Supt Supt. Insp
  Det Det. Sheikh Sir Dame Lord Lady President Vice Prime Minister Ministers Secretary Chancellor Senator Senators
  Representative Congressman Congresswoman Governor Mayor General Colonel Lieutenant Captain Major Sergeant Admiral
  Commander Chief Judge Justice Ambassador Envoy Spokesman Spokeswoman Spokesperson Chairman Chairwoman Chair Director
  King Queen Prince Princess Pope Emir Crown Speaker Leader Deputy Attorney Commissioner Professor Pastor Bishop
  Archbishop Cardinal Rabbi Imam Ayatollah Sheriff Officer Detective Inspector Superintendent Premier Foreign Defence
  Defense Interior Finance Economy Health Home Education Environment Trade Energy Labor Labour Transport Of State
  Former Acting Interim Outgoing Incoming Top Senior Assistant Associate Executive Press Majority Minority House Senate
  Democratic Republican Libertarian Conservative Socialist Green Independent Coach Manager Anchor Host Moderator CEO
  of`);

/** Words that make a capitalised run an organisation or a place rather than a person. */
const ORG_WORD = words(`State States Nations Union House Party Ministry Department Council Committee Commission Congress
  Senate Parliament Assembly Court Agency Association Institute University College School Times Post News Journal Press
  Radio TV Television Network Group Foundation Center Centre Bank Fund Office Police Army Navy Force Forces Guard Corps
  Company Corp Corp. Inc Inc. Ltd Co Co. Campaign Coalition Alliance Organization Organisation Federation Treaty Palace
  Embassy Administration Government Republic Kingdom Front Movement Brigade Brigades Board Authority Service Services
  Reuters AP AFP CNN BBC NBC CBS ABC MSNBC Fox Twitter Facebook Google Kremlin Pentagon Elysee Élysée Vatican Daesh ISIS
  ISIL IS EU UN NATO FBI CIA Islamic Democrats Republicans GOP Club Society League Trust Partners Project Initiative
  Airlines Airways Motors Industries Holdings Group Street Avenue Square Road City County Province Region Island Islands
  Sea Ocean River Mountains Valley Gulf Bay Strait Airport Station Hospital Church Mosque Temple Stadium Hotel Tower
  Times Magazine Tribune Herald Gazette Telegraph Guardian Daily Weekly Channel Studio Studios Records Labs Capital`);

const PLACE = words(`France Syria Iraq Iran Russia Europe Britain England Scotland Wales Ireland Germany Italy Spain
  Portugal Belgium Netherlands Holland Switzerland Austria Poland Ukraine Turkey Greece Sweden Norway Denmark Finland
  Hungary Romania Bulgaria Serbia Croatia Egypt Libya Tunisia Algeria Morocco Jordan Lebanon Israel Palestine Gaza Saudi
  Arabia Yemen Qatar Kuwait Bahrain Oman UAE Emirates Afghanistan Pakistan India China Japan Korea Taiwan Vietnam
  Thailand Indonesia Malaysia Philippines Singapore Australia Canada Mexico Brazil Argentina Chile Colombia Venezuela Cuba
  Peru Nigeria Kenya Ethiopia Somalia Sudan Mali Niger Chad Africa Asia America Americas Paris Moscow London Washington
  Berlin Brussels Rome Madrid Beijing Tokyo Damascus Baghdad Tehran Ankara Istanbul Cairo Beirut Jerusalem Riyadh Raqqa
  Aleppo Mosul Palmyra Homs Idlib Kabul Islamabad Delhi Geneva Vienna Versailles Sinai Levant Burma Myanmar Ohio Texas
  Florida California Virginia Carolina Iowa Vermont Utah Michigan Pennsylvania Wisconsin Nevada Colorado Arizona Georgia
  Maryland Oklahoma Kentucky Tennessee Alabama Mississippi Louisiana Missouri Minnesota Oregon Kansas Nebraska Dakota
  Montana Idaho Wyoming Alaska Hawaii Maine Massachusetts Connecticut Delaware Jersey York Chicago Charlotte Boston
  Philadelphia Atlanta Detroit Houston Dallas Miami Seattle Denver Baltimore Cleveland Tulsa Brooklyn Manhattan Hollywood
  Korea Pyongyang Seoul Crimea Kiev Kyiv Minsk Warsaw Prague Budapest Athens Lisbon Dublin Edinburgh Amsterdam Stockholm
  Oslo Copenhagen Helsinki Nice Lyon Marseille Strasbourg Calais Ottawa Toronto Sydney Lagos Nairobi Tripoli Tunis`);

/** Nationality and party adjectives that may come before a title ("French President …"). */
const DEMONYM =
  words(`American British English Scottish Welsh Irish French German Italian Spanish Portuguese Dutch Belgian
  Swiss Austrian Swedish Norwegian Danish Finnish Polish Czech Slovak Hungarian Romanian Bulgarian Greek Turkish Russian
  Ukrainian Belarusian Serbian Croatian Bosnian Albanian Syrian Iraqi Iranian Israeli Palestinian Lebanese Jordanian
  Egyptian Libyan Tunisian Algerian Moroccan Saudi Yemeni Qatari Kuwaiti Emirati Bahraini Omani Afghan Pakistani Indian
  Chinese Japanese Korean Taiwanese Vietnamese Thai Indonesian Malaysian Filipino Australian Canadian Mexican Brazilian
  Argentine Argentinian Chilean Colombian Venezuelan Cuban Peruvian Nigerian Kenyan Ethiopian Somali Sudanese Malian
  South North East West Western Eastern Northern Southern European Arab Kurdish Latvian Lithuanian Estonian Georgian
  Armenian Azerbaijani Kazakh Uzbek Burmese Cambodian Mongolian Nepalese Sri Lankan Bangladeshi African Asian Latin
  US U.S. U.S UN U.N. EU E.U. UK U.K. NATO Democratic Republican Libertarian`);
const isDemonym = (w: string): boolean => DEMONYM.has(w);

/** Lower-case heads that make a noun phrase a plausible speaker ("the presidency said", "officials said"). */
const SPEAKER_NOUN = words(`official officials spokesman spokeswoman spokesperson spokesmen minister ministers president
  presidency ministry government police lawyer lawyers attorney attorneys statement report reports source sources
  analyst analysts expert experts critic critics aide aides adviser advisers advisor advisors leader leaders chief
  director secretary mayor governor senator senators judge judges prosecutor prosecutors officer officers commander
  commanders general diplomat diplomats envoy ambassador agency group campaign party company firm union court ruling
  letter ad ads narrator announcer witness witnesses resident residents people protesters protestors voters supporters
  member members colleague colleagues friend friends mother father wife husband son daughter sister brother woman man men
  women doctor doctors professor researcher researchers scientist scientists economist economists historian author
  editor writer journalist reporter host moderator candidate nominee chairman chairwoman chair manager strategist
  consultant pollster activist activists organizer organizers student students teacher teachers parent parents owner
  owners executive executives ceo founder commission committee council department office administration embassy military
  army ministry palace authorities authority militants rebels group spokesperson worker workers employee employees
  investigators investigator regulator regulators lawmaker lawmakers legislator legislators congressman congresswoman
  representative representatives delegate delegates negotiator negotiators observers observer monitor monitors coalition
  alliance organisation organization network newspaper paper magazine channel agency website site blog study survey poll
  document documents filing complaint lawsuit memo release brief book article video clip piece statement announcement
  commentator commentators columnist pundit pundits insider insiders partner partners chancellor premier king queen
  prince pope cleric imam bishop priest pastor rabbi fighter fighters soldier soldiers veteran veterans victim victims
  survivor survivors relative relatives neighbor neighbors neighbour neighbours family families board bureau service
  services staff team coach player players fan fans user users caller callers viewer viewers reader readers listeners
  minister's tweet post message ministry's anchor spokesman's`);

const DETERMINER = words(`the a an this that these those his her its their our my your one another some several many
  two three four five six seven eight nine ten both most few other`);

const NP_STOP =
  /^(?:and|or|but|nor|who|whom|which|that|of|in|on|at|for|to|by|with|from|said|says|told|while|as|when|because|although|though|since|if|after|before|where|whereas|until|unless|than|so|yet|about|into|over|under|like|also)$/;

/** Words that may sit between a speaker and its verb ("Le Drian also said", "officials have said"). */
export const SPEECH_ADVERB =
  words(`also later then again once previously repeatedly recently earlier further has have had
  was were is are would will could had already still never often even just only flatly simply bluntly quickly openly
  publicly privately angrily calmly firmly separately subsequently initially originally first finally herself himself
  themselves itself tearfully jokingly sarcastically forcefully emphatically not`);

const PRONOUN_GENDER: Record<string, Gender> = {
  he: 'male',
  she: 'female',
  they: 'plural',
  it: 'neuter',
  i: 'neuter',
  we: 'plural',
};

// A token of a name: "Jean-Yves", "O'Neill", "McCaskill", "al-Assad", an initial "C.", "Jr.".
const NAME_TOKEN = String.raw`(?:\p{Lu}[\p{L}\p{M}'’\-.]*|(?:al|el|bin|ibn|ben|abu|de|di|da|du|van|von|der|den|la|le)-\p{Lu}[\p{L}\p{M}'’\-]*)`;
const CONNECTOR = '(?:de|du|da|di|del|della|van|von|der|den|bin|ibn|ben|al|el|la|le|of|y|dos|das|ter|af)';
const NAME_RUN_SRC = String.raw`${NAME_TOKEN}(?:[ \t]+(?:${CONNECTOR}[ \t]+)?${NAME_TOKEN})*`;
const NAME_RUN_RE = new RegExp(NAME_RUN_SRC, 'gu');
const NAME_RUN_END_RE = new RegExp(String.raw`(?:^|[^\p{L}\p{M}'’\-.])(${NAME_RUN_SRC})$`, 'u');
const NAME_RUN_START_RE = new RegExp(`^${NAME_RUN_SRC}`, 'u');

const stripDot = (w: string): string => (w.endsWith('.') ? w.slice(0, -1) : w);
const stripPossessive = (w: string): string => (w.endsWith("'s") || w.endsWith('’s') ? w.slice(0, -2) : w);
const isTitle = (w: string): boolean => TITLE.has(w) || TITLE.has(stripDot(w));
const isAllCaps = (w: string): boolean => w.length <= 5 && /^[\p{Lu}.]+$/u.test(w);

/** A word of a capitalised run and its offset in the text. */
interface RunToken {
  w: string;
  at: number;
}

/**
 * Classifies a capitalised run found at `start` in the text: strips sentence words and titles, then decides whether
 * the rest is a person, an organisation/place, or unknown. Returns undefined when nothing name-like is left.
 */
export function classifyRun(run: string, start: number, verbFollows = false): SpeakerMention | undefined {
  // Fast path: most runs are one sentence-initial word ("The", "But").
  if (run.indexOf(' ') < 0 && run.indexOf('\t') < 0 && NON_NAME.has(stripPossessive(stripDot(run)))) return undefined;
  const tokens: RunToken[] = [];
  let at = 0;
  for (const w of run.split(/[ \t]+/)) {
    at = run.indexOf(w, at);
    tokens.push({ w, at: start + at });
    at += w.length;
  }
  const first = nameWordsStart(tokens, verbFollows);
  if (first === tokens.length) return undefined;
  const i = titleEnd(tokens, first);
  // Title words are tokens[first, i), name tokens tokens[i, n): read in place, no arrays sliced or mapped (an empty
  // mapped array and a full one have different element kinds, and each new kind threw this function, optimised on
  // the other, back to the interpreter).
  const n = tokens.length;
  const spanStart = tokens[first].at;
  const last = tokens[n - 1];
  const spanEnd = last.at + last.w.length;
  // A trailing period belongs to the sentence unless the token is an initial or an abbreviation.
  const trimmedEnd =
    /[^.]\.$/.test(last.w) && !/^(?:\p{Lu}\.|Jr\.|Sr\.|[\p{Lu}.]+\.)$/u.test(last.w) ? spanEnd - 1 : spanEnd;
  const title = i > first ? joinWords(tokens, first, i).toLowerCase() : undefined;
  const mentionText = run.slice(spanStart - start, trimmedEnd - start);
  if (i === n) {
    // "the Defence Minister said": a role, resolved later to a person with that title.
    return speakerMention(spanStart, trimmedEnd, mentionText, 'role', title, title, undefined);
  }
  // "Elijah Cummings of Maryland": a person's name stops at "of" (organisations keep it: "Bank of America").
  let ofAt = -1;
  let orgWordInName = false;
  for (let k = i; k < n; k++) {
    if (ofAt < 0 && tokens[k].w === 'of') ofAt = k;
    if (ORG_WORD.has(stripDot(tokens[k].w))) orgWordInName = true;
  }
  const personEnd = ofAt > i && !orgWordInName ? ofAt : n;
  const written = joinWords(tokens, i, personEnd);
  const name = written
    .replace(/['’]s$/, '')
    .replace(/\.$/, (dot) => (/(?:^|\s)(?:\p{Lu}|Jr|Sr)\.$/u.test(written) ? dot : ''));
  const bare: string[] = [];
  for (let k = i; k < personEnd; k++) bare.push(stripDot(tokens[k].w.replace(/['’]s$/, '')));
  let anyOrgWord = false;
  let allPlaces = true;
  for (const w of bare) {
    if (ORG_WORD.has(w)) anyOrgWord = true;
    if (!PLACE.has(w) && !isDemonym(w)) allPlaces = false;
  }
  const orgLike = anyOrgWord || (bare.length <= 2 && allPlaces) || (bare.length === 1 && isAllCaps(tokens[i].w));
  let kind: SpeakerKind;
  let gender: Gender | undefined;
  let personTitle = false;
  for (let k = first; k < i; k++)
    if (!/^(?:Foreign|Defence|Defense|Interior|Finance|House|Senate|Press|Of|State)$/.test(tokens[k].w))
      personTitle = true;
  // A run ending in an organisation's head word is the organisation whatever title words open it ("U.N. General
  // Assembly", "Foreign Ministry"), unless a known given name makes it a person.
  const orgHead = ORG_WORD.has(bare[bare.length - 1]) && !MALE_FIRST.has(bare[0]) && !FEMALE_FIRST.has(bare[0]);
  if (orgHead || (orgLike && !personTitle)) kind = 'org';
  else if (personTitle || bare.length >= 2) kind = 'person';
  else kind = 'unknown';
  if (kind === 'person' || kind === 'unknown') {
    let male = false;
    let female = false;
    for (let k = first; k < i; k++) {
      const w = stripDot(tokens[k].w);
      if (/^(?:Mr|King|Prince|Sir|Lord|Congressman|Chairman|Spokesman|Pope|Emir|Sheikh)$/.test(w)) male = true;
      if (/^(?:Mrs|Ms|Miss|Queen|Princess|Dame|Lady|Congresswoman|Chairwoman|Spokeswoman)$/.test(w)) female = true;
    }
    if (male) gender = 'male';
    else if (female) gender = 'female';
    else if (bare.length >= 2 && MALE_FIRST.has(bare[0])) gender = 'male';
    else if (bare.length >= 2 && FEMALE_FIRST.has(bare[0])) gender = 'female';
  } else gender = 'neuter';
  return speakerMention(spanStart, trimmedEnd, mentionText, kind, name, title, gender);
}

/**
 * Where a run's name words start: past sentence words ("But", "Earlier") and a leading gerund ("Addressing
 * lawmakers"), which are not part of a name. The steps of classifyRun are functions of their own, so that a branch
 * first taken late in a fresh process throws only its step back to the interpreter.
 */
function nameWordsStart(tokens: readonly RunToken[], verbFollows: boolean): number {
  let i = 0;
  while (
    i < tokens.length &&
    (NON_NAME.has(stripPossessive(stripDot(tokens[i].w))) ||
      TRANSCRIPT_MARKERS.has(tokens[i].w) ||
      (tokens[i].w === 'End' && TRANSCRIPT_MARKERS.has(tokens[i + 1]?.w ?? '')) ||
      (i === 0 && /^\p{Lu}\p{Ll}{3,}ing$/u.test(tokens[i].w) && (tokens.length > 1 || verbFollows)))
  )
    i++;
  return i;
}

/** Where the title words that open a run at tokens[first] end ("Defence Minister", "French President"). */
function titleEnd(tokens: readonly RunToken[], first: number): number {
  let i = first;
  while (
    i < tokens.length &&
    (isTitle(tokens[i].w) ||
      // A role noun ("Singer", "Briton") describes a person of a name of two words or more.
      (ROLE_NOUNS.has(tokens[i].w) && tokens.length - i - 1 >= PEOPLE_SETTINGS.roleNounMinNameWords) ||
      (isDemonym(tokens[i].w) &&
        i + 1 < tokens.length &&
        (isTitle(tokens[i + 1].w) ||
          (isDemonym(tokens[i + 1].w) && i + 2 < tokens.length && isTitle(tokens[i + 2].w)))))
  )
    i++;
  return i;
}

/** The words of tokens[from, to) joined by single spaces. */
function joinWords(tokens: readonly RunToken[], from: number, to: number): string {
  let out = tokens[from].w;
  for (let k = from + 1; k < to; k++) out += ` ${tokens[k].w}`;
  return out;
}

/** Every capitalised run in `text[from, to)`, classified (runs that are only sentence words are dropped). */
export function namedMentions(text: string, from = 0, to = text.length): SpeakerMention[] {
  const out: SpeakerMention[] = [];
  const re = NAME_RUN_RE;
  re.lastIndex = from;
  for (let m = re.exec(text); m && m.index < to; m = re.exec(text)) {
    // "Speaking to …": a capitalised gerund followed by a lower-case word is a verb, not a name.
    const verbFollows = /^[ \t]+\p{Ll}/u.test(text.slice(m.index + m[0].length, m.index + m[0].length + 3));
    const mention = classifyRun(m[0], m.index, verbFollows);
    if (mention && mention.end <= to) out.push(mention);
  }
  return out;
}

/** The words of `s`, an abbreviation's stop with its word ("U.S.", "Corp."): a modifier of the speaker noun. */
function wordsBefore(s: string): { w: string; at: number }[] {
  return wordSpans(s, { withStop: true }).map(({ text, start }) => ({ w: text, at: start }));
}

function pronoun(text: string, start: number, end: number): SpeakerMention {
  const w = text.slice(start, end);
  return speakerMention(start, end, w, 'pronoun', undefined, undefined, PRONOUN_GENDER[w.toLowerCase()]);
}

/** A common-noun speaker phrase ending at the end of `s` ("the French presidency", "a U.S. Embassy official"). */
function nounPhraseEnding(s: string, offset: number): SpeakerMention | undefined {
  const ws = wordsBefore(s);
  if (ws.length === 0) return undefined;
  const lastWord = ws[ws.length - 1];
  if (lastWord.at + lastWord.w.length !== s.length) return undefined;
  const head = lastWord.w.toLowerCase().replace(/['’]s$/, '');
  if (!SPEAKER_NOUN.has(head)) return undefined;
  // Walk back over modifiers (adjectives, nouns, capitalised words) to a determiner or a boundary, at most 6 words.
  let i = ws.length - 1;
  let hasDeterminer = false;
  while (i > 0 && ws.length - i < 7) {
    const prev = ws[i - 1];
    const between = s.slice(prev.at + prev.w.length, ws[i].at);
    if (!/^[ \t]+$/.test(between)) break;
    const lw = prev.w.toLowerCase();
    if (DETERMINER.has(lw)) {
      i--;
      hasDeterminer = true;
      break;
    }
    if (NON_NAME.has(prev.w) || SPEECH_ADVERB.has(lw) || NP_STOP.test(lw)) break;
    i--;
  }
  const start = offset + ws[i].at;
  const text = s.slice(ws[i].at);
  const name = hasDeterminer ? text.replace(/^\S+\s+/, '') : text;
  return speakerMention(start, offset + s.length, text, 'org', name, undefined, /s$/.test(head) ? 'plural' : 'neuter');
}

/** Heads of a phrase for a person who speaks for an organisation ("a spokesman for the ministry"). */
const SPOKES_HEAD = words(`spokesman spokeswoman spokesperson spokesmen spokeswomen spokespeople official officials
  representative representatives aide aides adviser advisers advisor advisors member members lawyer lawyers attorney
  attorneys source sources executive executives officer officers director head chief staffer staffers employee
  employees negotiator negotiators envoy delegate delegates`);

/** " for the ministry", " of the Harbour Authority" after a spokesperson's head word. */
const SPOKES_AFTER_RE =
  /^[ \t]+(?:for|of|at|from|with)[ \t]+(?:the[ \t]+)?(?:\p{Lu}[\p{L}.'’&-]*(?:[ \t]+(?:of[ \t]+|and[ \t]+|for[ \t]+)?\p{Lu}[\p{L}.'’&-]*){0,5}|\p{Ll}+)/u;

/** A spokesperson's head word and its preposition ending the text before an organisation ("spokesman for "). */
const SPOKES_BEFORE_RE = /(?:^|[^\p{L}])(\p{Ll}+)[ \t]+(?:for|of|at|from|with)[ \t]+$/u;

/**
 * The organisation speaks through the person before it: "a spokesman for the ministry said" is the spokesman, as
 * written, not the ministry (an organisation is the speaker only when no person is given for it).
 */
function withSpokesperson(s: string, offset: number, speaker: SpeakerMention): SpeakerMention {
  if (speaker.kind === 'pronoun') return speaker;
  const from = Math.max(0, speaker.start - offset - PEOPLE_SETTINGS.spokespersonReach);
  const before = s.slice(from, speaker.start - offset);
  const m = SPOKES_BEFORE_RE.exec(before);
  if (!m || !SPOKES_HEAD.has(m[1])) return speaker;
  const headEnd = before.length - m[0].length + m[0].indexOf(m[1]) + m[1].length;
  const person = nounPhraseEnding(before.slice(0, headEnd), offset + from);
  if (!person) return speaker;
  const text = s.slice(person.start - offset, speaker.end - offset);
  const name = text.replace(/^(?:a|an|the|one|another)\s+/i, '');
  return speakerMention(person.start, speaker.end, text, 'org', name, undefined, person.gender);
}

/**
 * The speaker written just before `end` (the start of a speech verb): a pronoun, a name with its title, an
 * organisation or role phrase, or a name followed by an apposition ("Ronald R. Fieldstone, a Miami lawyer,").
 * `floor` bounds the search (a sentence start).
 */
export function speakerEndingAt(text: string, end: number, sentenceFloor: number): SpeakerMention | undefined {
  // A speaker phrase is short: looking further back than this only costs time on long unpunctuated text.
  const floor = Math.max(sentenceFloor, end - 400);
  let e = end;
  while (e > floor && /\s/.test(text[e - 1])) e--;
  // Adverbs and auxiliaries between the speaker and its verb.
  for (;;) {
    const m = /(?:^|[\s,])([\p{L}]+)$/u.exec(text.slice(Math.max(floor, e - 20), e));
    if (!m || !SPEECH_ADVERB.has(m[1].toLowerCase()) || PRONOUN_GENDER[m[1].toLowerCase()]) break;
    e -= m[1].length;
    while (e > floor && /\s/.test(text[e - 1])) e--;
  }
  if (e <= floor) return undefined;
  const s = text.slice(floor, e);
  const pm = /(?:^|[^\p{L}])(he|she|they|it|we|I|He|She|They|It|We)$/u.exec(s);
  if (pm) return pronoun(text, e - pm[1].length, e);
  // Apposition: "Name, a ... ," — the speaker is the name before one of the commas (the leftmost person wins).
  if (s.endsWith(',')) {
    const inner = s.slice(0, -1);
    let fallback: SpeakerMention | undefined;
    for (let c = inner.indexOf(',', Math.max(0, inner.length - 220)); c > 0; c = inner.indexOf(',', c + 1)) {
      const before = speakerEndingAt(text, floor + c, floor);
      if (!before || before.kind === 'pronoun') continue;
      if (before.kind === 'person') return before;
      fallback = before;
    }
    return fallback;
  }
  // "Stevie Wonder, who joked": the relative pronoun with its antecedent.
  const rel = /,\s*who$/.exec(s);
  if (rel) {
    const antecedent = speakerEndingAt(text, floor + rel.index, floor);
    if (antecedent && antecedent.kind !== 'pronoun')
      return respan(antecedent, antecedent.start, e, text.slice(antecedent.start, e));
    return undefined;
  }
  // A parenthesis after the name: "Rep. Gwen Moore (D-Wis.)".
  if (s.endsWith(')')) {
    const open = s.lastIndexOf('(');
    if (open > 0 && s.length - open < 40) {
      const before = speakerEndingAt(text, floor + open, floor);
      if (before && before.kind !== 'pronoun') return respan(before, before.start, e, text.slice(before.start, e));
    }
    return undefined;
  }
  const run = NAME_RUN_END_RE.exec(s.length > 160 ? s.slice(-160) : s);
  if (run) {
    const runStart = e - run[1].length;
    const mention = classifyRun(run[1], runStart);
    if (mention && mention.end === e) {
      const np = mention.kind === 'role' ? undefined : nounPhraseEnding(s, floor);
      const found = np && np.start < mention.start ? np : mention;
      return found.kind === 'org' || found.kind === 'unknown' ? withSpokesperson(s, floor, found) : found;
    }
  }
  const np = nounPhraseEnding(s.length > 160 ? s.slice(-160) : s, floor + Math.max(0, s.length - 160));
  return np ? withSpokesperson(s, floor, np) : undefined;
}

/** The speaker written just after a speech verb, starting at `start` ("said Le Drian", "according to the ministry"). */
export function speakerStartingAt(text: string, start: number, ceil: number): SpeakerMention | undefined {
  let s = start;
  while (s < ceil && /[^\S\n]/.test(text[s])) s++;
  const rest = text.slice(s, Math.min(ceil, s + 160));
  const pm = /^(he|she|they|it|we|I)\b/.exec(rest);
  if (pm) return pronoun(text, s, s + pm[1].length);
  // "the White House", "the Kremlin": an article before a capitalised organisation name.
  const the = /^the[ \t]+(?=\p{Lu})/u.exec(rest);
  if (the) {
    const orgRun = NAME_RUN_START_RE.exec(rest.slice(the[0].length));
    const org = orgRun && classifyRun(orgRun[0], s + the[0].length);
    if (org && org.kind === 'org') return respan(org, s, org.end, text.slice(s, org.end));
  }
  const run = NAME_RUN_START_RE.exec(rest);
  if (run) {
    const mention = classifyRun(run[0], s);
    if (mention && mention.start === s) return mention;
  }
  // "the presidency", "a U.S. Embassy official", "one Democratic source on the panel": up to 7 words ending with a
  // speaker noun.
  const ws = /^(?:[\p{L}\p{N}.'’-]+[ \t]+){0,6}[\p{L}\p{N}.'’-]+/u.exec(rest);
  if (ws) {
    let pos = 0;
    let k = 0;
    for (const w of ws[0].split(/[ \t]+/)) {
      const lw = w.toLowerCase().replace(/[.]$/, '');
      if (k > 0 && NP_STOP.test(lw)) break;
      pos = ws[0].indexOf(w, pos) + w.length;
      k++;
      const head = lw.replace(/['’]s$/, '');
      if (SPEAKER_NOUN.has(head)) {
        let end = w.endsWith('.') ? pos - 1 : pos;
        // "said a spokesman for the ministry": the phrase goes on to whom the person speaks for.
        const forWhom = SPOKES_HEAD.has(head) && !w.endsWith('.') ? SPOKES_AFTER_RE.exec(rest.slice(end)) : null;
        // A sentence's full stop is not part of the name; an abbreviation's is ("U.N.").
        if (forWhom) end += forWhom[0].replace(/(?<!(?:^|[\s.])\p{Lu})\.$/u, '').length;
        const t = rest.slice(0, end);
        const name = t.replace(/^(?:the|a|an|one|another|some|several|his|her|its|their)\s+/i, '');
        return speakerMention(s, s + end, t, 'org', name, undefined, /s$/.test(head) ? 'plural' : 'neuter');
      }
    }
  }
  // A short lower-case descriptor before a name: "said 9/11 widow Terry Strada", "said campaign manager Robby Mook".
  const described = /^((?:[\p{Ll}\p{N}/'’-]+[ \t]+){1,4})(?=\p{Lu})/u.exec(rest);
  if (described && !NP_STOP.test(described[1].trim().split(/[ \t]+/)[0])) {
    const at = s + described[1].length;
    const nameRun = NAME_RUN_START_RE.exec(rest.slice(described[1].length));
    const person = nameRun && classifyRun(nameRun[0], at);
    if (person && person.start === at && (person.kind === 'person' || person.kind === 'unknown'))
      return respan(person, s, person.end, text.slice(s, person.end));
  }
  return undefined;
}

/** Whether a person mention can be referred to by a pronoun of this gender. */
export function genderCompatible(pronounGender: Gender | undefined, personGender: Gender | undefined): boolean {
  if (pronounGender === 'male' || pronounGender === 'female')
    return personGender === undefined || personGender === pronounGender;
  return true;
}
