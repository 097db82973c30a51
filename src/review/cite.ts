/** How the review points at a clause in its messages, the way a lawyer cites it: "§ 4.3", "Article IV § 2". */
import type { ClauseRef } from '../engine/finding.js';

export function cite(clause: Pick<ClauseRef, 'section' | 'heading' | 'id'>): string {
  const s = clause.section;
  if (s) return s.startsWith('Article') || s.startsWith('Section') ? s : `§ ${s}`;
  // An unnumbered clause (an exhibit's special terms): its heading says where it is.
  const heading = clause.heading.split(' > ').at(-1);
  return heading ? `"${heading}"` : `clause ${clause.id}`;
}

/** A quotation short enough for a one-line message. */
export function shortQuote(quote: string, max = 80): string {
  const q = quote.replace(/\s+/g, ' ').trim();
  return q.length > max ? `${q.slice(0, max - 1).trimEnd()}…` : q;
}

/** "Data may be kept" → "data may be kept", for a title used mid-sentence (acronyms keep their case). */
export function lowerFirst(title: string): string {
  return /^[A-Z][a-z]/.test(title) ? title[0]!.toLowerCase() + title.slice(1) : title;
}
