// The records that flow through the pipeline (see DESIGN.md "Records").
// Every stage is a pure function from one of these to the next; only ingest/,
// store/, server/ and cli/ do I/O.

/** Metadata that arrives beside the content: a manifest line, a JSONL record's fields, a feed item. */
export interface SidecarMeta {
  url?: string;
  title?: string;
  /** `YYYY-MM-DD` or a full ISO timestamp. */
  published?: string;
  outlet?: string;
  byline?: string;
  language?: string;
}

export type ContentKind = 'html' | 'text';

/** One input as read from its source, decoded to text, before extraction. */
export interface RawDocument {
  /** Where it came from: a path, `path#L12` for a JSONL line, a URL, a WARC record id. */
  source: string;
  kind: ContentKind;
  /** The decoded content (HTML source or plain text). */
  content: string;
  /** The character encoding the bytes were decoded from (`utf-8`, `windows-1252`, …). */
  encoding: string;
  /** When it was read (ISO timestamp). */
  fetchedAt: string;
  /** Fields given beside the content. Manifest fields are merged in here and win over the content. */
  meta: SidecarMeta;
  /** The clean-text cap of this ingest (`--max-text`), in bytes; absent: extraction's default (2 MB). */
  maxTextBytes?: number;
}

/** How a publication date was found, most trusted first. */
export type DateSource = 'sidecar' | 'html-meta' | 'text' | 'url' | 'path' | 'inferred';
export type DatePrecision = 'time' | 'day' | 'month' | 'year';

export interface PublishedDate {
  /** `YYYY-MM-DD`, `YYYY-MM`, `YYYY`, or `YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM]` when precision is `time`. */
  value: string;
  precision: DatePrecision;
  from: DateSource;
  /**
   * Only when `from` is `inferred`: the days the article can have been published on, as far as the evidence
   * goes (inclusive `YYYY-MM-DD`; `latest` absent when nothing bounds it from above). `value` is the likeliest
   * day in it (the earliest: news is published soon after what it reports). Never a certainty.
   */
  window?: DayWindow;
}

/** An inclusive range of days (`YYYY-MM-DD`); `latest` absent: open-ended. */
export interface DayWindow {
  earliest: string;
  latest?: string;
}

/** A line taken out of the text as boilerplate, kept for audit and never shown as content. */
export interface RemovedLine {
  text: string;
  /** Short machine-readable reason: `menu`, `share`, `advertisement`, `caption`, `copyright`, `teaser`, … */
  reason: string;
}

export interface Article {
  /** Hash of the normalised clean text (see `articleId`): same text, same id. */
  id: string;
  source: string;
  url?: string;
  outlet?: string;
  title?: string;
  byline?: string;
  published?: PublishedDate;
  /** A place the text opens with (`PARIS:`), as printed. */
  dateline?: string;
  /** ISO 639-1 code, or `und` when unknown. */
  language: string;
  /** Clean paragraphs, in order. */
  paragraphs: string[];
  /** `paragraphs.join('\n\n')`: every character span in the system points into this string. */
  text: string;
  removed: RemovedLine[];
  /** What was done to the input on the way that a reader should know (text cut at the size cap, a URL dropped). */
  warnings?: string[];
}

/**
 * How strongly a cited span supports the text it is cited for: `same` says it word for word (case, punctuation
 * and a dateline aside), `near` is a lightly edited copy of it, `related` says the same thing in other words.
 */
export type CitationMatch = 'same' | 'near' | 'related';

/** A character span of an article's `text`: the provenance of every derived fact. */
export interface Citation {
  article: string;
  start: number;
  end: number;
  /** How close the span's words are to the shown text's (compose/citations.ts). */
  match: CitationMatch;
  /** The article is a stored (near) copy of another cited article (`StoryArticle.duplicateOf`). */
  copy?: true;
}

// ---- Analysis (issue 3) ----

export interface Span {
  start: number;
  end: number;
}

export type EntityType = 'PERSON' | 'ORG' | 'PLACE' | 'OTHER';

export interface Geo {
  lat: number;
  lon: number;
  /** ISO 3166-1 alpha-2. */
  country?: string;
}

export interface EntityMention extends Span {
  text: string;
  /** Key of the entity it resolves to within the analysis (`entities[].key`). */
  entity: string;
}

export interface Entity {
  /** Stable key: type + normalised canonical name. */
  key: string;
  name: string;
  type: EntityType;
  aliases: string[];
  geo?: Geo;
}

/** One article's entities and mentions, as a story's entities are merged from them. */
export interface ArticleEntities {
  article: string;
  entities: Entity[];
  mentions: EntityMention[];
}

/** A story's entities merged from its articles' (analyze/entities-merge.ts makes them, compose/ reads them). */
export interface MergedEntities {
  entities: Entity[];
  /** Article-level key → story-level key (when one key means two things in two articles, the more mentioned wins). */
  keyMap: Map<string, string>;
  /** The exact mapping, article by article: article id → (article-level key → story-level key). */
  byArticle: Map<string, Map<string, string>>;
}

export type TimexGranularity =
  'time' | 'day' | 'week' | 'month' | 'quarter' | 'season' | 'year' | 'decade' | 'century' | 'ref';

export interface TimeExpression extends Span {
  text: string;
  /** TIMEX3-style value: `2015-09-27`, `2015-09`, `2015-W46`, `PRESENT_REF`, … ; undefined when it could not be resolved (no anchor). */
  value?: string;
  granularity: TimexGranularity;
  type: 'DATE' | 'TIME';
  /** True when the value depends on an anchor date the article did not have. */
  unresolved?: boolean;
}

export interface Quote extends Span {
  /** The quoted words, without the quotation marks. */
  text: string;
  kind: 'direct' | 'indirect';
  cue?: string;
  /** The speaker as written near the quote ("Le Drian", "he", "the presidency"), with its span. */
  speakerMention?: Span & { text: string };
  /** Key of the resolved speaker entity, when known. */
  speaker?: string;
  /** The speaker's resolved name ("Jean-Yves Le Drian" for a "he said"), when known: shown when no entity is linked. */
  speakerName?: string;
}

export interface SentenceAnalysis extends Span {
  /** The event date this sentence reports (a TIMEX3 value), when it has one. */
  eventDate?: string;
  /**
   * True when it names no date of its own but reports at its article's reference date (the publication): a
   * present, present-perfect or present reporting frame ("BP says…", "has confirmed…").
   */
  atReference?: true;
  /**
   * True when it names no date of its own and tells background ("has previously confined…", a pluperfect main
   * clause): its article's publication day does not date it either.
   */
  background?: true;
}

export interface Analysis {
  article: string;
  sentences: SentenceAnalysis[];
  entities: Entity[];
  mentions: EntityMention[];
  timexes: TimeExpression[];
  quotes: Quote[];
}

// ---- Stories (issues 4 and 5): the shape `storyline story ID --json` prints ----

export interface CitedText {
  text: string;
  citations: Citation[];
}

/** A cited text with the date of the event it reports (`YYYY-MM-DD`, or `YYYY-MM` when only the month is known). */
export interface DatedText extends CitedText {
  date: string;
}

/** A timeline entry: cited text and how sure its date is. */
export interface TimelineEntry extends CitedText {
  /**
   * True when the entry's date rests on an inferred publication date (an undated article dated by its story,
   * see `StoryArticle.inferredPublished`): shown as "(inferred)", never as certain.
   */
  inferred?: true;
}

export interface TimelineDay {
  /** `YYYY-MM-DD`, or `YYYY-MM` when only the month is known. */
  date: string;
  granularity: 'day' | 'month';
  entries: TimelineEntry[];
}

export interface StoryArticle {
  id: string;
  title?: string;
  outlet?: string;
  published?: string;
  url?: string;
  /** The canonical article this one is a (near) copy of. */
  duplicateOf?: string;
  /** For an article without a headline: its opening words, shown in the headline's place (compose/title.ts). */
  lead?: string;
  /**
   * For an article that gives no date: the date its story puts it at (`from: 'inferred'`, with its window), from
   * the dates it mentions and the events it shares with dated articles. Recomputed each time the story is
   * composed (it depends on the story's other articles), so it lives in the story, not in the article record;
   * `published` stays absent.
   */
  inferredPublished?: PublishedDate;
}

export interface SharedPassage {
  text: string;
  articles: string[];
}

export interface StoryEntity {
  id: string;
  name: string;
  type: EntityType;
  aliases: string[];
  /** How many times it is mentioned across the story's articles. */
  mentions: number;
  geo?: Geo;
}

export interface StoryQuote {
  /** The speaker's name as resolved (entity name when known). */
  speaker: string;
  /** The story entity of the speaker, when linked (`entities[].id`). */
  speakerId?: string;
  text: string;
  article: string;
  start: number;
  end: number;
}

/** Something that happened on a date inside a story: the articles that report it. */
export interface StoryEvent {
  /** `YYYY-MM-DD` of the day reported; absent for the articles nothing dates. */
  date?: string;
  /** True when the date rests on inferred publication dates only (see `StoryArticle.inferredPublished`). */
  inferred?: true;
  title: string;
  articles: string[];
}

export interface Story {
  id: string;
  title: string;
  version: number;
  /** ISO timestamp of the last change. */
  updated: string;
  summary: CitedText[];
  /** What happened most recently: one sentence of the story's latest event, with its date (absent when none). */
  latest?: DatedText;
  timeline: TimelineDay[];
  articles: StoryArticle[];
  events: StoryEvent[];
  sharedPassages: SharedPassage[];
  entities: StoryEntity[];
  quotes: StoryQuote[];
  /**
   * What the summary, timeline, entities and quotes were last composed from: the story's version and its member
   * count then. A long story is recomposed once it has grown enough since (`PIPELINE.recomposeShare`); in between,
   * its new articles are listed in `articles` and `events` only. Absent for a story composed outside the pipeline.
   */
  composedFrom?: { version: number; articles: number };
}

/** One occurrence of a shared passage: `text.slice(start, end)` of article `article`. */
export interface PassageSpan {
  article: string;
  start: number;
  end: number;
}

/** A passage of an article that other (not near-copy) articles also carry: its span and theirs. */
export interface ArticlePassage {
  start: number;
  end: number;
  shared: PassageSpan[];
}

/**
 * What the dedup stage found for one article when it was checked against the archive, stored with the article:
 * the earliest stored near-copy it copies (if any) and the passages it shares with earlier articles.
 */
export interface ArticleDedup {
  article: string;
  duplicateOf?: string;
  /** Estimated Jaccard similarity of its shingles to `duplicateOf`'s. */
  similarity?: number;
  passages: ArticlePassage[];
}
