// The analysis room's reaches and sizes (the splitter's bounds and abbreviations live with it, in text/settings.ts).

/** Reaches and sizes of the people and speaker rules (issue 11). */
export const PEOPLE_SETTINGS = {
  /**
   * A role noun before a capitalised run ("Singer", "Briton") is read as a title only when at least this many name
   * words follow it: "Singer Ann Vale" is Ann Vale, but "Star Wars" or "Model T" is no person.
   */
  roleNounMinNameWords: 2,
  /**
   * How far back (characters) before an organisation speaker a spokesperson phrase is looked for ("a senior
   * spokeswoman for " the ministry): such phrases are a few words long.
   */
  spokespersonReach: 80,
  /**
   * The longest opening participle or prepositional phrase ("Speaking to the General Assembly, …") skipped when a
   * sentence's subject is sought: longer openings are rare and a comma further on more likely ends a clause.
   */
  introPhraseMaxChars: 100,
} as const;

/** How a sentence's main event is told from its background (event-date.ts). */
export const EVENT_DATING = {
  /**
   * "since", "before", "until", "previously" up to this many words before a time expression make it a bound of
   * something else ("since 30 September", "until late May"), not the time of the sentence's event; further away
   * they belong to another phrase.
   */
  boundReach: 2,
} as const;
