// Worker-thread entry: receives requests, answers with processed documents, articles or analyses,
// or an error line. The analysis modules (language model, gazetteers) load only when a request
// needs them: an extract-only worker keeps a small heap, and garbage collection stays cheap.
import { parentPort } from 'node:worker_threads';
import { extractArticle } from './extract/extract.js';
import type { WorkerRequest } from './worker-pool.js';

if (!parentPort) throw new Error('process-worker.ts must run as a worker thread');
const port = parentPort;

let analysis: Promise<typeof import('./process.js') & typeof import('./analyze/analyze.js')> | undefined;
const loadAnalysis = () =>
  (analysis ??= Promise.all([import('./process.js'), import('./analyze/analyze.js')]).then(([p, a]) => ({
    ...p,
    ...a,
  })));

// Requests are answered in the order they came: each waits for the one before it.
let previous: Promise<void> = Promise.resolve();
port.on('message', (request: WorkerRequest) => {
  previous = previous.then(async () => {
    try {
      let value: unknown;
      if (request.task === 'extract') {
        port.postMessage({ started: true });
        value = extractArticle(request.doc);
      } else {
        const stages = await loadAnalysis();
        port.postMessage({ started: true }); // the pool's deadline for this document runs from here
        value =
          request.task === 'process' ? stages.processDocument(request.doc) : stages.analyzeArticle(request.article);
      }
      port.postMessage({ ok: true, value });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      port.postMessage({ ok: false, error: message.split('\n')[0] ?? message });
    }
  });
});
