// The front page: the stories, newest, largest or last changed first, paged; ui/visits.ts marks those changed
// since the reader's last visit.
import type { StorySummary } from '../../store/store.js';
import type { StoryFilter } from '../story-index.js';
import { html, seg } from '../html.js';
import { type Facets, filterForm, filterParams, queryString } from './filters.js';
import { formatDate, page } from './layout.js';
import { storyDisplayTitle } from '../../compose/title.js';

export interface FrontPage {
  stories: StorySummary[];
  /** Stories that pass the filter. */
  total: number;
  offset: number;
  limit: number;
  sort: 'recent' | 'size' | 'updated';
  filter: StoryFilter;
  facets: Facets;
}

function span(s: StorySummary): string {
  if (!s.firstPublished) return 'undated';
  const first = formatDate(s.firstPublished.slice(0, 10));
  const last = formatDate((s.lastPublished ?? s.firstPublished).slice(0, 10));
  return first === last ? first : `${first} – ${last}`;
}

export function frontPage(p: FrontPage): string {
  // Every link keeps the filters: sorting or paging a filtered list stays filtered.
  const link = (offset: number, sort = p.sort) =>
    `/${queryString({ sort, offset: offset > 0 ? offset : undefined, ...filterParams(p.filter) })}`;
  const filtered = Object.values(filterParams(p.filter)).some(Boolean);
  const items = p.stories.map(
    (s) =>
      html`<li class="card" data-story="${s.id}" data-updated="${s.updated}">
        <h2><a href="/stories/${seg(s.id)}">${storyDisplayTitle(s.title)}</a></h2>
        <p class="muted">
          ${s.articles} article${s.articles === 1 ? '' : 's'} · ${span(s)} · updated
          <time datetime="${s.updated}">${s.updated.slice(0, 16).replace('T', ' ')}</time>
        </p>
      </li>`,
  );
  const body = html`<h1>Stories</h1>
    <p class="sort" role="group" aria-label="Sort stories">
      Sort: <a href="${link(0, 'recent')}" ${p.sort === 'recent' ? html`aria-current="true"` : ''}>latest</a> ·
      <a href="${link(0, 'size')}" ${p.sort === 'size' ? html`aria-current="true"` : ''}>largest</a> ·
      <a href="${link(0, 'updated')}" ${p.sort === 'updated' ? html`aria-current="true"` : ''}>updated</a>
      · <a href="/changes.atom" type="application/atom+xml">feed of changes</a>
    </p>
    ${filterForm({ action: '/', filter: p.filter, facets: p.facets, keep: { sort: p.sort }, label: 'Filter stories' })}
    ${
      p.total === 0
        ? filtered
          ? html`<p>No story matches these filters.</p>`
          : html`<p>No stories yet. <a href="/ingest">Add some articles</a> to get started.</p>`
        : html`<ol class="cards">
            ${items}
          </ol>`
    }
    <nav class="pager" aria-label="Pages">
      ${p.offset > 0 ? html`<a href="${link(Math.max(0, p.offset - p.limit))}" rel="prev">← Newer</a>` : ''}
      <span class="muted">${p.total === 0 ? '' : `${p.offset + 1}–${p.offset + p.stories.length} of ${p.total}`}</span>
      ${p.offset + p.limit < p.total ? html`<a href="${link(p.offset + p.limit)}" rel="next">More →</a>` : ''}
    </nav>`;
  return page({
    title: 'Stories',
    body,
    scripts: ['visits'],
    feed: { href: '/changes.atom', title: 'What changed in the stories' },
  });
}
