/**
 * Which paragraph of the Word document each finding's comment goes on.
 *
 * A clause knows the `<w:p>` it starts in (`Clause.paragraphIndex`, from the DOCX reader): a body
 * paragraph or table cell is commented where it is; a footnote, endnote or existing comment on the body
 * paragraph that refers to it; a paragraph inside a text box on the paragraph holding the text box. All
 * findings on one paragraph share one comment, so a lawyer sees one balloon per flagged paragraph.
 *
 * Missing protections (`clause: null`) have no place in the text: they go, as one comment titled "Missing
 * protections", on the first paragraph of the contract. So do findings whose clause cannot be placed (a
 * comment or note nothing in the body refers to), in a comment of their own, so that nothing is lost.
 */

import type { Finding } from '../../engine/finding.js';
import type { ParagraphSpan } from './paragraphs.js';

export type CommentKind = 'findings' | 'missing' | 'unplaced';

export interface PlannedComment {
  /** Index into the document's paragraphs (always a host paragraph, see `ParagraphSpan.host`). */
  paragraph: number;
  kind: CommentKind;
  /** In document order. */
  findings: Finding[];
}

export interface Placement {
  /** In document order; on one paragraph, findings first, then missing protections, then unplaced findings. */
  comments: PlannedComment[];
  /** Clause findings that could not go on their own paragraph (they are in the 'unplaced' comment). */
  unplaced: Finding[];
}

/**
 * `paragraphOf` gives each clause id its `paragraphIndex` (undefined when the reader had none for it);
 * `clauseOrder` lists clause ids in document order, to find the contract's first paragraph.
 */
export function placeFindings(
  findings: Finding[],
  paragraphOf: ReadonlyMap<string, number | undefined>,
  clauseOrder: readonly string[],
  spans: readonly ParagraphSpan[],
): Placement {
  const hostOf = (index: number | undefined): number | undefined => {
    const span = index === undefined ? undefined : spans[index];
    const host = span === undefined ? undefined : spans[span.host];
    return host && host.end >= 0 ? span!.host : undefined;
  };

  const byParagraph = new Map<number, Finding[]>();
  const missing: Finding[] = [];
  const unplaced: Finding[] = [];
  for (const finding of [...findings].sort((a, b) => a.start - b.start)) {
    if (finding.clause === null) {
      missing.push(finding);
      continue;
    }
    const host = hostOf(paragraphOf.get(finding.clause.id));
    if (host === undefined) unplaced.push(finding);
    else byParagraph.set(host, [...(byParagraph.get(host) ?? []), finding]);
  }

  const comments: PlannedComment[] = [...byParagraph]
    .sort(([a], [b]) => a - b)
    .map(([paragraph, onIt]) => ({ paragraph, kind: 'findings', findings: onIt }));
  if (missing.length > 0 || unplaced.length > 0) {
    const first = firstParagraph(clauseOrder, paragraphOf, hostOf, spans);
    const extra: PlannedComment[] = [];
    if (missing.length > 0) extra.push({ paragraph: first, kind: 'missing', findings: missing });
    if (unplaced.length > 0) extra.push({ paragraph: first, kind: 'unplaced', findings: unplaced });
    // After any findings comment on the same paragraph, before every later paragraph.
    const at = comments.findIndex((c) => c.paragraph > first);
    comments.splice(at < 0 ? comments.length : at, 0, ...extra);
  }
  return { comments, unplaced };
}

/** The first paragraph that holds contract text (a leading empty paragraph is a poor place for a comment). */
function firstParagraph(
  clauseOrder: readonly string[],
  paragraphOf: ReadonlyMap<string, number | undefined>,
  hostOf: (index: number | undefined) => number | undefined,
  spans: readonly ParagraphSpan[],
): number {
  for (const id of clauseOrder) {
    const host = hostOf(paragraphOf.get(id));
    if (host !== undefined) return host;
  }
  const any = spans.findIndex((span, index) => span.host === index && span.end >= 0);
  if (any < 0) throw new Error('the document has no paragraph to put a comment on');
  return any;
}
