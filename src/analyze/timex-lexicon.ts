// Words and regular-expression pieces for English time expressions (all used with the `i` flag;
// rules check capitalisation where it disambiguates, e.g. "May" the month vs "may" the verb).

export const MONTH_SRC =
  '(?:jan(?:uary|\\.)?|feb(?:ruary|\\.)?|mar(?:ch|\\.)?|apr(?:il|\\.)?|may|june|jun\\.?|july|jul\\.?|aug(?:ust|\\.)?|sept(?:ember|\\.)?|sep\\.?|oct(?:ober|\\.)?|nov(?:ember|\\.)?|dec(?:ember|\\.)?)(?![a-z])';

export const MONTH_FULL_SRC =
  '(?:january|february|march|april|may|june|july|august|september|october|november|december|sept\\.)(?![a-z])';

export const WEEKDAY_SRC = '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?![a-z])';

/** The letter runs a MONTH_SRC match is (for the rules' start words, timex-draft.ts RuleStarts). */
export const MONTH_WORDS = [
  'jan',
  'january',
  'feb',
  'february',
  'mar',
  'march',
  'apr',
  'april',
  'may',
  'june',
  'jun',
  'july',
  'jul',
  'aug',
  'august',
  'sept',
  'september',
  'sep',
  'oct',
  'october',
  'nov',
  'november',
  'dec',
  'december',
];

/** The letter runs a MONTH_FULL_SRC match is. */
export const MONTH_FULL_WORDS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
  'sept',
];

/** The letter runs a WEEKDAY_SRC match is. */
export const WEEKDAY_WORDS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

export const YEAR_SRC = '(?:1[0-9]|20)\\d\\d(?![\\d])';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

export function monthNumber(word: string): number {
  return MONTHS.indexOf(word.slice(0, 3).toLowerCase()) + 1;
}

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** 0 = Monday … 6 = Sunday. */
export function weekdayNumber(word: string): number {
  return WEEKDAYS.indexOf(word.slice(0, 3).toLowerCase());
}

export const UNITS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};

export const TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};

const UNIT_WORDS = Object.keys(UNITS).join('|');
const TENS_WORDS = Object.keys(TENS).join('|');

/** A cardinal up to 99 in words or digits, or an article meaning one ("a", "an"). */
export const COUNT_SRC = `(?:\\d{1,3}|a|an|a\\s+couple\\s+of|a\\s+few|several|many|(?:${TENS_WORDS})(?:[\\s-](?:${UNIT_WORDS}))?|${UNIT_WORDS})`;

/** The letter runs a COUNT_SRC match can begin with (it can begin with a digit too). */
export const COUNT_START_WORDS = ['a', 'an', 'several', 'many', ...Object.keys(TENS), ...Object.keys(UNITS)];

/** The value of a COUNT_SRC match; undefined for vague counts ("a few", "several"). */
export function countValue(word: string): number | undefined {
  const w = word.toLowerCase().replace(/\s+/g, ' ');
  if (/^\d+$/.test(w)) return Number(w);
  if (w === 'a' || w === 'an') return 1;
  if (w === 'a couple of') return 2;
  if (w in UNITS) return UNITS[w];
  const [tens, unit] = w.split(/[\s-]/);
  if (tens in TENS) return TENS[tens] + (unit && unit in UNITS ? UNITS[unit] : 0);
  return undefined;
}

/** "nineteen ninety-six", "two thousand", "the year two thousand" style years. */
export const SPELLED_YEAR_SRC = `(?:(?:nineteen|eighteen|twenty)[\\s-]+(?:(?:${TENS_WORDS})(?:[\\s-](?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|hundred)|two\\s+thousand(?:\\s+(?:and\\s+)?(?:${UNIT_WORDS}))?)(?![a-z])`;

/** The letter runs a SPELLED_YEAR_SRC match can begin with. */
export const SPELLED_YEAR_START_WORDS = ['nineteen', 'eighteen', 'twenty', 'two'];

export function spelledYearValue(words: string): number | undefined {
  const w = words.toLowerCase().trim();
  const millennium = /^two\s+thousand(?:\s+(?:and\s+)?([a-z]+))?$/.exec(w);
  if (millennium) return 2000 + (millennium[1] ? (UNITS[millennium[1]] ?? 0) : 0);
  const parts = w.split(/[\s-]+/);
  const century = UNITS[parts[0]] ?? TENS[parts[0]];
  if (century === undefined) return undefined;
  if (parts[1] === 'hundred') return century * 100;
  const rest = parts.slice(1);
  let n = 0;
  for (const p of rest) n += UNITS[p] ?? TENS[p] ?? 0;
  return century * 100 + n;
}

export function yearValue(text: string): number | undefined {
  return /^\d{4}$/.test(text) ? Number(text) : spelledYearValue(text);
}

export const ORDINALS: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
  thirteenth: 13,
  fourteenth: 14,
  fifteenth: 15,
  sixteenth: 16,
  seventeenth: 17,
  eighteenth: 18,
  nineteenth: 19,
  twentieth: 20,
  'twenty-first': 21,
  '1st': 1,
  '2nd': 2,
  '3rd': 3,
  '4th': 4,
};

export const DECADE_WORDS: Record<string, number> = {
  twenties: 2,
  thirties: 3,
  forties: 4,
  fifties: 5,
  sixties: 6,
  seventies: 7,
  eighties: 8,
  nineties: 9,
};

/** Parts of the day, as TIMEX3 codes. */
export const DAY_PARTS: Record<string, string> = {
  morning: 'MO',
  afternoon: 'AF',
  evening: 'EV',
  night: 'NI',
  overnight: 'NI',
  tonight: 'NI',
};
