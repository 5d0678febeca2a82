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

/** Hits on the web UI's search page. */
export const SEARCH_PAGE_HITS = 30;

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
