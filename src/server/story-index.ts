// Finding stories: an in-memory index of every story's title, summary, entities, outlets, languages and span, for
// story search and for the story list's filters (outlet, date range, language), which the stories table cannot
// answer (it keeps neither outlets nor languages). Rebuilt when the stories change (story-corpus.ts loads them, once
// for this index and the entity index).
import type { Story } from '../model.js';
import type { Store, StorySummary } from '../store/store.js';
import { foldAccents } from '../text/languages.js';
import { detokenise } from '../text/ptb.js';
import { STORY_SEARCH_WEIGHTS } from './settings.js';
import type { StoryCorpus, StoryLoad } from './story-corpus.js';

/** Which stories a list or a story search may return; every field given narrows it. */
export interface StoryFilter {
  /** Stories with at least one article of this outlet. */
  outlet?: string;
  /** Stories whose span of publication days reaches this day (`YYYY-MM-DD`) or later. */
  from?: string;
  /** Stories whose span starts on or before this day. */
  to?: string;
  /** Stories with at least one article in this language (ISO 639-1). */
  language?: string;
}

export type StorySort = 'recent' | 'size' | 'updated';

export type StoryField = 'title' | 'summary' | 'entities';

export interface StorySearchHit extends StorySummary {
  score: number;
  /** Where the words were found. */
  matched: StoryField[];
  /** The summary sentence with most of the words (matches in [brackets]), or the title. */
  snippet: string;
}

interface Entry {
  summary: StorySummary;
  outlets: Set<string>;
  languages: Set<string>;
  words: Record<StoryField, Set<string>>;
  sentences: string[];
  /** The words of each summary sentence, for picking the snippet. */
  sentenceWords: Set<string>[];
}

/** The words of a text as they are compared: lower case, accents folded, letters and digits only. */
export function searchWords(text: string): string[] {
  return foldAccents(text.toLowerCase())
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

function day(value: string | undefined): string | undefined {
  return value === undefined ? undefined : value.slice(0, 10);
}

/** Pure: does the story pass the filter? */
export function passes(entry: Pick<Entry, 'summary' | 'outlets' | 'languages'>, f: StoryFilter): boolean {
  if (f.outlet !== undefined && !entry.outlets.has(f.outlet)) return false;
  if (f.language !== undefined && !entry.languages.has(f.language)) return false;
  if (f.from !== undefined || f.to !== undefined) {
    const first = day(entry.summary.firstPublished);
    const last = day(entry.summary.lastPublished ?? entry.summary.firstPublished);
    if (first === undefined || last === undefined) return false; // an undated story is in no date range
    if (f.from !== undefined && last < f.from) return false;
    if (f.to !== undefined && first > f.to) return false;
  }
  return true;
}

const byText = (a: string | undefined, b: string | undefined) => (a === b ? 0 : (a ?? '') < (b ?? '') ? -1 : 1);

/** The store's orders (sqlite-store.ts `listStories`), for lists the index answers. */
export function compareStories(sort: StorySort): (a: StorySummary, b: StorySummary) => number {
  if (sort === 'size') {
    return (a, b) => b.articles - a.articles || byText(b.lastPublished, a.lastPublished) || byText(a.id, b.id);
  }
  if (sort === 'updated') return (a, b) => byText(b.updated, a.updated) || byText(a.id, b.id);
  return (a, b) => byText(b.lastPublished, a.lastPublished) || b.articles - a.articles || byText(a.id, b.id);
}

/** Only ASCII: lower case is all searchWords does to such a word (no accents to fold, nothing to split). */
const ASCII_WORD = /^[\x00-\x7f]+$/;

function mark(sentence: string, words: Set<string>): string {
  return sentence.replace(/[\p{L}\p{N}]+/gu, (w) => {
    const folded = ASCII_WORD.test(w) ? w.toLowerCase() : (searchWords(w)[0] ?? '');
    return words.has(folded) ? `[${w}]` : w;
  });
}

/** Pure: the index entry of one story, given its articles' languages. */
export function storyEntry(story: Story, summary: StorySummary, languageOf: Map<string, string>): Entry {
  const entityText = story.entities.flatMap((e) => [e.name, ...(e.aliases ?? [])]).join(' ');
  const sentences = story.summary.map((s) => s.text);
  return {
    summary,
    outlets: new Set(story.articles.flatMap((a) => (a.outlet ? [a.outlet] : []))),
    languages: new Set(story.articles.flatMap((a) => languageOf.get(a.id) ?? [])),
    words: {
      title: new Set(searchWords(story.title)),
      summary: new Set(searchWords(sentences.join(' '))),
      entities: new Set(searchWords(entityText)),
    },
    // Shown as a reader should see them, detokenised once here rather than on every search page.
    sentences: sentences.map((text) => detokenise(text)),
    sentenceWords: sentences.map((text) => new Set(searchWords(text))),
  };
}

interface Scored {
  entry: Entry;
  score: number;
  matched: StoryField[];
}

/** Pure: word → the entries (their positions in `entries`, ascending) with the word in any field. */
export function wordPostings(entries: readonly Entry[]): Map<string, number[]> {
  const postings = new Map<string, number[]>();
  entries.forEach((entry, i) => {
    const words = new Set([...entry.words.title, ...entry.words.summary, ...entry.words.entities]);
    for (const w of words) {
      const list = postings.get(w);
      if (list) list.push(i);
      else postings.set(w, [i]);
    }
  });
  return postings;
}

/**
 * Pure: the stories that have every word of the query in their title, summary or entities, best first. Only the
 * stories with the query's rarest word are looked at (`postings`, from wordPostings), so a search costs what its
 * words' stories cost, not the archive.
 */
function scoreEntries(
  entries: readonly Entry[],
  postings: ReadonlyMap<string, readonly number[]>,
  words: readonly string[],
  filter: StoryFilter,
): Scored[] {
  const fields = Object.keys(STORY_SEARCH_WEIGHTS) as StoryField[];
  const lists = words.map((w) => postings.get(w) ?? []);
  const rarest = lists.reduce((a, b) => (b.length < a.length ? b : a));
  const scored: Scored[] = [];
  for (const i of rarest) {
    const entry = entries[i] as Entry;
    if (!passes(entry, filter)) continue;
    let score = 0;
    const matched = new Set<StoryField>();
    const everyWord = words.every((w) => {
      let found = false;
      for (const field of fields) {
        if (entry.words[field].has(w)) {
          score += STORY_SEARCH_WEIGHTS[field];
          matched.add(field);
          found = true;
        }
      }
      return found;
    });
    if (everyWord) scored.push({ entry, score, matched: fields.filter((f) => matched.has(f)) });
  }
  const s = (x: Scored) => x.entry.summary;
  return scored.sort((a, b) => b.score - a.score || s(b).articles - s(a).articles || byText(s(a).id, s(b).id));
}

/** The hit of a scored story: its summary sentence with most of the words (the title when none has any). */
function toHit({ entry, score, matched }: Scored, wanted: Set<string>): StorySearchHit {
  let best = -1;
  let bestCount = 0;
  entry.sentenceWords.forEach((words, i) => {
    const count = [...wanted].filter((w) => words.has(w)).length;
    if (count > bestCount) [best, bestCount] = [i, count];
  });
  const sentence = best >= 0 ? (entry.sentences[best] as string) : entry.summary.title;
  return { ...entry.summary, score, matched, snippet: mark(sentence, wanted) };
}

/** Pure: a page of the stories matching the query (snippets made for that page only), and how many match. */
export function searchEntries(
  entries: readonly Entry[],
  query: string,
  filter: StoryFilter,
  page: { limit: number; offset: number },
  /** wordPostings(entries), when kept beside them. */
  postings?: ReadonlyMap<string, readonly number[]>,
): { total: number; hits: StorySearchHit[] } {
  const words = [...new Set(searchWords(query))];
  if (words.length === 0) return { total: 0, hits: [] };
  const scored = scoreEntries(entries, postings ?? wordPostings(entries), words, filter);
  const wanted = new Set(words);
  return {
    total: scored.length,
    hits: scored.slice(page.offset, page.offset + page.limit).map((x) => toHit(x, wanted)),
  };
}

interface Built {
  entries: Entry[];
  postings: Map<string, number[]>;
  outlets: string[];
  languages: string[];
}

export class StoryIndex {
  /** The index and the load of the stories it is built from. */
  private built: { load: StoryLoad; index: Promise<Built> } | undefined;

  constructor(
    private readonly store: Store,
    private readonly corpus: StoryCorpus,
  ) {}

  invalidate(): void {
    this.corpus.invalidate();
    this.built = undefined;
  }

  private async current(): Promise<Built> {
    const load = await this.corpus.current();
    if (this.built?.load !== load) this.built = { load, index: this.build(load) };
    return this.built.index;
  }

  private async build(load: StoryLoad): Promise<Built> {
    const entries: Entry[] = [];
    for (const { summary, story } of load.stories) {
      const articles = await this.store.getArticleSummaries(story.articles.map((a) => a.id));
      const languageOf = new Map(articles.flatMap((a) => (a.language ? [[a.id, a.language] as const] : [])));
      entries.push(storyEntry(story, summary, languageOf));
    }
    const outlets = [...new Set(entries.flatMap((e) => [...e.outlets]))].sort(byText);
    const languages = [...new Set(entries.flatMap((e) => [...e.languages]))].sort(byText);
    return { entries, postings: wordPostings(entries), outlets, languages };
  }

  /** A page of the stories that pass the filter, in the list's order, and how many pass. */
  async list(
    filter: StoryFilter,
    page: { sort: StorySort; limit: number; offset: number },
  ): Promise<{ total: number; stories: StorySummary[] }> {
    const all = (await this.current()).entries.filter((e) => passes(e, filter)).map((e) => e.summary);
    all.sort(compareStories(page.sort));
    return { total: all.length, stories: all.slice(page.offset, page.offset + page.limit) };
  }

  /** A page of the stories matching the query (title, summary, entities) that pass the filter, and how many. */
  async search(
    query: string,
    filter: StoryFilter,
    page: { limit: number; offset: number },
  ): Promise<{ total: number; hits: StorySearchHit[] }> {
    const { entries, postings } = await this.current();
    return searchEntries(entries, query, filter, page, postings);
  }

  /** Whether a story (by id) passes the filter: for what is found beside the stories (people and places). */
  async storyFilter(filter: StoryFilter): Promise<(id: string) => boolean> {
    const { entries } = await this.current();
    const passing = new Set(entries.filter((e) => passes(e, filter)).map((e) => e.summary.id));
    return (id) => passing.has(id);
  }

  /** Build the index now rather than at the first search or filtered list. */
  async warm(): Promise<void> {
    await this.current();
  }

  /** The outlets and languages of the stories, for the filter forms. */
  async facets(): Promise<{ outlets: string[]; languages: string[] }> {
    const { outlets, languages } = await this.current();
    return { outlets, languages };
  }
}
