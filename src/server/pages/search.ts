// Search: matching stories, people, organisations and places first, then articles with their snippets, paged
// ("more" links) and filtered by outlet, date range and language; every state is in the address.
import type { SearchHit } from '../../store/store.js';
import type { EntityProfile } from '../entity-index.js';
import type { StoryFilter, StorySearchHit } from '../story-index.js';
import { escapeHtml, html, raw, type SafeHtml, seg } from '../html.js';
import { entityHref, typeLabel } from './common.js';
import { type Facets, filterForm, filterParams, queryString } from './filters.js';
import { formatDate, page } from './layout.js';
import { articleTitle } from '../../compose/title.js';

/**
 * Snippets come marked with [ ] and already detokenised (every search and the story index make them as a reader
 * should see them, off the event loop where they can): escape, then turn the markers into <mark>.
 */
export function snippetHtml(snippet: string): SafeHtml {
  return raw(escapeHtml(snippet).replace(/\[([^[\]]*)\]/g, '<mark>$1</mark>'));
}

export interface SearchPage {
  query: string;
  filter: StoryFilter;
  facets: Facets;
  entities: EntityProfile[];
  /** Article hits from `offset`, and whether more follow. */
  hits: SearchHit[];
  offset: number;
  more: boolean;
  /** Article hits a page shows, and story hits. */
  pageSize: number;
  storyPageSize: number;
  /** Story hits from `storyOffset`, and how many match in all. */
  stories: StorySearchHit[];
  storyOffset: number;
  storyTotal: number;
}

function span(s: StorySearchHit): string {
  if (!s.firstPublished) return 'undated';
  const first = formatDate(s.firstPublished.slice(0, 10));
  const last = formatDate((s.lastPublished ?? s.firstPublished).slice(0, 10));
  return first === last ? first : `${first} – ${last}`;
}

export function searchPage(p: SearchPage): string {
  const { query } = p;
  // A page's address: the query and filters always, the two offsets when not at the start.
  const href = (offset: number, storyOffset: number) =>
    `/search${queryString({
      q: query,
      ...filterParams(p.filter),
      offset: offset > 0 ? offset : undefined,
      soffset: storyOffset > 0 ? storyOffset : undefined,
    })}`;
  const body = html`<h1>Search</h1>
    <form class="search-big" role="search" action="/search" method="get">
      <label for="q">Words to look for</label>
      <input id="q" name="q" type="search" value="${query}" required />
      ${Object.entries(filterParams(p.filter)).map(([name, value]) =>
        value ? html`<input type="hidden" name="${name}" value="${value}" />` : '',
      )}
      <button type="submit">Search</button>
    </form>
    ${
      query === ''
        ? ''
        : html`${filterForm({
              action: '/search',
              filter: p.filter,
              facets: p.facets,
              keep: { q: query },
              label: 'Filter the results',
            })}
            <section aria-labelledby="stories-h">
              <h2 id="stories-h">Stories</h2>
              ${
                p.stories.length === 0
                  ? html`<p>No story matches “${query}”.</p>`
                  : html`<ol class="story-hits" start="${p.storyOffset + 1}">
                        ${p.stories.map(
                          (s) =>
                            html`<li>
                              <a href="/stories/${seg(s.id)}">${s.title || '(untitled story)'}</a>
                              <span class="muted"
                                >${s.articles} article${s.articles === 1 ? '' : 's'} · ${span(s)}</span
                              >
                              <p class="snippet">${snippetHtml(s.snippet)}</p>
                            </li>`,
                        )}
                      </ol>
                      <nav class="pager" aria-label="More stories">
                        ${
                          p.storyOffset > 0
                            ? html`<a href="${href(p.offset, Math.max(0, p.storyOffset - p.storyPageSize))}"
                                >← Previous stories</a
                              >`
                            : ''
                        }
                        <span class="muted"
                          >${p.storyOffset + 1}–${p.storyOffset + p.stories.length} of ${p.storyTotal}
                          ${p.storyTotal === 1 ? 'story' : 'stories'}</span
                        >
                        ${
                          p.storyOffset + p.stories.length < p.storyTotal
                            ? html`<a class="more-stories" href="${href(p.offset, p.storyOffset + p.storyPageSize)}"
                                >More stories →</a
                              >`
                            : ''
                        }
                      </nav>`
              }
            </section>
            ${
              p.entities.length > 0
                ? html`<section aria-labelledby="ent-h">
                    <h2 id="ent-h">People, organisations and places</h2>
                    <ul class="entity-list">
                      ${p.entities.map(
                        (e) =>
                          html`<li>
                            <a href="${entityHref(e.id)}">${e.name}</a>
                            <span class="muted">${typeLabel(e.type)} · ${e.mentions} mentions</span>
                          </li>`,
                      )}
                    </ul>
                  </section>`
                : ''
            }
            <section aria-labelledby="hits-h">
              <h2 id="hits-h">Articles</h2>
              ${
                p.hits.length === 0
                  ? html`<p>No ${p.offset > 0 ? 'more articles match' : 'article matches'} “${query}”.</p>`
                  : html`<ol class="hits" start="${p.offset + 1}">
                      ${p.hits.map(
                        (h) =>
                          html`<li>
                            <a href="/articles/${seg(h.id)}">${articleTitle(h.title)}</a>
                            <span class="muted"
                              >${[h.outlet, formatDate(h.published?.slice(0, 10))].filter(Boolean).join(' · ')}</span
                            >
                            <p class="snippet">${snippetHtml(h.snippet)}</p>
                          </li>`,
                      )}
                    </ol>`
              }
              <nav class="pager" aria-label="More articles">
                ${
                  p.offset > 0
                    ? html`<a href="${href(Math.max(0, p.offset - p.pageSize), p.storyOffset)}" rel="prev"
                        >← Previous articles</a
                      >`
                    : ''
                }
                ${
                  p.hits.length > 0
                    ? html`<span class="muted">articles ${p.offset + 1}–${p.offset + p.hits.length}</span>`
                    : ''
                }
                ${
                  p.more
                    ? html`<a class="more-articles" href="${href(p.offset + p.pageSize, p.storyOffset)}" rel="next"
                        >More articles →</a
                      >`
                    : ''
                }
              </nav>
            </section>`
    }`;
  return page({ title: query ? `Search: ${query}` : 'Search', body, query });
}
