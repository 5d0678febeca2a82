// Entry of the story thread (story-thread.ts): opens the store it is given, runs the story step, answers with
// its result or its error, and closes the store.
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../store/open.js';
import { refreshStories } from './stories.js';
import type { StoryThreadAnswer, StoryThreadInput } from './story-thread.js';

if (!parentPort) throw new Error('story-worker.ts must run as a worker thread');
const port = parentPort;
const { location, settings } = workerData as StoryThreadInput;

async function run(): Promise<StoryThreadAnswer> {
  const store = await openStore(location);
  try {
    return { ok: true, value: await refreshStories(store, undefined, settings) };
  } finally {
    await store.close();
  }
}

port.postMessage(
  await run().catch((err: unknown): StoryThreadAnswer => {
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, error: message.split('\n')[0] ?? message };
  }),
);
