import assert from 'node:assert/strict';
import { test } from 'node:test';
import { indexPage } from '../src/extract/html-index.js';
import { parseDocument } from '../src/extract/html.js';
import { parseHTML } from 'linkedom';
import type { LightElement } from '../src/extract/light-dom.js';

// A fictional page of the invented Valley Courier, with markup left beside the root as broken pages have it.
const PAGE = `<!DOCTYPE html><html lang="en"><head><title>Lantern night in Norvale</title>
<meta property="og:title" content="Lantern night"><meta name="author" content="Tarin Oswe">
<link rel="Canonical" href="https://courier.example/lanterns"><script type="application/ld+json">{"@type":"NewsArticle"}</script>
</head><body><h1 class="headline">Lantern night</h1>
<div id="meta"><time datetime="2031-05-04" pubdate>4 May</time><span class="published" title="2031-05-04">May</span>
<span itemprop="datePublished dateCreated">2031-05-04</span><span class="entry-pubdate" datetime="2031-05-04"></span></div>
<p class="story-byline">By <a rel="Author" href="/t">Tarin Oswe</a></p><p>Three thousand lanterns rose over the lake.</p><template><p class="inside">not read</p></template>
</body></html><div class="stray"><p>Left after the root.</p></div>`;

const PUBLISHED_MARKUP =
  '[itemprop~="datePublished"], [property$="datePublished"][content], [property$="dateCreated"][content], time[pubdate], [pubdate][datetime], .published[title], .published[datetime], time[class*="publish"], [class*="pubdate"][datetime], [class*="pubdate"][title]';

test("one walk finds what the selectors found on linkedom's tree, in document order", () => {
  const document = parseDocument(PAGE);
  const index = indexPage(document);
  // The same page in linkedom, each of its elements matched to the light DOM's by position in document order.
  const dom = parseHTML(PAGE).document as unknown as Document;
  // (linkedom's selectors do not look inside a template, nor does the walk.)
  const inTemplate = (el: LightElement): boolean =>
    !!el.parentElement && (el.parentElement.tagName === 'TEMPLATE' || inTemplate(el.parentElement));
  const lightElements = document.findAll((el) => !inTemplate(el));
  const domElements = Array.from(dom.querySelectorAll('*'));
  assert.equal(lightElements.length, domElements.length);
  const at = (el: Element | null | undefined): LightElement | undefined =>
    el ? lightElements[domElements.indexOf(el)] : undefined;
  const all = (selector: string): (LightElement | undefined)[] => Array.from(dom.querySelectorAll(selector)).map(at);
  assert.deepEqual(index.metas, all('meta'));
  assert.deepEqual(index.jsonLd, all('script[type="application/ld+json"]'));
  assert.equal(index.canonical, at(dom.querySelector('link[rel~="canonical"]')));
  assert.equal(index.title, at(dom.querySelector('head title, title')));
  assert.deepEqual(index.h1s, all('h1'));
  assert.deepEqual(index.publishedMarkup, all(PUBLISHED_MARKUP));
  assert.equal(index.publishedMarkup.length, 4);
  assert.deepEqual(index.dated, all('time, [class], [id]'));
  assert.ok(index.dated.some((el) => el.getAttribute('class') === 'stray'));
  assert.equal(
    index.authorMark,
    at(dom.querySelector('a[rel~="author"], [itemprop~="author"] [itemprop~="name"], [itemprop~="author"]')),
  );
  assert.equal(index.authorMark?.textContent, 'Tarin Oswe');
  assert.equal(index.bylineClass, at(dom.querySelector('.byline, .author, [class*="byline"]')));
  assert.equal(index.bylineClass?.getAttribute('class'), 'story-byline');
  assert.deepEqual(index.paragraphs, Array.from(dom.body.querySelectorAll('p')).map(at));
});
