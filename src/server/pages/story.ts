// A story: summary with citations, its coverage in a picture, a timeline folded by month, people and organisations,
// quotes by speaker, the places on a map, and the sources by outlet, a page at a time, with the passages they share.
// A story of thousands of articles gives a page of the same size as one of fifty: every long list shows its head
// and a plain link (no script needed) to more.
import { describeChange } from '../changes.js';
import type { Story, StoryArticle, StoryEntity, StoryQuote } from '../../model.js';
import type { StoryChange } from '../../store/store.js';
import { html, type SafeHtml, safeExternalUrl, seg } from '../html.js';
import { citationHref, citationLinks, entityHref, quoteText, type SourceLabel } from './common.js';
import { coveragePicture, UNKNOWN_OUTLET } from './coverage.js';
import { isPoint, placesMap } from './map.js';
import { STORY_PAGE } from '../settings.js';
import { articleTitle, shortened, storyDisplayTitle } from '../../compose/title.js';
import { detokenise } from '../../text/ptb.js';
import { formatDate, page } from './layout.js';
import { CITATION_LEGEND } from '../../compose/citations.js';
import { inferredDateText } from '../../compose/infer-dates.js';
import { composedNote } from '../../compose/story.js';

function sourceLabels(story: Story): Map<string, SourceLabel> {
  const labels = new Map<string, SourceLabel>();
  const numbers = new Map(story.articles.map((a, i) => [a.id, i + 1] as const));
  story.articles.forEach((a, i) => {
    const label = [a.outlet, articleTitle(a.title, a.lead)].filter(Boolean).join(': ');
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
    ${detokenise(latest.text)}${citationLinks(latest.citations, sources)}
  </p>`;
}

function summarySection(story: Story, sources: Map<string, SourceLabel>): SafeHtml {
  if (story.summary.length === 0) return html``;
  const composed = composedNote(story);
  return html`<section aria-labelledby="summary-h" class="summary">
    <h2 id="summary-h">Summary</h2>
    <p>
      ${story.summary.map((s) => html`<span class="sentence">${detokenise(s.text)}${citationLinks(s.citations, sources)}</span> `)}
    </p>
    <p class="muted legend">${CITATION_LEGEND}</p>
    ${composed ? html`<p class="muted composed">${composed}</p>` : ''}
  </section>`;
}

/** What part of a big story a request asks to see: which page of the sources, how many of each long list. */
export interface StoryView {
  /** Page of the sources list (1-based). */
  sources: number;
  /** Only this outlet's sources (UNKNOWN_OUTLET for those naming none). */
  outlet?: string;
  /** Steps of each long list shown (1 = the first step). */
  people: number;
  speakers: number;
  events: number;
}

export const DEFAULT_VIEW: StoryView = { sources: 1, people: 1, speakers: 1, events: 1 };

/** The link to this story page with `change` applied to the view, jumping to `anchor`. */
function viewHref(view: StoryView, change: Partial<StoryView>, anchor: string): string {
  const v = { ...view, ...change };
  const q = new URLSearchParams();
  if (v.outlet !== undefined) q.set('outlet', v.outlet);
  for (const k of ['sources', 'people', 'speakers', 'events'] as const) if (v[k] > 1) q.set(k, String(v[k]));
  const s = q.toString();
  return `${s ? `?${s}` : '?'}#${anchor}`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

function timelineDay(day: Story['timeline'][number], sources: Map<string, SourceLabel>): SafeHtml {
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
            ${detokenise(e.text)}${e.inferred ? html` <span class="muted">(inferred)</span>` : ''}${citationLinks(e.citations, sources)}
          </li>`,
      )}
    </ul>
  </li>`;
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
  // A long timeline over several months folds by month (without script too: each month is a <details>).
  const fold = months.length > 1 && story.timeline.length > STORY_PAGE.timelineFoldDates;
  const list = fold
    ? months.map((m) => {
        const days = story.timeline.filter((d) => d.date.startsWith(m));
        return html`<details class="month" open data-month="${m}">
          <summary>${formatDate(m)} <span class="muted">${plural(days.length, 'date')}</span></summary>
          <ol class="days">
            ${days.map((d) => timelineDay(d, sources))}
          </ol>
        </details>`;
      })
    : html`<ol class="days">
        ${story.timeline.map((d) => timelineDay(d, sources))}
      </ol>`;
  return html`<section aria-labelledby="timeline-h" class="timeline">
    <h2 id="timeline-h">Timeline</h2>
    <p class="muted hint">
      ${plural(story.timeline.length, 'date')}. Select a date to fold or unfold what happened that
      day${fold ? ', or a month to fold it' : ''}.
    </p>
    ${filter} ${list}
  </section>`;
}

function entityItem(e: StoryEntity): SafeHtml {
  return html`<li>
    <a href="${entityHref(e.id)}">${e.name}</a>
    <span class="muted">${plural(e.mentions, 'mention')}</span>
  </li>`;
}

/** A "more" link that shows the next step of a list (a plain link: works without script). */
function moreLink(
  view: StoryView,
  key: 'people' | 'speakers' | 'events',
  left: number,
  step: number,
  anchor: string,
  what: string,
): SafeHtml {
  if (left <= 0) return html``;
  return html`<p class="more">
    <a href="${viewHref(view, { [key]: Math.min(STORY_PAGE.maxPage, view[key] + 1) }, anchor)}" rel="nofollow"
      >Show ${Math.min(step, left)} more ${what}</a
    >
    <span class="muted">(${left.toLocaleString('en')} not shown)</span>
  </p>`;
}

/** The events of a story, most reported first, shown in date order: what happened when, and who reports it. */
function eventsSection(story: Story, sources: Map<string, SourceLabel>, view: StoryView): SafeHtml {
  const events = story.events ?? [];
  if (events.length < 2) return html``; // one event is the story itself
  const shownCount = STORY_PAGE.eventsStep * view.events;
  const shown = new Set(
    [...events]
      .map((e, i) => ({ e, i }))
      .sort((a, b) => b.e.articles.length - a.e.articles.length || a.i - b.i)
      .slice(0, shownCount)
      .map((x) => x.e),
  );
  return html`<section aria-labelledby="events-h" class="events">
    <h2 id="events-h">Events</h2>
    ${events.length > shown.size ? html`<p class="muted">The ${shown.size} most reported of ${events.length}, by date.</p>` : ''}
    <ol class="event-list">
      ${events
        .filter((e) => shown.has(e))
        .map((e) => {
          const cites = e.articles.slice(0, STORY_PAGE.eventSources).map((id) => ({ article: id, start: 0, end: 0 }));
          return html`<li>
            ${e.date ? html`<time datetime="${e.date}">${formatDate(e.date)}</time>` : html`<span class="muted">undated</span>`}
            ${e.inferred ? html`<span class="muted">(inferred)</span>` : ''} ${detokenise(e.title)}
            <span class="muted">(${plural(e.articles.length, 'article')})</span>${citationLinks(cites, sources)}
          </li>`;
        })}
    </ol>
    ${moreLink(view, 'events', events.length - shown.size, STORY_PAGE.eventsStep, 'events-h', 'events')}
  </section>`;
}

function peopleSection(story: Story, view: StoryView): SafeHtml {
  const groups: [string, string][] = [
    ['PERSON', 'People'],
    ['ORG', 'Organisations'],
  ];
  const shownCount = STORY_PAGE.entitiesStep * view.people;
  let left = 0;
  const lists = groups
    .map(([type, label]) => {
      const list = story.entities.filter((e) => e.type === type).sort((a, b) => b.mentions - a.mentions);
      if (list.length === 0) return undefined;
      left = Math.max(left, list.length - shownCount);
      return html`<div>
        <h3>${label} <span class="muted">${list.length.toLocaleString('en')}</span></h3>
        <ul class="entity-list">
          ${list.slice(0, shownCount).map(entityItem)}
        </ul>
      </div>`;
    })
    .filter(Boolean);
  if (lists.length === 0) return html``;
  return html`<section aria-labelledby="who-h" class="who">
    <h2 id="who-h">People and organisations</h2>
    <div class="columns">${lists}</div>
    ${moreLink(view, 'people', left, STORY_PAGE.entitiesStep, 'who-h', 'of each')}
  </section>`;
}

function quotesSection(story: Story, sources: Map<string, SourceLabel>, view: StoryView): SafeHtml {
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
  const shownCount = STORY_PAGE.speakersStep * view.speakers;
  const groups = ranked.slice(0, shownCount).map(([speaker, quotes]) => {
    const entity = speakers.get(speaker);
    const more = quotes.length - STORY_PAGE.quotesPerSpeaker;
    return html`<li>
      <h3>
        ${entity ? html`<a href="${entityHref(entity.id)}">${speaker}</a>` : speaker}
        <span class="muted">${quotes.length}</span>
      </h3>
      <ul class="quotes">
        ${quotes.slice(0, STORY_PAGE.quotesPerSpeaker).map(
          (q) =>
            html`<li>
              <blockquote><p>“${detokenise(quoteText(q.text))}”</p></blockquote>
              <a class="cite" href="${citationHref(q)}" aria-label="source ${sources.get(q.article)?.number ?? '?'}"
                >[${sources.get(q.article)?.number ?? '?'}]</a
              >
            </li>`,
        )}
      </ul>
      ${more > 0 ? html`<p class="muted">${more} more${entity ? html` on <a href="${entityHref(entity.id)}">${speaker}’s page</a>` : ''}</p>` : ''}
    </li>`;
  });
  return html`<section aria-labelledby="quotes-h" class="quotes-by-speaker">
    <h2 id="quotes-h">Quotes by speaker</h2>
    <p class="muted">
      ${plural(story.quotes.length, 'quote')} by ${plural(ranked.length, 'speaker')}, most quoted first.
    </p>
    <ul class="speakers">
      ${groups}
    </ul>
    ${moreLink(view, 'speakers', ranked.length - shownCount, STORY_PAGE.speakersStep, 'quotes-h', 'speakers')}
  </section>`;
}

function articleLine(a: StoryArticle, n: number): SafeHtml {
  const url = safeExternalUrl(a.url);
  return html`<span class="num">${n}.</span> <a href="/articles/${seg(a.id)}">${articleTitle(a.title, a.lead)}</a>
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

const outletOf = (a: StoryArticle): string => a.outlet?.trim() || UNKNOWN_OUTLET;

/** The outlets with their article counts (copies among them), linking to their sources alone. */
function outletsList(story: Story, view: StoryView): SafeHtml {
  const counts = new Map<string, { all: number; copies: number }>();
  for (const a of story.articles) {
    const c = counts.get(outletOf(a)) ?? { all: 0, copies: 0 };
    c.all++;
    if (a.duplicateOf) c.copies++;
    counts.set(outletOf(a), c);
  }
  const ranked = [...counts].sort((a, b) => b[1].all - a[1].all || a[0].localeCompare(b[0]));
  const others = ranked.length - STORY_PAGE.outletsListed;
  return html`<ul class="inline-list outlets" aria-label="Outlets">
    ${ranked.slice(0, STORY_PAGE.outletsListed).map(
      ([o, c]) =>
        html`<li>
          ${
            view.outlet === o
              ? html`<strong aria-current="true">${o}</strong>`
              : html`<a href="${viewHref(view, { outlet: o, sources: 1 }, 'sources-h')}" rel="nofollow">${o}</a>`
          }
          <span class="muted">${c.all}${c.copies > 0 ? ` (${c.copies} cop${c.copies === 1 ? 'y' : 'ies'})` : ''}</span>
        </li>`,
    )}
    ${others > 0 ? html`<li class="muted">and ${plural(others, 'more outlet')}</li>` : ''}
  </ul>`;
}

function pager(view: StoryView, page: number, pages: number, from: number, to: number, total: number): SafeHtml {
  if (pages <= 1) return html``;
  return html`<nav class="pager" aria-label="Pages of sources">
    ${page > 1 ? html`<a href="${viewHref(view, { sources: page - 1 }, 'sources-h')}" rel="prev">← Previous</a>` : ''}
    <span>Sources ${from}–${to} of ${total.toLocaleString('en')} (page ${page} of ${pages})</span>
    ${page < pages ? html`<a href="${viewHref(view, { sources: page + 1 }, 'sources-h')}" rel="next">Next →</a>` : ''}
  </nav>`;
}

function sourcesSection(
  story: Story,
  sources: Map<string, SourceLabel>,
  added: Map<string, string>,
  view: StoryView,
): SafeHtml {
  const copies = new Map<string, StoryArticle[]>();
  for (const a of story.articles) {
    if (!a.duplicateOf) continue;
    const list = copies.get(a.duplicateOf);
    if (list) list.push(a);
    else copies.set(a.duplicateOf, [a]);
  }
  const inStory = new Set(story.articles.map((a) => a.id));
  const originals = story.articles.filter(
    (a) =>
      (!a.duplicateOf || !inStory.has(a.duplicateOf)) && (view.outlet === undefined || outletOf(a) === view.outlet),
  );
  const pages = Math.max(1, Math.ceil(originals.length / STORY_PAGE.sourcesPerPage));
  const pageNo = Math.min(view.sources, pages);
  const from = (pageNo - 1) * STORY_PAGE.sourcesPerPage;
  const shown = originals.slice(from, from + STORY_PAGE.sourcesPerPage);
  const items = shown.map((a) => {
    const its = copies.get(a.id) ?? [];
    return html`<li id="src-${a.id}" ${added.has(a.id) ? html`data-updated="${added.get(a.id)}"` : ''}>
      <span class="source-line">${articleLine(a, sources.get(a.id)?.number ?? 0)}</span>
      ${
        its.length > 0
          ? html`<details class="copies">
              <summary>${its.length} cop${its.length === 1 ? 'y' : 'ies'} of this article</summary>
              <ul>
                ${its.slice(0, STORY_PAGE.copiesListed).map((c) => html`<li>${articleLine(c, sources.get(c.id)?.number ?? 0)}</li>`)}
                ${its.length > STORY_PAGE.copiesListed ? html`<li class="muted">and ${its.length - STORY_PAGE.copiesListed} more</li>` : ''}
              </ul>
            </details>`
          : ''
      }
    </li>`;
  });
  const passages = [...story.sharedPassages]
    .sort((a, b) => b.articles.length - a.articles.length)
    .slice(0, STORY_PAGE.passagesShown)
    .map(
      (p) =>
        html`<li>
          <blockquote><p>${shortened(detokenise(p.text), STORY_PAGE.passageChars)}</p></blockquote>
          <p class="muted">
            in
            ${p.articles
              .slice(0, STORY_PAGE.passageArticles)
              .map(
                (id, i) => html`${i > 0 ? ', ' : ''}<a href="/articles/${seg(id)}">${sources.get(id)?.label ?? id}</a>`,
              )}${p.articles.length > STORY_PAGE.passageArticles ? ` and ${p.articles.length - STORY_PAGE.passageArticles} more` : ''}
          </p>
        </li>`,
    );
  const copyCount = story.articles.length - originals.length;
  return html`<section aria-labelledby="sources-h" class="sources">
    <h2 id="sources-h">Sources</h2>
    <p class="muted">
      ${plural(story.articles.length, 'article')}${view.outlet === undefined && copyCount > 0 ? ` (${copyCount} of them copies, listed under what they copy)` : ''}
      by
      outlet${view.outlet !== undefined ? html` · showing ${view.outlet} only, <a href="${viewHref({ ...view, outlet: undefined }, { sources: 1 }, 'sources-h')}">all outlets</a>` : ''}:
    </p>
    ${outletsList(story, view)}
    <ol class="source-list">
      ${items}
    </ol>
    ${pager(view, pageNo, pages, from + 1, from + shown.length, originals.length)}
    ${
      passages.length > 0
        ? html`<h3>Shared passages</h3>
            <p class="muted">
              Text that several articles carry word for word (wire
              copy)${story.sharedPassages.length > passages.length ? `: the ${passages.length} most shared of ${story.sharedPassages.length}` : ''}.
            </p>
            <ul class="passages">
              ${passages}
            </ul>`
        : ''
    }
  </section>`;
}

function changesSection(story: Story, changes: StoryChange[]): SafeHtml {
  if (changes.length === 0) return html``;
  const titles = new Map(story.articles.map((a) => [a.id, articleTitle(a.title, a.lead)] as const));
  const newest = changes.slice(-STORY_PAGE.changesShown).reverse();
  return html`<details class="changes">
    <summary>History (${plural(changes.length, 'change')})</summary>
    <ul>
      ${newest.map(
        (c) =>
          html`<li>
            <time datetime="${c.at}">${c.at.slice(0, 16).replace('T', ' ')}</time>
            ${c.version !== undefined ? `v${c.version}: ` : ''}${describeChange(c, titles)}
          </li>`,
      )}
    </ul>
    ${changes.length > newest.length ? html`<p class="muted">The ${newest.length} newest; <a href="/stories/${seg(story.id)}.atom">the feed</a> has more.</p>` : ''}
  </details>`;
}

export function storyPage(story: Story, changes: StoryChange[], view: StoryView = DEFAULT_VIEW): string {
  const sources = sourceLabels(story);
  const dates = story.articles
    .map((a) => a.published?.slice(0, 10))
    .filter((d): d is string => !!d)
    .sort();
  const range = dates.length
    ? `${formatDate(dates[0])}${dates.length > 1 && dates.at(-1) !== dates[0] ? ` – ${formatDate(dates.at(-1))}` : ''}`
    : 'undated';
  const allPlaces = story.entities.filter((e) => e.type === 'PLACE').sort((a, b) => b.mentions - a.mentions);
  const points = allPlaces.filter(isPoint).slice(0, STORY_PAGE.mapPlaces);
  const unmapped = allPlaces.filter((e) => !isPoint(e)).slice(0, STORY_PAGE.unmappedListed);
  const title = storyDisplayTitle(story.title);
  const body = html`<article class="story">
    <header>
      <h1>${title}</h1>
      <p class="muted">
        ${plural(story.articles.length, 'article')} · ${range} · version ${story.version} ·
        <a href="/stories/${seg(story.id)}.atom" type="application/atom+xml">follow its changes (Atom)</a>
      </p>
    </header>
    ${latestSection(story, sources)} ${summarySection(story, sources)}
    <div class="story-body">
      <div class="story-main">
        ${coveragePicture(story)} ${timelineSection(story, sources)} ${eventsSection(story, sources, view)}
        ${sourcesSection(story, sources, addedAt(changes), view)} ${changesSection(story, changes)}
      </div>
      <aside class="story-side" id="side" tabindex="-1" aria-label="People, places and quotes">
        ${peopleSection(story, view)} ${placesMap(points, 'Places', unmapped)} ${quotesSection(story, sources, view)}
      </aside>
    </div>
  </article>`;
  return page({
    title,
    body,
    scripts: ['timeline', 'visits'],
    feed: { href: `/stories/${seg(story.id)}.atom`, title: `Changes to ${title}` },
    side: true,
  });
}
