/** What the engine says about a clause: one rule's reading of it, pointing at the words that triggered it. */
import type { Severity, Stance } from './schema.js';

/** Where a finding is, in the terms a lawyer cites. `null` for a protection the contract is missing. */
export interface ClauseRef {
  id: string;
  section: string;
  heading: string;
  page: number | null;
}

export interface Finding {
  ruleId: string;
  /** The pack the rule comes from. */
  pack: string;
  category: string;
  stance: Stance;
  severity: Severity;
  title: string;
  why: string;
  ask: string;
  references?: string[];
  clause: ClauseRef | null;
  /** Character span of the triggering words in the document text (for `classify`: in the input text). */
  start: number;
  end: number;
  /** The document's words from `start` to `end`. */
  quote: string;
  /** Why the engine read this stance, e.g. 'negated by "shall not"'. */
  reason: string;
  /** The clause carries pending tracked changes: the finding reads the text as if they were accepted. */
  tracked?: boolean;
}
