// Ingest settings for what inputs are read as articles: which newswire agencies a DOCNO names, and when a feed item is
// a link rather than an article. Each value says why it is what it is. (Size limits live in read.ts and warc.ts.)

/**
 * The agency an SGML newswire DOCNO starts with (`APW19980601.0003`, `XIN_ENG_20050314.0007`, `AP880212-0001`) →
 * the outlet it names. The codes are those of the LDC corpora that ship in this format (TIPSTER/TREC, TDT, AQUAINT,
 * AQUAINT-2, English, Arabic and Chinese Gigaword, DUC); the names are the ones the agencies go by. A code not here
 * gives no outlet (the text's own dateline or signature may still name one): a guessed name would be worse than none.
 */
export const NEWSWIRE_AGENCIES: Readonly<Record<string, string>> = {
  // AQUAINT, AQUAINT-2, Gigaword, TDT
  APW: 'Associated Press', // AP Worldstream
  APE: 'Associated Press', // AP English (AQUAINT-2)
  NYT: 'New York Times', // New York Times News Service
  XIE: 'Xinhua', // Xinhua English (AQUAINT, TDT)
  XIN: 'Xinhua', // Xinhua (Gigaword: XIN_ENG, XIN_ARB, XIN_CMN)
  AFP: 'Agence France-Presse', // Gigaword: AFP_ENG, AFP_ARB, AFP_CMN
  AFE: 'Agence France-Presse', // AFP English (Gigaword 1, AQUAINT-2)
  LTW: 'Los Angeles Times/Washington Post', // the two papers' joint news service
  WPB: 'Washington Post/Bloomberg', // their joint news service (Gigaword 5)
  CNA: 'Central News Agency', // Taiwan (Gigaword CNA_ENG, CNA_CMN)
  ANN: 'An Nahar', // Arabic Gigaword
  HYT: 'Al Hayat', // Arabic Gigaword
  ZBN: 'Zaobao', // Lianhe Zaobao, Chinese Gigaword and TDT
  VOA: 'Voice of America', // TDT broadcast transcripts
  CNN: 'CNN', // TDT
  ABC: 'ABC News', // TDT
  NBC: 'NBC News', // TDT
  MNB: 'MSNBC', // TDT
  PRI: 'Public Radio International', // TDT
  // TIPSTER/TREC disks (DUC 2001–2004 draw on them)
  AP: 'Associated Press',
  WSJ: 'Wall Street Journal',
  FT: 'Financial Times',
  LA: 'Los Angeles Times',
  SJMN: 'San Jose Mercury News',
  FBIS: 'Foreign Broadcast Information Service',
};

/**
 * A feed item whose text (its content with the markup taken out) is shorter than this many characters is a link,
 * not an article: it is not ingested, and is counted among the feed's skipped items. Link aggregators and social
 * feeds (Reddit, Hacker News, many "latest" feeds) carry a title and a line or two; made into articles, 40-character
 * items cluster into stories of their own and crowd out the real ones. 300 characters is two or three sentences:
 * below the shortest news briefs (a wire brief runs 400–800), above any teaser or caption. Configurable per ingest
 * (`minFeedItemChars`).
 */
export const DEFAULT_MIN_FEED_ITEM_CHARS = 300;

/**
 * An SGML newswire file is told by its first tag (`<DOC>` or `<DOC id=…>`) and, within this many characters, the
 * `<DOCNO>` (or `id=`) and `<TEXT>` every record of the format has: a first record is far shorter.
 */
export const NEWSWIRE_SNIFF_CHARS = 65_536;

/**
 * Pages fetched for one feed or sitemap given by URL (`storyline ingest URL`), at most: a news feed carries 10 to 100
 * items and a Google News sitemap up to 1,000 URLs (the protocol's own cap); 200 takes any feed whole and a sitemap's
 * latest share, while bounding how many requests one URL on the command line sets off. A sitemap index shares one
 * such budget among its sitemaps. Items past it are counted as skipped, not failed.
 */
export const MAX_URL_SOURCE_ITEMS = 200;
