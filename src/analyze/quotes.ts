// Quote extraction and attribution: direct quotes between quotation marks (straight, curly, PTB ``…'', «…»),
// split quotes, multi-paragraph quotes, and indirect speech ("X said that …"), each with its speech verb (cue), the
// speaker as written, and a resolved speaker name. Rule-based and linear in the text length; no I/O.
import type { Quote, Span } from '../model.js';
import { countWords } from '../text/words.js';
import { PEOPLE_SETTINGS } from './settings.js';
import {
  classifyRun,
  genderCompatible,
  namedMentions,
  respan,
  type SpeakerMention,
  speakerEndingAt,
  speakerMention,
  speakerStartingAt,
} from './speakers.js';

export interface FindQuotesOptions {
  /** Also report indirect speech ("X said that …"). Default true. */
  indirect?: boolean;
}

// ---- quotation marks ----

interface Segment {
  open: number;
  /** Position of the closing mark, or the paragraph end when the quote runs on into the next paragraph. */
  close: number;
  closeLen: number;
  /** Content span (inside the marks, trimmed). */
  start: number;
  end: number;
  /** Index of the segment that continues this one in the next paragraph. */
  next?: number;
  /** True for the second and later parts of a multi-paragraph quote. */
  continued?: boolean;
}

const MARK_RE = /``|''|[“”"«»„]/g;
const OPEN_CONTEXT = /[\s([{—–\-/:;,]/;
const CLOSE_CONTEXT = /[\s.,;:!?)\]}—–-]/;

/** Pairs quotation marks line by line; an unclosed quote continues when the next paragraph opens with a mark. */
function findSegments(text: string): Segment[] {
  const segments: Segment[] = [];
  // Open marks not yet closed on this line; a mark of another style inside a quote nests (`"… “hell” …"`).
  const stack: { pos: number; len: number; straight: boolean }[] = [];
  // Pairs nested in a quote that never closed: used only if the outer quote is dropped.
  let inner: Segment[] = [];
  let lineStart = 0;
  let carry = -1; // segment index waiting for its continuation
  const push = (seg: Segment | undefined, open: number): void => {
    if (!seg) return;
    if (carry >= 0 && isLineOpening(text, open)) {
      segments[carry].next = segments.length;
      seg.continued = true;
    }
    segments.push(seg);
  };
  const flushLine = (lineEnd: number): void => {
    const outer = stack[0];
    let continues = false;
    if (outer) {
      // Unclosed at the paragraph end: it runs on only if the next non-empty line opens with a mark.
      let n = lineEnd;
      while (n < text.length && /\s/.test(text[n])) n++;
      continues = /^(?:``|[“"«„]|'')/.test(text.slice(n, n + 2));
      if (continues) {
        let end = lineEnd;
        while (end > outer.pos + outer.len && /\s/.test(text[end - 1])) end--;
        const seg = makeSegment(text, outer.pos, outer.len, end, 0);
        if (seg) {
          push(seg, outer.pos);
          carry = segments.length - 1;
        } else continues = false;
      } else for (const seg of inner) segments.push(seg);
    }
    if (!continues) carry = -1;
    stack.length = 0;
    inner = [];
  };
  MARK_RE.lastIndex = 0;
  let nextNewline = text.indexOf('\n');
  for (let m = MARK_RE.exec(text); m; m = MARK_RE.exec(text)) {
    const pos = m.index;
    if (nextNewline >= 0 && nextNewline < pos) {
      // The last newline before this mark ends the line; the marks in between were on earlier lines.
      let nl = nextNewline;
      for (let n = text.indexOf('\n', nl + 1); n >= 0 && n < pos; n = text.indexOf('\n', n + 1)) nl = n;
      flushLine(nl);
      lineStart = nl + 1;
      nextNewline = text.indexOf('\n', pos);
    }
    const mark = m[0];
    const len = mark.length;
    const prev = pos > lineStart ? text[pos - 1] : ' ';
    const nextCh = pos + len < text.length ? text[pos + len] : ' ';
    let role: 'open' | 'close' | 'either';
    if (mark === '“' || mark === '«' || mark === '„' || mark === '``') role = 'open';
    else if (mark === '”' || mark === '»') role = 'close';
    else {
      const openish = OPEN_CONTEXT.test(prev) || /["“«]/.test(prev);
      const closeish = CLOSE_CONTEXT.test(nextCh) || /["”»]/.test(nextCh);
      role = openish && !closeish ? 'open' : closeish && !openish ? 'close' : 'either';
    }
    const straight = mark === '"' || mark === "''";
    const top = stack[stack.length - 1];
    const closes = top && (role !== 'open' || (straight && top.straight));
    if (closes) {
      stack.pop();
      const seg = makeSegment(text, top.pos, top.len, pos, len);
      if (stack.length === 0) push(seg, top.pos);
      else if (seg && stack.length === 1) inner.push(seg);
      if (stack.length === 0) carry = -1;
    } else if (role !== 'close' && stack.length < 3) stack.push({ pos, len, straight });
  }
  flushLine(text.length);
  return segments;
}

/** Whether only spaces stand between the line start and `pos`. */
function isLineOpening(text: string, pos: number): boolean {
  let p = pos - 1;
  while (p >= 0 && text[p] !== '\n' && /\s/.test(text[p])) p--;
  return p < 0 || text[p] === '\n';
}

function makeSegment(
  text: string,
  open: number,
  openLen: number,
  close: number,
  closeLen: number,
): Segment | undefined {
  let start = open + openLen;
  let end = close;
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  if (end - start < 1) return undefined;
  // `next` and `continued` are there from the start (set later for multi-paragraph quotes): one shape for all.
  return { open, close, closeLen, start, end, next: undefined, continued: false };
}

// ---- sentences ----

const ABBREVIATION =
  /(?:^|[\s(])(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Col|Lt|Capt|Maj|Sgt|Adm|Prof|Rev|St|Jr|Sr|No|vs|etc|Inc|Corp|Co|Ltd|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Del|Amb|Pres|Mt|Ft|approx|[A-Z]|[A-Z]\.[A-Z]|U\.S|U\.N|U\.K|E\.U)\.$/;

/** Sentence start offsets: line starts and ends of sentences outside quotes (or ending a quote). */
function sentenceStarts(text: string, scan: { inside(pos: number): Segment | undefined }): number[] {
  const starts = [0];
  const re = /\n+|[.!?]+(?:["”»’')\]]|'')*\s+(?=[\p{Lu}"“«'‘`(\d])/gu;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const p = m.index;
    const after = p + m[0].length;
    if (m[0][0] !== '\n') {
      const seg = scan.inside(p);
      // Inside a quote only the quote's own last sentence ends the outer sentence.
      if (seg && !/^[.!?]*$/.test(text.slice(p, seg.end))) continue;
      if (text[p] === '.' && ABBREVIATION.test(text.slice(Math.max(0, p - 6), p + 1))) continue;
    }
    if (after > starts[starts.length - 1]) starts.push(after);
  }
  return starts;
}

function lastIndexLE(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= x) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}

// ---- speech verbs ----

const CUE_WORDS = `said says say saying told tells telling added adds adding asked asks asking warned warns warning
  insisted insists insisting wrote writes writing tweeted tweets tweeting declared declares declaring explained explains
  explaining noted notes noting recalled recalls recalling continued argued argues arguing claimed claims claiming
  acknowledged acknowledges acknowledging admitted admits admitting conceded concedes conceding vowed vows vowing
  promised promises promising suggested suggests suggesting replied replies replying responded responds announced
  announces announcing stressed stresses stressing emphasized emphasised emphasizes observed commented remarked
  predicted predicts urged urges boasted boasts complained complains concluded joked quipped shouted yelled yells
  scolded demanded demands testified reported posted recounted reads chanted cried exclaimed pleaded countered retorted
  thundered mused lamented agreed agrees confirmed confirms denied alleged contended maintained asserted asserts
  cautioned predicted charged wondered whispered screamed sang sings texted emailed messaged explained called calls
  calling described describes describing proclaimed likened dubbed labeled labelled branded hailed praised slammed
  blasted criticized criticised denounced characterized termed asserting declaring recalling stated`;
const CUE_RE = new RegExp(
  String.raw`\b(?:[Aa]ccording to|Said|Says|Asked|Added|${[...new Set(CUE_WORDS.split(/\s+/).filter(Boolean))].join('|')})\b`,
  'g',
);
/** Cues after which the speaker follows ("according to Valls"). */
const SPEAKER_AFTER_ONLY = /^[Aa]ccording to$/;

interface Cue extends Span {
  word: string;
}

// ---- main ----

/** A sentence's opening participle or prepositional phrase up to its comma: the subject comes after it. */
const INTRO_PHRASE = new RegExp(
  String.raw`^(?:\p{Lu}\p{Ll}+ing|In|At|On|After|Before|During|Following|Despite|Since|Unlike|With|From|For|Under|Amid|Asked)\b[^,.;:"“”\n]{0,${PEOPLE_SETTINGS.introPhraseMaxChars}},\s*`,
  'u',
);

/** Joins the parts of a split quote in `Quote.text` (the span runs from the first part to the last). */
export const SPLIT_JOIN = ' … ';

/** How far (in characters) a quote or cue looks for its sentence's start and end. */
const MAX_REACH = 1500;

interface Attribution {
  cue: Cue;
  speaker: SpeakerMention;
}

interface Found {
  quote: Quote;
  mention: SpeakerMention;
  /** Where the quote sits, for ordering pronoun resolution. */
  at: number;
}

/**
 * One text's quotation marks, sentences, lines and cues, and the quotes found so far: what the steps of the quote
 * finder share. Methods of one class rather than closures made anew for every text: a call to a fresh closure
 * threw the optimised finder back to the interpreter ("wrong call target"), and one very large function with
 * its closures inlined was recompiled whole, at great cost, after each such deoptimisation.
 */
class QuoteScan {
  readonly text: string;
  readonly segments: Segment[];
  readonly segStarts: number[];
  /** Sentence start offsets. */
  readonly starts: number[];
  /** Offsets of the newlines, for line lookups in O(log n) (long single-line texts must stay linear). */
  readonly newlines: number[];
  readonly cues: Cue[];
  readonly cueStarts: number[];
  /** Prefix counts of non-space, non-mark characters, all and inside quotes: quotedShare in O(1). */
  readonly countable: Int32Array;
  readonly quotedCountable: Int32Array;
  readonly found: Found[] = [];
  readonly usedCues = new Set<number>();
  /** The direct quote each cue attributes, by cue offset: later parts of a split quote join it. */
  readonly byCue = new Map<number, Found>();
  previous: { attribution: Attribution; line: number } | undefined = undefined;

  constructor(text: string) {
    this.text = text;
    this.segments = findSegments(text);
    this.segStarts = this.segments.map((s) => s.open);
    this.starts = sentenceStarts(text, this);
    this.newlines = [];
    for (let n = text.indexOf('\n'); n >= 0; n = text.indexOf('\n', n + 1)) this.newlines.push(n);
    this.cues = findCues(text, this);
    this.cueStarts = this.cues.map((c) => c.start);
    this.countable = new Int32Array(text.length + 1);
    this.quotedCountable = new Int32Array(text.length + 1);
    countCharacters(text, this.segments, this.countable, this.quotedCountable);
  }

  inside(pos: number): Segment | undefined {
    const i = lastIndexLE(this.segStarts, pos);
    if (i < 0) return undefined;
    const s = this.segments[i] as Segment;
    return pos >= s.open && pos < s.close + s.closeLen ? s : undefined;
  }

  sentenceOf(pos: number): number {
    return Math.max(0, lastIndexLE(this.starts, pos));
  }

  sentenceEnd(idx: number): number {
    return idx + 1 < this.starts.length ? (this.starts[idx + 1] as number) : this.text.length;
  }

  /** The newline before `pos` (-1 on the first line): identifies the line. */
  lineOf(pos: number): number {
    const i = lastIndexLE(this.newlines, pos - 1);
    return i < 0 ? -1 : (this.newlines[i] as number);
  }

  /** The newline after `pos`, or the text length. */
  lineEndAfter(pos: number): number {
    const i = lastIndexLE(this.newlines, pos - 1) + 1;
    return i < this.newlines.length ? (this.newlines[i] as number) : this.text.length;
  }

  /** Share of non-space characters of [a, b) that lie inside quotation marks. */
  quotedShare(a: number, b: number): number {
    const all = (this.countable[b] as number) - (this.countable[a] as number);
    return all === 0 ? 0 : ((this.quotedCountable[b] as number) - (this.quotedCountable[a] as number)) / all;
  }

  cueAt(from: number, to: number, last: boolean): Cue | undefined {
    const cues = this.cues;
    if (last) {
      let i = lastIndexLE(this.cueStarts, to - 1);
      while (i >= 0 && (cues[i] as Cue).start >= from) {
        if ((cues[i] as Cue).end <= to) return cues[i];
        i--;
      }
      return undefined;
    }
    let i = lastIndexLE(this.cueStarts, from - 1) + 1;
    for (; i < cues.length && (cues[i] as Cue).start < to; i++) if ((cues[i] as Cue).end <= to) return cues[i];
    return undefined;
  }

  /** The source after "according to": the whole phrase up to a comma or the sentence end when it is short. */
  sourceAfter(cue: Cue, ceil: number): SpeakerMention | undefined {
    const text = this.text;
    const first = speakerStartingAt(text, cue.end, ceil);
    if (!first) return undefined;
    const m = /^(?:[^,;:.!?"“”\n]|\.(?=\S|[^\S\n]+\p{Ll}))+/u.exec(
      text.slice(first.start, Math.min(ceil, first.start + 120)),
    );
    const phrase = m ? m[0].trimEnd() : '';
    if (phrase.length <= first.text.length || countWords(phrase) > 10) return first;
    const name =
      first.kind === 'person' || first.kind === 'unknown' ? first.name : phrase.replace(/^(?:the|a|an)\s+/i, '');
    return speakerMention(
      first.start,
      first.start + phrase.length,
      phrase,
      first.kind,
      name,
      first.title,
      first.gender,
    );
  }

  /** Speaker of a cue: before it, after it ("said Le Drian"), or the sentence subject for "…, saying". */
  speakerOf(cue: Cue, floor: number, ceil: number): SpeakerMention | undefined {
    const text = this.text;
    if (SPEAKER_AFTER_ONLY.test(cue.word)) return this.sourceAfter(cue, ceil);
    const before = speakerEndingAt(text, cue.start, floor);
    if (before) return before;
    const gap = text.slice(floor, cue.start);
    if (/^[\s,;:—–-]*$/.test(gap)) {
      const after = speakerStartingAt(text, cue.end, ceil);
      if (after) return after;
    }
    // "…, saying", "… and said": the subject at the sentence start.
    if (/(?:,|\band|\bbut|\bbefore|\bafter|\bwhile|\bwhen|\bthen)\s*$/.test(gap))
      return this.subjectAt(floor, cue.start);
    return undefined;
  }

  subjectAt(from: number, to: number): SpeakerMention | undefined {
    const text = this.text;
    const ss = Math.max(this.starts[this.sentenceOf(from)] as number, to - MAX_REACH);
    const head = text.slice(ss, to);
    const pm = /^(?:[^,]{0,40},\s*)?(he|she|they|He|She|They)\b/.exec(head);
    if (pm) {
      const s = ss + head.indexOf(pm[1] as string, pm[0].length - (pm[1] as string).length);
      return speakerMention(
        s,
        s + (pm[1] as string).length,
        pm[1] as string,
        'pronoun',
        undefined,
        undefined,
        genderOf(pm[1] as string),
      );
    }
    // An opening participle or prepositional phrase ("Speaking to Ann Vale, …", "In Paris, …") holds no subject.
    const intro = INTRO_PHRASE.exec(head);
    const from2 = intro ? ss + intro[0].length : ss;
    for (const m of namedMentions(text, from2, to)) {
      if (this.inside(m.start)) continue;
      if (m.kind === 'person' || m.kind === 'unknown' || m.kind === 'role') return m;
    }
    return undefined;
  }

  /** Attribution written right after a quote: `, he said`, `said Le Drian`, `— the presidency said`. */
  attributeRight(closeEnd: number, limit: number, sentenceLimit: number): Attribution | undefined {
    const found = this.attributeRightIn(closeEnd, limit);
    // In the next sentence (`"Why?" Vitter demanded.`) the attribution must be all of it, not the subject of a new
    // statement (`… "outlaw nation." Russia insisted that Pyongyang …`).
    if (found && found.cue.end > sentenceLimit && countWords(this.text.slice(found.cue.end, limit)) > 6)
      return undefined;
    if (found && found.cue.end > sentenceLimit && /\bthat\b/.test(this.text.slice(found.cue.end, limit)))
      return undefined;
    return found;
  }

  attributeRightIn(closeEnd: number, limit: number): Attribution | undefined {
    const text = this.text;
    const lead = /^[^\S\n]*[,;:—–-]*[^\S\n]*/.exec(text.slice(closeEnd, Math.min(limit, closeEnd + 10)));
    const p = closeEnd + (lead ? lead[0].length : 0);
    if (p >= limit) return undefined;
    const cue = this.cueAt(p, Math.min(limit, p + 160), false);
    if (!cue) return undefined;
    if (cue.start === p) {
      const speaker = speakerStartingAt(text, cue.end, limit);
      return speaker ? { cue, speaker } : undefined;
    }
    const speaker = speakerEndingAt(text, cue.start, p);
    if (!speaker) return undefined;
    if (speaker.start === p) return { cue, speaker };
    // A short descriptor before the name: "Trump lawyer Marc Kasowitz said", "IMF chief economist Maury Obstfeld".
    const descriptor = text.slice(p, speaker.start);
    if (
      speaker.kind !== 'pronoun' &&
      /^(?:[\p{L}\p{N}.'’-]+ ){1,5}$/u.test(descriptor) &&
      !/\b(?:and|or|but|that|which|while|as|when)\b/.test(descriptor)
    )
      return { cue, speaker: respan(speaker, p, speaker.end, text.slice(p, speaker.end)) };
    // A short tail before the attribution: `“… jail time” for criminal behavior, she said.`
    if (/^[^“”"«»\n]{0,60},\s*$/.test(descriptor) && countWords(descriptor) <= 8) return { cue, speaker };
    return undefined;
  }

  /** `"…," the New York businessman said`: any short article-led phrase right after the quote. */
  attributeRightPhrase(closeEnd: number, limit: number): Attribution | undefined {
    const text = this.text;
    const lead = /^[^\S\n]*[,;:—–-]*[^\S\n]*/.exec(text.slice(closeEnd, Math.min(limit, closeEnd + 10)));
    const p = closeEnd + (lead ? lead[0].length : 0);
    if (!/^(?:the|a|an|one|another|his|her|their|its)\s/.test(text.slice(p, p + 8))) return undefined;
    const cue = this.cueAt(p, Math.min(limit, p + 70), false);
    if (!cue) return undefined;
    const m = /^(?:the|a|an|one|another|his|her|their|its)\s+[^,.;:"“”\n]{1,50}?(?=\s+(?:also\s+)?$)/.exec(
      text.slice(p, cue.start),
    );
    if (!m) return undefined;
    const t = m[0];
    return {
      cue,
      speaker: speakerMention(p, p + t.length, t, 'org', t.replace(/^\S+\s+/, ''), undefined, undefined),
    };
  }

  /** `“…” ― Pamela Padilla` at the end of a line: a dash and a name as the attribution. */
  attributeDash(closeEnd: number): Attribution | undefined {
    const text = this.text;
    const m = /^[^\S\n]*([―—–]|--?)[^\S\n]*/.exec(text.slice(closeEnd, closeEnd + 6));
    if (!m) return undefined;
    const from = closeEnd + m[0].length;
    const lineEnd = this.lineEndAfter(from);
    const speaker = speakerStartingAt(text, from, lineEnd);
    if (!speaker || speaker.kind === 'pronoun' || !/^[\s.,]*$/.test(text.slice(speaker.end, lineEnd))) return undefined;
    const dash = closeEnd + m[0].indexOf(m[1] as string);
    return { cue: { start: dash, end: dash + (m[1] as string).length, word: m[1] as string }, speaker };
  }

  /** The cue of a line ending "X said:" or "X continued:" that introduces the quote paragraph at `open`. */
  attributeColon(open: number): Attribution | undefined {
    const text = this.text;
    if (!isLineOpening(text, open)) return undefined;
    const prevLineEnd = this.lineOf(open);
    if (prevLineEnd <= 0) return undefined;
    let colon = prevLineEnd;
    while (colon > 0 && /\s/.test(text[colon - 1] as string)) colon--;
    if (text[colon - 1] !== ':') return undefined;
    const ls = this.lineOf(colon - 1) + 1;
    const cue = this.cueAt(Math.max(ls, colon - 160), colon, true);
    if (!cue || this.inside(cue.start)) return undefined;
    const speaker = this.speakerOf(cue, this.starts[this.sentenceOf(cue.start)] as number, colon);
    return speaker ? { cue, speaker } : undefined;
  }

  /** The quote that opens at segment `i` (not a continued part), with its attribution, if it has one. */
  direct(i: number): void {
    const text = this.text;
    const segments = this.segments;
    const seg = segments[i] as Segment;
    // Follow a multi-paragraph chain to its last part.
    let last = seg;
    while (last.next !== undefined) last = segments[last.next] as Segment;
    const closeEnd = last.close + last.closeLen;
    const sIdx = this.sentenceOf(seg.open);
    // Very long "sentences" (unpunctuated text) are cut to a window so that the cost stays linear.
    const ss = Math.max(this.starts[sIdx] as number, seg.open - MAX_REACH);
    const lastIdx = this.sentenceOf(Math.max(last.open, closeEnd - 1));
    const se = Math.min(this.sentenceEnd(lastIdx), closeEnd + MAX_REACH);
    // The attribution may follow a quote that ends its own sentence: `"Why?" Vitter demanded.`
    const lineEnd = this.lineEndAfter(closeEnd);
    const rightLimit = Math.min(lineEnd, this.sentenceEnd(this.sentenceOf(Math.min(text.length - 1, closeEnd + 1))));
    let attribution =
      this.attributeRight(closeEnd, Math.max(se, rightLimit), se) ??
      this.attributeDash(closeEnd) ??
      this.attributeRightPhrase(closeEnd, Math.max(se, rightLimit));
    // An attribution whose content is mostly not quoted (indirect speech with quoted fragments): not a direct quote,
    // but its speaker carries over to a whole-sentence quote that follows.
    let rejected: Attribution | undefined;
    if (attribution) {
      // "the country "has made dramatic changes," McConnell said": direct only if the quote dominates.
      if (this.quotedShare(ss, Math.min(closeEnd, attribution.speaker.start)) <= 0.5) {
        rejected = attribution;
        attribution = undefined;
      }
    } else {
      const cue = this.cueAt(ss, seg.open, true);
      if (cue) {
        const before = i > 0 ? segments[i - 1] : undefined;
        const prevSeg = before && before.close + before.closeLen <= cue.start ? before : undefined;
        const floor = Math.max(ss, prevSeg && prevSeg.open >= ss ? prevSeg.close + prevSeg.closeLen : ss);
        const speaker = this.speakerOf(cue, floor, seg.open);
        if (speaker) {
          const contentFrom = contentStart(text, cue, speaker, seg.open);
          if (this.quotedShare(contentFrom, se) > 0.5) attribution = { cue, speaker };
          else rejected = { cue, speaker };
        }
      }
    }
    if (!attribution) attribution = this.attributeColon(seg.open);
    const previous = this.previous;
    if (!attribution && previous) {
      // Split quote: `“A,” he said. “B.”` — a whole-sentence quote right after an attributed one on the same line.
      // (A closed quote paragraph after another is not carried over: by convention a quote that runs on leaves its
      // paragraph open, which the multi-paragraph rule handles.)
      const startsSentence = /^\s*$/.test(text.slice(ss, seg.open));
      const endsSentence = /^[\s.,;:!?)\]]*$/.test(text.slice(closeEnd, se));
      if (startsSentence && endsSentence && this.lineOf(seg.open) === previous.line) attribution = previous.attribution;
    }
    const words = countWords(text.slice(seg.start, last.end));
    if (!attribution || words === 0) {
      this.previous = rejected ? { attribution: rejected, line: this.lineOf(last.open) } : undefined;
      return;
    }
    const parts: string[] = [];
    for (let s: Segment | undefined = seg; s; s = s.next !== undefined ? segments[s.next] : undefined)
      parts.push(text.slice(s.start, s.end));
    // A split quote (`“A,” he said. “B.”`, `urged them to “A” and “B”`) is one utterance with one attribution: the
    // later part extends the quote its cue already attributes rather than making a second one.
    const host = this.byCue.get(attribution.cue.start);
    if (host) {
      host.quote.end = last.end;
      host.quote.text = `${host.quote.text}${SPLIT_JOIN}${parts.join('\n\n')}`;
      this.previous = { attribution, line: this.lineOf(last.open) };
      return;
    }
    this.usedCues.add(attribution.cue.start);
    const f = foundQuote(
      'direct',
      seg.start,
      last.end,
      parts.join('\n\n'),
      attribution.cue,
      attribution.speaker,
      Math.min(seg.start, attribution.speaker.start),
    );
    this.found.push(f);
    this.byCue.set(attribution.cue.start, f);
    this.previous = { attribution, line: this.lineOf(last.open) };
  }

  indirectAt(cue: Cue): Found | undefined {
    const text = this.text;
    const sIdx = this.sentenceOf(cue.start);
    const ss = Math.max(this.starts[sIdx] as number, cue.start - MAX_REACH);
    let se = Math.min(this.sentenceEnd(sIdx), cue.end + MAX_REACH);
    while (se > ss && /[\s.!?]/.test(text[se - 1] as string)) se--;
    if (SPEAKER_AFTER_ONLY.test(cue.word)) {
      // "According to X, CONTENT." or "CONTENT, according to X."
      const speaker = this.sourceAfter(cue, se);
      if (!speaker) return undefined;
      const before = text.slice(ss, cue.start);
      if (/^\s*$/.test(before)) {
        const comma = text.indexOf(',', speaker.end);
        if (comma < 0 || comma >= se) return undefined;
        return this.make(cue, speaker, comma + 1, se);
      }
      if (/,\s*$/.test(before)) return this.make(cue, speaker, ss, ss + before.replace(/,\s*$/, '').length);
      return undefined;
    }
    const speaker = speakerEndingAt(text, cue.start, ss);
    if (!speaker) return undefined;
    // "CONTENT, officials said."
    const gapBefore = text.slice(ss, speaker.start);
    if (/,\s*$/.test(gapBefore) && /^[\s,.]*(?:on \w+|in an? \w+|\w+day)?[\s,.]*$/.test(text.slice(cue.end, se + 1)))
      return this.make(cue, speaker, ss, ss + gapBefore.replace(/,\s*$/, '').length);
    if (!/^\s*$/.test(gapBefore) && !/,\s*$/.test(gapBefore) && !/^[^,]{0,60},\s*$/.test(gapBefore)) return undefined;
    const after = text.slice(cue.end, se);
    const that = /^((?:\s+[\p{L}\p{N}.'’-]+){0,8}?)\s+that\s+/u.exec(after);
    let from: number;
    if (that) from = cue.end + that[0].length;
    else if (
      /^(?:said|says|say|added|adds|argued|argues|claimed|claims|insisted|insists|warned|warns|noted|stressed|acknowledged|conceded|admitted|suggested|predicted|maintained|contended|asserted|explained)$/.test(
        cue.word,
      )
    ) {
      const skip =
        /^\s+(?:(?:on|last|this)\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday)\b,?/.exec(
          after,
        );
      from = cue.end + (skip ? skip[0].length : 0);
      const rest = text.slice(from, se);
      if (
        !/^\s+(?!(?:in|on|at|to|of|for|with|by|from|after|before|during|about|as|and|or|but|so|if|when)\b)[\p{L}\p{N}'’"“]/u.test(
          rest,
        )
      )
        return undefined;
    } else return undefined;
    if (this.inside(from)) return undefined;
    return this.make(cue, speaker, from, se);
  }

  make(cue: Cue, speaker: SpeakerMention, from: number, to: number): Found | undefined {
    const text = this.text;
    let a = from;
    let b = to;
    while (a < b && /[\s,:]/.test(text[a] as string)) a++;
    while (b > a && /[\s,;:]/.test(text[b - 1] as string)) b--;
    if (countWords(text.slice(a, b)) < 3 || this.quotedShare(a, b) > 0.5) return undefined;
    return foundQuote('indirect', a, b, text.slice(a, b), cue, speaker, Math.min(a, speaker.start));
  }
}

/** A found quote, made in one place so that every quote and record has the same fields in the same order. */
function foundQuote(
  kind: Quote['kind'],
  start: number,
  end: number,
  text: string,
  cue: Cue,
  speaker: SpeakerMention,
  at: number,
): Found {
  return {
    quote: {
      start,
      end,
      text,
      kind,
      cue: cue.word,
      speakerMention: { start: speaker.start, end: speaker.end, text: speaker.text },
    },
    mention: speaker,
    at,
  };
}

/** Every speech verb of the text outside quotation marks ("so-called" and "called for" are none). */
function findCues(text: string, scan: QuoteScan): Cue[] {
  const cues: Cue[] = [];
  CUE_RE.lastIndex = 0;
  for (let m = CUE_RE.exec(text); m; m = CUE_RE.exec(text)) {
    if (scan.inside(m.index) || text[m.index - 1] === '-') continue; // "so-called"
    // "called for", "called on", "calls it quits": not speech.
    if (
      /^call/.test(m[0]) &&
      /^\s+(?:for|on|off|up|out|in|back|it quits)\b/.test(text.slice(m.index + m[0].length, m.index + m[0].length + 12))
    )
      continue;
    cues.push({ start: m.index, end: m.index + m[0].length, word: m[0] });
  }
  return cues;
}

/** Fills the prefix counts of non-space, non-mark characters, all and inside quotes. */
function countCharacters(text: string, segments: Segment[], countable: Int32Array, quotedCountable: Int32Array): void {
  let segIdx = 0;
  for (let p = 0; p < text.length; p++) {
    const c = text.charCodeAt(p);
    const counts = !(
      c === 32 ||
      c === 10 ||
      c === 9 ||
      c === 13 ||
      c === 0xa0 ||
      c === 34 ||
      c === 39 ||
      c === 96 ||
      c === 0x201c ||
      c === 0x201d ||
      c === 0xab ||
      c === 0xbb
    );
    while (segIdx < segments.length && (segments[segIdx] as Segment).end <= p) segIdx++;
    const inQuote = segIdx < segments.length && p >= (segments[segIdx] as Segment).start;
    countable[p + 1] = (countable[p] as number) + (counts ? 1 : 0);
    quotedCountable[p + 1] = (quotedCountable[p] as number) + (counts && inQuote ? 1 : 0);
  }
}

/**
 * Quotes in `text`, sorted by position. Direct quotes: `start`/`end` span the quoted words without the marks (a
 * multi-paragraph quote spans from its first to its last paragraph; `text` then joins the parts with a blank line);
 * a split quote (“A,” he said. “B.”) gives two quotes with the same speaker. Indirect speech: the clause after the
 * cue ("said that …"). Only attributed quotes are returned, so scare quotes and titles never are. `speakerMention`
 * is the speaker as written ("he", "Le Drian", "the presidency"); `speaker` is a name: a person's fullest form in the
 * text ("Jean-Yves Le Drian"), a pronoun's resolved person, or an organisation's phrase ("French presidency") — a
 * stand-in for an entity key until entity linking exists.
 */
export function findQuotes(text: string, opts: FindQuotesOptions = {}): Quote[] {
  const scan = new QuoteScan(text);
  for (let i = 0; i < scan.segments.length; i++) if (!(scan.segments[i] as Segment).continued) scan.direct(i);
  const found = scan.found;
  if (opts.indirect !== false) {
    for (const cue of scan.cues) {
      if (scan.usedCues.has(cue.start)) continue;
      const indirect = scan.indirectAt(cue);
      if (indirect) found.push(indirect);
    }
  }
  resolveSpeakers(scan, found);
  // Sorted before mapping (the same stable order): sorting the array that map() had just made threw the optimised
  // findQuotes back to the interpreter at most articles of a fresh process (a "wrong map" on that new array, 140
  // times in the first 800 Timeline17 articles).
  found.sort((x, y) => x.quote.start - y.quote.start || x.quote.end - y.quote.end);
  return found.map((f) => f.quote);
}

function genderOf(pronoun: string): SpeakerMention['gender'] {
  const p = pronoun.toLowerCase();
  return p === 'he' ? 'male' : p === 'she' ? 'female' : p === 'they' ? 'plural' : 'neuter';
}

/** Where the reported content starts after a cue: after "that", a colon or a comma close to the quote, else the cue. */
function contentStart(text: string, cue: Cue, speaker: SpeakerMention, quoteOpen: number): number {
  const from = SPEAKER_AFTER_ONLY.test(cue.word)
    ? Math.max(cue.end, speaker.end)
    : Math.max(cue.end, speaker.start > cue.end ? speaker.end : cue.end);
  const gap = text.slice(from, quoteOpen);
  const that = /\bthat\s+/.exec(gap);
  if (that && that.index < 80) return from + that.index + that[0].length;
  const punct = /[,:]\s*/.exec(gap);
  if (punct && punct.index < 80) return from + punct.index + punct[0].length;
  return from;
}

// ---- speaker resolution ----

const PREPOSITION_BEFORE =
  /\b(?:in|near|at|from|to|of|on|into|over|across|against|for|with|by|toward|towards|via|outside|inside|around|through|under|between|among)\s+(?:the\s+)?$/i;

interface PersonEvent {
  at: number;
  sentence: number;
  name: string;
  gender?: SpeakerMention['gender'];
  title?: string;
}

/**
 * The person names of one text and where they are mentioned, for resolving its speakers: methods of one class
 * rather than closures made anew for every text (a fresh closure's call threw the optimised caller back to the
 * interpreter).
 */
class SpeakerNames {
  readonly text: string;
  readonly canonicalCache = new Map<string, string>();
  readonly genderByName = new Map<string, SpeakerMention['gender']>();
  readonly bySentence = new Map<number, PersonEvent[]>();

  constructor(text: string) {
    this.text = text;
  }

  /**
   * The person a name stands for: of the fuller person names in the text that end with it ("Le Drian" → "Jean-Yves
   * Le Drian") and agree with the gender its title says ("Mr. Trump" is not Melania Trump), the most prominent —
   * written most often, then first. The text is scanned once per distinct name and gender.
   */
  canonical(name: string, gender?: SpeakerMention['gender']): string {
    const text = this.text;
    const g = gender === 'male' || gender === 'female' ? gender : undefined;
    const cacheKey = `${g ?? ''}|${name}`;
    const cached = this.canonicalCache.get(cacheKey);
    if (cached !== undefined) return cached;
    const tally = new Map<string, { n: number; first: number; gender?: SpeakerMention['gender'] }>();
    if (name.length > 1) {
      for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + name.length)) {
        if (/[\p{L}\p{M}]/u.test(text[at + name.length] ?? '')) continue;
        // Walk back over capitalised words (and name particles) before this occurrence.
        const before = text.slice(Math.max(0, at - 80), at);
        const tokens = before.split(/[ \t]+/);
        if (tokens.pop() !== '') continue;
        let k = tokens.length;
        // A token ending in a period stops the walk unless it is an initial or a title ("C.", "Sen.").
        while (
          k > 0 &&
          /^(?:\p{Lu}[\p{L}\p{M}'’-]*|\p{Lu}\.|(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Col|Lt|Capt|Prof|Rev|St)\.|de|du|da|di|van|von|der|den|bin|ibn|al|el|la|le)$/u.test(
            tokens[k - 1],
          )
        )
          k--;
        if (k === tokens.length) continue;
        const runText = `${tokens.slice(k).join(' ')} ${name}`;
        const c = classifyRun(runText, at - runText.length + name.length);
        if (c?.kind !== 'person' || !c.name) continue;
        if (!c.name.endsWith(` ${name}`) || /\p{Lu}\.$/u.test(c.name)) continue;
        const seen = tally.get(c.name);
        const cg = c.gender === 'male' || c.gender === 'female' ? c.gender : undefined;
        if (seen) {
          seen.n++;
          if (cg && seen.gender && seen.gender !== cg) seen.gender = 'neuter';
          else if (cg) seen.gender = cg;
        } else tally.set(c.name, { n: 1, first: at, gender: cg });
      }
    }
    let best = name;
    let bestN = 0;
    let bestFirst = Infinity;
    for (const [full, t] of tally) {
      const tg = t.gender === 'male' || t.gender === 'female' ? t.gender : undefined;
      if (g && tg && g !== tg) continue;
      if (t.n > bestN || (t.n === bestN && t.first < bestFirst)) [best, bestN, bestFirst] = [full, t.n, t.first];
    }
    this.canonicalCache.set(cacheKey, best);
    const bg = tally.get(best)?.gender ?? g;
    if (bg === 'male' || bg === 'female') this.genderByName.set(best, bg);
    return best;
  }

  addEvent(e: PersonEvent): void {
    const list = this.bySentence.get(e.sentence) ?? [];
    let i = list.length;
    while (i > 0 && list[i - 1].at > e.at) i--;
    list.splice(i, 0, e);
    this.bySentence.set(e.sentence, list);
  }
}

/** A person mentioned at `at` in a sentence: made here only, every one with the same fields in the same order. */
function personEvent(
  at: number,
  sentence: number,
  name: string,
  gender: SpeakerMention['gender'],
  title: string | undefined,
): PersonEvent {
  return { at, sentence, name, gender, title };
}

/**
 * Fills `speaker` with a name: persons by their fullest form in the text ("Le Drian" → "Jean-Yves Le Drian"),
 * pronouns by the subject of the nearest earlier sentence that names a compatible person, roles ("the minister") by
 * the last person with that title, organisations by their phrase. Only the sentences before a pronoun or role are
 * scanned for names, which keeps this cheap on long texts.
 */
function resolveSpeakers(scan: QuoteScan, found: Found[]): void {
  const text = scan.text;
  const starts = scan.starts;
  const needed = new Uint8Array(starts.length);
  for (const f of found) {
    const k = f.mention.kind;
    if (k === 'person' || k === 'unknown') continue;
    const s = scan.sentenceOf(f.mention.start);
    for (let j = Math.max(0, s - (k === 'pronoun' ? 6 : 15)); j <= s; j++) needed[j] = 1;
  }
  const all: SpeakerMention[] = [];
  for (let j = 0; j < starts.length; j++) {
    if (!needed[j]) continue;
    let e = j;
    while (e + 1 < starts.length && needed[e + 1]) e++;
    for (const m of namedMentions(text, starts[j], e + 1 < starts.length ? starts[e + 1] : text.length))
      if (!scan.inside(m.start)) all.push(m);
    j = e;
  }
  const names = new SpeakerNames(text);
  const genderByName = names.genderByName;
  const bySentence = names.bySentence;
  for (const m of all) {
    if (m.kind !== 'person' && m.kind !== 'unknown') continue;
    // Objects of prepositions ("near Deir Ezzor") and possessives ("Trump's campaign manager") are rarely what a
    // later "he"/"she" refers to.
    if (PREPOSITION_BEFORE.test(text.slice(Math.max(0, m.start - 20), m.start))) continue;
    if (/^['’]s\b/.test(text.slice(m.end, m.end + 3)) || /['’]s$/.test(m.text)) continue;
    const name = names.canonical(m.name ?? m.text, m.gender);
    if (m.gender && m.gender !== 'neuter') genderByName.set(name, m.gender);
    names.addEvent(personEvent(m.start, scan.sentenceOf(m.start), name, m.gender, m.title));
  }
  for (const list of bySentence.values()) for (const e of list) if (!e.gender) e.gender = genderByName.get(e.name);
  const sorted = [...found].sort((a, b) => a.mention.start - b.mention.start);
  for (const f of sorted) {
    const m = f.mention;
    if (m.kind === 'person' || m.kind === 'unknown') {
      f.quote.speaker = names.canonical(m.name ?? m.text, m.gender);
    } else if (m.kind === 'pronoun') {
      const g = m.gender;
      if (g !== 'male' && g !== 'female') continue;
      const s = scan.sentenceOf(m.start);
      for (let k = s; k >= Math.max(0, s - 6) && !f.quote.speaker; k--) {
        for (const e of bySentence.get(k) ?? []) {
          if (e.at >= m.start || !genderCompatible(g, e.gender)) continue;
          f.quote.speaker = e.name;
          break;
        }
      }
      if (f.quote.speaker)
        names.addEvent(personEvent(m.start, scan.sentenceOf(m.start), f.quote.speaker, g, undefined));
    } else if (
      m.kind === 'role' ||
      (m.kind === 'org' && /\b(?:minister|president|secretary|chancellor|spokes\w+)$/i.test(m.text))
    ) {
      // "the defence minister" is the last person titled "… defence minister"; "the British prime minister" is not
      // "French Prime Minister Manuel Valls".
      const roleWords = (m.name ?? m.text)
        .toLowerCase()
        .replace(/['’]s$/, '')
        .split(/\s+/);
      const s = scan.sentenceOf(m.start);
      for (let k = s; k >= Math.max(0, s - 15) && !f.quote.speaker; k--) {
        const list = bySentence.get(k) ?? [];
        for (let i = list.length - 1; i >= 0; i--) {
          const e = list[i];
          const titleWords = e.title?.split(/\s+/) ?? [];
          if (e.at < m.start && roleWords.every((w) => titleWords.includes(w))) {
            f.quote.speaker = e.name;
            break;
          }
        }
      }
      if (!f.quote.speaker) f.quote.speaker = m.name ?? m.text;
      else names.addEvent(personEvent(m.start, scan.sentenceOf(m.start), f.quote.speaker, undefined, undefined));
    } else {
      const phrase = m.name ?? m.text;
      // A document is not a speaker: "the ministry's statement" is the ministry's, "the statement" nobody's here.
      f.quote.speaker = DOCUMENT_HEAD.test(phrase) ? documentOwner(phrase) : phrase;
      if (!f.quote.speaker) delete f.quote.speaker;
    }
  }
}

/** Speaker phrases headed by a document or medium rather than by who speaks through it. */
const DOCUMENT_HEAD =
  /(?:^|\s)(?:statement|statements|report|reports|letter|letters|ad|ads|advert|memo|release|tweet|tweets|post|posts|message|filing|complaint|lawsuit|document|documents|study|survey|poll|ruling|announcement|video|clip|article|book|brief|transcript|email|e-mail|text|note|notice|website|site|page|sign|banner|caption)$/i;

/**
 * Who a document speaks for when its phrase says it: a possessive ("the ministry's statement" → "ministry") or a
 * capitalised modifier ("a White House statement" → "White House"); otherwise nobody.
 */
function documentOwner(phrase: string): string | undefined {
  const words = phrase.trim().split(/\s+/);
  words.pop(); // the document noun
  if (words.length && /^(?:the|a|an|its|their|his|her)$/i.test(words[0])) words.shift();
  if (words.length === 0) return undefined;
  const last = words[words.length - 1];
  if (/['’]s?$/.test(last)) {
    words[words.length - 1] = last.replace(/['’]s?$/, '');
    if (/^the$/i.test(words[0])) words.shift();
    return words.join(' ') || undefined;
  }
  // The capitalised words right before the noun: "a White House statement" → "White House".
  let k = words.length;
  while (k > 0 && /^\p{Lu}/u.test(words[k - 1])) k--;
  return k < words.length ? words.slice(k).join(' ') : undefined;
}
