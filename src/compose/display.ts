// The text a timeline entry or summary sentence is shown with, derived from its sentence so that it stands
// alone: no dateline or agency credit in front ("PARIS (AFP) -"), no opening pronoun a reader cannot resolve
// ("He said…" becomes "Hollande said…" when the analysis knows who spoke, else the sentence is not shown), and
// every day named relative to the article's writing shown with its date ("on Friday [13 Nov]"). The citation
// keeps the sentence's own span into the article: only the shown text is derived.

import type { Analysis, Article, Span, TimeExpression } from '../model.js';
import { readDateline } from '../text/datelines.js';
import { SHORT_MONTHS } from '../text/days.js';
import { STANDALONE } from './settings.js';

export interface Shown {
  /** The text to show. */
  text: string;
  /** False when the sentence opens on a pronoun or demonstrative the analysis cannot resolve, or names a day it
   *  cannot date: such a sentence is not shown as an entry of its own. */
  standsAlone: boolean;
}

const PERSON_PRONOUNS: ReadonlySet<string> = new Set(STANDALONE.personPronouns);
const OTHER_PRONOUNS: ReadonlySet<string> = new Set(STANDALONE.otherPronouns);
const ORG_PRONOUNS: ReadonlySet<string> = new Set(STANDALONE.organisationPronouns);
/** What may stand before a sentence's subject: "the", and title words in capitals ("French President"). */
const SUBJECT_LEAD = /^(?:(?:the|The|\p{Lu}[\p{L}.'’-]*)\s+)*$/u;
const POSSESSIVES: ReadonlySet<string> = new Set(['His', 'Her', 'Its', 'Their']);
const RELATIVE_DAY = new RegExp(`\\b(?:${STANDALONE.relativeDayWords.join('|')})\\b`, 'i');
const RELATIVE_DAY_ANYWHERE = new RegExp(RELATIVE_DAY.source, 'gi');

/** Length of the dateline or agency credit `text` opens with (0 when none), by the text base's recogniser. */
export function datelineLength(text: string): number {
  const length = readDateline(text)?.length ?? 0;
  // A longer opening the grammar takes for a dateline is more likely a headline in capitals run into the text.
  return length <= STANDALONE.maxDatelineChars ? length : 0;
}

/** "13 Nov", with the year when it is not the article's. */
function shortDate(day: string, publishedYear: string | undefined): string {
  const month = SHORT_MONTHS[Number(day.slice(5, 7)) - 1] ?? day.slice(5, 7);
  const date = `${Number(day.slice(8, 10))} ${month}`;
  return publishedYear && day.slice(0, 4) !== publishedYear ? `${date} ${day.slice(0, 4)}` : date;
}

/**
 * `shown` without the date notes of `day`: in a timeline the entry's own day is its heading, and repeating it after
 * "on Friday" only lengthens the entry (the notes of other days stay).
 */
export function withoutNotesOf(shown: string, day: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return shown;
  const note = shortDate(day, undefined);
  return shown.replaceAll(` [${note}]`, '').replaceAll(` [${note} ${day.slice(0, 4)}]`, '');
}

/** Items sorted by start whose start lies in [from, to): found by binary search, so each look-up is cheap. */
function within<T extends Span>(sorted: readonly T[], from: number, to: number): T[] {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as T).start < from) lo = mid + 1;
    else hi = mid;
  }
  const out: T[] = [];
  for (let i = lo; i < sorted.length && (sorted[i] as T).start < to; i++) out.push(sorted[i] as T);
  return out;
}

/** What one article's analysis offers to make its sentences stand alone; built once per article. */
export class ArticleDisplay {
  private readonly speakerAt = new Map<number, string>();
  private readonly persons: { start: number; end: number; name: string }[] = [];
  private readonly orgs: { start: number; end: number; name: string }[] = [];
  private readonly timexes: TimeExpression[];
  private readonly publishedYear: string | undefined;

  constructor(
    private readonly article: Article,
    analysis?: Analysis,
  ) {
    this.publishedYear = article.published?.value.slice(0, 4);
    this.timexes = [...(analysis?.timexes ?? [])].sort((a, b) => a.start - b.start);
    const names = new Map<string, string>();
    const orgs = new Map<string, string>();
    for (const e of analysis?.entities ?? []) if (e.type === 'PERSON') names.set(e.key, e.name);
    for (const q of analysis?.quotes ?? []) {
      const name = q.speakerName ?? (q.speaker ? names.get(q.speaker) : undefined);
      if (q.speakerMention && name) this.speakerAt.set(q.speakerMention.start, name);
    }
    for (const e of analysis?.entities ?? []) if (e.type === 'ORG') orgs.set(e.key, e.name);
    for (const m of analysis?.mentions ?? []) {
      const name = names.get(m.entity);
      if (name) this.persons.push({ start: m.start, end: m.end, name });
      const org = orgs.get(m.entity);
      if (org) this.orgs.push({ start: m.start, end: m.end, name: org });
    }
    this.persons.sort((a, b) => a.start - b.start);
    this.orgs.sort((a, b) => a.start - b.start);
  }

  /** The one name of `named` the span holds, if exactly one. */
  private static one(named: readonly (Span & { name: string })[], span: Span | undefined): string | undefined {
    if (!span) return undefined;
    const found = new Set(within(named, span.start, span.end).map((p) => p.name));
    return found.size === 1 ? [...found][0] : undefined;
  }

  /** The name an opening pronoun at `at` stands for, when the analysis says (see STANDALONE). */
  private antecedent(word: string, at: number, previous: Span | undefined): string | undefined {
    const speaker = this.speakerAt.get(at);
    if (speaker) return speaker;
    const named = within(this.persons, at, at + 1)[0];
    if (named) return named.name;
    if (!previous) return undefined;
    // "He" after a sentence naming one person is that person; after one naming several, the one it opens with
    // (its subject: "French President François Hollande said …, meeting Putin. He added …").
    if (PERSON_PRONOUNS.has(word))
      return ArticleDisplay.one(this.persons, previous) ?? this.subject(this.persons, previous);
    // "It" after a sentence whose subject is an organisation and that names no person ("BP said … . It added …")
    // is that organisation; an organisation named further on ("talks with the union") is no antecedent.
    if (!ORG_PRONOUNS.has(word)) return undefined;
    if (within(this.persons, previous.start, previous.end).length > 0) return undefined;
    return ArticleDisplay.one(this.orgs, previous) !== undefined ? this.subject(this.orgs, previous) : undefined;
  }

  /** The name of `named` a sentence opens with (after its dateline, "the" and capitalised title words), if any. */
  private subject(named: readonly (Span & { name: string })[], sentence: Span): string | undefined {
    const first = within(named, sentence.start, sentence.end)[0];
    if (!first) return undefined;
    const before = this.article.text.slice(sentence.start, first.start).trimStart();
    return SUBJECT_LEAD.test(before.slice(datelineLength(before))) ? first.name : undefined;
  }

  /** The shown text of the sentence `span` (trimmed), `previous` being the sentence before it in the article. */
  show(span: Span, previous?: Span): Shown {
    const text = this.article.text;
    let start = span.start;
    while (start < span.end && /\s/.test(text[start] ?? '')) start++;
    let end = span.end;
    while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
    start += datelineLength(text.slice(start, end));
    let standsAlone = true;
    // The opening word: a pronoun is replaced by its antecedent, else the sentence does not stand alone.
    let opening = '';
    let openingEnd = start;
    // The opening word, after any quotation mark or bracket: a quote opening on "She" is hers to resolve too.
    const lead = /^["“‘'([]*/u.exec(text.slice(start, Math.min(end, start + 4)))?.[0].length ?? 0;
    const first = /^\p{L}+/u.exec(text.slice(start + lead, Math.min(end, start + lead + 20)));
    const word = first?.[0] ?? '';
    if (PERSON_PRONOUNS.has(word) || OTHER_PRONOUNS.has(word)) {
      const opensTime = within(this.timexes, start + lead, start + lead + 1).length > 0;
      const name = opensTime ? undefined : this.antecedent(word, start + lead, previous);
      if (name) {
        opening = text.slice(start, start + lead) + (POSSESSIVES.has(word) ? `${name}’s` : name);
        openingEnd = start + lead + word.length;
      } else if (!opensTime) standsAlone = false;
    }
    // Relative days with their date, inserted after each such time expression (after its "'s" if any).
    let out = opening;
    let cursor = openingEnd;
    let datedWords = 0;
    for (const t of within(this.timexes, openingEnd, end)) {
      if (t.end > end || !RELATIVE_DAY.test(t.text)) continue;
      const day = t.value?.slice(0, 10);
      if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) continue;
      let at = t.end;
      const clitic = /^['’]s\b/.exec(text.slice(at, at + 3));
      if (clitic) at += clitic[0].length;
      out += `${text.slice(cursor, at)} [${shortDate(day, this.publishedYear)}]`;
      cursor = at;
      datedWords += t.text.match(RELATIVE_DAY_ANYWHERE)?.length ?? 0;
    }
    out += text.slice(cursor, end);
    // A relative day left without its date (the analysis could not resolve it) cannot be placed by a reader.
    const relativeWords = text.slice(openingEnd, end).match(RELATIVE_DAY_ANYWHERE)?.length ?? 0;
    if (relativeWords > datedWords) standsAlone = false;
    return { text: out.replace(/^\p{Ll}/u, (c) => c.toUpperCase()), standsAlone };
  }
}
