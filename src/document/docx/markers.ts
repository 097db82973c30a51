/**
 * Paragraph markers: how the XML pass and mammoth agree on which paragraph is which.
 *
 * Before either reads a part, every <w:p> gets a first run holding "\u2063<id>\u2063" (U+2063 INVISIBLE
 * SEPARATOR, which a contract has no reason to contain; any already present are removed first). Both
 * passes read the same marked XML: the XML pass takes the id from the paragraph's first run, and mammoth
 * carries the marker into its text. Splitting mammoth's text on markers then gives each paragraph's text
 * by id, whatever mammoth merges (paragraphs joined by a deleted paragraph mark), moves (text boxes, which
 * it puts after their paragraph) or drops (deleted table rows, the mc:Choice side of alternate content).
 * Alignment never depends on the two passes counting paragraphs the same way.
 */

import { kids, tagOf, textOf, type XNode } from './xml.js';

const MARK = '\u2063';
const MARKER_TEXT = /^\u2063(\d+)\u2063$/;
const MARKER_SPLIT = /\u2063(\d+)\u2063/;

/**
 * XML attributes, allowing ">" inside quoted values (legal XML, e.g. in a field instruction). "<" can never
 * occur inside a tag, so excluding it stops every scan at the next tag: the rewriting stays linear even
 * on hostile, unbalanced input.
 */
const ATTRS = `(?:\\s(?:[^<>"']|"[^"<]*"|'[^'<]*')*?)?`;
/**
 * A `<w:p>` start tag. Exported for the Word report, which must count paragraphs exactly as markers are
 * numbered (use its `.source`: the g flag makes the object itself stateful).
 */
export const PARAGRAPH_START = new RegExp(`<w:p(${ATTRS})(/?)>`, 'g');
/**
 * Wrappers whose content is ordinary runs but which mammoth does not know (it drops their text with an
 * "unrecognised element" warning): simple fields (w:fldSimple holds the field's displayed result, such as
 * a cross-reference "7.2") and bidirectional-text wrappers. Unwrapping them loses nothing we use.
 */
const TRANSPARENT_WRAPPERS = new RegExp(`</?w:(?:fldSimple|dir|bdo)${ATTRS}/?>`, 'g');
const EXISTING_MARKS = /\u2063|&#x0*2063;|&#0*8291;/gi;
/** Run content mammoth does not know, rewritten to what it means for text: an absolute tab and a carriage return. */
const POSITIONAL_TAB = new RegExp(`<w:ptab${ATTRS}/>`, 'g');
const CARRIAGE_RETURN = new RegExp(`<w:cr${ATTRS}/>`, 'g');

/**
 * Markup that neither pass reads and that makes up most of a Word file's bulk: run formatting (the run's
 * own w:rPr, not the paragraph mark's, which records deleted and inserted paragraph marks), revision-save
 * ids, proofing marks and bookmarks. Dropping it before parsing cuts the reading time of a large Word-saved
 * document by more than half. A run w:rPr holding a formatting revision (which nests another w:rPr) is left alone.
 */
const RUN_PROPERTIES = new RegExp(`(<w:r${ATTRS}>)<w:rPr>(?:(?!<w:rPr>|</w:rPr>)[^])*</w:rPr>`, 'g');
const NOISE_ATTRIBUTES = / (?:w:rsid\w*|w14:paraId|w14:textId)="[^"]*"/g;
const NOISE_ELEMENTS = new RegExp(`<w:(?:proofErr|bookmarkStart|bookmarkEnd)${ATTRS}/>`, 'g');

/** Allocates marker ids across all the parts of one document, so ids are unique per document. */
export class MarkerIds {
  next = 0;
}

/**
 * The part's XML as both passes read it: noise dropped, ptab/cr rewritten, simple fields unwrapped, and a
 * marker run opening every paragraph (see the module comment).
 */
export function markParagraphs(xml: string, ids: MarkerIds): string {
  return xml
    .replace(EXISTING_MARKS, '')
    .replace(NOISE_ATTRIBUTES, '')
    .replace(NOISE_ELEMENTS, '')
    .replace(RUN_PROPERTIES, '$1')
    .replace(TRANSPARENT_WRAPPERS, '')
    .replace(POSITIONAL_TAB, '<w:tab/>')
    .replace(CARRIAGE_RETURN, '<w:br/>')
    .replace(PARAGRAPH_START, (_whole, attrs: string, selfClosing: string) => {
      const run = `<w:r><w:t>${MARK}${ids.next++}${MARK}</w:t></w:r>`;
      return selfClosing ? `<w:p${attrs}>${run}</w:p>` : `<w:p${attrs}>${run}`;
    });
}

/** Property blocks mammoth would read but whose results we take from the XML pass instead. */
const PROPERTY_BLOCKS = ['pPr', 'tblPr', 'tblGrid', 'tcPr', 'sectPr'].map(
  (name) => new RegExp(`<w:${name}${ATTRS}>(?:(?!<w:${name}[\\s>/]|</w:${name}>)[^])*</w:${name}>|<w:${name}${ATTRS}/>`, 'g'),
);

/**
 * The marked XML trimmed further for mammoth, which we use for run text only: paragraph, table and
 * section properties are dropped (styles, numbering and deleted rows come from the XML pass). Property
 * blocks that nest a revision of themselves (w:pPrChange holds a w:pPr) are left alone.
 */
export function slimForMammoth(markedXml: string): string {
  let xml = markedXml;
  for (const block of PROPERTY_BLOCKS) xml = xml.replace(block, '');
  return xml;
}

/** The marker id if this node is the marker run, else undefined. */
export function markerId(node: XNode): number | undefined {
  if (tagOf(node) !== 'w:r') return undefined;
  const first = kids(node)[0];
  if (!first || tagOf(first) !== 'w:t') return undefined;
  const match = MARKER_TEXT.exec(textOf(first));
  return match ? Number(match[1]) : undefined;
}

/** Splits text carrying markers into each marked paragraph's text. Text before the first marker is dropped. */
export function splitByMarkers(text: string): Map<number, string> {
  const parts = text.split(MARKER_SPLIT);
  const out = new Map<number, string>();
  // split() with a capture group alternates: [before, id, text, id, text, …]
  for (let i = 1; i + 1 < parts.length; i += 2) {
    const id = Number(parts[i]);
    out.set(id, (out.get(id) ?? '') + parts[i + 1]!);
  }
  return out;
}
