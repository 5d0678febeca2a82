// The story step of a batch in a thread of its own, for its bounded heap (PIPELINE.storyHeapMb): the same
// `refreshStories` on a second connection to the same store, so its stories are exactly those of the caller's
// thread. The thread ends with the step, and its heap with it.
import type { StoryClusterSettings } from '../cluster/settings.js';
import { PIPELINE } from './settings.js';
import type { RefreshResult } from './stories.js';
import { threadStarter } from './thread-script.js';

/** What the story thread is given: the store to open and the clustering settings. */
export interface StoryThreadInput {
  location: string;
  settings: Partial<StoryClusterSettings>;
}

export type StoryThreadAnswer = { ok: true; value: RefreshResult } | { ok: false; error: string };

/** `refreshStories` of the store at `location`, run in a thread of its own; rejects with the step's error. */
export function refreshStoriesInThread(
  location: string,
  settings: Partial<StoryClusterSettings> = {},
): Promise<RefreshResult> {
  return new Promise((resolve, reject) => {
    const worker = threadStarter(new URL('./story-worker.js', import.meta.url))({
      workerData: { location, settings } satisfies StoryThreadInput,
      resourceLimits: { maxOldGenerationSizeMb: PIPELINE.storyHeapMb, maxYoungGenerationSizeMb: PIPELINE.storyYoungMb },
    });
    let answer: StoryThreadAnswer | undefined;
    worker.on('message', (message: StoryThreadAnswer) => (answer = message));
    worker.on('error', (err: Error & { code?: string }) => {
      answer ??= {
        ok: false,
        error:
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? `the story step ran out of memory (heap ${PIPELINE.storyHeapMb} MB)`
            : err.message,
      };
    });
    worker.on('exit', () => {
      if (answer?.ok) resolve(answer.value);
      else reject(new Error(answer?.error ?? 'the story step ended without an answer'));
    });
  });
}
