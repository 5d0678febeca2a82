// The ingest page: upload files or give a URL; progress while the upload runs, then links to what came of it.

import { formatSize } from '../../ingest/errors.js';
import { storyDisplayTitle } from '../../compose/title.js';
import { html, type SafeHtml, seg } from '../html.js';
import type { ServerIngestReport } from '../ingest.js';
import { page } from './layout.js';

export function reportHtml(r: ServerIngestReport): SafeHtml {
  return html`<h2>Done</h2>
    <p>
      ${r.ingested} new article${r.ingested === 1 ? '' : 's'}, ${r.unchanged} already known, ${r.failed.length} failed.
    </p>
    ${r.storiesError ? html`<p class="error">${r.storiesError}</p>` : ''}
    ${
      r.stories.length > 0
        ? html`<h3>Stories</h3>
            <ul class="new-stories">
              ${r.stories.map((s) => html`<li><a href="/stories/${seg(s.id)}">${s.title ? storyDisplayTitle(s.title) : s.id}</a></li>`)}
            </ul>`
        : ''
    }
    ${
      r.articles.length > 0
        ? html`<h3>Articles</h3>
            <ul class="new-articles">
              ${r.articles.map((id) => html`<li><a href="/articles/${seg(id)}">${r.titles[id] ?? id}</a></li>`)}
            </ul>`
        : ''
    }
    ${
      r.failed.length > 0
        ? html`<h3>Failed</h3>
            <ul class="failed">
              ${r.failed.map((f) => html`<li><code>${f.path}</code>: ${f.error}</li>`)}
            </ul>`
        : ''
    }`;
}

export function ingestPage(maxUploadBytes: number, result?: ServerIngestReport, error?: string): string {
  const body = html`<h1>Add articles</h1>
    <form id="ingest-form" class="ingest" action="/ingest" method="post" enctype="multipart/form-data">
      <fieldset>
        <legend>Upload files</legend>
        <label for="files"
          >HTML, text, JSON or JSONL files (a <code>manifest.jsonl</code> among them gives their dates and outlets); up
          to ${formatSize(maxUploadBytes, true)}</label
        >
        <input
          id="files"
          name="files"
          type="file"
          multiple
          accept=".html,.htm,.txt,.json,.jsonl,.ndjson,.gz,text/html,text/plain,application/json"
        />
      </fieldset>
      <fieldset>
        <legend>Or fetch a page</legend>
        <label for="url">Article URL</label>
        <input id="url" name="url" type="url" placeholder="https://example.com/news/story" inputmode="url" />
      </fieldset>
      <button type="submit">Add</button>
    </form>
    <div class="progress-box">
      <progress id="ingest-progress" max="100" value="0" hidden>0%</progress>
      <p id="ingest-status" role="status" aria-live="polite">${error ?? ''}</p>
    </div>
    <div id="ingest-result">${result ? reportHtml(result) : ''}</div>`;
  return page({ title: 'Add articles', body, scripts: ['ingest'] });
}
