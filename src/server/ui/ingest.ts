// Ingest page: send the form to /api/ingest with progress, then show links to the new articles and stories.
// Progressive: without this script the form posts to /ingest and the server answers with a page.

interface IngestReport {
  ingested: number;
  unchanged: number;
  failed: { path: string; error: string }[];
  articles: string[];
  titles?: Record<string, string>;
  stories: { id: string; title: string }[];
  storiesError?: string;
  error?: string;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  return node;
}

function linkList(className: string, items: { href: string; text: string }[]): HTMLUListElement {
  const list = el('ul');
  list.className = className;
  for (const item of items) {
    const a = el('a', item.text);
    a.href = item.href;
    const li = el('li');
    li.append(a);
    list.append(li);
  }
  return list;
}

/** Everything from the server goes in as text, never as markup. */
function showReport(target: HTMLElement, r: IngestReport): void {
  target.replaceChildren();
  target.append(el('h2', 'Done'));
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  target.append(
    el('p', `${plural(r.ingested, 'new article')}, ${r.unchanged} already known, ${r.failed.length} failed.`),
  );
  if (r.storiesError) target.append(el('p', r.storiesError));
  if (r.stories.length > 0) {
    target.append(el('h3', 'Stories'));
    target.append(
      linkList(
        'new-stories',
        r.stories.map((s) => ({ href: `/stories/${encodeURIComponent(s.id)}`, text: s.title || s.id })),
      ),
    );
  }
  if (r.articles.length > 0) {
    target.append(el('h3', 'Articles'));
    target.append(
      linkList(
        'new-articles',
        r.articles.map((id) => ({ href: `/articles/${encodeURIComponent(id)}`, text: r.titles?.[id] ?? id })),
      ),
    );
  }
  if (r.failed.length > 0) {
    target.append(el('h3', 'Failed'));
    const list = el('ul');
    list.className = 'failed';
    for (const f of r.failed) list.append(el('li', `${f.path}: ${f.error}`));
    target.append(list);
  }
}

function init(): void {
  const form = document.getElementById('ingest-form') as HTMLFormElement | null;
  const progress = document.getElementById('ingest-progress') as HTMLProgressElement | null;
  const status = document.getElementById('ingest-status');
  const result = document.getElementById('ingest-result');
  if (!form || !progress || !status || !result) return;
  const submit = form.querySelector<HTMLButtonElement>('button[type="submit"]');

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const files = (data.getAll('files') as File[]).filter((f) => f.size > 0 || f.name !== '');
    const url = String(data.get('url') ?? '').trim();
    if (files.length === 0 && url === '') {
      status.textContent = 'Choose one or more files, or give a URL.';
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/ingest');
    xhr.responseType = 'json';
    progress.hidden = false;
    progress.value = 0;
    result.replaceChildren();
    if (submit) submit.disabled = true;
    form.setAttribute('aria-busy', 'true');
    status.textContent =
      files.length > 0 ? `Uploading ${files.length} file${files.length === 1 ? '' : 's'}…` : `Fetching ${url}…`;
    xhr.upload.addEventListener('progress', (e) => {
      if (!e.lengthComputable) return;
      const percent = Math.round((e.loaded / e.total) * 100);
      progress.value = percent;
      progress.textContent = `${percent}%`;
      status.textContent = `Uploading… ${percent}%`;
    });
    xhr.upload.addEventListener('load', () => {
      progress.removeAttribute('value'); // indeterminate while the server reads the articles
      status.textContent = 'Reading the articles and updating the stories…';
    });
    const finish = () => {
      if (submit) submit.disabled = false;
      form.removeAttribute('aria-busy');
    };
    xhr.addEventListener('load', () => {
      finish();
      const body = xhr.response as IngestReport | null;
      if (xhr.status !== 200 || !body || body.error) {
        progress.hidden = true;
        status.textContent = `Failed: ${body?.error ?? `HTTP ${xhr.status}`}`;
        return;
      }
      progress.value = 100;
      status.textContent = `Done: ${body.ingested} new, ${body.unchanged} already known, ${body.failed.length} failed.`;
      showReport(result, body);
    });
    xhr.addEventListener('error', () => {
      finish();
      progress.hidden = true;
      status.textContent = 'Failed: the server could not be reached.';
    });
    xhr.send(data);
  });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();
