/**
 * What each Word comment says, as paragraphs of plain or emphasised runs (no XML here; see comments.ts).
 *
 * A finding reads, in a comment balloon:
 *
 *   CONCERN: Data may be kept indefinitely (data retention, high)
 *   "retain Aggregated Data indefinitely" (open-ended ("indefinitely"))
 *   Why: …
 *   Ask: …
 *
 * For a safeguard the rule's "ask" is the model language the clause already meets, so it is labelled
 * "Compare with" rather than "Ask": a lawyer skimming the balloons must not read a safeguard as a demand.
 */

import type { Clause } from '../../document/model.js';
import type { Finding } from '../../engine/finding.js';
import type { PlannedComment } from './placement.js';

export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
}

/** One paragraph of a comment. */
export type Line = Run[];

const ASK_LABEL = { concern: 'Ask', neutral: 'Ask', safeguard: 'Compare with' } as const;

/** Where a clause sits when it is not the paragraph itself. */
const NOT_IN_PARAGRAPH: Partial<Record<Clause['kind'], string>> = {
  footnote: 'In a footnote to this paragraph.',
  endnote: 'In an endnote to this paragraph.',
  comment: 'In an existing comment on this paragraph.',
};

/** The comment's paragraphs. `clauses` gives the clause a finding points at (for where it sits). */
export function commentLines(comment: PlannedComment, clauses: ReadonlyMap<string, Clause>): Line[] {
  switch (comment.kind) {
    case 'findings':
      return separated(comment.findings.map((f) => findingLines(f, clauses.get(f.clause?.id ?? ''))));
    case 'missing':
      return [
        [{ text: 'Missing protections', bold: true }],
        [{ text: 'clausewatch found nothing in this contract on the following.' }],
        [],
        ...separated(comment.findings.map((f) => findingLines(f, undefined))),
      ];
    case 'unplaced':
      return [
        [{ text: `Findings that could not be placed on their paragraph (${comment.findings.length})`, bold: true }],
        [],
        ...separated(comment.findings.map((f) => [[{ text: `${where(f)}:`, bold: true }], ...findingLines(f, undefined)])),
      ];
  }
}

function findingLines(f: Finding, clause: Clause | undefined): Line[] {
  const lines: Line[] = [];
  const placeNote = clause ? NOT_IN_PARAGRAPH[clause.kind] : undefined;
  if (placeNote) lines.push([{ text: placeNote, italic: true }]);
  lines.push([
    { text: `${f.stance.toUpperCase()}: `, bold: true },
    { text: f.title, bold: true },
    { text: ` (${f.category.replace(/-/g, ' ')}, ${f.severity})` },
  ]);
  if (f.clause !== null && f.quote) {
    const reason = f.reason ? ` (${f.reason})` : '';
    lines.push([{ text: `\u201C${clip(f.quote, 300)}\u201D`, italic: true }, { text: reason }]);
  }
  if (f.tracked) lines.push([{ text: 'The clause has pending tracked changes; this reads it as if they were accepted.', italic: true }]);
  lines.push(...labelled('Why', f.why));
  lines.push(...labelled(ASK_LABEL[f.stance], f.ask));
  return lines;
}

/** "Why: …", keeping the blank-line paragraphs a rule author may have written. */
function labelled(label: string, text: string): Line[] {
  const paragraphs = text
    .trim()
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  return paragraphs.map((p, i) => (i === 0 ? [{ text: `${label}: `, bold: true }, { text: p }] : [{ text: p }]));
}

/** Findings one after the other, an empty paragraph between them. */
function separated(blocks: Line[][]): Line[] {
  return blocks.flatMap((block, i) => (i === 0 ? block : [[], ...block]));
}

function where(f: Finding): string {
  if (!f.clause) return 'Missing';
  const { section, heading, id } = f.clause;
  if (section) return section.startsWith('Article') ? section : `\u00A7 ${section}`;
  return heading || id;
}

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 3)}...` : s;
}
