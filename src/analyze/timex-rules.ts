// All time-expression rules, in the order that breaks ties between equally long matches.
import type { Rule } from './timex-draft.js';
import { DATE_RULES } from './timex-rules-dates.js';
import { RELATIVE_RULES } from './timex-rules-relative.js';

export type { Draft, Rule, RuleStarts } from './timex-draft.js';

export const RULES: Rule[] = [...DATE_RULES, ...RELATIVE_RULES];
