/**
 * The document model: what a reader hands to the segmenter, and what the segmenter hands to the engine.
 *
 * A reader knows file formats and nothing about clauses; it produces `Block`s (one per paragraph, heading,
 * list item, table cell or footnote) in reading order, with the text *as a reader of the page sees it*:
 * Word's automatic numbering rendered ("7.2(a)" or "(a)"), PDF lines joined into paragraphs, headers and
 * footers gone. The segmenter turns blocks into `Clause`s with section numbers, heading paths and offsets.
 */

export type SourceFormat = 'docx' | 'pdf' | 'text' | 'markdown' | 'html';

export type BlockKind = 'heading' | 'paragraph' | 'list-item' | 'table-cell' | 'footnote' | 'endnote' | 'comment';

/** Pending (unaccepted) tracked changes inside a block. The block's text reads as if they were accepted. */
export interface TrackedChanges {
  /** Text inserted by a pending revision (kept in `text`). */
  insertions: string[];
  /** Text deleted by a pending revision (not in `text`). */
  deletions: string[];
  /** Authors of the revisions, when the file names them. */
  authors: string[];
}

export interface Block {
  kind: BlockKind;
  /** The block's text as a reader sees it, including any rendered list number at the start. */
  text: string;
  /** Heading level (1 = top) when `kind` is 'heading'. */
  level?: number;
  /** 1-based page the block starts on (PDF; DOCX only where the file records page breaks). */
  page?: number;
  /** The reader's own note on where the block came from, e.g. "footnote 3" or "table 2, row 1". */
  origin?: string;
  tracked?: TrackedChanges;
  /** Set for text recognised by OCR: the engine's mean confidence, 0–100. */
  ocrConfidence?: number;
  /** See `Clause.paragraphIndex`. */
  paragraphIndex?: number;
}

/** What a reader produces. */
export interface ReadResult {
  format: SourceFormat;
  blocks: Block[];
  /** Page count for paged formats (PDF); undefined otherwise. */
  pages?: number;
  /** Things the reviewer should know about the reading, e.g. "3 pending tracked changes". */
  warnings: string[];
}

/** A clause: the unit a lawyer cites, and the unit rules run on. */
export interface Clause {
  /** Stable id: "c" + the 1-based position in the document ("c12"). Same input → same ids. */
  id: string;
  /** The citation a lawyer would write, e.g. "7.2(a)", "Article IV", "Section 5(b)"; "" when unnumbered. */
  section: string;
  /** The number exactly as printed at the start of the clause ("(a)", "7.2", "Section 5."), or "". */
  label: string;
  /** The heading path, outermost first, e.g. ["Data Retention", "Deletion"]. */
  headingPath: string[];
  /** The heading path joined for display: "Data Retention > Deletion". */
  heading: string;
  kind: BlockKind;
  /** 1-based page where the clause starts, when the format has pages. */
  page?: number;
  /** The clause text (normalised: straight quotes, no ligatures, single spaces). */
  text: string;
  /** Character offsets of `text` in `Document.text`. */
  start: number;
  end: number;
  /** The same span in `Document.sourceText`, the reader's text before normalisation. */
  sourceStart: number;
  sourceEnd: number;
  /** Pending tracked changes: the text reads as if they were accepted. */
  tracked?: TrackedChanges;
  ocrConfidence?: number;
  /**
   * DOCX read with `paragraphIndexes` (the Word report does): the `<w:p>` of word/document.xml the clause
   * starts in, as its 0-based position among all the part's `<w:p>` start tags in file order. For a
   * footnote, endnote or comment: the body paragraph that refers to it. Absent otherwise.
   */
  paragraphIndex?: number;
}

export interface Definition {
  term: string;
  /** The definition's text (what follows "means"). */
  text: string;
  /** The clause that defines it. */
  clauseId: string;
}

export interface Document {
  /** The file name as given, or a label such as "<stdin>". */
  file: string;
  format: SourceFormat;
  pages?: number;
  /** The normalised full text; clause offsets point into it. Blocks are separated by a blank line. */
  text: string;
  /** The reader's text before normalisation (curly quotes, ligatures, odd spaces), blocks joined the same way. */
  sourceText: string;
  clauses: Clause[];
  /** Defined terms, keyed by the term as written ("Customer Data"). */
  definitions: Record<string, Definition>;
  warnings: string[];
}
