// Worker-thread entry: receives requests, answers with processed documents, articles or analyses,
// or an error line. The analysis modules (language model, gazetteers) load only when a request
// needs them: an extract-only worker keeps a small heap, and garbage collection stays cheap.
import { writeFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { extractArticle } from '../extract/extract.js';
import type { RawDocument } from '../model.js';
import { STAGE_THREAD_NAME, type WorkerRequest } from './worker-pool.js';

if (!parentPort) throw new Error('process-worker.ts must run as a worker thread');
const port = parentPort;
try {
  // Named, so an operator's `top -H` (and the queue bench) sees which thread is extracting; Linux only.
  writeFileSync('/proc/thread-self/comm', STAGE_THREAD_NAME);
} catch {
  // No /proc (not Linux): the thread keeps its name.
}

/**
 * A made-up document run once when a worker loads the stages: the models, gazetteers and caches the stages build
 * on first use are built then, so the deadline of a worker's first real document measures that document only
 * (a fresh worker replacing one that overran would otherwise start every document late).
 */
const WARM_UP: RawDocument = {
  source: 'warm-up',
  kind: 'html',
  content:
    '<html><head><title>A made-up warm-up page</title></head><body><article><p>PARIS, Monday - Jane Doe of the ' +
    'Example Council said on Sunday that "the test went well", Reuters reported on 3 March 2020.</p></article></body></html>',
  encoding: 'utf-8',
  fetchedAt: '2020-03-03T00:00:00Z',
  meta: {},
};

let extraction: Promise<void> | undefined;
const warmExtraction = () =>
  (extraction ??= Promise.resolve().then(() => {
    extractArticle(WARM_UP);
  }));

let analysis: Promise<typeof import('./process.js') & typeof import('../analyze/analyze.js')> | undefined;
const loadAnalysis = () =>
  (analysis ??= Promise.all([import('./process.js'), import('../analyze/analyze.js')]).then(([p, a]) => {
    p.processDocument(WARM_UP);
    return { ...p, ...a };
  }));

// Requests are answered in the order they came: each waits for the one before it.
let previous: Promise<void> = Promise.resolve();
port.on('message', (request: WorkerRequest) => {
  previous = previous.then(async () => {
    try {
      let value: unknown;
      if (request.task === 'extract') {
        await warmExtraction();
        port.postMessage({ started: true });
        value = extractArticle(request.doc);
      } else {
        const stages = await loadAnalysis();
        port.postMessage({ started: true }); // the pool's deadline for this document runs from here
        if (request.task === 'analyze') value = stages.analyzeArticle(request.article);
        else {
          const doc = request.task === 'store-json' ? readDocument(request.json) : request.doc;
          const processed = stages.processDocument(doc);
          const { article, analysis } = processed;
          value =
            request.task !== 'process' && analysis
              ? { article, analysis: { article: analysis.article, json: JSON.stringify(analysis) } }
              : processed;
        }
      }
      port.postMessage({ ok: true, value });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      port.postMessage({ ok: false, error: message.split('\n')[0] ?? message });
    }
  });
});

/** A queue job's document from its JSON text; what is not an object with content fails as a bad input. */
function readDocument(json: string): RawDocument {
  const doc = JSON.parse(json) as unknown;
  if (typeof doc !== 'object' || doc === null || !('content' in doc)) throw new Error('the job carries no document');
  return doc as RawDocument;
}
