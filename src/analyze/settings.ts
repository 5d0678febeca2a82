// The analysis room's input bounds: what keeps every per-sentence step's cost a constant, so that analysing an
// article costs time linear in its length whatever the text looks like (issue 10: one 5 MB "word" hung a batch).

export const TEXT_BOUNDS = {
  /**
   * Longer runs of non-space characters are no words: only the first this many characters are tokenised, the
   * rest is read as space (offsets stay true). wink's tokenizer is quadratic in a token's length (80,000 `x.`
   * took 15 s); the longest real tokens are URLs, e-mail addresses and chemical names, well under this.
   */
  maxTokenChars: 64,
  /**
   * A paragraph longer than this is tokenised in pieces cut at a sentence end (else at a space) before it: a
   * scraped page can be one 2 MB "paragraph", and the tokenizer's work must not depend on how text is laid out.
   */
  maxParagraphChars: 10_000,
  /**
   * A sentence of more tokens than this is split into pieces of this size. Entity, quote and date rules look
   * at pairs and runs of tokens within a sentence; news sentences stay under ~80 tokens, and a 10,000-token
   * run of capitalised words made name finding quadratic.
   */
  maxSentenceTokens: 200,
} as const;
