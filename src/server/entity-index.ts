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
  /** Normalised name and aliases of each profile, for `find`. */
  names: { profile: EntityProfile; names: string[] }[];
}

function indexed(profiles: Map<string, EntityProfile>): Indexed {
  const names = [...profiles.values()].map((profile) => ({
    profile,
    names: [profile.name, ...profile.aliases].map(norm),
  }));
  return { profiles, names };
}

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

  async get(id: string): Promise<EntityProfile | undefined> {
    return (await this.current()).profiles.get(id);
  }

  /** Entities whose name or an alias contains every word of the query, most mentioned first. */
  async find(query: string, limit = 10): Promise<EntityProfile[]> {
    const words = norm(query)
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
    if (words.length === 0) return [];
    const hits: EntityProfile[] = [];
    for (const { profile, names } of (await this.current()).names) {
      if (names.some((n) => words.every((w) => n.includes(w)))) hits.push(profile);
    }
    return hits.sort((a, b) => b.mentions - a.mentions).slice(0, limit);
  }
}
