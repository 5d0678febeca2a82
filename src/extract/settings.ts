// Extraction settings that guard against hostile or non-article input: how much clean text an article may keep,
// which URLs an article may carry, and when a page is a list of links rather than an article. Each value says why
// it is what it is. (The content-extraction thresholds live beside the code they tune: html-content.ts, text-*.ts.)

/**
 * Largest clean text an article keeps, in UTF-8 bytes; longer text is cut at a boundary below it, with a warning.
 * 2 MB is about 350,000 words — a few hundred times the longest news article — yet small enough that analysis,
 * search indexing and the web page of one article stay fast. Configurable per ingest (`--max-text`).
 */
export const DEFAULT_MAX_TEXT_BYTES = 2 * 1024 * 1024;

/**
 * When the cut falls inside a paragraph, a sentence end is looked for this far back from the cap (in characters)
 * before settling for a word break: far enough to find one in any prose, near enough to bound the search.
 */
export const CUT_SENTENCE_WINDOW = 4096;

/** URL schemes an article's `url` may have: anything else (`javascript:`, `data:`, `file:`) is dropped. */
export const ARTICLE_URL_SCHEMES = new Set(['http:', 'https:']);

/** Longer URLs are not links a reader follows: browsers and servers refuse far shorter ones (8 KB is common). */
export const MAX_URL_LENGTH = 4096;

/**
 * A page is a list of links (a home page, a section front, a tag page, a sitemap) and not an article when all of
 * these hold. "The page" is its body once scripts, styles, menus (`<nav>`) and footers are dropped; "the content"
 * is what main-content extraction (Readability and its fallbacks) chose as the article.
 */
export const LINK_LIST = {
  /**
   * The page has at least this many links with text. An article with inline links and a related-links box is
   * rarely judged at all; section fronts have 50–300. Over the 890 real article pages of ../shared/eval (extraction
   * and dates sets) the median is 49, so most pages are judged.
   */
  minLinks: 40,
  /**
   * The content holds no run of prose this long: consecutive paragraphs, each a sentence or more of mostly
   * unlinked text, with no link line between them. A front page's teasers are one summary under each headline
   * link, so each is its own run. 110 of the 890 real article pages have less (briefs, captions of a gallery,
   * pages whose text Readability misses), which is why this alone never refuses a page.
   */
  maxProseRunChars: 600,
  /**
   * ...and at least this share of the content's text is link text (a headline list, a sitemap, a link roundup).
   * Real short articles measured at most 40% here (most under 15%), even when 80% of their page is links: the
   * share of the whole page is no guide, the content's is.
   */
  minContentLinkShare: 0.5,
  /**
   * ...or the content has at least this many headline links, and no fewer than it has paragraphs of prose: teaser
   * cards (headline link, one-sentence summary, next headline link). Real short articles had at most 11.
   */
  minHeadlineLinks: 15,
  /** A line is a link line when at least this share of it is link text. */
  linkLineMinShare: 0.5,
  /** A link line this long is a headline, not a menu entry or "more…". */
  headlineMinChars: 20,
  /** A paragraph counts as prose when at most this share of it is link text (inline links in a sentence)... */
  proseMaxLinkShare: 0.3,
  /**
   * ...and it has at least this many characters (not words: Chinese and Japanese do not space them), ending like
   * a sentence: "Read the full story." is not a paragraph of an article.
   */
  proseMinChars: 60,
} as const;

/**
 * How a page's publication date is chosen among the dates it carries (html-dates.ts). Each value says why.
 */
export const PUBLISHED_DATE = {
  /**
   * A crawl time (the document's `fetchedAt`) before this year is a placeholder, not a crawl: tests and evals
   * that want no clock use the Unix epoch. The web had no news pages before 1991.
   */
  minCrawlYear: 1991,
  /**
   * A date printed in the text (not declared in metadata) before this year is one the text talks about: the web
   * had no pages to publish before 1991. Metadata that declares an older date (a digitised archive) is believed.
   */
  minTextYear: 1991,
  /**
   * A date more than this many years before the latest of the page's other dated metadata is not its
   * publication date: an old template's date, a reused JSON-LD block (a 2005 date once came with a 2020 page).
   * Ten years keeps an old article republished with a fresh modified date, which is rarely that far apart.
   */
  outlierYears: 10,
  /**
   * At most this many elements whose class or id says "date" are read for a printed date: the header's come
   * first in document order, and the bound keeps the scan of a huge page short.
   */
  maxDateElements: 400,
  /**
   * When the page names no date anywhere else, the first date in this many characters of its text is taken: the
   * headline, date line and first paragraphs fit with room to spare, and a huge page is not read to its end.
   */
  pageTextChars: 100_000,
  /** A date element's text longer than this is prose or a whole block, not a date line ("Posted on 3 May 2021 by…"). */
  maxDateElementChars: 120,
  /**
   * A UTC stamp and a printed day at most this many days apart are one publication seen in two zones: the day the
   * page prints is the local day it means (a story posted at 22:35 in California is 06:35 UTC the next day).
   */
  zoneSlackDays: 1,
  /**
   * At most this many characters of script text (JSON-LD aside) are searched for a publication key: a page's own
   * state comes early, and frameworks inline megabytes of it, which are not read to the end.
   */
  maxScriptChars: 1_000_000,
  /**
   * When the head declares more than this many different publication days at its best rank, it lists other
   * articles too, and the days do not vote (the page's own comes first): a page declares its own date at most
   * a few ways (2–3 days, from stale fields), a teaser list dozens.
   */
  maxVotingDays: 3,
  /**
   * A container classed as a side bar or teaser that holds more than this share of the page's text is the main
   * column (a theme's `mainwrap sidebar`), and its dates are the article's.
   */
  mainColumnShare: 0.5,
  /** A date line opens with its date, after at most a label this long ("Datum: ", "Posted "): not a headline. */
  dateLineLeadChars: 12,
  /** At most this many labels ("Veröffentlicht am", "Updated:") in the page's text are read for the date after them. */
  maxLabelledDates: 50,
  /**
   * The date must follow its label within this many characters, with nothing but spaces between: "am 16.08.2019",
   * not a date further on in the sentence.
   */
  labelReachChars: 40,
  /** At most this many `<img>` sources are looked at for a day in their path: the article's own images come first. */
  maxImages: 50,
  /**
   * A UTC stamp moves to a day the article shows only if some zone this far from UTC reaches that day: 12:53Z is
   * the same day from Hawaii to New Zealand's winter, so a teaser's next-day date nearby does not move it.
   */
  maxZoneHours: 11,
  /**
   * UTC hours that, to the second (22:00:00Z, 23:00:00Z), are the midnight that begins a day in Central Europe:
   * a CMS that stores only the day writes it so. Whole-hour stamps at other hours are real times.
   */
  midnightUtcHours: [22, 23] as readonly number[],
} as const;

/**
 * When extraction keeps little of a text-heavy input, the article says so in a warning (`kept 12% of the input's
 * text`): a format read the wrong way (SGML newswire read as plain text kept a median 13%), a page whose content
 * finder chose one box of many. The input's text is, for plain text, all of it; for a page, its prose: the `<p>`
 * paragraphs of a sentence or more, once scripts, menus (`<nav>`) and footers are gone. (Counting all of a page's text,
 * 15 of the 91 pages of ../shared/eval/extraction were warned, every one a page whose article is truly under a third
 * of its text — menus, teasers, comments; counting its prose, 1, a page with a long comments section.) Warned, never
 * refused: the article stays.
 */
export const LOW_YIELD = {
  /**
   * Only inputs with at least this many characters of text are judged: a short page's comments box or link list
   * can outweigh its article without anything being lost. 2,000 characters is a short news story (~350 words).
   */
  minInputChars: 2000,
  /**
   * ...and only when the clean text is under this share of it. News pages' menus, teasers and footers are often
   * half of their text, rarely two thirds; below a third, more was probably lost than was boilerplate.
   */
  maxKeptShare: 1 / 3,
  /**
   * A page's paragraph counts as prose from this many characters, ending like a sentence: a one-line caption,
   * a button or a teaser's headline does not; a short paragraph of an article (two lines of print) does.
   */
  proseMinChars: 80,
} as const;

/**
 * Readability's content scoring (html-scorer.ts), Readability 0.6's own values: F1 on ../shared/eval/extraction was
 * measured with them, and the scorer stands in for Readability, so each is the value Readability uses, for its reason.
 */
export const CONTENT_SCORE = {
  /** A class or id that says "article" or "comment" moves an element this far (either way). */
  classWeight: 25,
  /** A paragraph shorter than this (characters) is a caption or a button, and scores nothing. */
  minParagraphChars: 25,
  /** A paragraph's score reaches this many ancestors (parent full, grandparent half, then a third per level). */
  ancestorLevels: 5,
  /** A paragraph earns a point per 100 characters, up to this many: a long one is not worth ten short ones. */
  maxLengthPoints: 3,
  /** How many top candidates are compared to see whether the content is split over several containers. */
  topCandidates: 5,
  /** ...those scoring at least this share of the best count as close... */
  alternativeShare: 0.75,
  /** ...and when this many share an ancestor, the ancestor holds the content. */
  minAlternatives: 3,
  /** A sibling of the top candidate joins it above this share of its score (or this many points, below). */
  siblingShare: 0.2,
  minSiblingScore: 10,
  /** A sibling paragraph this long joins when under this link density; a shorter one only ending a sentence, linkless. */
  siblingParagraphChars: 80,
  siblingLinkDensity: 0.25,
  /** A div holding just one paragraph, under this link density, is that paragraph. */
  singleParagraphLinkDensity: 0.25,
  /** Links to a place on the page (`#…`) count this much of their text: footnotes and tables of contents. */
  hashLinkWeight: 0.3,
  /** A byline element holds less text than this. */
  maxBylineChars: 100,
  /** A heading this similar (shared words by length) to the title is the headline, shown apart from the text. */
  titleSimilarity: 0.75,
  /** A share bar inside the content is removed when its text is shorter than this (the content's threshold). */
  shareMaxChars: 300,
  /** A block of the content with this many commas is prose, never cleaned as a link list or a form. */
  cleanMaxCommas: 10,
  /** A block whose list items hold more than this share of its text is a list. */
  listTextShare: 0.9,
  /** List items beyond this many more than paragraphs make a block that is not a list a link list. */
  listItemAllowance: 100,
  /** A block shorter than this is tested for being only "Advertisement" or "Loading…". */
  adWordMaxChars: 30,
  /** A short block that is mostly headings is kept even with links in it. */
  headingDensity: 0.9,
  /** Link density above which a block is a link list (0.5 when its class says it is content). */
  maxLinkDensity: 0.2,
  maxLinkDensityPositive: 0.5,
  /** A table with this many rows, more columns than this, or more cells than this holds data, not layout. */
  dataTableRows: 10,
  dataTableColumns: 4,
  dataTableCells: 10,
} as const;
