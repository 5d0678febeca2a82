// Search: matching people, organisations and places first, then articles with their snippets.
import type { SearchHit } from '../../store/store.js';
import type { EntityProfile } from '../entity-index.js';
import { escapeHtml, html, raw, type SafeHtml, seg } from '../html.js';
import { entityHref, typeLabel } from './common.js';
import { formatDate, page } from './layout.js';
import { articleTitle } from '../../compose/title.js';

/** The store marks matches with [ ]: escape the snippet, then turn the markers into <mark>. */
export function snippetHtml(snippet: string): SafeHtml {
  return raw(escapeHtml(snippet).replace(/\[([^[\]]*)\]/g, '<mark>$1</mark>'));
}

export function searchPage(query: string, hits: SearchHit[], entities: EntityProfile[]): string {
  const body = html`<h1>Search</h1>
    <form class="search-big" role="search" action="/search" method="get">
      <label for="q">Words to look for</label>
      <input id="q" name="q" type="search" value="${query}" required />
      <button type="submit">Search</button>
    </form>
    ${
      query === ''
        ? ''
        : html` ${
              entities.length > 0
                ? html`<section aria-labelledby="ent-h">
                    <h2 id="ent-h">People, organisations and places</h2>
                    <ul class="entity-list">
                      ${entities.map(
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
                hits.length === 0
                  ? html`<p>No article matches “${query}”.</p>`
                  : html`<ol class="hits">
                      ${hits.map(
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
            </section>`
    }`;
  return page({ title: query ? `Search: ${query}` : 'Search', body, query });
}
