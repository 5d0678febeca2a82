// The pipeline room: the one flow every caller runs (the CLI's ingest and digest, the server, every eval, the
// queue's workers). Its stages, in order:
//
//   read     ingest/        inputs (files, JSONL, feeds, WARC, URLs, uploads) → RawDocument, each with a size cap
//   extract  extract/       RawDocument → Article (text, title, byline, publication date)      ┐ pure, per document,
//   analyze  analyze/       Article → Analysis (sentences, entities, places, quotes, timexes)   ┘ in worker threads
//   save     store/         each article and its analysis in its own transaction (ingest.ts)
//   dedup    dedup/         pending articles, in publication order, a chunk at a time, against the archive's band
//                           and sentence index → duplicateOf and shared passages per article (stories.ts)
//   cluster  cluster/       pending articles → stories (a near copy joins its original's story) (stories.ts)
//   compose  compose/       each touched story → title, timeline, summary with citations, from the stored copies
//                           and passages of its articles (stories.ts)
//   save     store/         dedup results and index, stories, memberships and the clusterer's state, one
//                           transaction per chunk
//
// In one process (SQLite, or PostgreSQL without a queue) `ingestAndRefresh` (ingest.ts) runs them all. With the job
// queue (queue.ts) the stages up to the first save run in `storyline worker` processes, one job per document, and
// the rest in the one clusterer holding the lease (queue-workers.ts): the same functions, split at the store.
//
// Rooms never call each other: only this room (with cli/ and server/) wires them together.

export { processDocument, type ProcessedDocument } from './process.js';
export {
  errorMessage,
  type FailedInput,
  type IngestAndRefreshReport,
  ingestAndRefresh,
  ingestItems,
  ingestPaths,
  type IngestProgress,
  type IngestReport,
  type PipelineOptions,
  storyStepAfterIngest,
} from './ingest.js';
export { allStories, rebuildStories, type RefreshResult, refreshStories } from './stories.js';
export {
  defaultWorkerCount,
  sharedWorkerPool,
  trimSharedWorkerPool,
  WORKER_SETTINGS,
  WorkerPool,
} from './worker-pool.js';
export {
  DEAD_LETTER_QUEUE,
  enqueueDocuments,
  INGEST_QUEUE,
  jobCounts,
  type JobCounts,
  type JobFailure,
  jobFailures,
  openQueue,
  QUEUE_ERRORS,
  QUEUE_SETTINGS,
  QueueError,
  type QueueSettings,
} from './queue.js';
export { CLUSTERER_SETTINGS, type ClustererSettings, runClusterer, runIngestWorker } from './queue-workers.js';
export { evalExtraction, evalMetadata, evalQuotes, evalTimex } from './evaluate.js';
export { evalTls, predictTimeline, scoreTls, type TlsResult, type TlsTask, tlsTasks } from './evaluate-tls.js';
export { STORY_ANALYZER } from './story-analyzer.js';
