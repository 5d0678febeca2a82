// SGML newswire (TREC, TDT, AQUAINT, Gigaword): one article per <DOC>, with its DOCNO, date, headline and agency.
// Every record in test/fixtures/sgml/ is invented; only the DOCNO prefixes are real agency codes.
import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { extractArticle } from '../src/extract/extract.js';
import { type IngestItem, readInputs } from '../src/ingest/read.js';
import { newswireDate, newswireOutlet } from '../src/ingest/sgml.js';
import type { RawDocument } from '../src/model.js';
import { projectRoot } from './helpers.js';

const FIXTURES = join(projectRoot, 'test', 'fixtures', 'sgml');
const NEWSWIRE = join(FIXTURES, 'newswire.sgml');

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'storyline-sgml-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

async function collect(paths: string[]): Promise<IngestItem[]> {
  const items: IngestItem[] = [];
  for await (const item of readInputs(paths)) items.push(item);
  return items;
}

const docs = (items: IngestItem[]): RawDocument[] => items.flatMap((item) => (item.ok ? [item.doc] : []));
const failures = (items: IngestItem[]) => items.flatMap((item) => (item.ok ? [] : [item]));

describe('SGML newswire', () => {
  test('each <DOC> is one article: DOCNO as source, date, headline, outlet from the agency code', async () => {
    const items = await collect([NEWSWIRE]);
    const got = docs(items).map((d) => [d.source.slice(NEWSWIRE.length), d.kind, d.meta]);
    assert.deepEqual(got, [
      [
        '#APW19990312.0101',
        'text',
        {
          title: 'Quillmarsh Opens Glass Bridge Over the Vell River',
          published: '1999-03-12T09:12:00',
          outlet: 'Associated Press',
        },
      ],
      [
        '#NYT20050314.0042',
        'text',
        {
          title: 'Orchard Robots Learn to Pick Imaginary Pears',
          published: '2005-03-14T09:12:00',
          outlet: 'New York Times',
        },
      ],
      [
        '#XIN_ENG_20050314.0007',
        'text',
        { title: 'Fictional Port of Sallowby Reports Record Kite Exports', published: '2005-03-14', outlet: 'Xinhua' },
      ],
      [
        '#LTW19980601.0011',
        'text',
        {
          title: 'Lantern Museum Lends Its Oldest Lamp',
          published: '1998-06-01',
          outlet: 'Los Angeles Times/Washington Post',
        },
      ],
      // An agency code the table does not know gives no outlet rather than a guessed one.
      ['#ZZQ19980602.0005', 'text', { title: 'A Wire Nobody Has Heard Of Files a Story', published: '1998-06-02' }],
    ]);
  });

  test('a malformed <DOC> fails alone, named by its DOCNO and line; the rest of the file is read', async () => {
    const failed = failures(await collect([NEWSWIRE]));
    assert.deepEqual(
      failed.map((f) => [f.source.slice(NEWSWIRE.length), f.error]),
      [
        ['#AFP_ENG_20050315.0020', '<DOC> at line 81 is never closed: no </DOC> before the next <DOC>'],
        ['#CNA19980603.0001', '<DOC> at line 99: no <TEXT>'],
      ],
    );
  });

  test('the text is kept whole: every <P> a paragraph, entities decoded, no tags, no headline or trailer', async () => {
    const [bridge] = docs(await collect([NEWSWIRE]));
    assert.ok(bridge);
    const article = extractArticle(bridge);
    assert.deepEqual(article.paragraphs, [
      'QUILLMARSH, Nordavia (AP) -- The fictional town of Quillmarsh opened a glass footbridge over the Vell River on ' +
        'Friday, ending a decade of arguments between the town council and the ferry guild.',
      "Mayor Ilse Brantwood cut the ribbon at dawn. ``It is the first thing in this town that everyone can see through,'' " +
        'she said, to laughter from a crowd of about 400 people & their dogs.',
      'Short line.',
      'The bridge cost 3.1 million crowns <about $400,000> and took two years to build. Ferry pilot Oskar Venn said the ' +
        'guild would keep one boat running for tourists.',
    ]);
    assert.equal(article.title, 'Quillmarsh Opens Glass Bridge Over the Vell River');
    assert.equal(article.outlet, 'Associated Press');
    assert.deepEqual(article.published, { value: '1999-03-12T09:12:00', precision: 'time', from: 'sidecar' });
    assert.equal(article.warnings, undefined);
  });

  test('bare text in <TEXT> (no <P>) is split into paragraphs at blank lines', async () => {
    const doc = docs(await collect([NEWSWIRE])).find((d) => d.source.endsWith('#ZZQ19980602.0005'));
    assert.ok(doc);
    assert.deepEqual(extractArticle(doc).paragraphs, [
      'The Zenith Quill Wire, which does not exist, filed a story in bare text without paragraph tags on Tuesday.',
      'Its second paragraph follows a blank line, as such wires write them.',
    ]);
  });

  test('found by content: a file with no extension, a .txt, a .gz', async () => {
    const dir = join(root, 'by-content');
    await mkdir(dir, { recursive: true });
    await copyFile(join(FIXTURES, 'wire-no-extension'), join(dir, 'wire'));
    await copyFile(NEWSWIRE, join(dir, 'wires.txt'));
    await writeFile(join(dir, 'wires.sgm.gz'), gzipSync(await readFile(NEWSWIRE)));
    const items = await collect([dir]);
    const sources = docs(items).map((d) => d.source.slice(dir.length + 1));
    assert.deepEqual(sources.slice(0, 1), ['wire#XIE19960113.0500']);
    assert.equal(sources.filter((s) => s.startsWith('wires.txt#')).length, 5);
    assert.equal(sources.filter((s) => s.startsWith('wires.sgm.gz#')).length, 5);
    const wire = docs(items)[0];
    assert.deepEqual(wire?.meta, {
      title: 'Inland Sea Ferry Line Adds a Night Crossing',
      published: '2005-03-14T09:12:00',
      outlet: 'Xinhua',
    });
    assert.equal(failures(items).length, 4);
  });

  test('a file truncated inside its last record keeps the records before it', async () => {
    const file = join(root, 'truncated.sgml');
    await writeFile(
      file,
      '<DOC>\n<DOCNO> APW20010101.0001 </DOCNO>\n<TEXT>\n<P>A whole first record of invented news.</P>\n</TEXT>\n</DOC>\n' +
        '<DOC>\n<DOCNO> APW20010101.0002 </DOCNO>\n<TEXT>\n<P>Cut off in the mid',
    );
    const items = await collect([file]);
    assert.deepEqual(
      items.map((i) => (i.ok ? i.doc.source.slice(file.length) : `${i.source.slice(file.length)} ${i.error}`)),
      ['#APW20010101.0001', '#APW20010101.0002 <DOC> at line 7 is never closed: no </DOC> (truncated file?)'],
    );
  });

  test('dates in the formats the corpora write, and the DOCNO day when there is no date', () => {
    assert.equal(newswireDate('2005-03-14T09:12:00'), '2005-03-14T09:12:00');
    assert.equal(newswireDate(' 1998-06-01 00:14 '), '1998-06-01T00:14:00');
    assert.equal(newswireDate('03/14/2005 09:12'), '2005-03-14T09:12:00');
    assert.equal(newswireDate('19980601'), '1998-06-01');
    assert.equal(newswireDate('1998-06-01'), '1998-06-01');
    assert.equal(newswireDate('910514'), '1991-05-14');
    assert.equal(newswireDate('January 1, 1989, Sunday'), '1989-01-01');
    assert.equal(newswireDate('13/45/2005'), undefined);
    assert.equal(newswireDate('soon'), undefined);
    assert.equal(newswireOutlet('AFP_ENG_20050315.0020'), 'Agence France-Presse');
    assert.equal(newswireOutlet('CNA19980603.0001'), 'Central News Agency');
    assert.equal(newswireOutlet('AP880212-0001'), 'Associated Press');
    assert.equal(newswireOutlet('ZZQ19980602.0005'), undefined);
    assert.equal(newswireOutlet('constructor'), undefined);
  });

  test('linear time: 20,000 records, and hostile runs of "<" and tag names, read quickly', async () => {
    const record = (i: number) =>
      `<DOC>\n<DOCNO> APW20010101.${i} </DOCNO>\n<TEXT>\n<P>Invented record number ${i}.</P>\n</TEXT>\n</DOC>\n`;
    const many = join(root, 'many.sgml');
    await writeFile(many, Array.from({ length: 20_000 }, (_, i) => record(i)).join(''));
    const hostile = join(root, 'hostile.sgml');
    await writeFile(
      hostile,
      `${record(0)}<DOC>\n<DOCNO> X1 </DOCNO>\n<TEXT>\n<${'a'.repeat(2_000_000)}${'<'.repeat(2_000_000)}`,
    );
    const started = performance.now();
    const items = await collect([many, hostile]);
    const seconds = (performance.now() - started) / 1000;
    assert.equal(docs(items).length, 20_001);
    assert.equal(failures(items).length, 1);
    assert.ok(seconds < 5, `took ${seconds.toFixed(1)} s`);
  });
});
