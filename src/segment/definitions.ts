/**
 * Defined terms: the contract's own glossary. A rule about data also fires where a clause names a term whose
 * definition is data ("Footage"), so the glossary is part of the document, not a nicety.
 */
import type { Clause, Definition } from '../document/model.js';
import { readLabel } from './numbering.js';

const VERB = String.raw`(?:shall\s+)?(?:means?|refers?\s+to|has\s+the\s+meaning|have\s+the\s+meaning|shall\s+have\s+the\s+meaning|includes?|is\s+defined\s+as)\b[:,]?\s*`;
/** `"Customer Data" means …`, `"Footage" (or "Video") shall mean …` */
const QUOTED = new RegExp(String.raw`^"([^"]{1,80})"\s*(?:\([^)]{0,80}\)\s*)?[:,]?\s*` + VERB);
/** `Customer Data means …` with no quotes: only Title Case terms of up to five words. */
const BARE = new RegExp(String.raw`^([A-Z][A-Za-z]*(?:\s+[A-Z][A-Za-z]*){0,4})\s+` + VERB);
/** `(the "Footage")`, `(collectively, "Customer Data")`, `(hereinafter "Vendor")` */
const INLINE =
  /\((?:the\s+|collectively,?\s+|each,?\s+|individually,?\s+|together,?\s+|hereinafter(?:\s+referred\s+to\s+as)?,?\s+)?(?:the\s+|an?\s+)?"([^"]{1,60})"\)/g;

export function findDefinitions(clause: Clause): Definition[] {
  const label = readLabel(clause.text);
  const body = label ? clause.text.slice(label.length) : clause.text;
  const found: Definition[] = [];
  const formal = QUOTED.exec(body) ?? BARE.exec(body);
  if (formal) {
    found.push({ term: formal[1]!.trim(), text: body.slice(formal[0].length).trim(), clauseId: clause.id });
  }
  for (const m of body.matchAll(INLINE)) {
    const term = m[1]!.trim();
    if (found.some((d) => d.term === term)) continue;
    // The definition is what the sentence said before the parenthesis.
    const before = body.slice(0, m.index);
    const lastStop = before.lastIndexOf('. ');
    const sentenceStart = lastStop < 0 ? 0 : lastStop + 2;
    found.push({ term, text: before.slice(sentenceStart).trim(), clauseId: clause.id });
  }
  return found;
}
