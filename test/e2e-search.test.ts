// Finding things in headless Chromium, at desktop and phone sizes: search paging through the "more" link, story
// hits above the article hits, and the filters of the search and story list surviving a reload (their state is in
// the address). Fictional articles only. Screenshots go to test-output/screenshots/.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Browser, type Page } from 'playwright-core';
import { chromiumSkip, closeBrowserTest, launchChromium } from './browser.js';
import { type RunningServer, startServer } from '../src/server/server.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/store.js';
import { SEARCH_PAGE_HITS } from '../src/server/settings.js';
import { findingRecords, ingestRecords, SEARCH_DEADLINE_MS } from './finding-fixtures.js';
import { projectRoot } from './helpers.js';

const skip = chromiumSkip;
const screenshots = join(projectRoot, 'test-output', 'screenshots');
const TIMEOUT = 60_000;

const SIZES = [
  { name: 'desktop', viewport: { width: 1280, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const;

describe('finding things in Chromium', { skip, timeout: 10 * TIMEOUT }, () => {
  let dir: string;
  let store: Store;
  let server: RunningServer;
  let browser: Browser;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'storyline-e2e-search-'));
    store = await openStore(join(dir, 'e2e-search.db'));
    server = await startServer({ store, port: 0, workers: 1, searchDeadlineMs: SEARCH_DEADLINE_MS });
    await ingestRecords(server.url, findingRecords());
    browser = await launchChromium();
    mkdirSync(screenshots, { recursive: true });
  });

  after(() => closeBrowserTest({ browser, server, store, dir }));

  async function withPage(viewport: { width: number; height: number }, fn: (page: Page) => Promise<void>) {
    const page = await browser.newPage({ viewport });
    page.setDefaultTimeout(TIMEOUT);
    try {
      await fn(page);
    } finally {
      await page.close();
    }
  }

  /** The ids the article hits link to, in order. */
  const hitIds = (page: Page) => page.$$eval('ol.hits > li > a', (as) => as.map((a) => a.getAttribute('href') ?? ''));

  for (const size of SIZES) {
    test(`search pages on with "more" and keeps its filters through a reload (${size.name})`, async () => {
      await withPage(size.viewport, async (page) => {
        await page.goto(`${server.url}/search`);
        await page.fill('#q', 'ferry');
        await page.click('form.search-big button[type="submit"]');
        await page.waitForSelector('ol.hits');
        assert.ok((await page.locator('ol.story-hits > li').count()) >= 1, 'story hits above the articles');
        const first = await hitIds(page);
        assert.equal(first.length, SEARCH_PAGE_HITS, 'a full first page');
        await page.screenshot({ path: join(screenshots, `search-${size.name}.png`), fullPage: true });

        // Filter by language: the form keeps the query, the address keeps the filter.
        await page.selectOption('#filter-language', 'en');
        await page.click('form.filters button[type="submit"]');
        await page.waitForURL(/language=en/);
        assert.match(page.url(), /q=ferry/);
        const filtered = await hitIds(page);

        // "More" goes on from where the page stopped, with the filter still on.
        await page.click('a.more-articles');
        await page.waitForURL(new RegExp(`offset=${SEARCH_PAGE_HITS}`));
        assert.match(page.url(), /language=en/);
        const second = await hitIds(page);
        assert.ok(second.length >= 1);
        assert.deepEqual(
          second.filter((h) => filtered.includes(h)),
          [],
          'the second page has none of the first page',
        );
        assert.equal(await page.getAttribute('ol.hits', 'start'), String(SEARCH_PAGE_HITS + 1));

        // A reload shows the same page with the same filter selected.
        await page.reload();
        assert.equal(await page.inputValue('#filter-language'), 'en');
        assert.equal(await page.inputValue('#q'), 'ferry');
        assert.deepEqual(await hitIds(page), second);
        await page.screenshot({ path: join(screenshots, `search-page2-${size.name}.png`), fullPage: true });
      });
    });

    test(`the story list's filters survive a reload and its sort links (${size.name})`, async () => {
      await withPage(size.viewport, async (page) => {
        await page.goto(`${server.url}/`);
        const all = await page.locator('ol.cards > li').count();
        await page.selectOption('#filter-outlet', 'Valley Gazette');
        await page.fill('#filter-from', '2026-09-01');
        await page.click('form.filters button[type="submit"]');
        await page.waitForURL(/outlet=Valley\+Gazette/);
        const cards = await page.$$eval('ol.cards > li h2', (hs) => hs.map((h) => h.textContent ?? ''));
        assert.ok(cards.length >= 1 && cards.length < all, `${cards.length} of ${all} stories`);
        for (const title of cards) assert.match(title, /Orvale/i);

        await page.reload();
        assert.equal(await page.inputValue('#filter-outlet'), 'Valley Gazette');
        assert.equal(await page.inputValue('#filter-from'), '2026-09-01');
        assert.deepEqual(await page.$$eval('ol.cards > li h2', (hs) => hs.map((h) => h.textContent ?? '')), cards);

        await page.click('p.sort a:has-text("largest")');
        await page.waitForURL(/sort=size/);
        assert.match(page.url(), /outlet=Valley\+Gazette/);
        assert.match(page.url(), /from=2026-09-01/);
        assert.equal(await page.inputValue('#filter-outlet'), 'Valley Gazette');
        await page.screenshot({ path: join(screenshots, `front-filtered-${size.name}.png`), fullPage: true });

        await page.click('form.filters a:has-text("Clear filters")');
        await page.waitForURL((url) => !url.search.includes('outlet='));
        assert.equal(await page.locator('ol.cards > li').count(), all);
      });
    });
  }
});
