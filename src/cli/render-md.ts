// A story as Markdown: summary and timeline with numbered citations that link to the
// articles (their URL when known, else their entry in the sources list).

import { inferredDateText } from '../compose/infer-dates.js';
import { CITATION_LEGEND, citationGroups, citationTitle, type ShownCitation } from '../compose/citations.js';
import type { CitedText, Story, StoryArticle } from '../model.js';
import { articleTitle } from '../compose/title.js';
import { composedNote } from '../compose/story.js';

function articleAnchor(id: string): string {
  return `article-${id}`;
}

/**
 * A stored URL as a Markdown link destination, or undefined when it is not http(s): ingest keeps only http(s)
 * URLs, but a database written before it did may hold `javascript:` ones. Angle brackets let a destination hold
 * parentheses; the characters they cannot hold are percent-encoded.
 */
function linkTarget(url: string | undefined): string | undefined {
  if (!url || !/^https?:\/\//i.test(url)) return undefined;
  return `<${url.replace(/[<>\s]/g, (c) => encodeURIComponent(c))}>`;
}

/** Markdown link title: a double-quoted string (the title text has no quotes). */
function titled(target: string, title: string): string {
  return title ? `${target} "${title}"` : target;
}

/**
 * Citation marks for a cited text, one per distinct article: `[1](url)[4 copy](#article-…)` for the sources that
 * print it, then `cf. [3](…)` for those that say it in other words; a mark's title says how when it is not word
 * for word.
 */
function citationMarks(
  citations: readonly ShownCitation[],
  numbers: Map<string, number>,
  articles: Map<string, StoryArticle>,
): string {
  const mark = (c: ShownCitation): string | undefined => {
    const n = numbers.get(c.article);
    if (n === undefined) return undefined;
    const article = articles.get(c.article);
    const target = linkTarget(article?.url) ?? `#${articleAnchor(c.article)}`;
    const copyOf = article?.duplicateOf === undefined ? undefined : numbers.get(article.duplicateOf);
    return `[${n}${c.copy ? ' copy' : ''}](${titled(target, c.match === 'same' && !c.copy ? '' : citationTitle(c, copyOf))})`;
  };
  const { strong, related } = citationGroups(citations);
  const marks = strong.map(mark).filter(Boolean).join('');
  const cf = related.map(mark).filter(Boolean).join('');
  return cf ? `${marks}${marks ? ' ' : ''}cf. ${cf}` : marks;
}

function escapeMd(text: string): string {
  // Article text is data: neutralise the characters that would turn it into markup.
  return text.replace(/([\\`*_[\]<>#|])/g, '\\$1').replace(/\n+/g, ' ');
}

function cited(item: CitedText, numbers: Map<string, number>, articles: Map<string, StoryArticle>): string {
  return `${escapeMd(item.text)} ${citationMarks(item.citations, numbers, articles)}`.trimEnd();
}

export function renderStoryMarkdown(story: Story): string {
  const numbers = new Map(story.articles.map((a, i) => [a.id, i + 1] as const));
  const byId = new Map(story.articles.map((a) => [a.id, a] as const));
  const outlets = [...new Set(story.articles.map((a) => a.outlet).filter(Boolean))];
  const dates = story.articles
    .map((a) => a.published)
    .filter((d): d is string => Boolean(d))
    .sort();
  const span = dates.length ? `${dates[0]?.slice(0, 10)} – ${dates[dates.length - 1]?.slice(0, 10)}` : 'undated';
  const lines: string[] = [];
  lines.push(`# ${escapeMd(story.title)}`, '');
  lines.push(
    `_${story.articles.length} article${story.articles.length === 1 ? '' : 's'}${outlets.length ? ` from ${outlets.map((o) => escapeMd(o ?? '')).join(', ')}` : ''} · ${span} · story \`${story.id}\` v${story.version}_`,
    '',
  );
  if (story.latest) lines.push(`**Latest (${story.latest.date}):** ${cited(story.latest, numbers, byId)}`, '');
  if (story.summary.length) {
    lines.push('## Summary', '');
    lines.push(story.summary.map((s) => cited(s, numbers, byId)).join(' '), '');
    const composed = composedNote(story);
    if (composed) lines.push(`_${escapeMd(composed)}_`, '');
  }
  if (story.latest || story.summary.length || story.timeline.length) lines.push(`_${escapeMd(CITATION_LEGEND)}_`, '');
  if (story.timeline.length) {
    lines.push('## Timeline', '');
    for (const day of story.timeline) {
      lines.push(`### ${day.date}`, '');
      for (const e of day.entries)
        lines.push(
          `- ${e.inferred ? `${cited({ ...e, text: `${e.text} (inferred)` }, numbers, byId)}` : cited(e, numbers, byId)}`,
        );
      lines.push('');
    }
  }
  if ((story.events ?? []).length > 1) {
    lines.push('## Events', '');
    for (const e of story.events)
      lines.push(
        `- ${e.date ?? 'undated'}${e.inferred ? ' (inferred)' : ''}: ${escapeMd(e.title)} — ${e.articles.map((id) => `[${numbers.get(id)}](#${articleAnchor(id)})`).join(', ')}`,
      );
    lines.push('');
  }
  const people = story.entities.filter((e) => e.type === 'PERSON');
  const others = story.entities.filter((e) => e.type !== 'PERSON');
  if (people.length || others.length) {
    lines.push('## Who and where', '');
    if (people.length) lines.push(`People: ${people.map((e) => escapeMd(e.name)).join(', ')}`, '');
    const orgs = others.filter((e) => e.type === 'ORG');
    if (orgs.length) lines.push(`Organisations: ${orgs.map((e) => escapeMd(e.name)).join(', ')}`, '');
    const places = others.filter((e) => e.type === 'PLACE');
    if (places.length)
      lines.push(
        `Places: ${places.map((e) => `${escapeMd(e.name)}${e.geo ? ` (${e.geo.lat.toFixed(2)}, ${e.geo.lon.toFixed(2)})` : ''}`).join(', ')}`,
        '',
      );
  }
  if (story.quotes.length) {
    lines.push('## Who said what', '');
    for (const q of story.quotes)
      lines.push(`- **${escapeMd(q.speaker)}**: “${escapeMd(q.text)}” ${citationMarks([q], numbers, byId)}`);
    lines.push('');
  }
  if (story.sharedPassages.length) {
    lines.push('## Shared passages (wire copy)', '');
    for (const p of story.sharedPassages)
      lines.push(
        `- “${escapeMd(p.text)}” — in ${p.articles.map((id) => `[${numbers.get(id)}](#${articleAnchor(id)})`).join(', ')}`,
      );
    lines.push('');
  }
  lines.push('## Sources', '');
  for (const a of story.articles) {
    const n = numbers.get(a.id);
    const title = escapeMd(articleTitle(a.title, a.lead));
    const target = linkTarget(a.url);
    const link = target ? `[${title}](${target})` : title;
    const copy = a.duplicateOf ? ` — copy of [${numbers.get(a.duplicateOf)}](#${articleAnchor(a.duplicateOf)})` : '';
    lines.push(
      `${n}. <a id="${articleAnchor(a.id)}"></a>${a.outlet ? `${escapeMd(a.outlet)}: ` : ''}${link}${a.published ? ` (${a.published.slice(0, 10)})` : a.inferredPublished ? ` (${inferredDateText(a.inferredPublished)})` : ''} \`${a.id}\`${copy}`,
    );
  }
  lines.push('');
  return lines.join('\n');
}
