// The composition room's tunables that are not a timeline's or a summary's options (those live beside their
// code, in timeline.ts, timeline-dates.ts and summary.ts, as callers pass them per run).

/** Publication dates for undated articles, from the story they are in (infer-dates.ts). */
export const INFER_DATES = {
  /**
   * Undated articles of one story inferred per composition, the rest left undated: each costs a bounded number
   * of time-expression resolutions, and a story is recomposed whenever an article joins it.
   */
  maxArticles: 40,
  /**
   * Sentences with a relative time expression ("on Sunday", "last month") matched per undated article, in text
   * order: the opening sentences carry the news, and each match costs a few dozen resolutions of its sentence.
   */
  maxQueries: 8,
  /** Dated event sentences tried per query (best matching first): more rarely helps, each costs resolutions. */
  anchorsPerQuery: 3,
  /** Dated event sentences indexed per story (taken article by article, opening sentences first). */
  maxAnchors: 3000,
  /** Of one article, at most this many event sentences indexed: a long chronology must not fill the index. */
  anchorsPerArticle: 40,
  /**
   * Of one article, only this many first sentences are read for word frequencies and dated sentences: news
   * tells its events first, and reading every sentence of every article of a big story cost more than the rest
   * of the inference together.
   */
  sentencesPerArticle: 60,
  /**
   * A word in more indexed sentences than this is too common to retrieve candidates by (it still counts in the
   * similarity): keeps each query's cost bounded whatever the story's size.
   */
  maxPostings: 300,
  /**
   * Two sentences report one event when their content words (time words left out, each weighted by its IDF over
   * all the story's sentences, so that its topic words count little) have at least this cosine. Every sentence
   * of a story shares its topic ("air strikes", "Syria"): pairs sharing only that, with different actors, scored
   * up to ~.21 on the seeds, paraphrases of one event ("six warplanes hit an IS training camp" / "six jet
   * fighters destroyed an IS training camp") from ~.23. A thin margin: the match must also give a consistent
   * date window, which most chance pairs do not.
   */
  minSimilarity: 0.22,
  /** …and share at least this many content words (a single shared name is not an event). */
  minSharedWords: 3,
  /**
   * How far (days) from the event a publication date is searched for: a year-less date ("30 September") can
   * lie up to about a year from it, every other relative expression far less.
   */
  searchDays: 400,
  /**
   * An article inferred to a window of at most this many days counts as published on its estimate: its opening
   * sentences speak for that day in the timeline and events, and its newly dated sentences may date other
   * undated articles. A weekday ("on Sunday") matched once gives exactly 7 days; wider windows (only "on or
   * after 30 September") date nothing but the expressions they make certain.
   */
  datingSpanDays: 7,
  /** Rounds of inference: an article dated in one round can date others in the next (a chain of reports). */
  rounds: 3,
} as const;

export type InferDateSettings = { -readonly [K in keyof typeof INFER_DATES]: number };

/** What a timeline entry or summary sentence must not start with, and how it is made to stand alone (display.ts). */
export const STANDALONE = {
  /**
   * Words that point back to a person named earlier: at a sentence's start they are replaced by that person's name
   * when the analysis knows it (the speaker of a quote whose speaker mention they are, else the one person named in
   * the sentence before), otherwise the sentence is not shown.
   */
  personPronouns: ['He', 'She', 'His', 'Her', 'Him'],
  /**
   * Words that point back to something said earlier (a thing, a group, a clause): replaced only by a quote's
   * resolved speaker ("They said" of a named organisation), otherwise the sentence is not shown. A demonstrative
   * that opens a time expression ("This week") points at a time the analysis resolved, and stays.
   */
  otherPronouns: ['It', 'Its', 'They', 'Their', 'Them', 'This', 'These', 'Those', 'That', 'Such'],
  /**
   * Of those, the ones that stand for the one organisation the sentence before names (when it names no person):
   * news follows "BP said …" with "It added …"; "They" is as often the people of a place or a group, so not.
   */
  organisationPronouns: ['It', 'Its'],
  /**
   * A dateline or agency credit is at most this many characters ("SAO PAULO, Brazil, Nov. 8 (AP) --"): a longer
   * opening in capitals before a dash is a shouted headline, not a place and a date.
   */
  maxDatelineChars: 60,
  /**
   * Time expressions shown with their resolved day: those whose words name a day only relative to when the
   * article was written (a weekday, "yesterday", "tonight"), which a reader of the timeline cannot place. A
   * sentence naming one the analysis could not date is not shown. Not "today": mostly generic ("today's world"),
   * and where it is not, it is the day of the article, which its entry or citation already shows.
   */
  relativeDayWords: [
    'monday',
    'tuesday',
    'wednesday',
    'thursday',
    'friday',
    'saturday',
    'sunday',
    'yesterday',
    'tomorrow',
    'tonight',
  ],
} as const;

/** The story's title: the headline of its articles most central to the story (title.ts). */
export const STORY_TITLE = {
  /**
   * A part after " - ", " | " or " — " at the end of a headline of at most this many words, each capitalised
   * or a domain ("BBC News", "The Washington Post", "dawn.com"), is the outlet's name, not the headline.
   */
  maxOutletWords: 4,
  /** Headlines of fewer content words are page furniture ("Home", "Page not found"), not a story's title. */
  minContentWords: 3,
  /**
   * How much the words a headline shares with the story's article texts count beside those it shares with the
   * other headlines: headlines are few and short, so the texts settle ties and single out side details.
   */
  textWeight: 0.5,
  /**
   * A story none of whose articles has a headline is titled by its summary's first sentence, cut at a word boundary
   * within this many characters (and marked "…"): about what a headline holds, and one line on a phone's page top.
   */
  fallbackChars: 90,
  /** An untitled article is shown by its opening words, cut at a word within this many characters: a list line. */
  leadChars: 80,
  /**
   * An article's first sentence as its analysis split it stands for the first sentence of the opening it is cut
   * from (so the opening is not split again at every recomposition) when it ends this many characters before the
   * opening's end: the splitter reads a few tokens past a stop to decide whether it ends a sentence ("U.S. Army").
   * On 4,604 T17, DUC and ECB+ texts the two agreed every time, even with no margin at all.
   */
  leadLookaheadChars: 40,
} as const;

/** Shown for an article without a headline, the same on every page, feed and export. */
export const UNTITLED_ARTICLE = '(untitled article)';
/** Shown for a story without a title (no headline and no summary sentence). */
export const UNTITLED_STORY = '(untitled story)';

/** How many dates a story's timeline has, growing with the story (timelineDates in timeline.ts). */
export const TIMELINE_SIZE = {
  /** The fewest: a small story's handful of days (the timeline's long-standing default). */
  minDates: 10,
  /**
   * The most: past a few dozen dates a timeline is a chronology nobody reads; the page folds it by month and the
   * events list has the rest.
   */
  maxDates: 40,
  /**
   * Dates per square root of the story's original articles: 10 dates at 25 articles, 20 at 100, 40 at 400. Square
   * root, because news repeats itself: ten times the articles tell a few times the events.
   */
  perRootArticle: 2,
} as const;

/** How strong a citation is, and which sentences of a story's copies it cites (citations.ts). */
export const CITATIONS = {
  /**
   * A cited span whose word pairs (lowercased, in order; dateline and punctuation aside) overlap the shown text's
   * by at least this Jaccard is a near copy: one or two words edited in a twenty-word sentence keep ≥ .65, while a
   * paraphrase with the same content words in another order stays under .4.
   */
  nearBigrams: 0.6,
  /**
   * A copy's sentence edited past a near copy still supports the sentence it replaces (a `related` citation) when
   * their content words overlap this much: the threshold at which the timeline and summary cite a sentence of
   * another article as saying the same thing.
   */
  relatedWords: 0.5,
} as const;

/** The story summary and its one-line "latest" (summary.ts). */
export const SUMMARY = {
  /** Two summary sentences sharing this much of their content words (Jaccard) tell the same thing: one is kept. */
  redundantWords: 0.35,
  /**
   * How much a sentence's score falls per position in its article (score × 1 / (1 + this × position)): news
   * tells the essentials first, but a later sentence much more central to the story still wins.
   */
  positionDecay: 0.15,
  /** Sentences of other articles sharing this much of a summary sentence's content words are cited with it. */
  citeWords: 0.5,
  /**
   * The "latest" line is the best sentence of the latest event no longer than this (shown characters), when it
   * has one: about what a notification or a social post shows whole; longer ones are cut or run on.
   */
  latestMaxChars: 280,
  /**
   * The first and latest events told are dates at least this many of the story's sentences report (when it has
   * any): a date a single sentence names is mostly a detail or background, not one of the story's events.
   */
  eventSentences: 2,
} as const;
