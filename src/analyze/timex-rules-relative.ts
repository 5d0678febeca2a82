// Rules for expressions read against the publication date or the text around them: quarters and fiscal
// years, "last month", "a year ago", weekdays, "yesterday", PRESENT/PAST/FUTURE_REF, holidays, seasons, clock times.
import {
  addDays,
  addMonths,
  dayNumber,
  fmtDay,
  fmtMonth,
  fmtQuarter,
  fmtTime,
  fmtWeek,
  fmtYear,
  quarterOf,
  SEASON_ORDER,
  type Season,
  seasonOf,
  type Ymd,
} from './timex-calendar.js';
import {
  dayWithPart,
  draft,
  isCapitalised,
  lower,
  type Rule,
  relationOffset,
  SEASON_CODES,
  trimStart,
  weekdayRelation,
} from './timex-draft.js';
import {
  COUNT_SRC,
  COUNT_START_WORDS,
  countValue,
  MONTH_SRC,
  monthNumber,
  ORDINALS,
  SPELLED_YEAR_SRC,
  WEEKDAY_SRC,
  WEEKDAY_WORDS,
  weekdayNumber,
  YEAR_SRC,
  yearValue,
} from './timex-lexicon.js';
import {
  placeMonthDay,
  placeWeekday,
  placeWeekend,
  type ResolveContext,
  reportedQuarter,
  shiftDay,
  shiftMonth,
  shiftWeek,
  type WeekdayRelation,
  yearAgo,
} from './timex-resolve.js';

function holidayDate(name: string, y: number): Ymd | undefined {
  const n = lower(name);
  const nthWeekday = (month: number, weekday: number, nth: number): Ymd => {
    const first = { y, m: month, d: 1 };
    const wd = (((dayNumber(first) + 3) % 7) + 7) % 7;
    return addDays(first, ((weekday - wd + 7) % 7) + (nth - 1) * 7);
  };
  if (n.startsWith('thanksgiving')) return nthWeekday(11, 3, 4);
  if (n === 'christmas eve') return { y, m: 12, d: 24 };
  if (n.startsWith('christmas')) return { y, m: 12, d: 25 };
  if (n === "new year's eve") return { y, m: 12, d: 31 };
  if (n.startsWith('new year')) return { y, m: 1, d: 1 };
  if (n === 'election day') return addDays(nthWeekday(11, 0, 1), 1);
  if (n === 'independence day') return { y, m: 7, d: 4 };
  if (n === 'labor day') return nthWeekday(9, 0, 1);
  if (n === 'memorial day') {
    const last = { y, m: 5, d: 31 };
    const wd = (((dayNumber(last) + 3) % 7) + 7) % 7;
    return addDays(last, -wd);
  }
  if (n === 'veterans day') return { y, m: 11, d: 11 };
  if (n === 'halloween') return { y, m: 10, d: 31 };
  if (n.startsWith('valentine')) return { y, m: 2, d: 14 };
  if (n.startsWith('easter')) return easter(y);
  return undefined;
}

/** Gregorian Easter Sunday (anonymous computus). */
function easter(y: number): Ymd {
  const a = y % 19;
  const b = Math.floor(y / 100);
  const c = y % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { y, m: month, d: day };
}

function placeHoliday(ctx: ResolveContext, name: string, relation: WeekdayRelation): string | undefined {
  const a = ctx.anchor;
  const now = dayNumber(a);
  const options = [a.y - 1, a.y, a.y + 1].map((y) => holidayDate(name, y)).filter((d): d is Ymd => !!d);
  if (options.length === 0) return undefined;
  const dir = relation === 'last' ? 'past' : relation === 'next' ? 'future' : ctx.direction();
  let chosen: Ymd | undefined;
  if (dir === 'past') chosen = options.filter((o) => dayNumber(o) <= now).pop();
  else if (dir === 'future') chosen = options.find((o) => dayNumber(o) >= now);
  else chosen = options.reduce((b, o) => (Math.abs(dayNumber(o) - now) < Math.abs(dayNumber(b) - now) ? o : b));
  return chosen ? fmtDay(chosen) : undefined;
}

function placeSeason(ctx: ResolveContext, season: Season, relation: string): string {
  const a = ctx.anchor;
  const current = seasonOf(a);
  const index = (y: number, s: Season): number => y * 4 + SEASON_ORDER.indexOf(s);
  const here = index(current.y, current.season);
  const options = [a.y - 2, a.y - 1, a.y, a.y + 1].map((y) => ({ y, i: index(y, season) }));
  const rel = lower(relation);
  let chosen = options.find((o) => o.y === a.y) ?? options[2];
  const dir =
    rel === 'last' || rel === 'this past'
      ? 'past-strict'
      : rel === 'next'
        ? 'future-strict'
        : rel === 'this'
          ? 'same'
          : ctx.direction();
  if (dir === 'past-strict') chosen = options.filter((o) => o.i < here).pop() ?? chosen;
  else if (dir === 'future-strict') chosen = options.find((o) => o.i > here) ?? chosen;
  else if (dir === 'past') chosen = options.filter((o) => o.i <= here).pop() ?? chosen;
  else if (dir === 'future') chosen = options.find((o) => o.i >= here) ?? chosen;
  return `${fmtYear(chosen.y)}-${season}`;
}

const GENERIC_DAY: Ymd = { y: 2000, m: 1, d: 1 };

const DAYPART_SRC = '(morning|afternoon|evening|night|overnight)';
/** The day written just after a clock time ("at 10:35 a.m. (0735 GMT) Friday"): built once, not at every match. */
const DAY_AFTER_CLOCK_RE = new RegExp(`^[^.;\\n]{0,25}?\\b(${WEEKDAY_SRC}|yesterday|today|tomorrow)`, 'i');

export const RELATIVE_RULES: Rule[] = [
  {
    // "the third quarter", "third-quarter", "the year-ago quarter", "this year's third quarter", "the 1988 quarter"
    name: 'quarter',
    starts: {
      words: [
        'this',
        'last',
        'next',
        'year',
        'comparable',
        'corresponding',
        'same',
        'latest',
        'current',
        'previous',
        'recent',
        'fiscal',
        'first',
        'second',
        'third',
        'fourth',
        'final',
        'flat',
        'past',
        'that',
        'the',
      ],
      digit: true,
    },
    trigger: /quarter/i,
    re: new RegExp(
      `(?<![a-z-])(?:(?:${YEAR_SRC}|this\\s+year's|last\\s+year's|next\\s+year's|year-ago|year-earlier|year-before|comparable|corresponding|same|latest|current|previous|recent|fiscal|first|second|third|fourth|final|flat|1st|2nd|3rd|4th|past|last|next|this|that|the)[\\s-]+){1,5}quarter(?![a-z]|-[a-z])(?:\\s+of\\s+${YEAR_SRC})?`,
      'gi',
    ),
    make: (m, text) => {
      const words = lower(m[0]).split(/[\s-]+/);
      const ordinalWord = words.find((w) => w in ORDINALS && ORDINALS[w] <= 4);
      const q = ordinalWord ? ORDINALS[ordinalWord] : undefined;
      const explicitYear = /\b((?:1[0-9]|20)\d\d)\b/.exec(m[0]);
      const yearAgoWords = /year-(?:ago|earlier|before)|last year's|comparable|corresponding/.test(lower(m[0]));
      const determined = /\b(?:the|this|that|last|next|latest|current|previous|past)\b/.test(lower(m[0]));
      if (!q && !explicitYear && !yearAgoWords && !determined) return undefined;
      if (!q && /^\s+of\b/i.test(text.slice(m.index + m[0].length, m.index + m[0].length + 5)) && !yearAgoWords)
        return undefined; // "the quarter of a century"
      let d = draft(m, !explicitYear, (ctx) => {
        const a = ctx.anchor;
        const rep = reportedQuarter(a);
        const phrase = lower(m[0]);
        let y: number;
        if (explicitYear) y = Number(explicitYear[1]);
        else if (/last year's|year-(?:ago|earlier|before)|comparable|corresponding/.test(phrase))
          y = (q ? a.y : rep.y) - 1;
        else if (/next year's/.test(phrase)) y = a.y + 1;
        else if (/this year's/.test(phrase)) y = a.y;
        else if (q) {
          // A quarter that has not begun yet, in a past-tense sentence, is last year's.
          const startsAfter = (q - 1) * 3 + 1 > a.m;
          y = startsAfter && ctx.direction() === 'past' ? a.y - 1 : a.y;
        } else y = rep.y;
        if (q) return fmtQuarter(y, q);
        if (/\b(?:next)\b/.test(phrase)) {
          const n = addMonths(a.y, a.m, 3);
          return fmtQuarter(n.y, quarterOf(n.m));
        }
        if (/\bcurrent\b/.test(phrase)) return fmtQuarter(a.y, quarterOf(a.m));
        return fmtQuarter(y, rep.q);
      });
      if (/-quarter$/i.test(m[0])) d = trimStart(d, text, /^(?:(?:the|this|that|its|their)\s+)+/i);
      return d;
    },
  },
  {
    // "the latest period", "the year-ago period", "the 1988 period", "the corresponding period last year"
    name: 'period',
    starts: { words: ['the'] },
    trigger: /period/i,
    re: new RegExp(
      `(?<![a-z])the\\s+(?:(?:${YEAR_SRC}|latest|year-ago|year-earlier|year-before|comparable|corresponding|same|previous)[\\s-]+){1,2}period(?![a-z])(?:\\s+(?:a\\s+year\\s+(?:ago|earlier)|last\\s+year))?`,
      'gi',
    ),
    make: (m) => {
      const phrase = lower(m[0]);
      const explicitYear = /\b((?:1[0-9]|20)\d\d)\b/.exec(phrase);
      if (explicitYear) return draft(m, false, () => explicitYear[1]);
      const earlier = /year-(?:ago|earlier|before)|comparable|corresponding|last year|a year/.test(phrase);
      if (!earlier && !/latest/.test(phrase)) return undefined; // "the same period" alone refers back
      return draft(m, true, (ctx) => {
        const rep = reportedQuarter(ctx.anchor);
        return fmtQuarter(earlier ? rep.y - 1 : rep.y, rep.q);
      });
    },
  },
  {
    // "fiscal 1989", "fiscal year 1990", "the current fiscal year"
    name: 'fiscal-year',
    starts: { words: ['the', 'current', 'last', 'next', 'previous', 'coming', 'new', 'latest', 'this', 'same'] },
    trigger: /fiscal/i,
    re: /(?<![a-z])(?:(?:the\s+)?(?:(current|last|next|previous|coming|new|latest|this|same)\s+)fiscal\s+year|the\s+fiscal\s+year)(?![a-z])/gi,
    make: (m) => {
      const rel = lower(m[1]);
      if (rel === 'same') return undefined;
      const offset = rel === 'last' || rel === 'previous' ? -1 : rel === 'next' || rel === 'coming' ? 1 : 0;
      return draft(m, true, (ctx) => fmtYear(ctx.anchor.y + offset));
    },
  },
  {
    // "last month", "this year", "the past week", "earlier this year", "the end of the month", "this weekend"
    name: 'relative-unit',
    starts: {
      words: [
        'early',
        'late',
        'earlier',
        'later',
        'the',
        'end',
        'beginning',
        'start',
        'middle',
        'rest',
        'remainder',
        'first',
        'second',
        'balance',
        'this',
        'last',
        'next',
        'coming',
        'past',
        'previous',
      ],
    },
    trigger: /week|month|year|decade|century/i,
    re: /(?<![a-z])(?:(early|late|earlier|later|(?:the\s+)?(?:end|beginning|start|middle|rest|remainder|first\s+half|second\s+half|balance)\s+of|(?:earlier|later)\s+in)\s+)?(this\s+past|this\s+coming|this|last|next|the\s+past|the\s+previous|the\s+coming|the\s+current|the\s+following|the\s+latest|the\s+last|the\s+next|the\s+full|the|coming|past|previous)\s+(week|weekend|month|year|decade|century)(?![a-z]|-(?:old|long|end))/gi,
    make: (m) => {
      const rel = lower(m[2]);
      const unit = m[3].toLowerCase();
      if (rel === 'the previous' || rel === 'the following') return undefined; // relative to another event
      if (rel === 'the' && !/^(?:year|week|month|weekend)$/.test(unit)) return undefined;
      if (rel === 'the' && unit === 'month' && !m[1]) return undefined;
      const offset = relationOffset(rel);
      if (offset === undefined) return undefined;
      return draft(m, true, (ctx) => {
        const a = ctx.anchor;
        switch (unit) {
          case 'week':
            return shiftWeek(a, offset);
          case 'weekend':
            return placeWeekend(ctx, offset < 0 ? 'last' : offset > 0 ? 'next' : 'this');
          case 'month':
            return shiftMonth(a, offset);
          case 'year':
            return fmtYear(a.y + offset);
          case 'decade':
            return String(Math.floor(a.y / 10) + offset);
          default:
            return String(Math.floor(a.y / 100) + offset).padStart(2, '0');
        }
      });
    },
  },
  {
    // "that year", "later that year", "the following month", "earlier that day", "the next morning"
    name: 'anaphoric',
    starts: { words: ['earlier', 'later', 'that', 'the'] },
    trigger: /\b(?:that|same|following|next|previous|preceding)\b/i,
    re: /(?<![a-z])(?:(?:earlier|later)\s+)?(that(?:\s+same)?|the\s+same|the\s+following|the\s+previous|the\s+preceding|the\s+next(?=\s+(?:day|morning)))\s+(day|morning|month|year)(?![a-z-])/gi,
    make: (m) => {
      const rel = lower(m[1]);
      const unit = m[2].toLowerCase();
      const offset = /following|next/.test(rel) ? 1 : /previous|preceding/.test(rel) ? -1 : 0;
      const d = draft(m, true, () => undefined);
      d.anaphor =
        unit === 'morning' ? { unit: 'day', offset, part: 'MO' } : { unit: unit as 'day' | 'month' | 'year', offset };
      return d;
    },
  },
  {
    // "year-end", "around year end"
    name: 'year-end',
    starts: { words: ['the', 'year', 'month'] },
    trigger: /end\b/i,
    re: /(?<![a-z-])(?:the\s+)?(year|month)(?:[\s-]|['’]s\s+)end(?![a-z])/gi,
    make: (m) =>
      draft(m, true, (ctx) =>
        m[1].toLowerCase() === 'year' ? fmtYear(ctx.anchor.y) : fmtMonth(ctx.anchor.y, ctx.anchor.m),
      ),
  },
  {
    // "a year ago", "six weeks ago", "two years earlier", "nearly four years ago", "a few years ago"
    name: 'ago',
    starts: {
      words: [
        'about',
        'almost',
        'nearly',
        'some',
        'more',
        'less',
        'roughly',
        'around',
        'approximately',
        'just',
        'only',
        'over',
        'barely',
        'exactly',
        ...COUNT_START_WORDS,
      ],
      digit: true,
    },
    trigger: /\b(?:ago|earlier|later|now|hence)\b/i,
    re: new RegExp(
      `(?<![a-z])(?:(?:about|almost|nearly|some|more\\s+than|less\\s+than|roughly|around|approximately|just|only|over|barely|exactly)\\s+)?(${COUNT_SRC})\\s+(day|week|month|year|decade|century)s?\\s+(ago|earlier|from\\s+now|hence|later)(?![a-z])`,
      'gi',
    ),
    make: (m) => {
      const n = countValue(m[1]);
      const unit = m[2].toLowerCase();
      const forward = /^(?:from|hence|later)/i.test(m[3]);
      const sign = forward ? 1 : -1;
      return draft(m, true, (ctx) => {
        const a = ctx.anchor;
        if (n === undefined) return forward ? 'FUTURE_REF' : 'PAST_REF';
        const k = sign * n;
        switch (unit) {
          case 'day':
            return shiftDay(a, k);
          case 'week':
            return fmtWeek(addDays(a, 7 * k));
          case 'month':
            return shiftMonth(a, k);
          case 'year':
            return n === 1 && !forward ? yearAgo(ctx) : fmtYear(a.y + k);
          case 'decade':
            return fmtYear(a.y + 10 * k);
          default:
            return String(Math.floor((a.y + 100 * k) / 100)).padStart(2, '0');
        }
      });
    },
  },
  {
    // "year-earlier", "year-ago" used as adjectives
    name: 'year-ago-adjective',
    starts: { words: ['year'] },
    trigger: /year-/i,
    re: /(?<![a-z-])year-(?:ago|earlier)(?![a-z-])/gi,
    make: (m) => draft(m, true, (ctx) => yearAgo(ctx)),
  },
  {
    // "Friday", "last Friday", "Friday's", "Sunday night", "early Tuesday"
    name: 'weekday',
    starts: { words: ['last', 'next', 'this', 'coming', 'early', 'late', 'earlier', 'later', 'the', ...WEEKDAY_WORDS] },
    re: new RegExp(
      `(?<![a-z])(?:(last|next|this\\s+past|this\\s+coming|this|coming|early|late|earlier|later|the\\s+previous|the\\s+following)\\s+)?(${WEEKDAY_SRC})(?:\\s+${DAYPART_SRC})?(?=['’]s\\b|(?![a-z]))`,
      'gi',
    ),
    make: (m, text) => {
      if (!isCapitalised(m[2])) return undefined;
      const weekday = weekdayNumber(m[2]);
      let relation = weekdayRelation(m[1]);
      // "Friday's attacks", "Wednesday's ruling": a possessive weekday names an event already reported,
      // whatever the tense of the sentence, unless it is announced as coming ("ahead of Sunday's vote").
      const end = m.index + m[0].length;
      if (relation === 'plain' && /^['’]s\b/.test(text.slice(end, end + 3))) {
        const ahead = /\b(?:ahead\s+of|before|upcoming|awaiting|next)\s*$/i.test(
          text.slice(Math.max(0, m.index - 20), m.index),
        );
        relation = ahead ? 'coming' : 'past';
      }
      // "Sunday night" keeps the day as its value: annotators split between day and TNI, and a timeline wants the day.
      return draft(m, true, (ctx) => fmtDay(placeWeekday(ctx, weekday, relation)));
    },
  },
  {
    // "today", "yesterday", "tomorrow morning", "late yesterday", "tonight", "last night", "this morning"
    name: 'day-word',
    starts: {
      words: ['early', 'late', 'earlier', 'later', 'today', 'tonight', 'yesterday', 'tomorrow', 'the', 'last', 'this'],
    },
    re: new RegExp(
      `(?<![a-z])(?:(early|late|earlier|later)\\s+)?(today|tonight|yesterday|tomorrow|the\\s+day\\s+before\\s+yesterday|the\\s+day\\s+after\\s+tomorrow|last\\s+night|(?:this|later\\s+this|earlier\\s+this)\\s+(?:morning|afternoon|evening))(?:\\s+${DAYPART_SRC})?(?=['’]s\\b|(?![a-z]))`,
      'gi',
    ),
    make: (m, text) => {
      const word = lower(m[2]);
      if (word === 'today' && /^['’]s\b/.test(text.slice(m.index + m[0].length, m.index + m[0].length + 3)))
        return undefined; // "today's world" is generic
      let offset = 0;
      let part: string | undefined = m[3];
      if (word === 'yesterday' || word === 'last night') offset = -1;
      else if (word === 'tomorrow') offset = 1;
      else if (word === 'the day before yesterday') offset = -2;
      else if (word === 'the day after tomorrow') offset = 2;
      if (word === 'tonight' || word === 'last night') part = 'night';
      const dayPart = /(morning|afternoon|evening)$/.exec(word);
      if (dayPart) part = dayPart[1];
      return draft(m, true, (ctx) => dayWithPart(addDays(ctx.anchor, offset), part));
    },
  },
  {
    name: 'present-ref',
    starts: { words: ['right', 'now', 'currently', 'current', 'at', 'presently', 'these', 'nowadays'] },
    re: /(?<![\w'’-])(?:right\s+now|now|currently|current|at\s+present|presently|these\s+days|nowadays|at\s+the\s+moment)(?![\w'’-])/gi,
    make: (m, text) => {
      if (/^current$/i.test(m[0]) && /^\s+accounts?\b/i.test(text.slice(m.index + 7, m.index + 20))) return undefined;
      return draft(m, false, () => 'PRESENT_REF');
    },
  },
  {
    name: 'past-ref',
    starts: { words: ['more', 'most', 'recently', 'recent', 'previously', 'the', 'past'] },
    trigger: /recent|past|Previously/i,
    re: /(?<![\w'’-])(?:(?:more\s+|most\s+)?recently|recent\s+(?:years|months|weeks|days|times|decades)|(?<=(?:^|[.!?]\s+))Previously(?=,?\s)|the\s+past(?!\s+(?:\d|few|several|couple|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|forty|fifty|hundred|weeks?|months?|years?|decades?|days?|quarters?|century|centuries|hours?|\w+\s+(?:years|months|weeks|days|decades|hours)))|past\s+(?:years|decades))(?![\w'’-])/gi,
    make: (m) => draft(m, false, () => 'PAST_REF'),
  },
  {
    name: 'future-ref',
    starts: { words: ['the', 'future', 'coming'] },
    trigger: /future|coming|term\b/i,
    // bare "future" is mostly an adjective ("future earnings"); "the future of X" is not a time
    re: /(?<![\w'’-])(?:the\s+(?:near\s+|distant\s+|foreseeable\s+|immediate\s+)?future(?!\s+of\b)|(?<=\bin\s)future|(?:the\s+)?coming\s+(?:days|weeks|months|years|decades|quarters)|the\s+(?:near|short|long)\s+term)(?![\w'’-])/gi,
    make: (m) => draft(m, false, () => 'FUTURE_REF'),
  },
  {
    name: 'holiday',
    trigger:
      /Thanksgiving|Christmas|New Year|Election Day|Easter|Independence Day|Labor Day|Memorial Day|Veterans Day|Halloween|Valentine/,
    re: /(?<![a-z])(?:(last|next|this)\s+)?(Thanksgiving(?:\s+Day)?|Christmas(?:\s+(?:Day|Eve))?|New\s+Year's(?:\s+(?:Day|Eve))?|Election\s+Day|Easter(?:\s+Sunday)?|Independence\s+Day|Labor\s+Day|Memorial\s+Day|Veterans\s+Day|Halloween|Valentine's\s+Day)(?![a-z])/g,
    make: (m) => {
      const relation = weekdayRelation(m[1]);
      return draft(m, true, (ctx) => placeHoliday(ctx, m[2], relation));
    },
  },
  {
    // "this summer", "last fall", "the winter of 1994", "spring 1995"
    name: 'season',
    starts: {
      words: ['this', 'last', 'next', 'early', 'late', 'mid', 'the', 'spring', 'summer', 'fall', 'autumn', 'winter'],
    },
    trigger: /spring|summer|fall|autumn|winter/i,
    re: new RegExp(
      `(?<![a-z])(?:(this\\s+past|this\\s+coming|this|last|next|early|late|mid|the)[\\s-]+)?(spring|summer|fall|autumn|winter)(?:\\s+(?:of\\s+)?(${YEAR_SRC}|${SPELLED_YEAR_SRC}))?(?![a-z])`,
      'gi',
    ),
    make: (m, text) => {
      const rel = lower(m[1]);
      const season = SEASON_CODES[m[2].toLowerCase()];
      if (m[3]) {
        const y = yearValue(m[3]);
        if (y === undefined) return undefined;
        return draft(m, false, () => `${fmtYear(y)}-${season}`);
      }
      if (!rel) return undefined; // "prices fall"
      if (rel === 'the') {
        // "the fall of the Berlin Wall" is an event, not a season
        if (/^\s+of\b/i.test(text.slice(m.index + m[0].length, m.index + m[0].length + 5))) return undefined;
        if (m[2].toLowerCase() === 'fall') return undefined;
      }
      return draft(m, true, (ctx) => placeSeason(ctx, season, rel));
    },
  },
  {
    // "10:35 a.m.", "9 a.m. Tuesday", "noon Thursday", "5 p.m. EST Nov. 9", "around 7:15 p.m."
    name: 'clock-time',
    starts: {
      words: ['around', 'about', 'approximately', 'shortly', 'just', 'noon*', 'midnight*', 'midday*'],
      digit: true,
    },
    trigger: /\d\s*[ap]\.?m|noon|midnight|midday|\d:\d\d/i,
    re: new RegExp(
      `(?<![\\w:.])(?:(?:around|about|approximately|shortly\\s+after|shortly\\s+before|just\\s+after|just\\s+before)\\s+)?(?:(\\d{1,2})(?::(\\d{2}))?\\s*(a\\.m\\.?|p\\.m\\.?|am(?![a-z])|pm(?![a-z]))|(noon|midnight|midday)|(\\d{1,2}):(\\d{2})(?=\\s*(?:GMT|UTC|local\\s+time|hours|h\\b)))(?:\\s+(?:[ECMP][SD]T|GMT|UTC|local\\s+time))?(?:,?\\s+(${WEEKDAY_SRC}|today|yesterday|tomorrow|(${MONTH_SRC})\\s*(\\d{1,2})(?!\\d)))?`,
      'gi',
    ),
    make: (m, text) => {
      let hour: number;
      let minute = 0;
      if (m[4]) {
        hour = m[4].toLowerCase() === 'midnight' ? 24 : 12;
      } else if (m[5]) {
        hour = Number(m[5]);
        minute = Number(m[6]);
      } else {
        hour = Number(m[1]);
        minute = m[2] ? Number(m[2]) : 0;
        const pm = /^p/i.test(m[3]);
        if (hour < 1 || hour > 12) return undefined;
        if (pm && hour < 12) hour += 12;
        if (!pm && hour === 12) hour = 0;
      }
      if (hour > 24 || minute > 59) return undefined;
      // "9 a.m. Tuesday" is one expression; "at 10:35 a.m. (0735 GMT) Friday" takes its day from just after.
      const end = m.index + m[0].length;
      const later = m[7] ? undefined : DAY_AFTER_CLOCK_RE.exec(text.slice(end, end + 40));
      const dayWord = m[7] ?? later?.[1];
      const d = draft(m, true, (ctx) => {
        let day: Ymd = ctx.anchor;
        if (dayWord) {
          const w = dayWord.toLowerCase();
          if (w === 'yesterday') day = addDays(ctx.anchor, -1);
          else if (w === 'tomorrow') day = addDays(ctx.anchor, 1);
          else if (w === 'today') day = ctx.anchor;
          else if (m[8]) day = placeMonthDay(ctx, monthNumber(m[8]), Number(m[9])) ?? ctx.anchor;
          else day = placeWeekday(ctx, weekdayNumber(w), 'plain');
        }
        if (hour === 24) return `${fmtDay(day)}T24:00`;
        return fmtTime(day, hour, minute);
      });
      if (!dayWord) d.timeOfDay = hour === 24 ? 'T24:00' : fmtTime(GENERIC_DAY, hour, minute).slice(10);
      return d;
    },
  },
];
