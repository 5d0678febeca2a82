import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchAtStarts, tagStarts } from '../src/extract/tag-starts.js';

// Markup of an invented page, in every letter case, with tags that only begin like the names looked for.
const PAGE = `<HTML><Head><META property="og:image" content="/2031/05/04/a.jpg"><metadata x><script>var t = "<time>";</script>
<SCRIPT type="application/ld+json">{}</SCRIPT><body><Time datetime="2031-05-04">4 May</Time><timer><abbr title="x">
<IMG alt="" src="/up/2031/05/04/b.jpg"><imgx src="c"><img src='d' <time>unclosed<ô><Article><footer></article>`;

/** The matches of a global pattern, as [index, text]. */
function globalMatches(re: RegExp, html: string): [number, string][] {
  return Array.from(html.matchAll(new RegExp(re.source, 'gi')), (m) => [m.index, m[0]]);
}

/** The same pattern tried only where tagStarts says a tag of its names starts. */
function anchoredMatches(re: RegExp, html: string, names: string[]): [number, string][] {
  const [starts] = tagStarts(html, [names]) as [number[]];
  const sticky = new RegExp(re.source, 'iy');
  const cursor = { next: 0, from: 0 };
  const out: [number, string][] = [];
  for (let m = matchAtStarts(html, sticky, starts, cursor); m; m = matchAtStarts(html, sticky, starts, cursor))
    out.push([m.index, m[0]]);
  return out;
}

test('a pattern tried where its tags start finds what the global pattern finds, in any letter case', () => {
  const cases: [RegExp, string[]][] = [
    [/<(?:time|abbr)\b[^<>]*>/, ['time', 'abbr']],
    [/<script\b([^<>]*)>/, ['script']],
    [/<meta\b[^<>]*(?:og:image|twitter:image)[^<>]*>/, ['meta']],
    [/<img\b[^<>]*?\ssrc\s*=\s*["']([^"']{1,2000})["']/, ['img']],
    [/<(\/)?article[\s>]/, ['article', '/article']],
  ];
  for (const [re, names] of cases) {
    const expected = globalMatches(re, PAGE);
    assert.ok(expected.length > 0, re.source);
    assert.deepEqual(anchoredMatches(re, PAGE, names), expected, re.source);
  }
});

test('each group lists every start of its names once, in order', () => {
  const [times, articles] = tagStarts(PAGE, [
    ['time', 'timer'],
    ['article', '/article'],
  ]) as [number[], number[]];
  assert.deepEqual(
    times,
    Array.from(PAGE.matchAll(/<time/gi), (m) => m.index),
  );
  assert.deepEqual(articles, [PAGE.indexOf('<Article>'), PAGE.indexOf('</article>')]);
});
