// Entities across stories: built from each story's `entities` and `quotes`, rebuilt when the stories change
// (story-corpus.ts loads them, once for this index and the story index).
import type { EntityType, Geo, Story, StoryQuote } from '../model.js';
import type { StoryCorpus, StoryLoad } from './story-corpus.js';

export interface EntityProfile {
  id: string;
  name: string;
  type: EntityType;
  aliases: string[];
  geo?: Geo;
  /** Mentions across every story. */
  mentions: number;
  stories: { id: string; title: string; mentions: number }[];
  quotes: (StoryQuote & { story: string })[];
}

function norm(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Pure: the entity index of a set of stories. */
export function buildEntityIndex(stories: Story[]): Map<string, EntityProfile> {
  const index = new Map<string, EntityProfile>();
  for (const story of stories) {
    const speakers = new Map<string, EntityProfile[]>();
    for (const e of story.entities ?? []) {
      let profile = index.get(e.id);
      if (!profile) {
        profile = { id: e.id, name: e.name, type: e.type, aliases: [], mentions: 0, stories: [], quotes: [] };
        if (e.geo) profile.geo = e.geo;
        index.set(e.id, profile);
      }
      profile.mentions += e.mentions;
      profile.stories.push({ id: story.id, title: story.title, mentions: e.mentions });
      for (const alias of e.aliases ?? []) if (!profile.aliases.includes(alias)) profile.aliases.push(alias);
      if (e.type === 'PERSON' || e.type === 'ORG') {
        for (const name of [e.name, ...(e.aliases ?? [])]) {
          const key = norm(name);
          speakers.set(key, [...(speakers.get(key) ?? []), profile]);
        }
      }
    }
    for (const q of story.quotes ?? []) {
      for (const profile of new Set(speakers.get(norm(q.speaker)) ?? [])) {
        if (!profile.quotes.some((o) => o.article === q.article && o.start === q.start)) {
          profile.quotes.push({ ...q, story: story.id });
        }
      }
    }
  }
  for (const p of index.values()) p.stories.sort((a, b) => b.mentions - a.mentions);
  return index;
}

interface Indexed {
  profiles: Map<string, EntityProfile>;
  /** Every word of every name and alias (normalised), sorted, for a prefix's range. */
  words: string[];
  /** Per word of `words`: the names (profile, its normalised name's words) that have it. */
  named: Map<string, { profile: EntityProfile; words: string[] }[]>;
}

function nameWords(name: string): string[] {
  return norm(name)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

function indexed(profiles: Map<string, EntityProfile>): Indexed {
  const named = new Map<string, { profile: EntityProfile; words: string[] }[]>();
  for (const profile of profiles.values()) {
    for (const name of new Set([profile.name, ...profile.aliases])) {
      const words = nameWords(name);
      const entry = { profile, words };
      for (const w of new Set(words)) {
        const list = named.get(w);
        if (list) list.push(entry);
        else named.set(w, [entry]);
      }
    }
  }
  return { profiles, words: [...named.keys()].sort(), named };
}

/** The first position of `sorted` not before `key`. */
function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Which of an entity's stories count for a search: those passing its filter (all without one). */
export type StoryPredicate = (storyId: string) => boolean;

export class EntityIndex {
  /** The index and the load of the stories it was built from. */
  private built: { load: StoryLoad; index: Indexed } | undefined;

  constructor(private readonly corpus: StoryCorpus) {}

  /** Forget the index (after an ingest). */
  invalidate(): void {
    this.corpus.invalidate();
    this.built = undefined;
  }

  private async current(): Promise<Indexed> {
    const load = await this.corpus.current();
    // Rebuilt only when the stories were loaded again (they changed): building is synchronous, so one caller does it.
    if (this.built?.load !== load) {
      this.built = { load, index: indexed(buildEntityIndex(load.stories.map((s) => s.story))) };
    }
    return this.built.index;
  }

  /** Build the index now rather than at the first search or entity page. */
  async warm(): Promise<void> {
    await this.current();
  }

  async get(id: string): Promise<EntityProfile | undefined> {
    return (await this.current()).profiles.get(id);
  }

  /**
   * Entities with a name or alias in which every word of the query begins a word ("obam" finds Barack Obama), most
   * mentioned first. With `storyPasses`, only the entities of the stories it passes count, and their mentions in
   * those stories only (the filters of a search: outlet, dates, language). Only the names with a word that the
   * query's first word begins are looked at, so a search costs what its matches cost, not the archive.
   */
  async find(query: string, limit = 10, storyPasses?: StoryPredicate): Promise<EntityProfile[]> {
    const words = nameWords(query);
    const [first, ...rest] = words;
    if (first === undefined) return [];
    const { words: sorted, named } = await this.current();
    const found = new Set<EntityProfile>();
    for (let i = lowerBound(sorted, first); i < sorted.length && (sorted[i] as string).startsWith(first); i++) {
      for (const { profile, words: its } of named.get(sorted[i] as string) ?? []) {
        if (rest.every((w) => its.some((x) => x.startsWith(w)))) found.add(profile);
      }
    }
    const hits = storyPasses ? [...found].flatMap((p) => narrowed(p, storyPasses)) : [...found];
    return hits.sort((a, b) => b.mentions - a.mentions || (a.name < b.name ? -1 : 1)).slice(0, limit);
  }
}

/** The profile as the passing stories tell it (none when it is in none of them). */
function narrowed(profile: EntityProfile, storyPasses: StoryPredicate): EntityProfile[] {
  const stories = profile.stories.filter((s) => storyPasses(s.id));
  if (stories.length === 0) return [];
  if (stories.length === profile.stories.length) return [profile];
  return [
    {
      ...profile,
      stories,
      mentions: stories.reduce((n, s) => n + s.mentions, 0),
      quotes: profile.quotes.filter((q) => storyPasses(q.story)),
    },
  ];
}
