// Words that carry topic, in any language the detector names: stopword lists for the languages news comes in
// most often here (written for this project: the function words of each language, plus the reporting verbs
// every news text repeats), a light suffix stripper per language, and a neutral fallback for the rest.
//
// A story feature must not be "les" or "der": without these lists two French articles on unrelated subjects
// share most of their most frequent words and look alike.

const LISTS: Record<string, string> = {
  en: `a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have having he her
here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off
on once only or other our ours ourselves out over own same she should so some such than that the their theirs them
themselves then there these they this those through to too under until up very was we were what when where which
while who whom why will with would you your yours yourself yourselves said says say told according mr mrs ms dr one
two three new year years may might must shall us it's i'm he's she's they're we're don't didn't won't isn't aren't
wasn't weren't`,
  de: `aber alle allem allen aller alles als also am an ander andere anderen auch auf aus bei beim bin bis bist da
damit dann das dass dem den denn der des dessen die dies diese diesem diesen dieser dieses doch dort du durch ein eine
einem einen einer eines er es etwa euch für gegen gewesen hat hatte hatten hier hin hinter ich ihm ihn ihnen ihr ihre
ihrem ihren ihrer im in ins ist ja jede jedem jeden jeder jedes jetzt kann kein keine können könnte man mehr mein mit
muss nach nicht noch nun nur ob oder ohne sehr sein seine seinem seinen seiner sich sie sind so soll sollen sondern
über um und uns unter vom von vor war waren warum was weil welche welchem welchen welcher wenn wer werden wie wieder
will wir wird wo wurde wurden zu zum zur zwar zwischen sagte sagt laut heute jahr jahre prozent`,
  fr: `a à afin ai aient ait alors après au aucun aussi autre aux avait avant avec avoir c ça ce ceci cela celle
celles celui ces cet cette ceux chaque chez comme comment d dans de depuis des deux dont du elle elles en encore entre
est et était été être eu eux fait faire il ils j je jusqu l la là le les leur leurs lors lui m ma mais me même mes moi
moins mon n ne ni nos notre nous on ont ou où par parce pas pendant peu peut plus pour qu quand que quel quelle quels
qui s sa sans se selon ses si son sont sous sur t ta te tous tout toute toutes très tu un une vers vos votre vous y
dit déclaré selon lundi mardi mercredi jeudi vendredi samedi dimanche ans année`,
  es: `a al algo algunos ante antes como con contra cual cuando de del desde donde dos durante e el él ella ellas
ellos en entre era eran es esa esas ese eso esos esta está están estas este esto estos fue fueron ha han hasta hay la
las le les lo los más me mi mientras muy nada ni no nos o otra otras otro otros para pero poco por porque que quien
se sea según ser si sí sin sino sobre son su sus también tanto te tiene tienen todo todos tras tu un una uno unos y ya
dijo afirmó años año`,
  it: `a ad agli ai al alla alle allo anche che chi ci come con cui da dal dalla dalle degli dei del della delle
dello di dove e è ed era erano essere fa gli ha hanno il in io la le lei li lo loro lui ma mi nei nel nella nelle non
noi o per però più poi quale quando quella quelle quello questa queste questo se sei si sia siamo sono su sua sue sui
sul sulla suo suoi tra tutti tutto un una uno ha detto anni anno`,
  pt: `a à ao aos as até com como da das de dela dele depois do dos e é ela ele eles em entre era essa esse esta
está estão este eu foi foram há isso isto já lhe mais mas me mesmo muito na nas não no nos o os ou para pela pelas
pelo pelos por quando que quem se sem ser seu seus sua suas também te tem têm um uma umas uns disse afirmou anos ano`,
  nl: `aan al alle als bij dan dat de deze die dit doch door dus een en er ge geen had heb hebben heeft het hier hij
hoe hun ik in is je kan kon maar me meer men met mij mijn na naar niet nog nu of om omdat onder ons ook op over te
tegen toch toen tot u uit van veel voor want was wat we wel werd wie wij wil worden wordt zal ze zei zich zij zijn zo
zonder jaar jaren`,
  no: `og i det på som er en til av at for med har ikke den de om et han var men seg fra vi kan så sier etter
også hun skal ble blir da eller nå når være vil år`,
  da: `og i det at en den til er som på de med han af for ikke der var mig sig men et har om vi min havde ham hun nu
over da fra du ud sin dem os op man hans hvor eller hvad skal selv her alle vil blev kunne ind når være dog noget
sagde år`,
  sv: `och i att det som en på är av för med till den har de inte om ett han men var jag sig från vi så kan man när
år säger hon nu ska efter också eller`,
};

const STOPWORDS = new Map<string, Set<string>>(
  Object.entries(LISTS).map(([lang, list]) => [lang, new Set(list.split(/\s+/).filter(Boolean).map(foldAccents))]),
);

/**
 * Inflection endings stripped per language, longest first: enough that singular and plural, and the common verb
 * forms, meet. Not a full stemmer: a feature only has to be the same for the same word.
 */
const SUFFIXES: Record<string, string[]> = {
  en: ['ations', 'ation', 'ings', 'ing', 'ies', 'ied', 'ers', 'er', 'ed', 'es', 's'],
  de: ['ungen', 'ung', 'heiten', 'heit', 'keiten', 'keit', 'ern', 'en', 'er', 'es', 'e', 'n', 's'],
  fr: ['ements', 'ement', 'ations', 'ation', 'euses', 'euse', 'eurs', 'eur', 'ées', 'ée', 'és', 'es', 'e', 's', 'x'],
  es: ['aciones', 'ación', 'amientos', 'amiento', 'mente', 'es', 'os', 'as', 'o', 'a', 's'],
  it: ['azioni', 'azione', 'amenti', 'amento', 'mente', 'i', 'e', 'o', 'a'],
  pt: ['ações', 'ação', 'amentos', 'amento', 'mente', 'es', 'os', 'as', 'o', 'a', 's'],
  nl: ['ingen', 'ing', 'heden', 'heid', 'en', 'er', 's', 'e'],
  no: ['ene', 'er', 'en', 'et', 'e'],
  da: ['erne', 'ene', 'er', 'en', 'et', 'e'],
  sv: ['orna', 'arna', 'erna', 'or', 'ar', 'er', 'en', 'et', 'a'],
};
/** A stem keeps at least this many letters: "news" must not become "new", nor "gas" "ga". */
const MIN_STEM = 4;
/** Words this short are not content in any language. */
export const MIN_WORD = 2;

/** Lower case without diacritics: "Élysée" and "Elysee" are one word to every feature. */
export function foldAccents(word: string): string {
  return word
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** True for a function word of `language` (ISO 639-1); any listed language's words count for `und`. */
export function isStopwordIn(language: string, folded: string): boolean {
  const list = STOPWORDS.get(language);
  if (list) return list.has(folded);
  // Unknown language: the English list (the most common one in mixed text) and nothing aggressive beyond it.
  return STOPWORDS.get('en')?.has(folded) ?? false;
}

/** Whether this language has its own stopwords and endings (else the neutral fallback applies). */
export function isKnownLanguage(language: string): boolean {
  return STOPWORDS.has(language);
}

/** The stem of a folded word: the longest listed ending of its language removed, when enough remains. */
export function stemIn(language: string, folded: string): string {
  const endings = SUFFIXES[language];
  // Neutral fallback: a long word's first seven letters (inflection lives at the end in most scripts we see).
  if (!endings) return folded.length > 7 ? folded.slice(0, 7) : folded;
  for (const e of endings) {
    if (folded.length - e.length >= MIN_STEM && folded.endsWith(e)) return folded.slice(0, -e.length);
  }
  return folded;
}
