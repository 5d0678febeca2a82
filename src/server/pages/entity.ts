// An entity: who or what it is, the stories it appears in, what it said.

import type { EntityProfile } from '../entity-index.js';
import { html, seg } from '../html.js';
import { citationHref, quoteText, typeLabel } from './common.js';
import { placesMap } from './map.js';
import { page } from './layout.js';
import { storyDisplayTitle } from '../../compose/title.js';

export function entityPage(e: EntityProfile): string {
  const aliases = e.aliases.filter((a) => a !== e.name);
  const body = html`<article class="entity">
    <header>
      <h1>${e.name}</h1>
      <p class="muted">
        ${typeLabel(e.type)} · ${e.mentions} mention${e.mentions === 1 ? '' : 's'} in ${e.stories.length}
        stor${e.stories.length === 1 ? 'y' : 'ies'}
      </p>
      ${aliases.length > 0 ? html`<p>Also called: ${aliases.join(', ')}</p>` : ''}
    </header>
    <section aria-labelledby="stories-h">
      <h2 id="stories-h">Stories</h2>
      <ul>
        ${e.stories.map((s) => html`<li><a href="/stories/${seg(s.id)}">${storyDisplayTitle(s.title)}</a> <span class="muted">${s.mentions} mention${s.mentions === 1 ? '' : 's'}</span></li>`)}
      </ul>
    </section>
    ${
      e.quotes.length > 0
        ? html`<section aria-labelledby="quotes-h">
            <h2 id="quotes-h">Quotes</h2>
            <ul class="quotes">
              ${e.quotes.map(
                (q) =>
                  html`<li>
                    <blockquote><p>“${quoteText(q.text)}”</p></blockquote>
                    <a class="cite" href="${citationHref(q)}">source</a>
                  </li>`,
              )}
            </ul>
          </section>`
        : ''
    }
    ${e.geo ? placesMap([{ id: e.id, name: e.name, geo: e.geo, mentions: e.mentions }], 'On the map') : ''}
  </article>`;
  return page({ title: e.name, body });
}
