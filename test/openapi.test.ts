// The OpenAPI check: the real server on a store of fictional articles; every path of its own OpenAPI document is
// called (GET ones with real ids, POST with a record), and each JSON answer — successes, unknown parameters, wrong
// methods, missing ids — is validated against the schema the document gives for that path and status.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Story } from '../src/model.js';
import { type RunningServer, startServer } from '../src/server/server.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/store.js';
import { findingRecords, ingestRecords, SEARCH_DEADLINE_MS } from './finding-fixtures.js';

// ajv-formats is CommonJS: its default export is the function under ESM and under tsx alike.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

interface OperationDoc {
  parameters?: { name: string; in: string; required?: boolean }[];
  responses: Record<string, { content?: Record<string, { schema: object }> }>;
}
interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, OperationDoc>>;
  components: { schemas: Record<string, object> };
}

const DOC_ID = 'https://storyline.invalid/openapi.json';

describe('OpenAPI: every endpoint answers as its schema says', () => {
  let dir: string;
  let store: Store;
  let server: RunningServer;
  let doc: OpenApiDoc;
  let ajv: Ajv2020;
  let story: Story;
  const checked = new Set<string>();

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'storyline-openapi-'));
    store = await openStore(join(dir, 'openapi.db'));
    server = await startServer({ store, port: 0, workers: 1, searchDeadlineMs: SEARCH_DEADLINE_MS });
    await ingestRecords(server.url, findingRecords(6));
    doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as OpenApiDoc;
    // Closed schemas must be checked as written: `strict: false` only because the document is not itself a schema
    // (its `openapi`, `info`, `paths` are not keywords); every component is compiled through its references.
    ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ $id: DOC_ID, components: doc.components });
    const list = (await (await fetch(`${server.url}/api/stories?sort=size`)).json()) as { stories: { id: string }[] };
    story = (await (
      await fetch(`${server.url}/api/stories/${encodeURIComponent(list.stories[0]!.id)}`)
    ).json()) as Story;
  });

  after(async () => {
    await server?.close();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Call `method path` and validate the JSON body against the document's schema for the status it got. */
  async function check(template: string, method: string, url: string, init: RequestInit = {}): Promise<Response> {
    const op = doc.paths[template]?.[method];
    assert.ok(op, `${method} ${template} is in the document`);
    const res = await fetch(server.url + url, { ...init, method: method.toUpperCase(), redirect: 'manual' });
    const status = String(res.status);
    const response = op.responses[status];
    assert.ok(response, `${method.toUpperCase()} ${url} answered ${status}, which the document does not list`);
    const schema = response.content?.['application/json']?.schema;
    assert.ok(schema, `${method} ${template} ${status} has a JSON schema`);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    const body: unknown = await res.clone().json();
    const ref = (schema as { $ref?: string }).$ref;
    assert.ok(ref?.startsWith('#/components/schemas/'), `${method} ${template} ${status} refers to a component`);
    const validate = ajv.getSchema(`${DOC_ID}${ref}`);
    assert.ok(validate, `${ref} compiles`);
    const valid = validate(body);
    assert.ok(
      valid,
      `${method.toUpperCase()} ${url} (${status}) does not match ${ref}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 600)}`,
    );
    checked.add(`${method} ${template} ${status}`);
    return res;
  }

  test('the document is OpenAPI 3.1 and every 2xx/4xx/5xx JSON response refers to a component', () => {
    assert.equal(doc.openapi, '3.1.0');
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        for (const [status, r] of Object.entries(op.responses)) {
          if (status.startsWith('3')) continue;
          const schema = r.content?.['application/json']?.schema as { $ref?: string } | undefined;
          assert.ok(schema?.$ref, `${method} ${path} ${status} has a component schema`);
          assert.ok(ajv.getSchema(`${DOC_ID}${schema.$ref}`), `${schema.$ref} compiles`);
        }
      }
    }
    for (const name of ['Story', 'StoryListItem', 'Article', 'Entity', 'SearchHit', 'Change', 'Error']) {
      assert.ok(doc.components.schemas[name], name);
    }
    // The components themselves, compiled strictly (an unknown keyword or a typo is an error), as $defs.
    const defs = JSON.parse(
      JSON.stringify(doc.components.schemas).replaceAll('#/components/schemas/', `${DOC_ID}-defs#/$defs/`),
    ) as Record<string, object>;
    const strict = new Ajv2020({ strict: true, allErrors: true });
    addFormats(strict);
    strict.addSchema({ $id: `${DOC_ID}-defs`, $defs: defs });
    for (const name of Object.keys(defs)) assert.ok(strict.getSchema(`${DOC_ID}-defs#/$defs/${name}`), name);
  });

  test('every GET path answers its 200 with real ids', async () => {
    const article = story.articles[0]!.id;
    const entity = story.entities[0]!.id;
    const urls: Record<string, string> = {
      '/api/stories': '/api/stories?limit=3&sort=recent',
      '/api/stories/{id}': `/api/stories/${encodeURIComponent(story.id)}`,
      '/api/stories/{id}/changes': `/api/stories/${encodeURIComponent(story.id)}/changes`,
      '/api/changes': '/api/changes?since=2000-01-01',
      '/api/articles/{id}': `/api/articles/${encodeURIComponent(article)}`,
      '/api/entities/{id}': `/api/entities/${encodeURIComponent(entity)}`,
      '/api/search': '/api/search?q=ferry&limit=2',
      '/api/search/stories': '/api/search/stories?q=ferry&limit=1',
      '/api/openapi.json': '/api/openapi.json',
      '/api/health': '/api/health',
    };
    for (const [template, ops] of Object.entries(doc.paths)) {
      if (!ops.get) continue;
      const url = urls[template];
      assert.ok(url, `the check knows how to call GET ${template}: add it here`);
      const res = await check(template, 'get', url);
      assert.equal(res.status, 200, url);
    }
    // Filtered and paged forms echo their parameters, in the same schemas.
    await check(
      '/api/stories',
      'get',
      '/api/stories?outlet=Coastline%20Herald&from=2026-03-01&to=2026-03-31&language=en',
    );
    await check('/api/search', 'get', '/api/search?q=ferry&limit=1&offset=1&outlet=Bayside%20Ledger');
    await check('/api/search/stories', 'get', '/api/search/stories?q=quillon&language=fr');
  });

  test('POST /api/ingest answers its report, and a bad record its error', async () => {
    const record = {
      title: 'Lumen Bay ferry strike ends with a deal on rest hours',
      text: 'The Lumen Bay ferry strike ended on Sunday when the union and the ferry line signed a deal on rest hours.\n\nUnion organiser Marta Quillon said the first boats would sail from North Pier at dawn.',
      published: '2026-03-29',
      outlet: 'Coastline Herald',
    };
    const ok = await check('/api/ingest', 'post', '/api/ingest', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(record),
    });
    assert.equal(ok.status, 200);
    const bad = await check('/api/ingest', 'post', '/api/ingest', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'no text at all' }),
    });
    assert.equal(bad.status, 400);
  });

  test('every path answers an unknown parameter, a wrong method and a missing id with its documented Error', async () => {
    for (const [template, ops] of Object.entries(doc.paths)) {
      const concrete = template.replace('{id}', encodeURIComponent(story.id));
      if (ops.get) {
        const res = await check(template, 'get', `${concrete}?page=2`);
        assert.equal(res.status, 400, `${template}?page=2`);
        assert.match(((await res.json()) as { error: string }).error, /"page"/);
      }
      const wrong = ops.get ? 'delete' : 'get';
      const res = await fetch(server.url + concrete, { method: wrong.toUpperCase() });
      assert.equal(res.status, 405, `${wrong} ${template}`);
      assert.ok(res.headers.get('allow'), `${wrong} ${template} says what is allowed`);
      const op = doc.paths[template]![ops.get ? 'get' : 'post']!;
      assert.ok(op.responses['405'], `${template} documents its 405`);
      const body = await res.json();
      assert.ok(ajv.getSchema(`${DOC_ID}#/components/schemas/Error`)!(body), JSON.stringify(body));
    }
    for (const template of ['/api/stories/{id}', '/api/articles/{id}', '/api/entities/{id}']) {
      const res = await check(template, 'get', template.replace('{id}', 'no-such-id'));
      assert.equal(res.status, 404);
    }
  });

  test('the calls reached every path of the document', () => {
    for (const [template, ops] of Object.entries(doc.paths)) {
      for (const method of Object.keys(ops)) {
        assert.ok(
          [...checked].some((c) => c.startsWith(`${method} ${template} 2`)),
          `${method} ${template} was validated with a success`,
        );
      }
    }
  });
});
