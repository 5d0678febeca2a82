// A story: summary with citations, an interactive timeline, people and organisations, quotes by speaker,
// the places on a map, and the sources grouped by copies, with the passages they share.
import { describeChange } from '../changes.js';
import type { Story, StoryArticle, StoryEntity, StoryQuote } from '../../model.js';
import type { StoryChange } from '../../store/store.js';
import { html, type SafeHtml, safeExternalUrl, seg } from '../html.js';
import { citationHref, citationLinks, entityHref, placesMap, quoteText, type SourceLabel } from './common.js';
import { formatDate, page } from './layout.js';
import { CITATION_LEGEND } from '../../compose/citations.js';
import { inferredDateText } from '../../compose/infer-dates.js';

function sourceLabels(story: Story): Map<string, SourceLabel> {
  const labels = new Map<string, SourceLabel>();
  const numbers = new Map(story.articles.map((a, i) => [a.id, i + 1] as const));
  story.articles.forEach((a, i) => {
    const label = [a.outlet, a.title].filter(Boolean).join(': ') || a.id;
    const copyOf = a.duplicateOf === undefined ? undefined : numbers.get(a.duplicateOf);
    labels.set(a.id, { number: i + 1, label, ...(copyOf === undefined ? {} : { copyOf }) });
  });
  return labels;
}

/** What happened most recently, in one line, above the summary. */
function latestSection(story: Story, sources: Map<string, SourceLabel>): SafeHtml {
  const latest = story.latest;
  if (!latest) return html``;
  return html`<p class="latest">
    <strong>Latest</strong> <time datetime="${latest.date}">${formatDate(latest.date)}</time>:
    ${latest.text}${citationLinks(latest.citations, sources)}
  </p>`;
}

function summarySection(story: Story, sources: Map<string, SourceLabel>): SafeHtml {
  if (story.summary.length === 0) return html``;
  return html`<section aria-labelledby="summary-h" class="summary">
    <h2 id="summary-h">Summary</h2>
    <p>
      ${story.summary.map((s) => html`<span class="sentence">${s.text}${citationLinks(s.citations, sources)}</span> `)}
    </p>
    <p class="muted legend">${CITATION_LEGEND}</p>
  </section>`;
}

function timelineSection(story: Story, sources: Map<string, SourceLabel>): SafeHtml {
  if (story.timeline.length === 0) return html``;
  const months = [...new Set(story.timeline.map((d) => d.date.slice(0, 7)))];
  const filter =
    months.length > 1
      ? html`<div class="timeline-filter" role="group" aria-label="Show one month" hidden>
          <button type="button" data-month="" aria-pressed="true">All dates</button>
          ${months.map((m) => html`<button type="button" data-month="${m}" aria-pressed="false">${formatDate(m)}</button>`)}
        </div>`
      : '';
  const days = story.timeline.map((day) => {
    const id = `day-${day.date}`;
    return html`<li class="day" id="${id}" data-date="${day.date}">
      <h3>
        <button type="button" class="day-toggle" aria-expanded="true" aria-controls="${id}-entries">
          <time datetime="${day.date}">${formatDate(day.date)}</time>
          <span class="count muted">${day.entries.length} ${day.entries.length === 1 ? 'entry' : 'entries'}</span>
        </button>
      </h3>
      <ul id="${id}-entries" class="entries">
        ${day.entries.map(
          (e) =>
            html`<li>
              ${e.text}${e.inferred ? html` <span class="muted">(inferred)</span>` : ''}${citationLinks(e.citations, sources)}
            </li>`,
        )}
      </ul>
    </li>`;
  });
  return html`<section aria-labelledby="timeline-h" class="timeline">
    <h2 id="timeline-h">Timeline</h2>
    <p class="muted hint">Select a date to fold or unfold what happened that day.</p>
    ${filter}
    <ol class="days">
      ${days}
    </ol>
  </section>`;
}

/** Long lists show their head; the rest is one click away (big stories have thousands of names). */
const LIST_HEAD = 25;
const SPEAKERS_SHOWN = 15;
const QUOTES_PER_SPEAKER = 5;

function entityItem(e: StoryEntity): SafeHtml {
  return html`<li>
    <a href="${entityHref(e.id)}">${e.name}</a>
    <span class="muted">${e.mentions} mention${e.mentions === 1 ? '' : 's'}</span>
  </li>`;
}

/** Source links shown per event; the count says how many report it. */
const EVENT_SOURCES_SHOWN = 6;

/** The events of a story, most recent last: what happened when, and which sources report it. */
function eventsSection(story: Story, sources: Map<string, SourceLabel>): SafeHtml {
  const events = story.events ?? [];
  if (events.length < 2) return html``; // one event is the story itself
  return html`<section aria-labelledby="events-h" class="events">
    <h2 id="events-h">Events</h2>
    <ol class="event-list">
      ${events.map((e) => {
        const cites = e.articles.slice(0, EVENT_SOURCES_SHOWN).map((id) => ({ article: id, start: 0, end: 0 }));
        return html`<li>
          ${e.date ? html`<time datetime="${e.date}">${formatDate(e.date)}</time>` : html`<span class="muted">undated</span>`}
          ${e.inferred ? html`<span class="muted">(inferred)</span>` : ''} ${e.title}
          <span class="muted">(${e.articles.length} article${e.articles.length === 1 ? '' : 's'})</span
          >${citationLinks(cites, sources)}
        </li>`;
      })}
    </ol>
  </section>`;
}

function peopleSection(story: Story): SafeHtml {
  const groups: [string, string][] = [
    ['PERSON', 'People'],
    ['ORG', 'Organisations'],
  ];
  const lists = groups
    .map(([type, label]) => {
      const list = story.entities.filter((e) => e.type === type).sort((a, b) => b.mentions - a.mentions);
      if (list.length === 0) return undefined;
      const rest = list.slice(LIST_HEAD);
      return html`<div>
        <h3>${label}</h3>
        <ul class="entity-list">
          ${list.slice(0, LIST_HEAD).map(entityItem)}
        </ul>
        ${
          rest.length > 0
            ? html`<details>
                <summary>${rest.length} more</summary>
                <ul class="entity-list">
                  ${rest.map(entityItem)}
                </ul>
              </details>`
            : ''
        }
      </div>`;
    })
    .filter(Boolean);
  if (lists.length === 0) return html``;
  return html`<section aria-labelledby="who-h" class="who">
    <h2 id="who-h">People and organisations</h2>
    <div class="columns">${lists}</div>
  </section>`;
}

function quotesSection(story: Story, sources: Map<string, SourceLabel>): SafeHtml {
  if (story.quotes.length === 0) return html``;
  const bySpeaker = new Map<string, StoryQuote[]>();
  for (const q of story.quotes) {
    const list = bySpeaker.get(q.speaker);
    if (list) list.push(q);
    else bySpeaker.set(q.speaker, [q]);
  }
  const speakers = new Map<string, StoryEntity>();
  for (const e of story.entities) {
    if (e.type !== 'PERSON' && e.type !== 'ORG') continue;
    for (const name of [...e.aliases, e.name]) speakers.set(name, e);
  }
  const ranked = [...bySpeaker].sort((a, b) => b[1].length - a[1].length);
  const groups = ranked.slice(0, SPEAKERS_SHOWN).map(([speaker, quotes]) => {
    const entity = speakers.get(speaker);
    const more = quotes.length - QUOTES_PER_SPEAKER;
    return html`<li>
      <h3>${entity ? html`<a href="${entityHref(entity.id)}">${speaker}</a>` : speaker}</h3>
      <ul class="quotes">
        ${quotes.slice(0, QUOTES_PER_SPEAKER).map(
          (q) =>
            html`<li>
              <blockquote><p>“${quoteText(q.text)}”</p></blockquote>
              <a class="cite" href="${citationHref(q)}" aria-label="source ${sources.get(q.article)?.number ?? '?'}"
                >[${sources.get(q.article)?.number ?? '?'}]</a
              >
            </li>`,
        )}
      </ul>
      ${more > 0 ? html`<p class="muted">${more} more${entity ? html` on <a href="${entityHref(entity.id)}">${speaker}’s page</a>` : ''}</p>` : ''}
    </li>`;
  });
  const others = ranked.length - SPEAKERS_SHOWN;
  return html`<section aria-labelledby="quotes-h" class="quotes-by-speaker">
    <h2 id="quotes-h">Quotes by speaker</h2>
    <ul class="speakers">
      ${groups}
    </ul>
    ${others > 0 ? html`<p class="muted">and ${others} other speakers</p>` : ''}
  </section>`;
}

function articleLine(a: StoryArticle, n: number): SafeHtml {
  const url = safeExternalUrl(a.url);
  return html`<span class="num">${n}.</span> <a href="/articles/${seg(a.id)}">${a.title || '(untitled)'}</a>
    <span class="muted"
      >${[
        a.outlet,
        formatDate(a.published?.slice(0, 10)),
        !a.published && a.inferredPublished ? inferredDateText(a.inferredPublished) : undefined,
      ]
        .filter(Boolean)
        .join(' · ')}</span
    >
    ${url ? html` <a class="external" href="${url}" rel="noopener noreferrer nofollow">original</a>` : ''}`;
}

/** When each article joined the story, from the change log: ui/visits.ts marks those new since the last visit. */
function addedAt(changes: readonly StoryChange[]): Map<string, string> {
  const at = new Map<string, string>();
  for (const c of changes) for (const id of c.articlesAdded ?? []) if (!at.has(id)) at.set(id, c.at);
  return at;
}

function sourcesSection(story: Story, sources: Map<string, SourceLabel>, added: Map<string, string>): SafeHtml {
  const copies = new Map<string, StoryArticle[]>();
  for (const a of story.articles) {
    if (!a.duplicateOf) continue;
    const list = copies.get(a.duplicateOf);
    if (list) list.push(a);
    else copies.set(a.duplicateOf, [a]);
  }
  const inStory = new Set(story.articles.map((a) => a.id));
  const originals = story.articles.filter((a) => !a.duplicateOf || !inStory.has(a.duplicateOf));
  const items = originals.map((a) => {
    const its = copies.get(a.id) ?? [];
    return html`<li id="src-${a.id}" ${added.has(a.id) ? html`data-updated="${added.get(a.id)}"` : ''}>
      <span class="source-line">${articleLine(a, sources.get(a.id)?.number ?? 0)}</span>
      ${
        its.length > 0
          ? html`<details class="copies">
              <summary>${its.length} cop${its.length === 1 ? 'y' : 'ies'} of this article</summary>
              <ul>
                ${its.map((c) => html`<li>${articleLine(c, sources.get(c.id)?.number ?? 0)}</li>`)}
              </ul>
            </details>`
          : ''
      }
    </li>`;
  });
  const passages = story.sharedPassages.map(
    (p) =>
      html`<li>
        <blockquote><p>${p.text}</p></blockquote>
        <p class="muted">
          in
          ${p.articles.map(
            (id, i) => html`${i > 0 ? ', ' : ''}<a href="/articles/${seg(id)}">${sources.get(id)?.label ?? id}</a>`,
          )}
        </p>
      </li>`,
  );
  return html`<section aria-labelledby="sources-h" class="sources">
    <h2 id="sources-h">Sources</h2>
    <ol class="source-list">
      ${items}
    </ol>
    ${
      passages.length > 0
        ? html`<h3>Shared passages</h3>
            <p class="muted">Text that several articles carry word for word (wire copy).</p>
            <ul class="passages">
              ${passages}
            </ul>`
        : ''
    }
  </section>`;
}

function changesSection(story: Story, changes: StoryChange[]): SafeHtml {
  if (changes.length === 0) return html``;
  const titles = new Map(story.articles.map((a) => [a.id, a.title ?? a.id] as const));
  return html`<details class="changes">
    <summary>History (${changes.length} change${changes.length === 1 ? '' : 's'})</summary>
    <ul>
      ${changes.map(
        (c) =>
          html`<li>
            <time datetime="${c.at}">${c.at.slice(0, 16).replace('T', ' ')}</time>
            ${c.version !== undefined ? `v${c.version}: ` : ''}${describeChange(c, titles)}
          </li>`,
      )}
    </ul>
  </details>`;
}

export function storyPage(story: Story, changes: StoryChange[]): string {
  const sources = sourceLabels(story);
  const dates = story.articles
    .map((a) => a.published?.slice(0, 10))
    .filter((d): d is string => !!d)
    .sort();
  const range = dates.length
    ? `${formatDate(dates[0])}${dates.length > 1 && dates.at(-1) !== dates[0] ? ` – ${formatDate(dates.at(-1))}` : ''}`
    : 'undated';
  // The most mentioned places: a map with hundreds of dots says nothing.
  const places = story.entities
    .filter((e) => e.type === 'PLACE' && e.geo)
    .sort((a, b) => b.mentions - a.mentions)
    .slice(0, 40);
  const body = html`<article class="story">
    <header>
      <h1>${story.title || '(untitled story)'}</h1>
      <p class="muted">
        ${story.articles.length} article${story.articles.length === 1 ? '' : 's'} · ${range} · version ${story.version}
        · <a href="/stories/${seg(story.id)}.atom" type="application/atom+xml">follow its changes (Atom)</a>
      </p>
    </header>
    ${latestSection(story, sources)} ${summarySection(story, sources)}
    <div class="story-body">
      <div class="story-main">
        ${timelineSection(story, sources)} ${eventsSection(story, sources)}
        ${sourcesSection(story, sources, addedAt(changes))} ${changesSection(story, changes)}
      </div>
      <aside class="story-side" aria-label="People, places and quotes">
        ${peopleSection(story)} ${placesMap(places, 'Places')} ${quotesSection(story, sources)}
      </aside>
    </div>
  </article>`;
  return page({
    title: story.title || 'Story',
    body,
    scripts: ['timeline', 'visits'],
    feed: { href: `/stories/${seg(story.id)}.atom`, title: `Changes to ${story.title || 'this story'}` },
  });
}
