// Worker-thread entry: receives RawDocuments, answers with processed documents or an error line.
import { parentPort } from 'node:worker_threads';
import { analyzeArticle } from './analyze/analyze.js';
import { extractArticle } from './extract/extract.js';
import { processDocument } from './process.js';
import type { WorkerRequest } from './worker-pool.js';

if (!parentPort) throw new Error('process-worker.ts must run as a worker thread');
const port = parentPort;
port.on('message', (request: WorkerRequest) => {
  try {
    const value =
      request.task === 'process'
        ? processDocument(request.doc)
        : request.task === 'extract'
          ? extractArticle(request.doc)
          : analyzeArticle(request.article);
    port.postMessage({ ok: true, value });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    port.postMessage({ ok: false, error: message.split('\n')[0] ?? message });
  }
});
