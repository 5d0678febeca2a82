// Worker-thread entry: receives RawDocuments, answers with processed documents or an error line.
import { parentPort } from 'node:worker_threads';
import type { RawDocument } from './model.js';
import { processDocument } from './process.js';

if (!parentPort) throw new Error('process-worker.ts must run as a worker thread');
const port = parentPort;
port.on('message', (doc: RawDocument) => {
  try {
    port.postMessage({ ok: true, value: processDocument(doc) });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    port.postMessage({ ok: false, error: message.split('\n')[0] ?? message });
  }
});
