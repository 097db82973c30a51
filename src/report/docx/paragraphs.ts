/**
 * Finding paragraphs in word/document.xml as raw text, and adding comment ranges around them.
 *
 * The part is edited by splicing strings, never parsed and re-serialised: a round trip through an XML
 * library would rewrite quoting, entities and whitespace all over the part, and the promise to the lawyer
 * is that the document is untouched except for the comments. Every edit here is an insertion.
 *
 * Paragraphs are numbered exactly as the DOCX reader numbers them (its paragraph markers count the same
 * `<w:p>` start tags in file order, see src/document/docx/markers.ts), which is what `Clause.paragraphIndex`
 * refers to.
 */

import { PARAGRAPH_START } from '../../document/docx/markers.js';

export interface ParagraphSpan {
  /** Offset of `<w:p`. */
  start: number;
  /** Offset just after the start tag `<w:p …>` (or after the whole of a self-closing `<w:p/>`). */
  startTagEnd: number;
  /** Offset of the closing `</w:p>`; -1 when the file never closes it. Equal to `startTagEnd` when self-closing. */
  end: number;
  selfClosing: boolean;
  /**
   * The paragraph a comment on this one should go on: itself, or for a paragraph inside a text box the body
   * paragraph holding the text box. Word keeps a text box twice (DrawingML and a VML fallback), so a
   * comment range inside one copy would be lost or doubled in the other.
   */
  host: number;
}

/** A `<w:p>` start tag (as the reader counts them) or a `</w:p>` end tag. */
const PARAGRAPH_TAGS = new RegExp(`${PARAGRAPH_START.source}|</w:p>`, 'g');

/** Every `<w:p>` of the part, in file order: index i is the paragraph whose `paragraphIndex` is i. */
export function locateParagraphs(xml: string): ParagraphSpan[] {
  const spans: ParagraphSpan[] = [];
  const open: number[] = []; // indexes of paragraphs whose end tag is still to come, innermost last
  for (const m of xml.matchAll(PARAGRAPH_TAGS)) {
    const at = m.index;
    if (m[0] === '</w:p>') {
      const index = open.pop();
      if (index !== undefined) spans[index]!.end = at;
      continue;
    }
    const index = spans.length;
    const selfClosing = m[2] === '/';
    const startTagEnd = at + m[0].length;
    const host = open.length > 0 ? spans[open[0]!]!.host : index;
    spans.push({ start: at, startTagEnd, end: selfClosing ? startTagEnd : -1, selfClosing, host });
    if (!selfClosing) open.push(index);
  }
  return spans;
}

/** Comment ids to anchor on each paragraph (by index into `locateParagraphs`). */
export type CommentAnchors = Map<number, number[]>;

interface Insertion {
  at: number;
  /** Characters of the original replaced at `at` (only a self-closing `<w:p/>`, which must be opened). */
  replaces: number;
  text: string;
}

/**
 * Wraps the content of each anchored paragraph in a comment range: `w:commentRangeStart` right after the
 * paragraph properties (which must stay the first child), and `w:commentRangeEnd` plus the run holding
 * `w:commentReference` (where Word draws the comment mark) right before `</w:p>`.
 */
export function insertCommentRanges(xml: string, spans: ParagraphSpan[], anchors: CommentAnchors): string {
  const insertions: Insertion[] = [];
  for (const [index, ids] of anchors) {
    const span = spans[index];
    if (!span || span.end < 0 || ids.length === 0) throw new Error(`paragraph ${index} cannot take a comment`);
    const starts = ids.map((id) => `<w:commentRangeStart w:id="${id}"/>`).join('');
    const ends = ids.map((id) => `<w:commentRangeEnd w:id="${id}"/><w:r><w:commentReference w:id="${id}"/></w:r>`).join('');
    if (span.selfClosing) {
      const openTag = xml.slice(span.start, span.startTagEnd).replace(/\s*\/>$/, '>');
      insertions.push({ at: span.start, replaces: span.startTagEnd - span.start, text: `${openTag}${starts}${ends}</w:p>` });
    } else {
      insertions.push({ at: contentStart(xml, span), replaces: 0, text: starts });
      insertions.push({ at: span.end, replaces: 0, text: ends });
    }
  }
  insertions.sort((a, b) => a.at - b.at);
  let out = '';
  let from = 0;
  for (const insertion of insertions) {
    out += xml.slice(from, insertion.at) + insertion.text;
    from = insertion.at + insertion.replaces;
  }
  return out + xml.slice(from);
}

/** `<w:pPr` as a whole tag name (not `<w:pPrChange`), or `</w:pPr>`. */
const PROPERTY_TAGS = /<w:pPr(?=[\s>/])(?:[^<>"']|"[^"]*"|'[^']*')*>|<\/w:pPr>/g;

/**
 * Where the paragraph's content starts: after its `w:pPr`, if it has one. A `w:pPr` can hold another
 * (`w:pPrChange` records the properties before a tracked formatting change), hence the depth count.
 */
function contentStart(xml: string, span: ParagraphSpan): number {
  if (!/^<w:pPr[\s>/]/.test(xml.slice(span.startTagEnd, span.startTagEnd + 8))) return span.startTagEnd;
  let depth = 0;
  PROPERTY_TAGS.lastIndex = span.startTagEnd;
  for (let m = PROPERTY_TAGS.exec(xml); m && m.index < span.end; m = PROPERTY_TAGS.exec(xml)) {
    if (m[0] === '</w:pPr>') depth--;
    else if (!m[0].endsWith('/>')) depth++;
    if (depth === 0) return m.index + m[0].length;
  }
  return span.startTagEnd; // unbalanced properties: the start of the paragraph is still inside it
}
