// Stories as one self-contained HTML page: summary and timeline with citations that
// link to the cited passage of each article, shown below. Article text is data, never
// markup: everything from articles goes through escapeHtml.

import { inferredDateText } from '../compose/infer-dates.js';
import { CITATION_LEGEND, citationGroups, citationTitle, type ShownCitation } from '../compose/citations.js';
import type { CitedText, Story } from '../model.js';
import { articleTitle } from '../compose/title.js';
import { composedNote } from '../compose/story.js';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function safeUrl(url: string | undefined): string | undefined {
  return url && /^https?:\/\//i.test(url) ? url : undefined;
}

/** Marks for the sources printing a text, then "cf." and those saying it in other words; copies marked. */
function citationLinks(citations: readonly ShownCitation[], story: StoryNumbers): string {
  const link = (c: ShownCitation): string => {
    const copyOf = story.copyOf.get(c.article);
    const title = citationTitle(c, copyOf === undefined ? undefined : story.numbers.get(copyOf));
    const cls = ['cite', ...(c.match === 'related' ? ['related'] : []), ...(c.copy ? ['copy'] : [])].join(' ');
    return `<a class="${cls}" href="#a-${escapeHtml(c.article)}"${title ? ` title="${escapeHtml(title)}"` : ''}>[${story.numbers.get(c.article) ?? '?'}${c.copy ? ' copy' : ''}]</a>`;
  };
  const { strong, related } = citationGroups(citations);
  const cf = related.length ? ` <span class="cf">cf. ${related.map(link).join('')}</span>` : '';
  return `${strong.map(link).join('')}${cf}`;
}

/** A story's source numbers, and which source each copy copies. */
interface StoryNumbers {
  numbers: Map<string, number>;
  copyOf: Map<string, string>;
}

function cited(item: CitedText, story: StoryNumbers): string {
  return `${escapeHtml(item.text)} ${citationLinks(item.citations, story)}`;
}

function storySection(story: Story): string {
  const numbers = new Map(story.articles.map((a, i) => [a.id, i + 1] as const));
  const copyOf = new Map(story.articles.flatMap((a) => (a.duplicateOf ? [[a.id, a.duplicateOf] as const] : [])));
  const refs: StoryNumbers = { numbers, copyOf };
  const parts: string[] = [];
  parts.push(`<article class="story" id="s-${escapeHtml(story.id)}">`);
  parts.push(`<h1>${escapeHtml(story.title)}</h1>`);
  parts.push(`<p class="meta">${story.articles.length} articles · story ${escapeHtml(story.id)} v${story.version}</p>`);
  if (story.latest)
    parts.push(
      `<p class="latest"><strong>Latest</strong> <time datetime="${escapeHtml(story.latest.date)}">${escapeHtml(story.latest.date)}</time>: ${cited(story.latest, refs)}</p>`,
    );
  if (story.summary.length) parts.push(`<h2>Summary</h2><p>${story.summary.map((s) => cited(s, refs)).join(' ')}</p>`);
  const composed = story.summary.length ? composedNote(story) : undefined;
  if (composed) parts.push(`<p class="meta composed">${escapeHtml(composed)}</p>`);
  if (story.latest || story.summary.length || story.timeline.length)
    parts.push(`<p class="meta legend">${escapeHtml(CITATION_LEGEND)}</p>`);
  if (story.timeline.length) {
    parts.push('<h2>Timeline</h2><ol class="timeline">');
    for (const day of story.timeline)
      parts.push(
        `<li><time datetime="${escapeHtml(day.date)}">${escapeHtml(day.date)}</time><ul>${day.entries.map((e) => `<li>${cited(e, refs)}${e.inferred ? ' <span class="meta">(inferred)</span>' : ''}</li>`).join('')}</ul></li>`,
      );
    parts.push('</ol>');
  }
  if (story.quotes.length) {
    parts.push('<h2>Who said what</h2><ul>');
    for (const q of story.quotes)
      parts.push(
        `<li><strong>${escapeHtml(q.speaker)}</strong>: “${escapeHtml(q.text)}” ${citationLinks([q], refs)}</li>`,
      );
    parts.push('</ul>');
  }
  if (story.sharedPassages.length) {
    parts.push('<h2>Shared passages</h2><ul>');
    for (const p of story.sharedPassages)
      parts.push(
        `<li>“${escapeHtml(p.text)}” — ${p.articles.map((a) => `<a href="#a-${escapeHtml(a)}">[${numbers.get(a) ?? '?'}]</a>`).join(' ')}</li>`,
      );
    parts.push('</ul>');
  }
  parts.push('<h2>Sources</h2><ol class="sources">');
  for (const a of story.articles) {
    const url = safeUrl(a.url);
    const title = escapeHtml(articleTitle(a.title, a.lead));
    parts.push(
      `<li id="a-${escapeHtml(a.id)}">${a.outlet ? `${escapeHtml(a.outlet)}: ` : ''}${url ? `<a href="${escapeHtml(url)}" rel="noopener noreferrer">${title}</a>` : title}${a.published ? ` <time>${escapeHtml(a.published.slice(0, 10))}</time>` : a.inferredPublished ? ` <span class="meta">(${escapeHtml(inferredDateText(a.inferredPublished))})</span>` : ''}${a.duplicateOf ? ` (copy of [${numbers.get(a.duplicateOf) ?? '?'}])` : ''}</li>`,
    );
  }
  parts.push('</ol></article>');
  return parts.join('\n');
}

export function renderStoryHtml(stories: Story[]): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(stories.length === 1 && stories[0] ? stories[0].title : 'Storyline digest')}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222}
.meta{color:#666}.cite{font-size:.8em;text-decoration:none;margin-left:.1em}.cf,.cite.related{color:#777;font-size:.8em}.timeline time{font-weight:600}
.story+.story{border-top:2px solid #ddd;margin-top:3rem}</style></head>
<body>
${stories.map(storySection).join('\n')}
</body></html>
`;
}
