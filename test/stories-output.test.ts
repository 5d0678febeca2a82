// What a reader gets: stories from the seeds and from examples/, checked against
// ../shared/seeds/expected.json, and every citation walked back to its article.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadManifest } from '../src/ingest/read.js';
import type { Citation, Story } from '../src/model.js';
import { ingestPaths } from '../src/pipeline/index.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/store.js';
import { refreshStories } from '../src/pipeline/index.js';
import { needShared, projectRoot, sharedPath } from './helpers.js';

interface Expected {
  articles: Record<string, { boilerplate: string[] }>;
  timeline: { must_have_dates: { any_of: string[]; what: string }[] };
}

async function storiesOf(paths: string[], manifest?: string): Promise<{ store: Store; stories: Story[] }> {
  const store = await openStore(':memory:');
  const report = await ingestPaths(store, paths, manifest ? { manifest: await loadManifest(manifest) } : {});
  assert.deepEqual(report.failed, []);
  await refreshStories(store);
  const stories: Story[] = [];
  for (const s of await store.listStories({ limit: 1000 })) {
    const story = await store.getStory(s.id);
    assert.ok(story);
    stories.push(story);
  }
  return { store, stories };
}

/** Every citation of a story must point at a real, non-empty span of a real article of the story. */
async function walkCitations(store: Store, story: Story): Promise<number> {
  const texts = new Map<string, string>();
  const ids = new Set(story.articles.map((a) => a.id));
  const check = async (c: Omit<Citation, 'match'>, what: string, quoted?: string): Promise<void> => {
    assert.ok(ids.has(c.article), `${what} cites ${c.article}, not an article of the story`);
    let text = texts.get(c.article);
    if (text === undefined) {
      const article = await store.getArticle(c.article);
      assert.ok(article, `${what} cites a missing article ${c.article}`);
      text = article.text;
      texts.set(c.article, text);
    }
    assert.ok(
      c.start >= 0 && c.end <= text.length && c.end > c.start,
      `${what}: span ${c.start}-${c.end} out of range`,
    );
    // A split or multi-paragraph quote's text joins its parts: its first part is what the span opens with.
    const first = quoted?.split(/ … |\n\n/)[0];
    // A shown sentence is derived from its span (dateline cut, opening pronoun named, date notes added): without
    // its notes, it ends as the span does.
    const plain = first?.replace(/ \[\d{1,2} [A-Z][a-z]{2}(?: \d{4})?\]/g, '');
    if (quoted !== undefined && first !== undefined)
      assert.ok(
        text.slice(c.start, c.end).includes(first.slice(0, 40)) ||
          first.includes(text.slice(c.start, c.end).trim().slice(0, 40)) ||
          (plain !== undefined && text.slice(c.start, c.end).trimEnd().endsWith(plain.slice(-40))),
        `${what}: span does not hold "${quoted.slice(0, 60)}"`,
      );
  };
  let n = 0;
  for (const s of story.summary) {
    assert.ok(s.citations.length > 0, `summary sentence without citation: ${s.text}`);
    const [first] = s.citations;
    if (first) await check(first, 'summary', s.text);
    for (const c of s.citations) await check(c, 'summary');
    n += s.citations.length;
  }
  for (const day of story.timeline)
    for (const e of day.entries) {
      assert.ok(e.citations.length > 0, `timeline entry without citation on ${day.date}: ${e.text}`);
      const [first] = e.citations;
      if (first) await check(first, `timeline ${day.date}`, e.text);
      for (const c of e.citations) await check(c, `timeline ${day.date}`);
      n += e.citations.length;
    }
  for (const q of story.quotes) {
    await check(q, `quote of ${q.speaker}`, q.text);
    n++;
  }
  return n;
}

describe('stories from the seeds (with the manifest)', { skip: needShared('seeds') }, () => {
  test('one story with a cited timeline on every must-have date, no boilerplate, a 3–6 sentence summary', async () => {
    const expected = JSON.parse(readFileSync(sharedPath('seeds', 'expected.json'), 'utf8')) as Expected;
    const { store, stories } = await storiesOf(
      [sharedPath('seeds', 'articles')],
      sharedPath('seeds', 'manifest.jsonl'),
    );
    try {
      assert.equal(
        stories.length,
        1,
        `expected one story, got ${stories.map((s) => `${s.title} (${s.articles.length})`).join('; ')}`,
      );
      const [story] = stories;
      assert.ok(story);
      assert.equal(story.articles.length, 5);
      const dates = story.timeline.map((d) => d.date);
      for (const must of expected.timeline.must_have_dates)
        assert.ok(
          must.any_of.some((d) => dates.includes(d)),
          `no timeline entry on ${must.any_of.join(' or ')} (${must.what}); timeline has ${dates.join(', ')}`,
        );
      assert.ok(
        story.summary.length >= 3 && story.summary.length <= 6,
        `summary has ${story.summary.length} sentences`,
      );
      const shown = [
        story.title,
        ...story.summary.map((s) => s.text),
        ...story.timeline.flatMap((d) => d.entries.map((e) => e.text)),
        ...story.quotes.map((q) => q.text),
      ];
      for (const [id, a] of Object.entries(expected.articles))
        for (const junk of a.boilerplate)
          for (const text of shown)
            assert.ok(
              !text.includes(junk) || (junk.length < 12 && text !== junk),
              `boilerplate of ${id} shown: "${junk}" in "${text}"`,
            );
      assert.ok((await walkCitations(store, story)) > 0);
    } finally {
      await store.close();
    }
  });
});

describe('stories from examples/', () => {
  test('two stories, every citation a real span', async () => {
    const { store, stories } = await storiesOf([join(projectRoot, 'examples')]);
    try {
      assert.deepEqual(stories.map((s) => s.articles.length).sort(), [2, 6], stories.map((s) => s.title).join('; '));
      for (const story of stories) {
        assert.ok(story.summary.length >= 1);
        assert.ok(story.timeline.length >= 1);
        await walkCitations(store, story);
      }
    } finally {
      await store.close();
    }
  });

  test('digest prints Markdown with the story titles and linked citations', () => {
    const run = spawnSync(
      process.execPath,
      [join(projectRoot, 'dist', 'src', 'cli', 'main.js'), 'digest', 'examples/'],
      {
        cwd: projectRoot,
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^# .*Corran Dam/m);
    assert.match(run.stdout, /^# .*[Ll]antern/m);
    assert.match(run.stdout, /## Timeline/);
    assert.match(run.stdout, /\[\d+\]\((https?:|#article-)/, 'citations are links');
  });
});

test('Markdown links only http(s) URLs, in angle brackets so parentheses stay inside the link', async () => {
  const { renderStoryMarkdown } = await import('../src/cli/render-md.js');
  const cite = (article: string): Citation => ({ article, start: 0, end: 5, match: 'same' });
  const story: Story = {
    id: 's1',
    title: 'A fictional story',
    version: 1,
    updated: '2026-01-01T00:00:00.000Z',
    summary: [{ text: 'Something happened.', citations: [cite('a1'), cite('a2')] }],
    timeline: [],
    articles: [
      { id: 'a1', title: 'Bad link', url: 'javascript:alert(1)' },
      { id: 'a2', title: 'Good link', url: 'https://example.org/a_(b)' },
    ],
    events: [],
    sharedPassages: [],
    entities: [],
    quotes: [],
  };
  const md = renderStoryMarkdown(story);
  assert.doesNotMatch(md, /javascript:/);
  assert.match(md, /\[Good link\]\(<https:\/\/example\.org\/a_\(b\)>\)/);
  assert.match(md, /\[1\]\(#article-a1\)/, 'the unsafe URL falls back to the sources list entry');
});
