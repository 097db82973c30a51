/**
 * From a reader's blocks to the clauses a lawyer cites: section numbers, heading paths, offsets, glossary.
 * One block becomes one clause; the segmenter decides what the block *is* (numbered clause, heading, definition).
 */
import { ClausewatchError } from '../document/errors.js';
import type { Block, Clause, Definition, Document, ReadResult } from '../document/model.js';
import { findDefinitions } from './definitions.js';
import { normalizeText } from './normalize.js';
import { Outline, readLabel, type Label } from './numbering.js';
import { repairOcrLabel } from './ocr-labels.js';

/** Separates blocks in `Document.text`, so that no phrase match runs from one clause into the next. */
const BLOCK_SEPARATOR = '\n\n';

/** An exhibit or schedule starts numbering of its own. */
const FRESH_PART = /^(EXHIBIT|SCHEDULE|APPENDIX|ATTACHMENT|ADDENDUM|ANNEX)\b/i;
const MODAL = /\b(shall|will|may|must|agrees?|means)\b/i;

interface FreeHeading {
  title: string;
  level: number;
  /** How many outline levels were open when the heading appeared: it sits below those. */
  anchor: number;
}

export function segment(read: ReadResult, file: string): Document {
  const outline = new Outline();
  let freeHeadings: FreeHeading[] = [];
  let untitledHeading: { level: { title?: string }; clause: Clause } | undefined;

  const clauses: Clause[] = [];
  const texts: string[] = [];
  const sources: string[] = [];
  let offset = 0;
  let sourceOffset = 0;

  for (const block of read.blocks) {
    const read = normalizeText(block.text);
    if (!read.text) continue;
    // Text read by OCR: a misread clause number is replaced by the one the outline expects ("(0)" → "(c)").
    const repaired = block.ocrConfidence !== undefined && isNumberable(block) ? repairOcrLabel(read.text, outline) : read.text;
    const { text, map } = repaired === read.text ? read : alignRepair(read, repaired);

    const label = isNumberable(block) ? readLabel(text) : undefined;
    const rest = label ? text.slice(label.length) : text;
    let section = '';
    let isHeading = block.kind === 'heading';

    if (label) {
      const level = outline.enter(label);
      section = outline.citation();
      freeHeadings = freeHeadings.filter((h) => h.anchor < outline.levels.length);
      const title = headingTitle(rest, label, block);
      if (title !== undefined) {
        isHeading = true;
        level.title = title || undefined;
        // A titled top-level section ("2. DATA RETENTION") replaces a document title above it as the context,
        // but an exhibit's name stays: "EXHIBIT A > 1. Camera Locations".
        if (title && outline.levels.length === 1) freeHeadings = freeHeadings.filter((h) => h.anchor > 0 || FRESH_PART.test(h.title));
      } else {
        level.title = runInHeading(rest);
      }
    } else if (isHeading || looksLikeHeading(block, text)) {
      isHeading = true;
      const title = trimTitle(text);
      if (untitledHeading && clauses.at(-1) === untitledHeading.clause) {
        // "ARTICLE IV" on one line and "DATA RETENTION" on the next: the second names the first.
        untitledHeading.level.title = title;
        section = untitledHeading.clause.section;
        untitledHeading.clause.headingPath = headingPathOf(outline, freeHeadings);
        untitledHeading.clause.heading = untitledHeading.clause.headingPath.join(' > ');
      } else {
        if (FRESH_PART.test(title)) {
          outline.reset();
          freeHeadings = [];
        }
        const level = block.level ?? 1;
        freeHeadings = freeHeadings.filter((h) => h.level < level || h.anchor < outline.levels.length);
        freeHeadings.push({ title, level, anchor: outline.levels.length });
      }
    } else if (outline.levels.length > 0) {
      // An unnumbered paragraph under a numbered one belongs to it ("7.2" continued).
      section = outline.citation();
    }

    const id = `c${clauses.length + 1}`;
    const headingPath = headingPathOf(outline, freeHeadings);
    const clause: Clause = {
      id,
      section,
      label: label?.printed ?? '',
      headingPath,
      heading: headingPath.join(' > '),
      kind: isHeading && block.kind !== 'footnote' && block.kind !== 'endnote' ? 'heading' : block.kind,
      ...(block.page !== undefined ? { page: block.page } : {}),
      text,
      start: offset,
      end: offset + text.length,
      sourceStart: sourceOffset + map[0]!,
      sourceEnd: sourceOffset + map[text.length]!,
      ...(block.tracked ? { tracked: block.tracked } : {}),
      ...(block.ocrConfidence !== undefined ? { ocrConfidence: block.ocrConfidence } : {}),
      ...(block.paragraphIndex !== undefined ? { paragraphIndex: block.paragraphIndex } : {}),
    };
    clauses.push(clause);
    untitledHeading =
      label && isHeading && !outline.levels.at(-1)!.title ? { level: outline.levels.at(-1)!, clause } : undefined;

    texts.push(text);
    sources.push(block.text);
    offset += text.length + BLOCK_SEPARATOR.length;
    sourceOffset += block.text.length + BLOCK_SEPARATOR.length;
  }

  if (clauses.length === 0) {
    throw new ClausewatchError(
      'empty',
      `${file} contains no text to review; check that it is the right file (a scanned PDF needs OCR)`,
    );
  }
  const definitions: Record<string, Definition> = {};
  for (const clause of clauses) {
    for (const d of findDefinitions(clause)) definitions[d.term] ??= d;
  }
  return {
    file,
    format: read.format,
    ...(read.pages !== undefined ? { pages: read.pages } : {}),
    text: texts.join(BLOCK_SEPARATOR),
    sourceText: sources.join(BLOCK_SEPARATOR),
    clauses,
    definitions,
    warnings: read.warnings,
  };
}

/** The offset map of a block whose label was replaced or inserted: the new label maps onto the old one's start. */
function alignRepair(read: { text: string; map: number[] }, repaired: string): { text: string; map: number[] } {
  let same = 0; // the text after the label is unchanged: find how much of the end both share
  while (same < read.text.length && same < repaired.length && read.text[read.text.length - 1 - same] === repaired[repaired.length - 1 - same]) same++;
  const prefix = repaired.length - same;
  const map = [...new Array<number>(prefix).fill(read.map[0]!), ...read.map.slice(read.text.length - same)];
  return { text: repaired, map };
}

/** Footnotes, comments and table cells carry their own numbers ("1", "Row 2"), not the contract's outline. */
function isNumberable(block: Block): boolean {
  return block.kind === 'paragraph' || block.kind === 'heading' || block.kind === 'list-item';
}

/**
 * A numbered block is a heading when what follows the number is a short title, not a sentence:
 * "7. DATA RETENTION", "ARTICLE IV", "Section 5. Data Sharing". Returns the title ("" for none), or undefined.
 */
function headingTitle(rest: string, label: Label, block: Block): string | undefined {
  if (!rest) return label.style === 'paren-lower' || label.style === 'paren-roman' ? undefined : '';
  if (block.kind === 'heading') return trimTitle(rest);
  const words = rest.split(' ');
  if (words.length > 10 || MODAL.test(rest)) return undefined;
  const allCaps = /[A-Z]/.test(rest) && rest === rest.toUpperCase();
  const endsSentence = /[.;:,]$/.test(rest);
  if (allCaps || (!endsSentence && isTitleCase(rest)) || (words.length <= 6 && isTitleCase(rest))) {
    return trimTitle(rest);
  }
  return undefined;
}

/** "Deletion. Vendor shall delete …" → "Deletion": a short Title Case phrase ending in a period. */
function runInHeading(rest: string): string | undefined {
  const m = /^([A-Z][^.;:]{0,60}?)[.:] +(?=["(A-Z])/.exec(rest);
  if (!m) return undefined;
  const phrase = m[1]!;
  if (phrase.split(' ').length > 7 || MODAL.test(phrase) || !isTitleCase(phrase)) return undefined;
  return phrase;
}

/** An unnumbered block that reads as a heading: short, no final punctuation, all capitals or Title Case. */
function looksLikeHeading(block: Block, text: string): boolean {
  if (block.kind !== 'paragraph') return false;
  const words = text.split(' ');
  if (words.length > 8 || /[.;:,]$/.test(text) || MODAL.test(text)) return false;
  const allCaps = /[A-Z]{2}/.test(text) && text === text.toUpperCase();
  return allCaps;
}

const MINOR_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'in', 'of', 'on', 'or', 'the', 'to', 'with', 'upon']);

function isTitleCase(phrase: string): boolean {
  const words = phrase.split(/[ /-]+/).filter((w) => /[A-Za-z]/.test(w));
  if (words.length === 0) return false;
  return words.every((w, i) => /^["'(]?[A-Z0-9]/.test(w) || (i > 0 && MINOR_WORDS.has(w.toLowerCase())));
}

function trimTitle(text: string): string {
  return text.replace(/^[\s\-–—:]+|[\s.:\-–—]+$/g, '');
}

/** Free headings sit between the outline levels that were open when they appeared. */
function headingPathOf(outline: Outline, freeHeadings: FreeHeading[]): string[] {
  const path: string[] = [];
  const levels = outline.levels;
  for (let j = 0; j <= levels.length; j++) {
    for (const h of freeHeadings) if (h.anchor === j) path.push(h.title);
    const title = levels[j]?.title;
    if (title) path.push(title);
  }
  return path;
}
