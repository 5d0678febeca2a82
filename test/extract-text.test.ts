// Plain-text extraction: boilerplate removal, title, dateline, in-text date and outlet.
// The seed test reads ../shared/seeds/expected.json; every other case runs on invented text.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { articleId } from '../src/extract/article-id.js';
import { extractText } from '../src/extract/text.js';
import { lowYieldWarning, proseLength, visibleLength } from '../src/extract/text-yield.js';
import type { Article, RawDocument, SidecarMeta } from '../src/model.js';
import { needShared, projectRoot, sharedPath } from './helpers.js';

function raw(content: string, meta: SidecarMeta = {}, source = 'test.txt'): RawDocument {
  return { source, kind: 'text', content, encoding: 'utf-8', fetchedAt: '2026-01-01T00:00:00Z', meta };
}

/** Body paragraphs that read like an article, to put page furniture around. */
const BODY = [
  'The government announced new measures on Tuesday to curb rising energy prices, officials said.',
  'The plan includes a cap on household bills and support for small businesses hit by the increases.',
  '“We will not leave families to face this winter alone,” the finance minister told parliament.',
  'Opposition parties said the measures came too late and would do little for the poorest households.',
  'Analysts expect inflation to peak early next year before easing as wholesale prices fall back.',
];

function page(...parts: (string | string[])[]): string {
  return parts.flatMap((p) => (Array.isArray(p) ? p : [p])).join('\n\n');
}

function removedAs(article: Article, text: string): string | undefined {
  return article.removed.find((r) => r.text === text)?.reason;
}

function assertRemoved(article: Article, line: string): void {
  assert.ok(!article.paragraphs.includes(line), `"${line}" should be removed`);
  assert.ok(!article.text.includes(line), `"${line}" should not be in the text`);
  assert.ok(removedAs(article, line), `"${line}" should be listed in removed with a reason`);
}

function assertBodyKept(article: Article): void {
  for (const p of BODY) assert.ok(article.paragraphs.includes(p), `body paragraph lost: ${p}`);
}

describe('seed articles (ingested without the manifest)', { skip: needShared('seeds') }, () => {
  interface Expected {
    title: string | null;
    published_in_text: string | null;
    dateline?: string;
    outlet?: string;
    boilerplate: string[];
    must_keep: string[];
  }
  const dir = sharedPath('seeds', 'articles');
  const expected: Record<string, Expected> = JSON.parse(
    readFileSync(sharedPath('seeds', 'expected.json'), 'utf8'),
  ).articles;
  for (const [id, want] of Object.entries(expected)) {
    test(id, () => {
      const file = readdirSync(dir).find((f) => f.startsWith(id));
      assert.ok(file, `no seed file for ${id}`);
      const article = extractText(raw(readFileSync(join(dir, file), 'utf8'), {}, file));
      for (const line of want.boilerplate) {
        assert.ok(!article.paragraphs.includes(line), `boilerplate left as a paragraph: ${line}`);
        assert.ok(!article.text.split('\n').includes(line), `boilerplate left in text: ${line}`);
      }
      for (const line of want.must_keep) assert.ok(article.paragraphs.includes(line), `content lost: ${line}`);
      assert.equal(article.title, want.title ?? undefined);
      assert.equal(article.published?.value.slice(0, 10), want.published_in_text ?? undefined);
      if (want.published_in_text) assert.equal(article.published?.from, 'text');
      if (want.outlet) assert.equal(article.outlet, want.outlet);
      if (want.dateline) assert.equal(article.dateline, want.dateline);
      assert.equal(article.text, article.paragraphs.join('\n\n'));
      assert.equal(article.id, articleId(article.text));
    });
  }
});

describe('boilerplate removal', () => {
  test('menu words and navigation runs', () => {
    const a = extractText(raw(page('WORLD - EUROPE - ECONOMY', 'Opinion', 'Editorial', BODY)));
    assertRemoved(a, 'WORLD - EUROPE - ECONOMY');
    assertRemoved(a, 'Opinion');
    assertRemoved(a, 'Editorial');
    assertBodyKept(a);
  });

  test('share, advertisement and skip links, also inside the body', () => {
    const a = extractText(
      raw(page('Skip to main content', 'Share', BODY.slice(0, 2), 'Advertisement', BODY.slice(2), 'Share :')),
    );
    for (const line of ['Skip to main content', 'Share', 'Advertisement', 'Share :']) assertRemoved(a, line);
    assert.equal(removedAs(a, 'Advertisement'), 'advertisement');
    assertBodyKept(a);
    assert.deepEqual(a.paragraphs, BODY);
  });

  test('"page not found" and its explanation', () => {
    const a = extractText(
      raw(page(BODY, 'Page not found', 'The page you are looking for does not exist or has been moved.')),
    );
    assertRemoved(a, 'Page not found');
    assertRemoved(a, 'The page you are looking for does not exist or has been moved.');
    assertBodyKept(a);
  });

  test('newsletter and app prompts', () => {
    const a = extractText(
      raw(
        page(
          BODY,
          'Morning briefingGet the day’s top stories in your inbox',
          'Sign up for our weekly newsletter.',
          'Stay informed wherever you are by downloading the Daily Planet app',
        ),
      ),
    );
    assertRemoved(a, 'Morning briefingGet the day’s top stories in your inbox');
    assertRemoved(a, 'Sign up for our weekly newsletter.');
    assertRemoved(a, 'Stay informed wherever you are by downloading the Daily Planet app');
    assertBodyKept(a);
  });

  test('a sentence that merely mentions a newsletter or an app stays', () => {
    const line = 'The company said its newsletter reached two million readers after it launched a new app last year.';
    const a = extractText(raw(page(BODY.slice(0, 2), line, BODY.slice(2))));
    assert.ok(a.paragraphs.includes(line));
  });

  test('copyright line, and the outlet it names', () => {
    const line = 'Copyright © 2019 Harbourtimes.com. All Rights Reserved. | https://harbourtimes.com/news/123 |';
    const a = extractText(raw(page(BODY, line)));
    assertRemoved(a, line);
    assert.equal(removedAs(a, line), 'copyright');
    assert.equal(a.outlet, 'Harbourtimes');
    assertBodyKept(a);
  });

  test('photo captions and credits', () => {
    const caption = 'A file photo of riot police outside the parliament building';
    const a = extractText(raw(page(BODY.slice(0, 1), caption, `${caption} AFP`, BODY.slice(1))));
    assertRemoved(a, caption);
    assertRemoved(a, `${caption} AFP`);
    assert.equal(removedAs(a, caption), 'caption');
    assertBodyKept(a);
  });

  test('a headline-shaped pull-quote inside the body', () => {
    const pull = 'Ministers promise a cap on household energy bills this winter';
    const a = extractText(raw(page(BODY.slice(0, 3), pull, BODY.slice(3))));
    assertRemoved(a, pull);
    assertBodyKept(a);
  });

  test('a quotation paragraph without a final stop is speech, not a caption', () => {
    const quote = '“We will not back down in the face of terror”';
    const a = extractText(raw(page(BODY.slice(0, 2), quote, BODY.slice(2))));
    assert.ok(a.paragraphs.includes(quote));
  });

  test('a picture credit inside the body does not end the article', () => {
    const a = extractText(raw(page(BODY.slice(0, 2), '© AFP', BODY.slice(2))));
    assertRemoved(a, '© AFP');
    assert.deepEqual(a.paragraphs, BODY);
  });

  test('bare links and prose that mentions copyright', () => {
    const prose = 'The court ruled that the company had breached copyright law, the judge said on Friday.';
    const a = extractText(raw(page(BODY.slice(0, 2), 'https://example.org/story/123', prose, BODY.slice(2))));
    assertRemoved(a, 'https://example.org/story/123');
    assert.ok(a.paragraphs.includes(prose));
  });

  test('publication lines and a trailing agency signature', () => {
    const a = extractText(
      raw(page('05/03/2021 09:15 by editor', BODY, 'Published in The Courier, March 5th, 2021', '- AFP')),
    );
    assertRemoved(a, '05/03/2021 09:15 by editor');
    assertRemoved(a, 'Published in The Courier, March 5th, 2021');
    assertRemoved(a, '- AFP');
    assertBodyKept(a);
  });

  test('a trailing headline teaser of another story', () => {
    const teaser = 'Rail strike to go ahead after talks collapse';
    const a = extractText(raw(page(BODY, teaser)));
    assertRemoved(a, teaser);
    assert.equal(removedAs(a, teaser), 'teaser');
    assertBodyKept(a);
  });

  test('a trailing list of teasers with their own dates, sentences and cut-off summaries', () => {
    const tail = [
      'Published in The Courier, March 5th, 2021',
      'Opinion',
      'Water woes',
      'Updated 12 Jun, 2024',
      'Water woes',
      'The city has known about the failing pipes for years and has done little to fix them.',
      'Budget blues',
      '11 Jun, 2024',
      'Budget blues',
      'THE new budget offers little relief to salaried workers who have borne the brunt of...',
    ];
    const a = extractText(raw(page(BODY, tail)));
    for (const line of tail) assertRemoved(a, line);
    assertBodyKept(a);
    assert.deepEqual(a.published, { value: '2021-03-05', precision: 'day', from: 'text' });
  });

  test('comment threads after the article are not the article', () => {
    const comments = Array.from(
      { length: 12 },
      (_, i) => `Reader ${i} thinks the government should have acted much sooner than it finally did.`,
    );
    const a = extractText(raw(page(BODY.slice(0, 3), 'Comments (12)', 'This discussion is now closed.', comments)));
    assert.deepEqual(a.paragraphs, BODY.slice(0, 3));
    const prose = 'Comments by the minister drew sharp criticism from the opposition on Wednesday.';
    assert.ok(extractText(raw(page(BODY.slice(0, 3), prose, BODY.slice(3)))).paragraphs.includes(prose));
  });

  test('tokenised one-sentence-a-line text keeps every line', () => {
    const ptb = [
      'Storm hits coast Thousands of residents were evacuated on Monday as the storm approached the coast .',
      "`` We have never seen anything like this , '' said the mayor , who ordered schools closed .",
      'Power was cut to about 40,000 homes -LRB- officials said -RRB- and roads were flooded .',
      'The weather service said the storm would weaken by Wednesday .',
      'Emergency crews worked through the night to clear fallen trees from the main roads and reopen the bridges',
    ].join(' \n');
    const a = extractText(raw(ptb));
    assert.equal(a.removed.length, 0, JSON.stringify(a.removed));
    assert.equal(a.paragraphs.length, 5);
    assert.equal(a.title, undefined);
  });

  test('every input line is either a paragraph or in removed', () => {
    const content = page('Share', 'Ministers unveil energy support package', BODY, 'Advertisement', '- AP');
    const a = extractText(raw(content));
    const lines = content.split('\n').filter((l) => l.trim());
    assert.equal(a.paragraphs.length + a.removed.length, lines.length);
  });

  test('nothing left after cleaning throws', () => {
    assert.throws(
      () => extractText(raw('Share\n\nAdvertisement\n\n')),
      /no article text left after removing boilerplate/,
    );
    assert.throws(() => extractText(raw('   \n\n')), /no article text left/);
  });
});

describe('whole pages', () => {
  test('a scraped news page: menus, title, byline, stamp, body, related links, footer', () => {
    const content = [
      'Home',
      'World',
      'Home | World | Africa | Middle East',
      'Sign in',
      'Floods displace thousands in northern Italy as rivers burst banks',
      'By Maria Rossi, Rome correspondent',
      'Updated: Tuesday 16 May 2023 18:42 BST',
      '',
      'ROME (Reuters) - Torrential rain caused rivers to burst their banks across the region on Tuesday, officials said.',
      'Image: Rescue workers evacuate residents in Faenza',
      'At least two people died and hundreds of roads were closed, the regional government said in a statement.',
      '"We have never seen water levels like this," said the mayor, who urged residents to move to upper floors.',
      'Related stories',
      'Italy declares state of emergency after drought',
      'Heatwave grips southern Europe',
      'Follow us on Twitter and Facebook',
      '© 2023 Example News Ltd. All rights reserved.',
      'We use cookies to improve your experience. By continuing to browse you accept our cookie policy.',
    ].join('\n');
    const a = extractText(raw(content));
    assert.equal(a.paragraphs.length, 3);
    assert.ok(a.paragraphs[0]?.startsWith('ROME (Reuters) - Torrential rain'));
    assert.ok(a.paragraphs[2]?.startsWith('"We have never seen'));
    assert.equal(a.title, 'Floods displace thousands in northern Italy as rivers burst banks');
    assert.equal(a.byline, 'Maria Rossi');
    assert.deepEqual(a.published, { value: '2023-05-16', precision: 'day', from: 'text' });
    assert.equal(a.dateline, 'ROME');
    assert.equal(a.outlet, 'Example News', 'the publisher named in the copyright line wins over the wire');
    assert.equal(a.paragraphs.length + a.removed.length, content.split('\n').filter((l) => l.trim()).length);
  });

  test('a French page', () => {
    const content = page(
      'Partager',
      'PARIS: Le président de la République a annoncé mardi que la France allait intensifier ses frappes en Syrie.',
      'Publicité',
      'Il a demandé l’aide de ses partenaires européens et a rencontré le secrétaire d’État américain à l’Élysée.',
      'Les ministres se réuniront de nouveau jeudi pour examiner la réponse des autres pays de l’Union.',
    );
    const a = extractText(raw(content));
    assert.equal(a.language, 'fr');
    assert.equal(a.dateline, 'PARIS');
    assert.equal(a.paragraphs.length, 3);
    assert.deepEqual(
      a.removed.map((r) => r.reason),
      ['share', 'advertisement'],
    );
  });

  test('sidecar language wins', () => {
    assert.equal(extractText(raw(page(BODY), { language: 'en-GB' })).language, 'en');
  });
});

describe('title', () => {
  test('headline-like first line, past menus and date stamps', () => {
    const a = extractText(
      raw(page('Skip to main content', 'Ministers unveil energy support package for winter', '17/11/2015 20:50', BODY)),
    );
    assert.equal(a.title, 'Ministers unveil energy support package for winter');
    assert.ok(!a.paragraphs.includes('Ministers unveil energy support package for winter'));
    assertBodyKept(a);
  });

  test('none when the text opens with the body', () => {
    assert.equal(extractText(raw(page(BODY))).title, undefined);
  });

  test('too short to be a headline', () => {
    assert.equal(extractText(raw(page('Energy crisis', BODY))).title, undefined);
  });

  test('sidecar title wins', () => {
    const a = extractText(raw(page('Ministers unveil energy support package', BODY), { title: 'Energy support' }));
    assert.equal(a.title, 'Energy support');
  });
});

describe('dateline', () => {
  const cases: [string, string, string | undefined][] = [
    ['PARIS: France said on Tuesday it would ask its allies for help.', 'PARIS', undefined],
    ['Paris: France said on Tuesday it would ask its allies for help.', 'Paris', undefined],
    ['PARIS (AP) — France said on Tuesday it would ask its allies for help.', 'PARIS', 'AP'],
    ['WASHINGTON, Nov 17 (Reuters) - The United States said on Tuesday it would help.', 'WASHINGTON', 'Reuters'],
    ['NEW YORK -- Stocks fell sharply on Monday as investors worried about growth .', 'NEW YORK', undefined],
    ['BEIJING, Dec. 3 (AFP) - China reported slower growth in factory activity.', 'BEIJING', 'AFP'],
  ];
  for (const [opening, place, outlet] of cases) {
    test(opening.slice(0, 30), () => {
      const a = extractText(raw(page(opening, BODY)));
      assert.equal(a.dateline, place);
      assert.equal(a.outlet, outlet);
      assert.equal(a.paragraphs[0], opening, 'the dateline stays in the text');
    });
  }

  test('labels are not places', () => {
    for (const opening of [
      'UPDATE: The minister has since resigned, his office said.',
      'Photo: The minister arrives at parliament on Tuesday.',
      'Meanwhile: the opposition called for a vote of no confidence.',
    ]) {
      assert.equal(extractText(raw(page(opening, BODY))).dateline, undefined, opening);
    }
  });

  test('a wire tag after a run-in headline and stamp', () => {
    const first =
      'Oil prices climb ZURICH | Mon Jun 29 , 2009 1:58 pm EDT ZURICH -LRB- Reuters -RRB- - Oil prices rose on Monday .';
    const a = extractText(raw(page(first, BODY)));
    assert.equal(a.dateline, 'ZURICH');
    assert.equal(a.outlet, 'Reuters');
    assert.deepEqual(a.published, { value: '2009-06-29', precision: 'day', from: 'text' });
  });
});

describe('publication date in the text', () => {
  const cases: [string, string][] = [
    ['17/11/2015 20:50 by admin', '2015-11-17'],
    ['05/03/2021 by admin', '2021-03-05'],
    ['Published in The Courier, November 18th, 2015', '2015-11-18'],
    ['Posted on Nov. 17, 2015', '2015-11-17'],
    ['Published: 2015-11-17', '2015-11-17'],
    ['Updated 18 Apr, 2024', '2024-04-18'],
    ['Tuesday, 17 November 2015 14:02 GMT', '2015-11-17'],
  ];
  for (const [stamp, day] of cases) {
    test(stamp, () => {
      const a = extractText(raw(page('Ministers unveil energy support package', stamp, BODY)));
      assert.deepEqual(a.published, { value: day, precision: 'day', from: 'text' });
      assertRemoved(a, stamp);
    });
  }

  test('month-first for US outlets when ambiguous, never when the first number is above 12', () => {
    assert.equal(extractText(raw(page('05/03/2021 by admin', BODY), { outlet: 'AP' })).published?.value, '2021-05-03');
    const us = extractText(raw(page(BODY, '05/03/2021 10:00 by staff', '- AP')));
    assert.equal(us.outlet, 'AP');
    assert.equal(us.published?.value, '2021-05-03');
    const unambiguous = extractText(raw(page(BODY, '17/11/2015 10:00 by staff', '- AP')));
    assert.equal(unambiguous.published?.value, '2015-11-17');
  });

  test('a byline with its date', () => {
    const a = extractText(
      raw(page('Ministers unveil energy support package', 'By Jane Doe | November 17, 2015', BODY)),
    );
    assert.equal(a.byline, 'Jane Doe');
    assert.equal(a.published?.value, '2015-11-17');
    assert.equal(a.title, 'Ministers unveil energy support package');
  });

  test("a date under the headline of another story is not the article's", () => {
    const a = extractText(raw(page(BODY, 'Water woes', 'Updated 12 Jun, 2024', 'Water woes')));
    assert.equal(a.published, undefined);
    assertRemoved(a, 'Updated 12 Jun, 2024');
  });

  test("a dated teaser above the page is not the article's date", () => {
    const top = [
      'Rail strike called off',
      'The unions said talks would resume next week after a breakthrough.',
      '3 Jan, 2019',
    ];
    const a = extractText(raw(page(top, 'Ministers unveil energy support package', '17 Nov, 2015', BODY)));
    assert.equal(a.published?.value, '2015-11-17');
  });

  test('dates in the body are events, not the publication date', () => {
    const a = extractText(raw(page('The deal was signed on November 18, 2015, in Vienna by all parties.', BODY)));
    assert.equal(a.published, undefined);
  });

  test('sidecar date wins and says so', () => {
    const a = extractText(raw(page('17/11/2015 20:50 by admin', BODY), { published: '2015-11-18' }));
    assert.deepEqual(a.published, { value: '2015-11-18', precision: 'day', from: 'sidecar' });
    const t = extractText(raw(page(BODY), { published: '2015-11-18T09:30:00Z' }));
    assert.deepEqual(t.published, { value: '2015-11-18T09:30:00Z', precision: 'time', from: 'sidecar' });
  });
});

describe('outlet', () => {
  test('"Published in X"', () => {
    assert.equal(extractText(raw(page(BODY, 'Published in The Courier, March 5th, 2021'))).outlet, 'The Courier');
  });

  test('closing agency signatures', () => {
    assert.equal(extractText(raw(page(BODY, '- AP'))).outlet, 'AP');
    assert.equal(extractText(raw(page(BODY, '(Reuters)'))).outlet, 'Reuters');
    assert.equal(extractText(raw(page(BODY, '— Agence France-Presse'))).outlet, 'AFP');
  });

  test('a signature that names no outlet', () => {
    assert.equal(extractText(raw(page(BODY, '- Agencies'))).outlet, undefined);
  });

  test('sidecar fields win', () => {
    const a = extractText(raw(page(BODY, '- AP'), { outlet: 'Le Monde', url: 'https://example.org/a' }));
    assert.equal(a.outlet, 'Le Monde');
    assert.equal(a.url, 'https://example.org/a');
  });
});

describe('paragraphs and identity', () => {
  test('one paragraph a line, text joined by blank lines, id from the text', () => {
    const a = extractText(raw(BODY.join('\n')));
    assert.deepEqual(a.paragraphs, BODY);
    assert.equal(a.text, BODY.join('\n\n'));
    assert.equal(a.id, articleId(a.text));
    assert.equal(a.language, 'en');
    assert.equal(a.source, 'test.txt');
  });

  test('the same article with different page furniture has the same id', () => {
    const plain = extractText(raw(page(BODY)));
    const dressed = extractText(raw(page('Share', BODY.slice(0, 2), 'Advertisement', BODY.slice(2), '- AP')));
    assert.equal(dressed.id, plain.id);
  });

  test('hard-wrapped text is joined back into paragraphs', () => {
    const paragraph =
      'The government announced new measures on Tuesday to curb rising energy prices, officials said, ' +
      'adding that the plan includes a cap on household bills and support for small businesses hit by the ' +
      'increases over the past year, which have pushed inflation to its highest level in four decades.';
    const wrap = (s: string) => s.replace(/(.{1,68})(\s|$)/g, '$1\n').trim();
    const a = extractText(raw([paragraph, paragraph.replace('Tuesday', 'Wednesday')].map(wrap).join('\n\n')));
    assert.equal(a.paragraphs.length, 2);
    assert.equal(a.paragraphs[0], paragraph);
  });
});

describe('a warning when extraction keeps under a third of a text-heavy input', () => {
  test('SGML newswire read as plain text keeps a few percent, and says so', () => {
    const sgml = readFileSync(join(projectRoot, 'test', 'fixtures', 'sgml', 'newswire.sgml'), 'utf8');
    const article = extractText(raw(sgml));
    assert.equal(article.warnings?.length, 1);
    assert.match(article.warnings?.[0] ?? '', /^kept \d% of the input's text \([\d,]+ of 2,\d{3} characters\)$/);
  });

  test('an article with its page furniture, or a short text, is not warned', () => {
    const furniture = ['Home', 'World', 'Sport', 'Share this article', 'Sign up for our newsletter'];
    assert.equal(extractText(raw(page(furniture, BODY, furniture))).warnings, undefined);
    assert.equal(extractText(raw(page(BODY, BODY.join(' ').repeat(8)))).warnings, undefined);
  });

  test('the rule: under a third of at least 2,000 characters', () => {
    assert.equal(lowYieldWarning(1999, 10), undefined);
    assert.equal(lowYieldWarning(3000, 1000), undefined);
    assert.equal(lowYieldWarning(3000, 999), "kept 33% of the input's text (999 of 3,000 characters)");
    assert.equal(visibleLength('  a \n\n b\t'), 3);
    assert.equal(
      proseLength(['Menu', 'Read more', `${'A sentence of an article, long enough to count. '.repeat(2)}`]),
      95,
    );
  });
});
