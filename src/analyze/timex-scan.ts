// One pass over a text that finds where each time-expression rule's match may begin (the letter runs, digits
// and apostrophes its RuleStarts list), then runs each rule's pattern, anchored (sticky), only there: the same
// matches a whole-text scan of every rule finds, without two dozen scans of the whole text per document.
import { type Draft, type Rule, type RuleStarts, RULES } from './timex-rules.js';

const LETTERS = 26;
const LOWER_A = 97;
const DIGIT_0 = 48;
const DIGIT_9 = 57;
const APOSTROPHE = 39;

/** A rule's start word with a character the trie cannot hold: a mistake in a rule, met when the module loads. */
const BAD_START_WORD = 'time-expression start word "{word}" has a character other than a-z (and a final *)';

/** The lower-case letter index (0-25) of an ASCII letter's char code, else -1. */
function letterIndex(code: number): number {
  const l = (code | 0x20) - LOWER_A;
  return l >= 0 && l < LETTERS && code < 128 ? l : -1;
}

/**
 * The rules' start words as a trie over lower-case ASCII letters, built once per process: `exact` lists the
 * rules whose start word a run is, `prefix` those whose start word (`noon*`) a run begins with.
 */
class StartTrie {
  private readonly next: number[] = [];
  readonly exact: (number[] | undefined)[] = [];
  readonly prefix: (number[] | undefined)[] = [];

  constructor() {
    this.node();
  }

  private node(): number {
    const id = this.exact.length;
    for (let i = 0; i < LETTERS; i++) this.next.push(-1);
    this.exact.push(undefined);
    this.prefix.push(undefined);
    return id;
  }

  child(node: number, letter: number): number {
    return this.next[node * LETTERS + letter];
  }

  add(word: string, rule: number): void {
    const isPrefix = word.endsWith('*');
    const letters = isPrefix ? word.slice(0, -1) : word;
    let node = 0;
    for (let i = 0; i < letters.length; i++) {
      const l = letterIndex(letters.charCodeAt(i));
      if (l < 0) throw Object.assign(new Error(BAD_START_WORD.replace('{word}', word)), { code: 'TIMEX_START_WORD' });
      let c = this.child(node, l);
      if (c < 0) {
        c = this.node();
        this.next[node * LETTERS + l] = c;
      }
      node = c;
    }
    const lists = isPrefix ? this.prefix : this.exact;
    const list = (lists[node] ??= []);
    if (!list.includes(rule)) list.push(rule);
  }
}

/** A rule as the scan runs it: its pattern anchored (sticky) where the scan has it start; none for a whole scan. */
interface Plan {
  rule: Rule;
  sticky: RegExp | undefined;
  isRef: boolean;
}

function stickyOf(re: RegExp): RegExp {
  return new RegExp(re.source, re.flags.replace('g', '') + 'y');
}

const PLANS: Plan[] = RULES.map((rule) => ({
  rule,
  sticky: rule.starts ? stickyOf(rule.re) : undefined,
  isRef: /-ref$/.test(rule.name),
}));

function rulesWith(flag: (s: RuleStarts) => boolean | undefined): number[] {
  const out: number[] = [];
  PLANS.forEach((p, i) => {
    if (p.rule.starts && flag(p.rule.starts)) out.push(i);
  });
  return out;
}

const TRIE = new StartTrie();
PLANS.forEach((p, i) => {
  for (const w of p.rule.starts?.words ?? []) TRIE.add(w, i);
});
const DIGIT_RULES = rulesWith((s) => s.digit);
const APOSTROPHE_RULES = rulesWith((s) => s.apostrophe);

function addAt(lists: number[][], rules: readonly number[], at: number): void {
  for (let k = 0; k < rules.length; k++) {
    const list = lists[rules[k]];
    if (list.length === 0 || list[list.length - 1] !== at) list.push(at);
  }
}

/** For each rule (RULES order), the offsets of `text` where its match may begin, ascending. */
export function startCandidates(text: string): number[][] {
  const lists: number[][] = [];
  for (let r = 0; r < PLANS.length; r++) lists.push([]);
  const n = text.length;
  let i = 0;
  while (i < n) {
    const code = text.charCodeAt(i);
    let l = letterIndex(code);
    if (l >= 0) {
      const start = i;
      let node = 0;
      do {
        if (node >= 0) {
          node = TRIE.child(node, l);
          const prefix = node >= 0 ? TRIE.prefix[node] : undefined;
          if (prefix) addAt(lists, prefix, start);
        }
        i++;
        l = i < n ? letterIndex(text.charCodeAt(i)) : -1;
      } while (l >= 0);
      const exact = node >= 0 ? TRIE.exact[node] : undefined;
      if (exact) addAt(lists, exact, start);
      continue;
    }
    if (code >= DIGIT_0 && code <= DIGIT_9) addAt(lists, DIGIT_RULES, i);
    else if (code === APOSTROPHE && i + 1 < n) {
      const next = text.charCodeAt(i + 1);
      if (next >= DIGIT_0 && next <= DIGIT_9) addAt(lists, APOSTROPHE_RULES, i);
    }
    i++;
  }
  return lists;
}

/** A rule that lists no starts: its trigger, then its pattern over the whole text. */
function scanWhole(rule: Rule, text: string, drafts: Draft[]): void {
  if (rule.trigger && !rule.trigger.test(text)) return;
  rule.re.lastIndex = 0;
  for (const m of text.matchAll(rule.re)) {
    const d = rule.make(m as RegExpExecArray, text);
    if (d && d.end > d.start) drafts.push(d);
  }
}

/**
 * A rule's pattern tried at its candidate starts, as a whole-text scan would meet them: a match found, the next
 * try is past its end. The rule's trigger, a whole-text test, is asked only once a match is found.
 */
function scanAt(rule: Rule, sticky: RegExp, starts: readonly number[], text: string, drafts: Draft[]): void {
  let lastEnd = 0;
  let triggered = rule.trigger === undefined;
  for (let k = 0; k < starts.length; k++) {
    const at = starts[k];
    if (at < lastEnd) continue;
    sticky.lastIndex = at;
    const m = sticky.exec(text);
    if (!m) continue;
    lastEnd = sticky.lastIndex;
    if (!triggered) {
      if (!rule.trigger?.test(text)) return;
      triggered = true;
    }
    const d = rule.make(m, text);
    if (d && d.end > d.start) drafts.push(d);
  }
}

/** Every rule's drafts in `text`, rule by rule in RULES order (the order that breaks ties), each in text order. */
export function ruleDrafts(text: string, refs: boolean): Draft[] {
  const lists = startCandidates(text);
  const drafts: Draft[] = [];
  for (let r = 0; r < PLANS.length; r++) {
    const plan = PLANS[r];
    if (!refs && plan.isRef) continue;
    if (plan.sticky) scanAt(plan.rule, plan.sticky, lists[r], text, drafts);
    else scanWhole(plan.rule, text, drafts);
  }
  return drafts;
}
