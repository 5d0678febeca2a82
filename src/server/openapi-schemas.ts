// The OpenAPI components: one JSON Schema (2020-12, as OpenAPI 3.1 has it) per record the API serves, referenced
// by every path's responses. Objects are closed (`additionalProperties: false`) so that a field the server starts
// sending, or stops sending, fails test/openapi.test.ts instead of drifting silently out of the document.

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const strings = { type: 'array', items: str } as const;

/** An object schema with these required and optional properties, closed to others. */
function object(required: Record<string, object>, optional: Record<string, object> = {}, description?: string): object {
  return {
    type: 'object',
    ...(description ? { description } : {}),
    required: Object.keys(required),
    properties: { ...required, ...optional },
    additionalProperties: false,
  };
}

/** ISO 8601 at the precision the value has: `2025`, `2025-03`, `2025-03-03`, `2025-03-09T09:00:00+01:00`. */
const isoValue = {
  type: 'string',
  pattern: '^\\d{4}(-\\d{2}(-\\d{2}(T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})?)?)?)?$',
  description: 'ISO 8601 at the precision of `publishedPrecision`: YYYY, YYYY-MM, YYYY-MM-DD or a full date-time',
};
const precision = {
  type: 'string',
  enum: ['year', 'month', 'day', 'time'],
  description: 'how precise the date beside it is',
};
const day = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };
const dayOrMonth = { type: 'string', pattern: '^\\d{4}-\\d{2}(-\\d{2})?$' };
const entityType = { type: 'string', enum: ['PERSON', 'ORG', 'PLACE', 'OTHER'] };
const span = { start: int, end: int };
const dateTime = { type: 'string', format: 'date-time' };

/** A story's first and last publication dates, each with its precision (absent for an undated story). */
const spanDates = {
  firstPublished: { ...isoValue, description: 'the earliest publication date of its articles' },
  firstPublishedPrecision: precision,
  lastPublished: { ...isoValue, description: 'the latest publication date of its articles' },
  lastPublishedPrecision: precision,
};

/** The filters a list or search echoes back when they were given. */
const filterEcho = {
  outlet: str,
  from: day,
  to: day,
  language: str,
};

export const COMPONENTS: Record<string, object> = {
  Error: object(
    {
      error: { type: 'string', description: 'one line for people' },
      code: {
        type: 'string',
        description: 'stable, for programs: unknown_parameter, invalid_parameter, not_found, method_not_allowed, …',
      },
    },
    {},
    'Every 4xx and 5xx answer of the API',
  ),
  Citation: object(
    { article: str, start: int, end: int, match: { type: 'string', enum: ['same', 'near', 'related'] } },
    { copy: { type: 'boolean', description: 'the cited article is a stored copy of another cited one' } },
  ),
  CitedText: object({ text: str, citations: { type: 'array', items: ref('Citation') } }),
  LatestEvent: object({ text: str, citations: { type: 'array', items: ref('Citation') }, date: dayOrMonth }),
  TimelineDay: object({
    date: dayOrMonth,
    granularity: { type: 'string', enum: ['day', 'month'] },
    entries: {
      type: 'array',
      items: object(
        { text: str, citations: { type: 'array', items: ref('Citation') } },
        { inferred: { type: 'boolean', const: true, description: 'the date rests on an inferred publication date' } },
      ),
    },
  }),
  PublishedDate: object(
    {
      value: isoValue,
      precision,
      from: { type: 'string', enum: ['sidecar', 'html-meta', 'text', 'url', 'path', 'inferred'] },
    },
    { window: object({ earliest: day }, { latest: day }) },
  ),
  StoryArticle: object(
    { id: str },
    {
      title: str,
      outlet: str,
      published: isoValue,
      publishedPrecision: precision,
      url: str,
      duplicateOf: { type: 'string', description: 'the canonical article this one is a (near) copy of' },
      inferredPublished: { ...ref('PublishedDate'), description: 'for an undated article: where its story dates it' },
    },
  ),
  StoryEvent: object({ title: str, articles: strings }, { date: day, inferred: { type: 'boolean', const: true } }),
  SharedPassage: object({ text: str, articles: strings }),
  Geo: object({ lat: { type: 'number' }, lon: { type: 'number' } }, { country: str }),
  StoryEntity: object({ id: str, name: str, type: entityType, aliases: strings, mentions: int }, { geo: ref('Geo') }),
  StoryQuote: object({ speaker: str, text: str, article: str, ...span }, { speakerId: str }),
  Story: object(
    {
      id: str,
      title: str,
      version: int,
      updated: dateTime,
      summary: { type: 'array', items: ref('CitedText') },
      timeline: { type: 'array', items: ref('TimelineDay') },
      articles: { type: 'array', items: ref('StoryArticle') },
      events: { type: 'array', items: ref('StoryEvent') },
      sharedPassages: { type: 'array', items: ref('SharedPassage') },
      entities: { type: 'array', items: ref('StoryEntity') },
      quotes: { type: 'array', items: ref('StoryQuote') },
    },
    {
      latest: { ...ref('LatestEvent'), description: 'what happened most recently' },
      composedFrom: object(
        { version: int, articles: int },
        {},
        'the version and member count the summary, timeline, entities and quotes were composed at',
      ),
    },
  ),
  StoryListItem: object({ id: str, title: str, version: int, updated: dateTime, articles: int }, spanDates),
  StoryList: object(
    {
      total: { type: 'integer', description: 'stories that pass the filters' },
      limit: int,
      offset: int,
      sort: { type: 'string', enum: ['recent', 'size', 'updated'] },
      stories: { type: 'array', items: ref('StoryListItem') },
    },
    filterEcho,
  ),
  StorySearchHit: object(
    {
      id: str,
      title: str,
      version: int,
      updated: dateTime,
      articles: int,
      score: { type: 'number', description: 'higher is better' },
      matched: { type: 'array', items: { type: 'string', enum: ['title', 'summary', 'entities'] } },
      snippet: { type: 'string', description: 'the summary sentence with most of the words, matches in [brackets]' },
    },
    spanDates,
  ),
  StorySearchResult: object(
    {
      query: str,
      limit: int,
      offset: int,
      total: int,
      hits: { type: 'array', items: ref('StorySearchHit') },
    },
    { ...filterEcho, next: { type: 'integer', description: 'the offset of the next page, when there is one' } },
  ),
  RemovedLine: object({ text: str, reason: str }),
  AnalysisEntity: object({ key: str, name: str, type: entityType, aliases: strings }, { geo: ref('Geo') }),
  Analysis: object({
    article: str,
    sentences: {
      type: 'array',
      items: object(span, {
        eventDate: str,
        atReference: { type: 'boolean', const: true },
        background: { type: 'boolean', const: true },
      }),
    },
    entities: { type: 'array', items: ref('AnalysisEntity') },
    mentions: { type: 'array', items: object({ ...span, text: str, entity: str }) },
    timexes: {
      type: 'array',
      items: object(
        {
          ...span,
          text: str,
          granularity: str,
          type: { type: 'string', enum: ['DATE', 'TIME'] },
        },
        { value: str, unresolved: { type: 'boolean' } },
      ),
    },
    quotes: {
      type: 'array',
      items: object(
        { ...span, text: str, kind: { type: 'string', enum: ['direct', 'indirect'] } },
        {
          cue: str,
          speakerMention: object({ ...span, text: str }),
          speaker: str,
          speakerName: str,
        },
      ),
    },
  }),
  Article: object(
    {
      id: str,
      source: {
        type: 'string',
        description: 'where it was read, relative to what was given: a path, a URL, upload:NAME',
      },
      language: str,
      paragraphs: strings,
      text: str,
      removed: { type: 'array', items: ref('RemovedLine') },
      sources: { ...strings, description: 'every place the article was read from' },
      analysis: { oneOf: [ref('Analysis'), { type: 'null' }] },
    },
    {
      url: str,
      outlet: str,
      title: str,
      byline: str,
      published: isoValue,
      publishedPrecision: precision,
      publishedFrom: { type: 'string', enum: ['sidecar', 'html-meta', 'text', 'url', 'path', 'inferred'] },
      dateline: str,
      warnings: strings,
    },
  ),
  Entity: object(
    {
      id: str,
      name: str,
      type: entityType,
      aliases: strings,
      mentions: int,
      stories: { type: 'array', items: object({ id: str, title: str, mentions: int }) },
      quotes: {
        type: 'array',
        items: object({ speaker: str, text: str, article: str, story: str, ...span }, { speakerId: str }),
      },
    },
    { geo: ref('Geo') },
  ),
  SearchHit: object(
    {
      id: str,
      source: str,
      snippet: { type: 'string', description: 'matches in [brackets]' },
      score: { type: 'number' },
    },
    { title: str, outlet: str, published: isoValue, publishedPrecision: precision, url: str, language: str },
  ),
  SearchResult: object(
    {
      query: str,
      limit: int,
      offset: int,
      hits: { type: 'array', items: ref('SearchHit') },
      entities: {
        type: 'array',
        items: object({ id: str, name: str, type: entityType, mentions: int }),
      },
    },
    { ...filterEcho, next: { type: 'integer', description: 'the offset of the next page, when there may be one' } },
  ),
  Change: object(
    {
      story: str,
      kind: { type: 'string', enum: ['created', 'updated', 'merged', 'split', 'removed'] },
      at: dateTime,
    },
    {
      others: strings,
      version: int,
      articlesAdded: strings,
      articlesRemoved: strings,
      datesAdded: strings,
      quotesAdded: { type: 'array', items: object({ speaker: str, text: str, article: str }) },
      summaryAdded: strings,
      summaryRemoved: strings,
      mergedFrom: strings,
      splitInto: strings,
    },
  ),
  ChangePage: object(
    { limit: int, offset: int, changes: { type: 'array', items: ref('Change') } },
    { story: str, since: dateTime, next: int },
  ),
  IngestReport: object(
    {
      ingested: int,
      unchanged: int,
      failed: { type: 'array', items: object({ path: str, error: str }) },
      articles: strings,
      titles: { type: 'object', additionalProperties: str, description: 'article id → title' },
      stories: { type: 'array', items: object({ id: str, title: str }) },
    },
    { storiesError: str },
  ),
  Health: object({ ok: { type: 'boolean', const: true } }),
  OpenApiDocument: {
    type: 'object',
    required: ['openapi', 'info', 'paths', 'components'],
    properties: { openapi: str, info: { type: 'object' }, paths: { type: 'object' }, components: { type: 'object' } },
  },
};
