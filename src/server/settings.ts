// Every tunable of the HTTP server's defences in one place, each with the reason for its value.
import { availableParallelism } from 'node:os';

// ---- Search -------------------------------------------------------------------------------------------------------

/**
 * How long one search may take, from the moment it is asked (waiting for a free search worker included) to its
 * answer. A search for a very common word on a large archive ranks every matching article; past this, the client
 * gets a 503 and the worker running it is replaced, so one expensive query never holds a worker for long.
 */
export const SEARCH_DEADLINE_MS = 2_000;

/**
 * Worker threads that run SQLite searches, each with its own read-only connection. All cores but one (that one
 * serves HTTP on the event loop), at least one; no more than four, because searches share one file and its page
 * cache and more readers stop paying off.
 */
export function defaultSearchWorkers(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

/**
 * Searches that may wait for a free worker. Beyond this, a search is refused at once with a 503 ("busy") instead of
 * joining a queue it would only time out in: at the deadline above, a worker gets through a few hundred
 * common-word searches, so a longer queue holds requests that are bound to fail.
 */
export const SEARCH_MAX_QUEUED = 256;

/**
 * Workers that were terminated at their deadline but whose thread has not exited yet. Terminating a thread stops its
 * query at the next row, but a single row (a snippet of a huge article) can take a while; new workers are not
 * started past this many stragglers, so a burst of overruns cannot pile up threads.
 */
export const SEARCH_MAX_DRAINING = 4;

/**
 * Bytes of the database file a search worker's read-only connection reads through a memory map (PRAGMA
 * mmap_size) instead of read() calls into its own page cache: a page of hits reads 31 rows at random, and without
 * the map each page of each row was a system call and a copy. Measured on Timeline17 (2,600 articles, 90 MB), one
 * process: 0.82-0.98 ms a search against 1.10-1.14 without (min of 12 rounds of 861 queries, three runs each).
 * The map only reserves address space; the kernel's page cache holds the pages either way. Beyond it, reads fall
 * back to read() calls.
 */
export const SEARCH_MMAP_BYTES = 1024 * 1024 * 1024;

/** How long a search worker waits for the database's write lock holder before a read fails (ms). WAL readers
 * rarely wait at all; this covers a checkpoint that truncates the WAL. */
export const SEARCH_BUSY_TIMEOUT_MS = 1_000;

/** Hits one search request may return. Snippets cost time per hit; a page of results is what a reader looks at. */
export const SEARCH_MAX_LIMIT = 100;

/**
 * The deepest result a search can reach (offset + limit). The ranking must order every hit up to the window's end
 * and a deep page of full-text hits is never read by a person; scripts that want everything read the stories.
 */
export const SEARCH_MAX_WINDOW = 200;

/**
 * Hits on the web UI's search page: as many as the story page's list of sources shows (STORY_PAGE.sourcesPerPage),
 * a screen or two of snippets. Every hit costs its row and its snippet, so a longer page is slower for every reader
 * while most read only the first few; "more" is one link away.
 */
export const SEARCH_PAGE_HITS = 20;

/** The search workers' in-memory index of the articles (article-index.ts). */
export const SEARCH_INDEX = {
  /**
   * Column weights, as the store's bm25() has them (store/sqlite/search.ts): a word in the title counts five times
   * as much as one in the text. Integers, so a posting's weighted frequency is one integer.
   */
  titleWeight: 5,
  textWeight: 1,
  /** BM25's constants, FTS5's own (k1 1.2, b 0.75, idf floored just above zero), so the order is the store's. */
  bm25: { k1: 1.2, b: 0.75, minIdf: 1e-6 },
  /**
   * How long one step of building the index (or of its catch-up) may run before the worker yields (ms): a search
   * that arrives meanwhile waits at most this (and answers from the store's full-text index until this index has
   * caught up), far within the search deadline.
   */
  buildStepMs: 10,
  /** Articles read from the store at a time for the build (their texts are held until indexed). */
  buildRead: 100,
  /** Longest snippet (characters): a sentence is shown whole up to this, longer ones are cut around the match. */
  snippetChars: 240,
} as const;

// ---- Access token -------------------------------------------------------------------------------------------------

/**
 * The shortest access token accepted. A token guards a server reachable from a network: 16 characters of
 * `openssl rand -hex 16` (32) are out of reach of guessing; a short word is not.
 */
export const MIN_TOKEN_LENGTH = 16;

/** The session cookie's name; the port is appended, because browsers share cookies between ports of one host. */
export const TOKEN_COOKIE_PREFIX = 'storyline_session_';

/** How long the session cookie lasts (seconds): a month, so a browser need not be given the token every day. */
export const TOKEN_COOKIE_MAX_AGE_S = 30 * 24 * 60 * 60;

/** The query parameter that carries the token once, to set the cookie (then the browser is redirected without it). */
export const TOKEN_QUERY_PARAM = 'token';

/** The one endpoint answered without the token: a load balancer or a container probe knows no secret. */
export const HEALTH_PATH = '/api/health';

// ---- Hosts --------------------------------------------------------------------------------------------------------

/** The names of this machine's loopback interface a browser may put in `Host` (IPv6 in brackets, as in a URL). */
export const LOOPBACK_HOST_NAMES = ['localhost', '127.0.0.1', '[::1]'] as const;

/** Environment variables the CLI reads (the flags win). */
export const ENV_TOKEN = 'STORYLINE_TOKEN';
export const ENV_ALLOWED_HOSTS = 'STORYLINE_ALLOWED_HOSTS';

// ---- What changed -------------------------------------------------------------------------------------------------

/** Change log entries one API request returns by default, and at most: a page a client can page through. */
export const CHANGES_DEFAULT_LIMIT = 100;
export const CHANGES_MAX_LIMIT = 500;

/** Entries in an Atom feed: feed readers keep what they have seen, so the newest few dozen are enough. */
export const FEED_ENTRIES = 50;

/** Article titles (or dates, speakers) written out in one change's summary before the rest are counted. */
export const FEED_TITLES_LISTED = 5;

// ---- Finding stories ----------------------------------------------------------------------------------------------

/**
 * How much a query word counts where it is found in a story: the title names what the story is about, an entity is
 * a name the reader looked for, a summary word may be incidental.
 */
export const STORY_SEARCH_WEIGHTS = { title: 3, entities: 2, summary: 1 } as const;

/** Story hits one request may return (API and web page): a page a reader looks at, like article hits. */
export const STORY_SEARCH_MAX_LIMIT = 100;

/** Story hits on the web UI's search page, above the article hits: a few best stories, then "more stories". */
export const SEARCH_PAGE_STORY_HITS = 5;

/** Stories a page of the front page lists: a screenful or two of cards. */
export const FRONT_PAGE_STORIES = 30;

/**
 * How often the story index (story search, filters) checks whether the stories changed, in ms: a listing of
 * every story's id and version, cheap but not free; this server's own ingests invalidate at once.
 */
export const INDEX_CHECK_EVERY_MS = 1000;

/** Stories read per listing while the index is built (the store's largest page). */
export const INDEX_LIST_PAGE = 500;

/** The longest outlet name a filter takes: longer than any real outlet name, short enough to bound the query. */
export const FILTER_MAX_OUTLET_LENGTH = 200;

// ---- Compression and caching --------------------------------------------------------------------------------------

/**
 * Cache-Control of pages and API answers: a browser or proxy may keep them but must ask again each time (a story
 * changes whenever an article joins it); the ETag makes that question a `304` without a body.
 */
export const CACHE_CONTROL_DEFAULT = 'no-cache';

/** Cache-Control of the stylesheet, scripts and world outline: they change only with a new version of the server. */
export const CACHE_CONTROL_ASSETS = 'public, max-age=300';

/**
 * Smallest body compressed (bytes): below about a kilobyte gzip's header and the CPU cost outweigh what it saves
 * (the plugin's own default).
 */
export const COMPRESS_THRESHOLD_BYTES = 1024;

/** Encodings offered, best first: brotli is ~15% smaller than gzip on the story pages, gzip is what every client reads. */
export const COMPRESS_ENCODINGS = ['br', 'gzip'] as const;

/**
 * Brotli quality (0–11) of every body compressed on the request path (a page is compressed at the first request
 * that asks for it). 3, not the plugin's default 4: on the pages here (a 26 KB search page, a 180 KB story page) 4
 * costs 2–3× the CPU of 3 for 4–5% fewer bytes, and a new search page is compressed for the one request that asked;
 * 2 and below lose more bytes than they save time; 11 is ~50× slower.
 */
export const BROTLI_QUALITY = 3;

/**
 * Gzip level (1–9) for the clients without brotli: zlib's default 6, within a few percent of 9's size. Few clients
 * lack brotli, so its cost is seldom paid; 4 would save about a quarter of the time for 3–5% more bytes.
 */
export const GZIP_LEVEL = 6;

/**
 * Largest body compressed on the event loop itself (bytes); larger ones go to libuv's thread pool. The hand-off is
 * not free: measured here at brotli quality 3 under 20 concurrent compressions, a 20 KB page cost 0.27 ms of CPU
 * compressed in place but 1.5 ms through the pool (0.33 ms of it on the event loop anyway), an 80 KB one 0.8 against
 * 2.4 ms (0.6 on the loop). Up to 64 KB compressing in place costs the loop about what the hand-off does and the
 * machine a third to a fifth of the CPU; beyond it the pool keeps one big body from stalling other requests.
 */
export const COMPRESS_IN_PLACE_MAX_BYTES = 64 * 1024;

// ---- Story pages that scale with the story --------------------------------------------------------------------------

export const STORY_PAGE = {
  /** Source rows a page of the sources list shows: a screen or two; the rest is a plain link away (`?sources=2`). */
  sourcesPerPage: 20,
  /** Outlets named with their counts above the sources; the rest are counted together ("and 12 more outlets"). */
  outletsListed: 12,
  /** Copies listed under one source: a wire story can be reprinted hundreds of times, the count says how many. */
  copiesListed: 10,
  /** People or organisations a page shows per type, and how many more each "more" link adds. */
  entitiesStep: 25,
  /** Speakers a page shows, and how many more each "more" link adds; each with their first few quotes. */
  speakersStep: 12,
  /** Quotes shown per speaker (the entity page has them all). */
  quotesPerSpeaker: 3,
  /** Events shown (the most reported, in date order), and how many more each "more" link adds. */
  eventsStep: 15,
  /** Source links shown per event; the count says how many report it. */
  eventSources: 6,
  /** Shared passages shown (those in most articles first), and articles named per passage. */
  passagesShown: 8,
  passageArticles: 6,
  /** A shared passage is quoted up to this many characters (cut at a word): a wire chronology runs to pages. */
  passageChars: 400,
  /** Changes listed in the story's history, newest first; the Atom feed has the rest. */
  changesShown: 20,
  /** Places on the map: the most mentioned; a map with hundreds of dots says nothing. */
  mapPlaces: 30,
  /** Places without coordinates (or areas: continents, seas) listed beside the map with their counts. */
  unmappedListed: 12,
  /** A timeline with more dates than this, over several months, is folded by month (each month a `<details>`). */
  timelineFoldDates: 12,
  /** Highest page number accepted in a story page's paging parameters: beyond any story, and bounded. */
  maxPage: 1000,
} as const;

/**
 * Citation marks shown after one sentence: those printing it, then those saying it in other words ("cf."); the
 * rest are counted ("+12"). A summary sentence of a 1,000-article story can cite 50 sources; a reader checks a few.
 */
export const CITATIONS_SHOWN = { strong: 6, related: 3 } as const;

/** The coverage picture (pages/coverage.ts): articles per day across the story's span, by outlet. */
export const COVERAGE = {
  /** Outlets with a colour of their own (the most prolific); the rest are one "other" colour. */
  outlets: 5,
  /** Most bars drawn: longer spans are binned into weeks or more, so a bar stays wide enough to see. */
  maxBars: 120,
  /** Drawing size in SVG units (the picture scales to its column; text is sized against these). */
  width: 640,
  height: 150,
  /** Least room between two date labels of the axis (SVG units): about a label's width ("30 Sep 2015"). */
  axisLabelGap: 80,
  /** Room for the axis labels below the bars and the day counts left of them. */
  marginBottom: 30,
  marginLeft: 34,
  marginTop: 10,
  marginRight: 8,
} as const;

/** The map (pages/map.ts). */
export const MAP = {
  /** Smallest frame (degrees of longitude): one city alone still shows its surroundings. */
  minWidthDeg: 24,
  /** Margin around the places' box (share of its size), so no dot sits on the frame. */
  marginShare: 0.15,
  /** Dot radius of the most mentioned place, and the least any dot has, as shares of the frame's width (area ∝ mentions). */
  minDotShare: 0.006,
  maxDotShare: 0.022,
  /** Label font size as a share of the frame's width. */
  fontShare: 0.032,
  /** Average glyph width as a share of the font size (system sans-serif), for the labels' bounding boxes. */
  glyphWidth: 0.58,
  /**
   * Labels tried, most mentioned places first; a label that fits nowhere is dropped (the dot keeps its tooltip). A
   * label may cover a smaller place's dot only when no free position is left, and only among the first this many
   * (the most mentioned places, whose names matter more than a small dot being visible).
   */
  labelsOverDots: 5,
  maxLabels: 15,
} as const;
