import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Readability } from '@mozilla/readability';
import { blocksOf } from '../src/extract/html-blocks.js';
import { ATTEMPTS, scoreContent, type ScoreOptions } from '../src/extract/html-scorer.js';
import { parseDocument } from '../src/extract/html.js';
import type { LightElement } from '../src/extract/light-dom.js';
import { parseHTML } from 'linkedom';

// A fictional story: the Norvale reservoir, its engineers and its council are invented.
const PARAGRAPHS = [
  'Engineers at the Norvale reservoir opened two spillway gates on Tuesday, after a week of rain raised the water to its highest level in forty years.',
  'The provincial water board said the dam itself was sound, but that the valley road below it would stay closed, as a precaution, until Friday.',
  'Farmers in the lower valley moved their herds to higher ground overnight, helped by volunteers from three villages and the fire brigade.',
  'Council leader Imra Vasset told residents that the board would publish the water level every hour, and that no homes were at risk.',
];

function page(content: string): string {
  return `<!DOCTYPE html><html lang="en"><head><title>Norvale opens spillway gates | Valley Courier</title></head><body>
<div class="sidebar"><h3>Most read</h3><ul>${Array.from({ length: 8 }, (_, i) => `<li><a href="/s/${i}">Another story about the valley number ${i}</a></li>`).join('')}</ul></div>
<div class="main-column"><h1>Norvale opens spillway gates</h1>${content}</div>
<div id="comments"><p>First comment, which is not part of the story, but long enough to be scored as a paragraph.</p></div>
</body></html>`;
}

const FIRST_ATTEMPT: ScoreOptions = {
  ...(ATTEMPTS[0] as (typeof ATTEMPTS)[number]),
  hasMetadataByline: false,
  maxDepth: 250,
};

function scoredText(html: string, opts: Partial<ScoreOptions> = {}): { text: string[]; byline?: string } {
  const document = parseDocument(html);
  const scored = scoreContent(document, { ...FIRST_ATTEMPT, title: 'Norvale opens spillway gates', ...opts });
  assert.ok(scored);
  const text = scored.parts.flatMap((part) => blocksOf(part, { skip: scored.removed }).map((b) => b.text));
  return { text, ...(scored.byline ? { byline: scored.byline } : {}) };
}

test('the article column is chosen; side bar, comments, headline, byline, share bar and link list are not', () => {
  const html = page(`<div class="byline">By Tarin Oswe</div>
<div class="share-tools"><a href="#">Share</a> <a href="#">Email</a></div>
<div class="story-body">${PARAGRAPHS.map((p) => `<p>${p}</p>`).join('\n')}
<div class="more"><a href="/a">Read: valley roads</a> <a href="/b">Read: rain</a> <a href="/c">Read: board</a></div></div>`);
  const { text, byline } = scoredText(html);
  assert.deepEqual(text, PARAGRAPHS);
  assert.equal(byline, 'By Tarin Oswe');
});

test('loose text in a div, split by line breaks, is read as paragraphs of the article', () => {
  const html = page(`<div class="story-body">${PARAGRAPHS.join('<br><br>\n')}</div>`);
  const { text } = scoredText(html);
  assert.equal(text.join(' ').replace(/\s+/g, ' '), PARAGRAPHS.join(' '));
});

test('picks the same text as Readability on a plain article page', () => {
  const html = page(`<div class="story-body">${PARAGRAPHS.map((p) => `<p>${p}</p>`).join('\n')}</div>`);
  // Readability itself, on linkedom's DOM of the page (blocksOf reads it as it reads the light DOM).
  const dom = parseHTML(html).document as unknown as Document;
  const readability = new Readability<Element>(dom, { serializer: (n) => n as Element }).parse();
  assert.ok(readability?.content);
  const expected = blocksOf(readability.content as unknown as LightElement).map((b) => b.text);
  assert.deepEqual(scoredText(html).text, expected);
});

test('a page deeper than the bound is not walked', () => {
  const deep = `${'<div>'.repeat(40)}<p>${PARAGRAPHS[0]}</p>${'</div>'.repeat(40)}`;
  assert.equal(scoreContent(parseDocument(page(deep)), { ...FIRST_ATTEMPT, maxDepth: 20 }), undefined);
  assert.ok(scoreContent(parseDocument(page(deep)), { ...FIRST_ATTEMPT, maxDepth: 60 }));
});
