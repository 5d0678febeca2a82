// Near-duplicate detection and shared passages: the public surface of the dedup stage.
export {
  type AddResult,
  type DuplicateEntry,
  type DuplicateGroup,
  DuplicateIndex,
  type DuplicateIndexOptions,
  type DuplicateInput,
  type DuplicateMember,
  type Reassignment,
} from './duplicates.js';
export { bandKeys, DEFAULT_BANDS, DEFAULT_ROWS, LshIndex, type LshOptions } from './lsh.js';
export {
  createMinHasher,
  EMPTY_SLOT,
  estimateJaccard,
  isEmptySignature,
  type MinHasher,
  type MinHasherOptions,
  signatureFromBase64,
  signatureFromBytes,
  signatureOf,
  signatureToBase64,
  signatureToBytes,
  textSignature,
} from './minhash.js';
export {
  findSharedPassages,
  type PassageInput,
  type PassageMatch,
  type PassageOccurrence,
  type PassageOptions,
  splitUnits,
  type TextUnit,
  toStoryPassages,
} from './passages.js';
export { exactFingerprint, normalizeText, shingleHashes, textShingles, tokenize, words } from './shingles.js';
export { DEDUP_SETTINGS, type DedupSettings } from './settings.js';
export {
  ArchiveDedup,
  type DedupCanonical,
  type DedupDecision,
  type DedupDoc,
  type DedupIndexUpdate,
  type DedupKeys,
  type DedupPosting,
  type StoryPassageMember,
  storyPassages,
} from './stage.js';
