// The front page in headless Chromium: "updated" sorts the stories by their last change, and the stories changed
// since the reader's previous visit (kept in localStorage) are marked, and stay marked on a reload.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Browser, type Page } from 'playwright-core';
import { chromiumSkip, closeBrowserTest, launchChromium } from './browser.js';
import type { Story } from '../src/model.js';
import { type RunningServer, startServer } from '../src/server/server.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/store.js';

const skip = chromiumSkip;
const TIMEOUT = 60_000;

/** A fictional story: its latest article's day (the "latest" sort) and its last change (the "updated" sort). */
function story(id: string, published: string, updated: string, version = 1, extra: string[] = []): Story {
  return {
    id,
    title: `The ${id} story`,
    version,
    updated,
    summary: [{ text: `What happened in ${id}.`, citations: [] }],
    timeline: [],
    articles: [`${id}-1`, ...extra].map((a) => ({ id: a, title: `${a} article`, published })),
    events: [],
    sharedPassages: [],
    entities: [],
    quotes: [],
  };
}

describe('what is new, in Chromium', { skip, timeout: 5 * TIMEOUT }, () => {
  let dir: string;
  let store: Store;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  const save = (s: Story, articlesAdded = [`${s.id}-1`]) =>
    store.saveStories({
      stories: [s],
      removed: [],
      assignments: new Map(),
      changes: [
        {
          story: s.id,
          kind: s.version === 1 ? 'created' : 'updated',
          at: s.updated,
          version: s.version,
          articlesAdded,
        },
      ],
    });
  const cards = () => page.$$eval('li.card', (els) => els.map((e) => (e as HTMLElement).dataset.story));
  const marked = () => page.$$eval('li.card.new', (els) => els.map((e) => (e as HTMLElement).dataset.story));

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'storyline-e2e-changes-'));
    store = await openStore(join(dir, 'e2e.db'));
    // Ferry has the latest article but changed first; quarry changed last.
    await save(story('ferry', '2026-03-09', '2026-03-09T08:00:00.000Z'));
    await save(story('orchard', '2026-03-05', '2026-03-10T08:00:00.000Z'));
    await save(story('quarry', '2026-03-01', '2026-03-11T08:00:00.000Z'));
    server = await startServer({ store, port: 0 });
    browser = await launchChromium();
    page = await browser.newPage();
    page.setDefaultTimeout(TIMEOUT);
  });

  after(() => closeBrowserTest({ browser, server, store, dir }));

  test('"updated" sorts by last change, "latest" by latest article', async () => {
    await page.goto(`${server.url}/`);
    assert.deepEqual(await cards(), ['ferry', 'orchard', 'quarry']);
    await page.click('p.sort a:text("updated")');
    await page.waitForURL(/sort=updated/);
    assert.deepEqual(await cards(), ['quarry', 'orchard', 'ferry']);
  });

  test('stories changed since the previous visit are marked, and stay marked on a reload', async () => {
    await page.evaluate(() => localStorage.clear());
    await page.goto(`${server.url}/?sort=updated`);
    assert.deepEqual(await marked(), [], 'a first visit marks nothing');
    // The reader leaves; an hour later (the visit moved back an hour) they come back after orchard changed.
    const left = await page.evaluate(() => {
      const back = new Date(Date.now() - 60 * 60 * 1000).toISOString();
      localStorage.setItem('storyline.visit.current', back);
      return back;
    });
    const changed = new Date(Date.parse(left) + 60_000).toISOString();
    await save(story('orchard', '2026-03-05', changed, 2, ['orchard-2']), ['orchard-2']);
    await page.reload();
    assert.deepEqual(await marked(), ['orchard']);
    assert.match((await page.textContent('li.card.new h2')) ?? '', /new since your last visit/);
    await page.reload(); // the same visit: the marks stay
    assert.deepEqual(await marked(), ['orchard']);
    assert.equal(await page.evaluate(() => localStorage.getItem('storyline.visit.previous')), left);

    // The story's page marks the source that joined it since, not the one it had.
    await page.click('li.card.new h2 a');
    await page.waitForSelector('ol.source-list');
    assert.deepEqual(await page.$$eval('ol.source-list > li.new', (els) => els.map((e) => e.id)), ['src-orchard-2']);
    assert.equal(
      await page.getAttribute('link[rel="alternate"][type="application/atom+xml"]', 'href'),
      '/stories/orchard.atom',
    );
  });
});
