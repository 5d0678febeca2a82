// A big story in headless Chromium, at desktop and phone sizes: the coverage picture, the map's labels inside its
// frame and apart, the sources paged (with and without script), the first screen, keyboard focus, tap targets and
// dark mode. The story is 70 fictional articles generated from a template (test/web-scale-fixtures.ts).
// Screenshots of each page type go to test-output/screenshots/ (web-scale-*.png).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Browser, type Page } from 'playwright-core';
import { chromiumSkip, closeBrowserTest, launchChromium } from './browser.js';
import { ingestPaths, refreshStories } from '../src/pipeline/index.js';
import { type RunningServer, startServer } from '../src/server/server.js';
import { STORY_PAGE } from '../src/server/settings.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/store.js';
import { projectRoot } from './helpers.js';
import { floodRecord } from './web-scale-fixtures.js';

const skip = chromiumSkip;
const screenshots = join(projectRoot, 'test-output', 'screenshots');
const TIMEOUT = 60_000;
const ARTICLES = 70;
const SIZES = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 390, height: 844 },
} as const;

/** WCAG contrast ratio of two `rgb(r, g, b)` colours. */
function contrast(a: string, b: string): number {
  const lum = (c: string): number => {
    const [r, g, bl] = (c.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
      const s = Number(v) / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

describe('a big story in Chromium', { skip, timeout: 10 * TIMEOUT }, () => {
  let dir: string;
  let store: Store;
  let server: RunningServer;
  let browser: Browser;
  let storyUrl: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'storyline-e2e-scale-'));
    const file = join(dir, 'quennel-flood.jsonl');
    writeFileSync(file, `${Array.from({ length: ARTICLES }, (_, i) => JSON.stringify(floodRecord(i))).join('\n')}\n`);
    store = await openStore(join(dir, 'scale.db'));
    const report = await ingestPaths(store, [file], { workers: 0 });
    assert.deepEqual(report.failed, []);
    await refreshStories(store);
    const [largest] = await store.listStories({ limit: 1, sort: 'size' });
    assert.ok(largest && largest.articles > STORY_PAGE.sourcesPerPage * 2, 'one story big enough to page');
    server = await startServer({ store, port: 0 });
    storyUrl = `${server.url}/stories/${encodeURIComponent(largest.id)}`;
    browser = await launchChromium();
    mkdirSync(screenshots, { recursive: true });
  });

  after(() => closeBrowserTest({ browser, server, store, dir }));

  async function open(size: keyof typeof SIZES, url: string, javaScriptEnabled = true): Promise<Page> {
    const context = await browser.newContext({ viewport: SIZES[size], javaScriptEnabled });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    await page.goto(url);
    return page;
  }

  for (const size of ['desktop', 'phone'] as const) {
    test(`${size}: the title and summary are on the first screen; the coverage picture shows every article`, async () => {
      const page = await open(size, storyUrl);
      const h1 = await page.locator('h1').boundingBox();
      const summary = await page.locator('section.summary p').first().boundingBox();
      assert.ok(h1 && summary);
      assert.ok(h1.y + h1.height < SIZES[size].height, 'the title is on the first screen');
      assert.ok(summary.y < SIZES[size].height * 0.8, 'the summary starts on the first screen');
      const svg = page.locator('section.coverage svg');
      assert.ok(await svg.isVisible());
      // One bar segment per outlet and day: their tooltips add up to the story's articles.
      const counts = await page.$$eval('section.coverage rect title', (ts) =>
        ts.map((t) => Number(/: (\d+) from/.exec(t.textContent ?? '')?.[1] ?? 0)),
      );
      assert.equal(
        counts.reduce((a, b) => a + b, 0),
        ARTICLES,
      );
      assert.ok((await page.locator('section.coverage path.cov-mark').count()) > 0, 'timeline dates marked');
      assert.match((await page.textContent('section.coverage figcaption')) ?? '', /70 dated articles from 1 Mar 2031/);
      const box = await svg.boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= SIZES[size].width + 1, 'the picture fits the screen');
      await page.screenshot({ path: join(screenshots, `web-scale-story-${size}.png`) });
      await page.locator('section.coverage').screenshot({ path: join(screenshots, `web-scale-coverage-${size}.png`) });
      await page.context().close();
    });

    test(`${size}: the map's labels stay inside its frame and apart; areas are listed beside it`, async () => {
      const page = await open(size, storyUrl);
      await page.locator('section.map svg').scrollIntoViewIfNeeded();
      // The frame and the labels measured at once, in the same (viewport) coordinates.
      const { fr, labels } = await page.evaluate(() => {
        const svg = document.querySelector('section.map svg') as SVGSVGElement;
        const f = svg.getBoundingClientRect();
        return {
          fr: { x0: f.left, x1: f.right, y0: f.top, y1: f.bottom },
          labels: [...svg.querySelectorAll('text.dot-label')].map((t) => {
            const r = t.getBoundingClientRect();
            return { text: t.textContent ?? '', x0: r.left, x1: r.right, y0: r.top, y1: r.bottom };
          }),
        };
      });
      assert.ok(labels.length >= 3, `${labels.length} labels`);
      const slack = 1; // a pixel of rounding
      for (const l of labels) {
        assert.ok(
          l.x0 >= fr.x0 - slack && l.x1 <= fr.x1 + slack && l.y0 >= fr.y0 - slack && l.y1 <= fr.y1 + slack,
          `${l.text} leaves the frame`,
        );
      }
      for (const [i, a] of labels.entries())
        for (const b of labels.slice(i + 1))
          assert.ok(
            !(a.x0 < b.x1 - slack && b.x0 < a.x1 - slack && a.y0 < b.y1 - slack && b.y0 < a.y1 - slack),
            `${a.text} overlaps ${b.text}`,
          );
      const side = (await page.textContent('section.map')) ?? '';
      assert.match(side, /Not on the map[\s\S]*Europe/, 'a continent is listed, not plotted');
      assert.doesNotMatch(side, /\(-?\d+\.\d+, -?\d+\.\d+\)/, 'no raw coordinates');
      await page.locator('section.map').screenshot({ path: join(screenshots, `web-scale-map-${size}.png`) });
      await page.context().close();
    });
  }

  test('the sources come 20 a page: Next works with and without script, and the numbering carries on', async () => {
    for (const javaScriptEnabled of [true, false]) {
      const page = await open('desktop', storyUrl, javaScriptEnabled);
      assert.equal(await page.locator('ol.source-list > li').count(), STORY_PAGE.sourcesPerPage);
      assert.match((await page.textContent('nav.pager')) ?? '', /Sources 1–20 of 70/);
      await page.click('nav.pager a[rel="next"]');
      await page.waitForURL(/sources=2/);
      assert.equal(await page.locator('ol.source-list > li').count(), STORY_PAGE.sourcesPerPage);
      assert.equal((await page.locator('ol.source-list > li .num').first().textContent())?.trim(), '21.');
      if (!javaScriptEnabled) await page.screenshot({ path: join(screenshots, 'web-scale-sources-page2.png') });
      // An outlet's sources alone.
      await page.click('ul.outlets a >> nth=0');
      await page.waitForURL(/outlet=/);
      assert.match((await page.textContent('section.sources')) ?? '', /showing Quennel Gazette only/);
      await page.context().close();
    }
  });

  test('keyboard: the skip links lead to the content and to the side column; the focus ring is 3:1', async () => {
    const page = await open('desktop', storyUrl);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to side column');
    const ring = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const s = getComputedStyle(el);
      return {
        color: s.outlineColor,
        width: s.outlineWidth,
        style: s.outlineStyle,
        bg: getComputedStyle(document.body).backgroundColor,
      };
    });
    assert.equal(ring.style, 'solid');
    assert.ok(Number.parseFloat(ring.width) >= 2);
    assert.ok(contrast(ring.color, ring.bg) >= 3, `focus ring ${ring.color} on ${ring.bg}`);
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'side');
    // The next Tab lands in the side column, not on the 20 source links before it.
    await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(() => !!document.activeElement?.closest('#side')));
    await page.context().close();
  });

  test('phone: every citation mark is a tap target of at least 24 × 24 px', async () => {
    const page = await open('phone', storyUrl);
    const sizes = await page.$$eval('a.cite', (as) =>
      as.map((a) => a.getBoundingClientRect()).map((r) => [r.width, r.height]),
    );
    assert.ok(sizes.length > 0);
    for (const [w, h] of sizes) assert.ok((w as number) >= 24 && (h as number) >= 24, `${w} × ${h}`);
    await page.context().close();
  });

  test('dark mode follows the system setting', async () => {
    const context = await browser.newContext({ viewport: SIZES.desktop, colorScheme: 'dark' });
    const page = await context.newPage();
    await page.goto(storyUrl);
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const fg = await page.evaluate(() => getComputedStyle(document.body).color);
    assert.ok(contrast(bg, 'rgb(0, 0, 0)') < 1.5, `dark background ${bg}`);
    assert.ok(contrast(fg, bg) >= 7, 'text still reads');
    await page.screenshot({ path: join(screenshots, 'web-scale-story-dark.png') });
    await context.close();
  });

  test('screenshots of the other page types, desktop and phone', async () => {
    const story = await (await fetch(`${storyUrl.replace('/stories/', '/api/stories/')}`)).json();
    const article = story.articles[0].id as string;
    const person = (story.entities as { id: string; type: string }[]).find((e) => e.type === 'PERSON')?.id;
    const pages: [string, string][] = [
      ['front', '/'],
      ['article', `/articles/${encodeURIComponent(article)}`],
      ['search', '/search?q=flood+barrier'],
      ...(person ? ([['entity', `/entities/${encodeURIComponent(person)}`]] as [string, string][]) : []),
    ];
    for (const size of ['desktop', 'phone'] as const)
      for (const [name, path] of pages) {
        const page = await open(size, `${server.url}${path}`);
        assert.equal(await page.locator('h1').count(), 1, `${name} has its heading`);
        await page.screenshot({ path: join(screenshots, `web-scale-${name}-${size}.png`) });
        await page.context().close();
      }
  });
});
