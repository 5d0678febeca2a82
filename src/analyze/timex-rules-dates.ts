// Rules for calendar dates written out: ISO and numeric dates, month names with days and years, years,
// decades and centuries. Extents follow TimeBank/TempEval-3 TIMEX3 conventions (modifiers such as "early" or
// "the end of" belong to the expression, prepositions do not).
import { fmtDay, fmtMonth, fmtTime, fmtYear, isValidDay, type Ymd } from './timex-calendar.js';
import { draft, isCapitalised, lower, MONTH_CUES, type Rule, SEASON_CODES, wordBefore } from './timex-draft.js';
import {
  DECADE_WORDS,
  MONTH_FULL_SRC,
  MONTH_FULL_WORDS,
  MONTH_SRC,
  MONTH_WORDS,
  monthNumber,
  ORDINALS,
  SPELLED_YEAR_SRC,
  SPELLED_YEAR_START_WORDS,
  WEEKDAY_SRC,
  WEEKDAY_WORDS,
  YEAR_SRC,
  yearValue,
} from './timex-lexicon.js';
import { placeMonth, placeMonthDay } from './timex-resolve.js';

function yearOfPhrase(phrase: string, a: Ymd): number | undefined {
  const p = lower(phrase);
  if (p === 'this year') return a.y;
  if (p === 'last year') return a.y - 1;
  if (p === 'next year') return a.y + 1;
  return yearValue(p);
}

// Nouns after a four-digit number that show it is a count, not a year.
const COUNT_NOUNS =
  /^\s+(?:shares|people|persons|troops|soldiers|workers|employees|jobs|members|tons|tonnes|barrels|acres|miles|feet|meters|metres|kilometers|cars|units|votes|seats|points|yen|dollars|pounds|euros|francs|marks|rubles|pesos|hours|minutes|seconds|students|men|women|children|delegates|refugees|deaths|cases|homes|houses|copies|rooms|beds|planes|aircraft)\b/i;

export const DATE_RULES: Rule[] = [
  {
    name: 'iso',
    starts: { words: [], digit: true },
    trigger: /\d{4}-\d\d-\d\d/,
    re: /(?<![\w-])(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?(?![\w-]|:\d)/g,
    make: (m) => {
      const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
      if (!isValidDay(y, mo, d)) return undefined;
      const value = m[4] ? fmtTime({ y, m: mo, d }, Number(m[4]), Number(m[5])) : fmtDay({ y, m: mo, d });
      return draft(m, false, () => value);
    },
  },
  {
    name: 'slash-date',
    starts: { words: [], digit: true },
    trigger: /\d\/\d/,
    re: /(?<![\w/.])(\d{1,2})\/(\d{1,2})\/(\d{4})(?![\w/])/g,
    make: (m) => {
      let [mo, d] = [Number(m[1]), Number(m[2])];
      if (mo > 12) [mo, d] = [d, mo];
      const y = Number(m[3]);
      if (!isValidDay(y, mo, d)) return undefined;
      return draft(m, false, () => fmtDay({ y, m: mo, d }));
    },
  },
  {
    // "Sept. 30", "Oct 31", "March 5, 1946", "Friday, Oct. 23", "early Nov. 6"
    name: 'month-day',
    starts: { words: ['early', 'late', 'mid', ...WEEKDAY_WORDS, ...MONTH_WORDS] },
    trigger: /\d/,
    re: new RegExp(
      `(?<![a-z0-9])(?:(early|late|mid)[\\s-]+)?(?:(${WEEKDAY_SRC})(?:'s)?,?\\s+)?(${MONTH_SRC})\\s*(\\d{1,2})(?:st|nd|rd|th)?(?!\\d|:\\d|,\\d|\\.\\d)(?:,?\\s*(${YEAR_SRC}))?`,
      'gi',
    ),
    make: (m) => {
      if (!isCapitalised(m[3])) return undefined;
      const month = monthNumber(m[3]);
      const day = Number(m[4]);
      if (day < 1 || day > 31) return undefined;
      if (m[5]) {
        const y = Number(m[5]);
        if (!isValidDay(y, month, day)) return undefined;
        return draft(m, false, () => fmtDay({ y, m: month, d: day }));
      }
      return draft(m, true, (ctx) => {
        const placed = placeMonthDay(ctx, month, day);
        return placed ? fmtDay(placed) : undefined;
      });
    },
  },
  {
    // "30 September", "30 September 2015", "the 5th of May"
    name: 'day-month',
    starts: { words: ['the', ...WEEKDAY_WORDS], digit: true },
    trigger: /\d/,
    re: new RegExp(
      `(?<![\\w.,$])(?:(${WEEKDAY_SRC}),?\\s+)?(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH_SRC})(?:,?\\s*(${YEAR_SRC}))?`,
      'gi',
    ),
    make: (m) => {
      if (!isCapitalised(m[3])) return undefined;
      const month = monthNumber(m[3]);
      const day = Number(m[2]);
      if (day < 1 || day > 31) return undefined;
      if (m[4]) {
        const y = Number(m[4]);
        if (!isValidDay(y, month, day)) return undefined;
        return draft(m, false, () => fmtDay({ y, m: month, d: day }));
      }
      return draft(m, true, (ctx) => {
        const placed = placeMonthDay(ctx, month, day);
        return placed ? fmtDay(placed) : undefined;
      });
    },
  },
  {
    // "September 2014", "late November 1995", "January this year", "January nineteen ninety-seven"
    name: 'month-year',
    starts: { words: ['the', 'early', 'late', 'mid', 'end', 'middle', 'beginning', 'start', ...MONTH_WORDS] },
    trigger: /\d|year|thousand/i,
    re: new RegExp(
      `(?<![a-z])(?:(?:(?:the\\s+)?(early|late|mid)[\\s-]+)|(?:the\\s+)?(?:end|middle|beginning|start)\\s+of\\s+)?(${MONTH_SRC}),?\\s+(?:of\\s+)?(${YEAR_SRC}|${SPELLED_YEAR_SRC}|(?:this|last|next)\\s+year)`,
      'gi',
    ),
    make: (m) => {
      if (!isCapitalised(m[2])) return undefined;
      const month = monthNumber(m[2]);
      const relative = /year$/i.test(m[3]);
      return draft(m, relative, (ctx) => {
        const y = yearOfPhrase(m[3], ctx.anchor);
        return y === undefined ? undefined : fmtMonth(y, month);
      });
    },
  },
  {
    // "April", "last November", "early December", "the end of September", "mid-November"
    name: 'month',
    starts: {
      words: [
        'this',
        'last',
        'next',
        'early',
        'late',
        'mid',
        'earlier',
        'later',
        'the',
        'end',
        'middle',
        'beginning',
        'start',
        ...MONTH_FULL_WORDS,
      ],
    },
    re: new RegExp(
      `(?<![a-z])(?:(this\\s+past|this\\s+coming|this|last|next|early|late|mid|earlier|later)[\\s-]+|(?:the\\s+)?(?:end|middle|beginning|start)\\s+of\\s+)?(${MONTH_FULL_SRC})`,
      'gi',
    ),
    make: (m, text) => {
      const name = m[2];
      if (!isCapitalised(name)) return undefined;
      const hasModifier = m[0].length > name.length;
      const after = text.slice(m.index + m[0].length, m.index + m[0].length + 30);
      const cued = hasModifier || MONTH_CUES.test(text.slice(Math.max(0, m.index - 20), m.index));
      const lowerName = name.toLowerCase();
      if (!cued) {
        if (lowerName === 'may') return undefined;
        if (lowerName === 'march' && /^\s+(?:on|to|toward|towards|against|through|into|in)\b/i.test(after))
          return undefined;
        if (
          /^\s+[A-Z][a-z]/.test(after) &&
          !/^\s+(?:[A-Z][a-z]+day|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)/.test(after)
        )
          return undefined; // "April Glaspie", "June Carter"
        if (/^(?:the|a)$/i.test(wordBefore(text, m.index)) && /^(?:may|march)$/.test(lowerName)) return undefined;
      }
      const month = monthNumber(name);
      const rel = lower(m[1]);
      return draft(m, true, (ctx) => {
        const a = ctx.anchor;
        if (rel === 'last' || rel === 'this past') {
          const y = month < a.m ? a.y : a.y - 1;
          return fmtMonth(y, month);
        }
        if (rel === 'next' || rel === 'this coming') {
          const y = month > a.m ? a.y : a.y + 1;
          return fmtMonth(y, month);
        }
        if (rel === 'this') return fmtMonth(a.y, month);
        return placeMonth(ctx, month);
      });
    },
  },
  {
    // "1998", "mid-2014", "the end of 1990", "fiscal 1989", "post-1959", "early 1990"
    name: 'year',
    starts: {
      words: [
        'the',
        'early',
        'late',
        'mid',
        'end',
        'beginning',
        'middle',
        'start',
        'first',
        'second',
        'spring',
        'summer',
        'fall',
        'autumn',
        'winter',
        'post',
        'pre',
        'fiscal',
        'calendar',
      ],
      digit: true,
    },
    trigger: /\d{4}/,
    re: new RegExp(
      `(?<![\\w$£€#.,/]|\\d-|\\$\\s)(?:(?:the\\s+)?(?:early|late|mid|end\\s+of|beginning\\s+of|middle\\s+of|start\\s+of|first\\s+half\\s+of|second\\s+half\\s+of|spring\\s+of|summer\\s+of|fall\\s+of|autumn\\s+of|winter\\s+of)[\\s-]+|(?:post|pre)-|(?:fiscal|calendar)(?:\\s+year)?\\s+|the\\s+year\\s+)?(${YEAR_SRC})(?!%|[.,]\\d|\\s*(?:percent|per\\s+cent)|['’]?s\\b)`,
      'gi',
    ),
    make: (m, text) => {
      const y = Number(m[1]);
      const modified = m[0].length > m[1].length;
      const before = wordBefore(text, m.index).toLowerCase();
      const cued =
        modified ||
        /^(?:in|since|of|from|by|until|till|to|through|between|and|before|after|during|or|year|summer|spring|autumn|fall|winter|early|late|mid)$/.test(
          before,
        );
      if (y < (cued ? 1000 : 1800) || y > 2099) return undefined;
      if (COUNT_NOUNS.test(text.slice(m.index + m[0].length, m.index + m[0].length + 20))) return undefined;
      // "No. 1990", "Room 2000": a capitalised noun right before a number names it (unless it is a month/season word)
      if (
        !cued &&
        /^(?:no|room|flight|route|model|number|page|article|resolution|section|windows|highway)$/.test(before)
      )
        return undefined;
      const season = /\b(spring|summer|fall|autumn|winter)\s+of\s/i.exec(m[0]);
      if (season) return draft(m, false, () => `${fmtYear(y)}-${SEASON_CODES[season[1].toLowerCase()]}`);
      return draft(m, false, () => fmtYear(y));
    },
  },
  {
    // "nineteen ninety-six", "the year two thousand"
    name: 'spelled-year',
    starts: { words: ['the', ...SPELLED_YEAR_START_WORDS] },
    trigger: /nineteen|eighteen|twenty|thousand/i,
    re: new RegExp(`(?<![a-z-])(?:the\\s+year\\s+)?(${SPELLED_YEAR_SRC})`, 'gi'),
    make: (m) => {
      const y = yearValue(m[1]);
      if (y === undefined || y < 1800 || y > 2099) return undefined;
      return draft(m, false, () => fmtYear(y));
    },
  },
  {
    // "the 1990s", "the late 1970s", "'90s", "the nineties", "early 1990s"
    name: 'decade',
    starts: {
      words: [
        'the',
        'early',
        'late',
        'mid',
        'nineteen',
        'twenties',
        'thirties',
        'forties',
        'fifties',
        'sixties',
        'seventies',
        'eighties',
        'nineties',
      ],
      digit: true,
      apostrophe: true,
    },
    trigger: /0'?s\b|ties\b/i,
    re: /(?<![\w$'])(?:(?:the\s+)?(?:early|late|mid)[\s-]+|the\s+)?(?:(1[0-9]|20)(\d)0'?s|'(\d)0s|(?:nineteen[\s-]+)?(twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))(?![a-z])/gi,
    make: (m) => {
      if (m[4] && !/^(?:the|early|late|mid)\b/i.test(m[0])) return undefined; // "in his sixties" is an age
      const the = /^the\s+/i.exec(m[0]);
      if (the && !m[4]) {
        m.index += the[0].length; // TimeBank marks "1960s", "early 1990s" without the article
        m[0] = m[0].slice(the[0].length);
      }
      let decade: string;
      if (m[1]) decade = `${m[1]}${m[2]}`;
      else if (m[3]) decade = `19${m[3]}`;
      else decade = `19${DECADE_WORDS[m[4].toLowerCase()]}`;
      return draft(m, false, () => decade);
    },
  },
  {
    // "the 20th century", "the twentieth century"
    name: 'century',
    starts: { words: ['the', 'early', 'late', 'mid', 'eighteenth', 'nineteenth', 'twentieth', 'twenty'], digit: true },
    trigger: /century/i,
    re: /(?<![a-z])(?:(?:the\s+)?(?:early|late|mid)[\s-]+|the\s+)?(\d{1,2}(?:st|nd|rd|th)|eighteenth|nineteenth|twentieth|twenty-first)[\s-]+century(?![a-z])/gi,
    make: (m) => {
      const n = /^\d/.test(m[1]) ? Number.parseInt(m[1], 10) : ORDINALS[m[1].toLowerCase()];
      if (!n) return undefined;
      return draft(m, false, () => String(n - 1).padStart(2, '0'));
    },
  },
];
