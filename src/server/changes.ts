// What changed, told for people (the story page's history, the Atom feeds) and as Atom 1.0.
import type { StoryChange } from '../store/store.js';
import { escapeHtml } from './html.js';
import { formatDate } from './pages/layout.js';
import { FEED_TITLES_LISTED } from './settings.js';

/** A list of names, the first few written out and the rest counted. */
function listed(names: readonly string[]): string {
  const shown = names.slice(0, FEED_TITLES_LISTED);
  const rest = names.length - shown.length;
  return `${shown.join('; ')}${rest > 0 ? `; and ${rest} more` : ''}`;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * One line saying what a change did: "2 articles added: Title A; Title B. New dates: 3 Mar 2026. 1 new quote
 * (Ada Quill).", with article titles from `titles` (the id when unknown).
 */
export function describeChange(c: StoryChange, titles: ReadonlyMap<string, string>): string {
  const parts: string[] = [];
  const title = (id: string) => titles.get(id) || id;
  if (c.kind === 'created') parts.push('New story.');
  if (c.articlesAdded?.length)
    parts.push(`${plural(c.articlesAdded.length, 'article')} added: ${listed(c.articlesAdded.map(title))}.`);
  if (c.articlesRemoved?.length)
    parts.push(`${plural(c.articlesRemoved.length, 'article')} removed: ${listed(c.articlesRemoved.map(title))}.`);
  if (c.datesAdded?.length) parts.push(`New dates: ${listed(c.datesAdded.map((d) => formatDate(d)))}.`);
  if (c.quotesAdded?.length)
    parts.push(
      `${plural(c.quotesAdded.length, 'new quote')} (${listed([...new Set(c.quotesAdded.map((q) => q.speaker))])}).`,
    );
  if (c.summaryAdded?.length || c.summaryRemoved?.length)
    parts.push(
      `Summary: ${plural(c.summaryAdded?.length ?? 0, 'sentence')} new, ${c.summaryRemoved?.length ?? 0} dropped.`,
    );
  if (c.mergedFrom?.length) parts.push(`Merged in: ${listed(c.mergedFrom)}.`);
  else if (c.kind === 'merged' && c.others?.length) parts.push(`Merged in: ${listed(c.others)}.`);
  if (c.splitInto?.length) parts.push(`Split into: ${listed(c.splitInto)}.`);
  if (parts.length === 0)
    parts.push(c.kind === 'updated' ? 'Updated.' : `${c.kind[0]?.toUpperCase()}${c.kind.slice(1)}.`);
  return parts.join(' ');
}

export interface FeedEntry {
  change: StoryChange;
  /** The story's title now (the change's story may be gone: then its id). */
  storyTitle: string;
  /** What `describeChange` says. */
  text: string;
}

export interface Feed {
  /** Absolute URL of the feed itself; also its id (stable, unique, an IRI). */
  self: string;
  /** Absolute URL of the page the feed follows. */
  alternate: string;
  title: string;
  /** Newest first. */
  entries: FeedEntry[];
  /** Absolute URL of a story's page, for entry links. */
  storyUrl: (id: string) => string;
  /** When nothing is logged yet: the feed's `updated` (Atom requires one). */
  fallbackUpdated: string;
}

const x = escapeHtml;

/** Atom 1.0 (RFC 4287): feed id, title, updated, self link; one entry per change, with a summary and a link. */
export function atomFeed(f: Feed): string {
  const updated = f.entries[0]?.change.at ?? f.fallbackUpdated;
  const entries = f.entries.map(({ change: c, storyTitle, text }) => {
    // One entry per logged change: the story and its version name it (or the instant, for entries without one).
    const id = `${f.storyUrl(c.story)}#${c.version !== undefined ? `v${c.version}` : `${c.kind}-${c.at}`}`;
    const heading = `${storyTitle}${c.version !== undefined ? ` (version ${c.version})` : ''}`;
    return `  <entry>
    <id>${x(id)}</id>
    <title>${x(heading)}</title>
    <updated>${x(c.at)}</updated>
    <link rel="alternate" type="text/html" href="${x(f.storyUrl(c.story))}"/>
    <summary type="text">${x(text)}</summary>
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${x(f.self)}</id>
  <title>${x(f.title)}</title>
  <updated>${x(updated)}</updated>
  <author><name>Storyline</name></author>
  <link rel="self" type="application/atom+xml" href="${x(f.self)}"/>
  <link rel="alternate" type="text/html" href="${x(f.alternate)}"/>
${entries.join('\n')}
</feed>
`;
}
