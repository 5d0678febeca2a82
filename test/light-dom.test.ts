import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHTML } from 'linkedom';
import { ELEMENT_NODE, type LightDocument, type LightNode, parseLightDocument } from '../src/extract/light-dom.js';

// Fictional pages of the invented Valley Courier, written to hold the markup a parser must repair or keep as written.
const QUIRKS = `<!DOCTYPE html><html lang="en"><head><title>Dam &amp; valley</title>
<meta property="og:title" content="Norvale &quot;dam&quot;"></head>
<body class=" story\tstory  wide "><div ID="Top" title="first" title="second" data-Mode="x">Rain &amp; wind&nbsp;over <b>Norvale</b>.</div>
<p>One paragraph<p>and a second, left open<ul><li>first<li>second</ul></p>
<svg viewBox="0 0 1 1"><path d="M0"/><title>Icon</title></svg><br/></br>
<template><p class="inside">kept in the tree</p></template>
<script>var tag = "<b>not markup</b>";</script><textarea>a &lt; b</textarea>
<!-- a comment --><div hidden role="navigation"><a href="/a?x=1&amp;y=2">Menu</a></div><div class="">empty class</div>
</body></html><div class="stray"><p>Left after the root, <i>unclosed`;

const ATTRIBUTES = ['id', 'ID', 'title', 'data-Mode', 'data-mode', 'href', 'role', 'hidden', 'd', 'lang', 'content'];

/** Each element and text node as tag, class and the listed attributes, or text; comments and the doctype left out. */
function shapeOf(nodes: ArrayLike<LightNode | ChildNode>, out: string[] = [], depth = 0): string[] {
  for (const node of Array.from(nodes)) {
    if (node.nodeType === 3) out.push(`${depth} #text ${JSON.stringify(node.nodeValue)}`);
    if (node.nodeType !== ELEMENT_NODE) continue;
    const el = node as Element;
    const attributes = ATTRIBUTES.map((a) => `${a}=${el.getAttribute(a)}/${el.hasAttribute(a)}`).join(' ');
    out.push(`${depth} ${el.tagName} class=${JSON.stringify(el.getAttribute('class'))} ${attributes}`);
    shapeOf(el.childNodes, out, depth + 1);
  }
  return out;
}

function linked(html: string): Document {
  return parseHTML(html).document as unknown as Document;
}

/** Where an element stands among all elements of its document, in document order (-1: not in the tree). */
function positionIn(document: Document | LightDocument, el: unknown): number {
  const all: unknown[] =
    'findAll' in document ? document.findAll(() => true) : Array.from(document.querySelectorAll('*'));
  return all.indexOf(el);
}

test('the light DOM is the tree linkedom builds from the same parser', () => {
  const light = parseLightDocument(QUIRKS);
  const dom = linked(QUIRKS);
  // (linkedom's doctype has no next sibling: the top level is read as a list.)
  assert.deepEqual(shapeOf(light.childNodes), shapeOf(dom.childNodes));
  // Text split where the parser splits it (at entities), attribute names as written, the first of a repeated one.
  const top = light.body.firstElementChild;
  assert.equal(top?.getAttribute('ID'), 'Top');
  assert.equal(top?.getAttribute('id'), null);
  assert.equal(top?.getAttribute('title'), 'first');
  assert.ok((top?.childNodes.length ?? 0) > 4);
  assert.equal(top?.textContent, 'Rain & wind\u00a0over Norvale.');
  assert.equal(light.body.className, 'story wide');
  assert.equal(light.title, dom.title);
  assert.equal(light.body.textContent, dom.body.textContent);
  assert.equal(positionIn(light, light.body), positionIn(dom, dom.body));
  assert.equal(positionIn(light, light.head), positionIn(dom, dom.head));
  assert.equal(positionIn(light, light.documentElement), positionIn(dom, dom.documentElement));
});

test("a page without a head, or with something between head and body, has linkedom's head, body and title", () => {
  const pages = [
    '<html><title>Norvale</title><body><p>Water rose.</p></body></html>',
    '<html><head><title>Norvale</title></head><div>Before the body</div><body><p>Water rose.</p></body></html>',
    '<html><body><p>Water rose.</p></body><body><p>A second body.</p></body></html>',
  ];
  for (const page of pages) {
    const light = parseLightDocument(page);
    const dom = linked(page);
    assert.equal(light.title, dom.title, page);
    assert.equal(light.body.textContent, dom.body.textContent, page);
    assert.equal(light.head.textContent, dom.head.textContent, page);
    // An inserted head or body is empty and stands in no walk of the page.
    if (dom.body.textContent === '') assert.equal(positionIn(light, light.body), -1, page);
  }
});
