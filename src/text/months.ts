// Month names in the languages of the date parsers: one table for extraction's dates and for feed dates.

/**
 * Month names (and their usual abbreviations) in the languages news pages most often use: en, de, fr, es, it, pt,
 * nl. Short forms that are also words ("mar", "set", "out") only count next to a day and a year.
 */
/** Each name or abbreviation, lower case, → its month (1–12). */
export const MONTHS: Record<string, number> = {};
const MONTH_NAMES: string[][] = [
  [
    'january',
    'jan',
    'janvier',
    'janv',
    'enero',
    'ene',
    'januar',
    'jänner',
    'jän',
    'janeiro',
    'gennaio',
    'gen',
    'januari',
  ],
  [
    'february',
    'feb',
    'février',
    'fevrier',
    'févr',
    'fevr',
    'fév',
    'fev',
    'febrero',
    'februar',
    'fevereiro',
    'febbraio',
    'februari',
  ],
  ['march', 'mar', 'mars', 'marzo', 'märz', 'mär', 'maerz', 'mrz', 'março', 'marco', 'maart', 'mrt'],
  ['april', 'apr', 'avril', 'avr', 'abril', 'abr', 'aprile'],
  ['may', 'mai', 'mayo', 'maio', 'maggio', 'mag', 'mei'],
  ['june', 'jun', 'juin', 'junio', 'juni', 'junho', 'giugno', 'giu'],
  ['july', 'jul', 'juillet', 'juil', 'julio', 'juli', 'julho', 'luglio', 'lug'],
  ['august', 'aug', 'août', 'aout', 'agosto', 'ago', 'augustus'],
  ['september', 'sep', 'sept', 'septembre', 'septiembre', 'setiembre', 'setembro', 'settembre', 'set'],
  ['october', 'oct', 'octobre', 'octubre', 'oktober', 'okt', 'outubro', 'out', 'ottobre', 'ott'],
  ['november', 'nov', 'novembre', 'noviembre', 'novembro'],
  ['december', 'dec', 'décembre', 'decembre', 'déc', 'diciembre', 'dic', 'dezember', 'dez', 'dezembro', 'dicembre'],
];
/** Russian and Ukrainian, as dates write them (genitive: "15 августа 2016", "15 серпня 2016") and as names. */
const CYRILLIC_MONTHS: string[][] = [
  ['января', 'январь', 'січня', 'січень'],
  ['февраля', 'февраль', 'лютого', 'лютий'],
  ['марта', 'март', 'березня', 'березень'],
  ['апреля', 'апрель', 'квітня', 'квітень'],
  ['мая', 'май', 'травня', 'травень'],
  ['июня', 'июнь', 'червня', 'червень'],
  ['июля', 'июль', 'липня', 'липень'],
  ['августа', 'август', 'серпня', 'серпень'],
  ['сентября', 'сентябрь', 'вересня', 'вересень'],
  ['октября', 'октябрь', 'жовтня', 'жовтень'],
  ['ноября', 'ноябрь', 'листопада', 'листопад'],
  ['декабря', 'декабрь', 'грудня', 'грудень'],
];
CYRILLIC_MONTHS.forEach((names, i) => MONTH_NAMES[i]?.push(...names));
MONTH_NAMES.forEach((names, i) => {
  for (const name of names) MONTHS[name] = i + 1;
});

/** The month (1–12) a name or abbreviation of this table means, whatever its case and a trailing dot; else undefined. */
export function monthNumber(word: string): number | undefined {
  return MONTHS[word.toLowerCase().replace(/\.$/, '')];
}
