// The web UI in headless Chromium: ingest the examples through the ingest page, read a story, follow a citation,
// find a person, and check that an article's markup never runs. Screenshots go to test-output/screenshots/.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { chromiumSkip, closeBrowserTest, launchChromium } from './browser.js';
import type { Story } from '../src/model.js';
import { type RunningServer, startServer } from '../src/server/server.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/store.js';
import { projectRoot } from './helpers.js';

const skip = chromiumSkip;
const screenshots = join(projectRoot, 'test-output', 'screenshots');
const examplesDir = join(projectRoot, 'examples');
const TIMEOUT = 60_000;

const TOKEN = 'e2e-token-0123456789abcdef';

const EVIL_TITLE = 'Bridge <script>window.__pwned=1</script> reopens';
const EVIL_TEXT =
  'Mayor Ada Quill said <img src=x onerror="window.__pwned=1"> the bridge over the Lune River in Norvale City would reopen on Monday.\n\nThe repairs took three weeks.';

describe('web UI in Chromium', { skip, timeout: 10 * TIMEOUT }, () => {
  let dir: string;
  let store: Store;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let mainStory: Story;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'storyline-e2e-'));
    store = await openStore(join(dir, 'e2e.db'));
    server = await startServer({ store, port: 0 });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(TIMEOUT);
    page.on('dialog', (d) => void d.dismiss());
    mkdirSync(screenshots, { recursive: true });
  });

  after(() => closeBrowserTest({ browser, server, store, dir }));

  test('the ingest page uploads the examples (manifest included) and links to the new stories', async () => {
    await page.goto(`${server.url}/ingest`);
    const files = readdirSync(examplesDir)
      .sort()
      .map((name) => join(examplesDir, name));
    assert.ok(files.some((f) => f.endsWith('manifest.jsonl')));
    await page.setInputFiles('#files', files);
    await page.click('form#ingest-form button[type="submit"]');
    await page.waitForSelector('#ingest-result .new-stories a');
    assert.match((await page.textContent('#ingest-status')) ?? '', /Done: 8 new/);
    const links = await page.$$eval('#ingest-result .new-stories a', (as) => as.map((a) => a.getAttribute('href')));
    const list = await (await fetch(`${server.url}/api/stories?sort=size`)).json();
    const largest = list.stories[0].id as string;
    assert.ok(links.includes(`/stories/${encodeURIComponent(largest)}`), 'the largest story is linked');
    mainStory = await (await fetch(`${server.url}/api/stories/${encodeURIComponent(largest)}`)).json();
    assert.ok(mainStory.articles.length >= 2);
    const article = mainStory.articles.find((a) => a.outlet === 'Norvale Courier' && a.published === '2025-03-07');
    assert.ok(article, 'the manifest gave the interview its outlet and date');
  });

  test('the front page lists the stories', async () => {
    await page.goto(`${server.url}/`);
    assert.ok((await page.locator('ol.cards li').count()) >= 1);
    await page.screenshot({ path: join(screenshots, 'front-desktop.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(screenshots, 'front-phone.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  test('a story shows its timeline, which folds and filters, and its summary citations', async () => {
    await page.goto(`${server.url}/`);
    await page.click(`ol.cards a[href="/stories/${encodeURIComponent(mainStory.id)}"]`);
    await page.waitForSelector('h1');
    assert.equal((await page.textContent('h1'))?.trim(), mainStory.title);
    const days = page.locator('section.timeline li.day');
    assert.equal(await days.count(), mainStory.timeline.length);
    const firstEntries = page.locator('section.timeline li.day ul.entries').first();
    assert.ok(await firstEntries.isVisible());
    assert.equal(await firstEntries.locator('li').count(), mainStory.timeline[0]?.entries.length);
    const toggle = page.locator('section.timeline button.day-toggle').first();
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await firstEntries.isVisible(), false);
    await toggle.click();
    assert.ok(await firstEntries.isVisible());
    const months = new Set(mainStory.timeline.map((d) => d.date.slice(0, 7)));
    if (months.size > 1) {
      const month = [...months][0] as string;
      await page.click(`.timeline-filter button[data-month="${month}"]`);
      const shown = await days.evaluateAll((els) => els.filter((e) => !(e as HTMLElement).hidden).length);
      assert.equal(shown, mainStory.timeline.filter((d) => d.date.startsWith(month)).length);
      await page.click('.timeline-filter button[data-month=""]');
    }
    assert.ok((await page.locator('.summary a.cite').count()) >= mainStory.summary.length);
    await page.screenshot({ path: join(screenshots, 'story-desktop.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(screenshots, 'story-phone.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  test('a summary citation leads to the cited span of its article', async () => {
    const citation = mainStory.summary[0]?.citations[0];
    assert.ok(citation);
    await page.locator('.summary a.cite').first().click();
    await page.waitForURL(/\/articles\//);
    assert.ok(page.url().includes(`/articles/${citation.article}`));
    const cited = page.locator('#cite');
    assert.ok(await cited.isVisible());
    const article = await (await fetch(`${server.url}/api/articles/${citation.article}`)).json();
    const citedText = (await page.locator('.text .cited').allTextContents()).join('');
    assert.equal(citedText, article.text.slice(citation.start, citation.end));
  });

  test('searching for a person lands on their entity page', async (t) => {
    await page.goto(`${server.url}/`);
    await page.fill('#site-q', 'Marchetti');
    await page.press('#site-q', 'Enter');
    await page.waitForURL(/\/search\?q=Marchetti/);
    assert.ok((await page.locator('ol.hits li').count()) >= 1, 'articles mention Marchetti');
    const person = page.locator('section[aria-labelledby="ent-h"] a', { hasText: 'Marchetti' });
    if ((await person.count()) === 0) {
      const hasPersons = mainStory.entities.some((e) => e.type === 'PERSON');
      assert.equal(hasPersons, false, 'persons are known, so the search must list Marchetti');
      t.skip('no PERSON entities in the analysis yet (entity extraction not landed)');
      return;
    }
    await person.first().click();
    await page.waitForURL(/\/entities\//);
    assert.match((await page.textContent('h1')) ?? '', /Marchetti/);
    assert.ok((await page.locator('a[href^="/stories/"]').count()) >= 1);
  });

  test('an article carrying markup is shown as text and its script never runs', async () => {
    await page.goto(`${server.url}/ingest`);
    const record = JSON.stringify({
      title: EVIL_TITLE,
      text: EVIL_TEXT,
      outlet: 'Evil Times',
      published: '2025-03-16',
    });
    await page.setInputFiles('#files', {
      name: 'evil.jsonl',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(`${record}\n`),
    });
    await page.click('form#ingest-form button[type="submit"]');
    await page.waitForSelector('#ingest-result .new-articles a');
    const storyHref = await page.locator('#ingest-result .new-stories a').first().getAttribute('href');
    const articleHref = await page.locator('#ingest-result .new-articles a').first().getAttribute('href');
    assert.ok(storyHref && articleHref);
    await page.goto(server.url + storyHref);
    assert.equal(await page.evaluate(() => (window as { __pwned?: number }).__pwned), undefined);
    // Shown as text: a real <script> element would not appear in the rendered text at all.
    // the rendered text is what is checked
    assert.ok((await page.locator('main').innerText()).includes(EVIL_TITLE));
    await page.goto(server.url + articleHref);
    assert.equal(await page.evaluate(() => (window as { __pwned?: number }).__pwned), undefined);
    assert.equal((await page.textContent('h1'))?.trim(), EVIL_TITLE);
    // the rendered text is what is checked
    assert.ok((await page.locator('.text').innerText()).includes('<img src=x onerror="window.__pwned=1">'));
    assert.equal(await page.locator('.text img').count(), 0);
  });
  test('without JavaScript the ingest form posts to /ingest and the answer page reports it', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const plainPage = await context.newPage();
      plainPage.setDefaultTimeout(TIMEOUT);
      await plainPage.goto(`${server.url}/ingest`);
      await plainPage.setInputFiles('#files', {
        name: 'ferry.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from(
          'Ferry crossing resumes on the Lune\n\nThe ferry between Westbrook Hollow and Norvale City crossed again on Friday, the harbour master said.\n\nThe crossing took twenty minutes.\n',
        ),
      });
      await plainPage.click('form#ingest-form button[type="submit"]');
      await plainPage.waitForSelector('#ingest-result h2');
      assert.match((await plainPage.textContent('#ingest-result')) ?? '', /1 new article/);
    } finally {
      await context.close();
    }
  });

  test('a page on another site cannot add articles, even with the browser sending its form', async () => {
    const before = (await (await fetch(`${server.url}/api/stories`)).json()).total as number;
    const articlesBefore = await store.countArticles();
    // The attacker's page: on `localhost`, another site than the app's `127.0.0.1`. It posts a multipart upload
    // (a "simple" request: no preflight) and a form, the two ways a page can write cross-site.
    const target = `${server.url}/api/ingest`;
    const evilPage = `<!doctype html><html><body>
<form id="f" action="${target}" method="post" enctype="multipart/form-data"><input name="url" value="https://example.com/"></form>
<script>
  const data = new FormData();
  data.append('files', new Blob(['Forged article about the Lune River flood. The mayor said nothing.']), 'forged.txt');
  fetch(${JSON.stringify(target)}, { method: 'POST', body: data, mode: 'no-cors' })
    .then(() => { document.title = 'sent'; }, () => { document.title = 'sent'; });
</script></body></html>`;
    const evil: Server = createHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(evilPage);
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    const address = evil.address();
    const evilUrl = `http://localhost:${typeof address === 'object' && address ? address.port : 0}/`;
    const context = await browser.newContext();
    try {
      const attacker = await context.newPage();
      attacker.setDefaultTimeout(TIMEOUT);
      const refused: number[] = [];
      attacker.on('response', (r) => {
        if (r.url().startsWith(target)) refused.push(r.status());
      });
      await attacker.goto(evilUrl);
      await attacker.waitForFunction(() => document.title === 'sent');
      const answer = attacker.waitForResponse((r) => r.url().startsWith(target));
      await attacker.evaluate(() => (document.getElementById('f') as HTMLFormElement).submit());
      assert.equal((await answer).status(), 403);
      assert.match((await attacker.textContent('body')) ?? '', /refused/);
      assert.ok(
        refused.every((s) => s === 403),
        `statuses ${refused.join(',')}`,
      );
    } finally {
      await context.close();
      await new Promise((resolve) => evil.close(resolve));
    }
    assert.equal(await store.countArticles(), articlesBefore, 'nothing was stored');
    assert.equal((await (await fetch(`${server.url}/api/stories`)).json()).total, before);
  });

  test('with an access token: ?token= once, then the pages and the upload work on the cookie', async () => {
    const locked = await startServer({ store, port: 0, token: TOKEN });
    let context: BrowserContext | undefined;
    try {
      context = await browser.newContext();
      const tab = await context.newPage();
      tab.setDefaultTimeout(TIMEOUT);
      const denied = await tab.goto(`${locked.url}/`);
      assert.equal(denied?.status(), 401);
      assert.match((await tab.textContent('main')) ?? '', /access token/);
      await tab.goto(`${locked.url}/ingest?token=${TOKEN}`);
      assert.equal(tab.url(), `${locked.url}/ingest`, 'the token is taken out of the address');
      const cookies = await context.cookies();
      assert.ok(cookies.some((c) => c.httpOnly && c.sameSite === 'Strict' && !c.value.includes(TOKEN)));
      await tab.setInputFiles('#files', {
        name: 'pier.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from(
          'Pier reopens in Norvale City\n\nThe old pier in Norvale City reopened on Sunday after the flood, the council said.\n\nRepairs cost two million.\n',
        ),
      });
      await tab.click('form#ingest-form button[type="submit"]');
      await tab.waitForSelector('#ingest-result h2');
      assert.match((await tab.textContent('#ingest-status')) ?? '', /Done: 1 new/);
      await tab.goto(`${locked.url}/`);
      assert.ok((await tab.locator('ol.cards li').count()) >= 1);
    } finally {
      await context?.close();
      await locked.close();
    }
  });
});
