/**
 * Page layout for the PDF reader (src/document/pdf.ts): positioned runs of text → lines → running
 * headers/footers and page numbers removed → paragraph and heading blocks in reading order.
 *
 * Coordinates are PDF points in "viewport" space: x grows to the right and y grows *downwards* from the top of
 * the page (pdf.ts converts from PDF user space, which takes care of /Rotate and cropped pages). A run's y is
 * its text baseline. The target is single-column text; columns are not detected (lines are sorted top to
 * bottom, left to right).
 */

import type { Block } from './model.js';
import {
  edgeNumber,
  endsClause,
  finalPunctuation,
  finishText,
  furnitureKey,
  isAllCaps,
  isPageNumber,
  isTitleCase,
  startsWithBullet,
  startsWithClauseNumber,
  withoutClauseNumber,
  wordCount,
} from './pdf-text.js';
import { hyphenatedWords, joinParagraph } from './join-lines.js';

/** One piece of text as pdf.js positions it. */
export interface TextRun {
  text: string;
  /** Left edge. */
  x: number;
  /** Baseline, measured down from the top of the page. */
  y: number;
  width: number;
  /** Font size in points (the text's vertical scale). */
  size: number;
  /** Set for a word recognised by OCR: the engine's confidence, 0–100. */
  confidence?: number;
}

/** One printed line: runs on the same baseline, left to right. */
export interface Line {
  page: number;
  text: string;
  /** Left and right edges. */
  x: number;
  right: number;
  /** Baseline of the line's main (largest) text. */
  y: number;
  /** Font size of the line's main text: the size that covers the most characters. */
  size: number;
  /** Average width of one character, for guessing how wide a word is. */
  charWidth: number;
  /** For OCR text: the sum of its words' confidences and how many words there are. */
  ocr?: { sum: number; words: number };
}

export interface PageLines {
  page: number;
  /** Page height in points. */
  height: number;
  lines: Line[];
}

// ---------------------------------------------------------------------------------------------------------
// Thresholds. Each is relative to the font size or the page, so they hold at any scale.
// ---------------------------------------------------------------------------------------------------------

/** Runs whose baselines differ by at most this × the font size are on one line (superscripts included). */
const SAME_LINE = 0.5;
/** A horizontal gap wider than this × the font size between two runs is a word space. */
const WORD_GAP = 0.15;
/** The top and bottom bands of the page (as a share of its height) where headers and footers live. */
const FURNITURE_BAND = 0.12;
/** A baseline gap more than this × the usual line spacing is a paragraph break (blank space between). */
const PARAGRAPH_GAP = 1.3;
/** A line in a font this much larger than the body text is heading-sized (and a size change breaks blocks). */
const LARGER_FONT = 1.15;
/** Line spacing (baseline gap ÷ font size) assumed when a document has too few lines to measure it. */
const DEFAULT_LINE_SPACING = 1.2;

// ---------------------------------------------------------------------------------------------------------
// Runs → lines
// ---------------------------------------------------------------------------------------------------------

/**
 * Groups a page's runs into lines. Runs are sorted by baseline; a run joins the current line when its baseline
 * is within half a font size of the line's, which keeps superscripts (footnote marks) on their line. Within a
 * line, runs are ordered left to right and a space is inserted where the gap between them is word-sized.
 */
export function groupIntoLines(runs: readonly TextRun[], page: number): Line[] {
  const sorted = runs.filter((r) => r.text.trim() !== '').sort((a, b) => a.y - b.y || a.x - b.x);
  const groups: TextRun[][] = [];
  let current: TextRun[] = [];
  let baseline = 0;
  let size = 0;
  for (const run of sorted) {
    if (current.length > 0 && Math.abs(run.y - baseline) <= SAME_LINE * Math.max(run.size, size)) {
      current.push(run);
      // The largest text on a line sets its baseline (a superscript sorted first must not).
      if (run.size > size) [baseline, size] = [run.y, run.size];
    } else {
      if (current.length > 0) groups.push(current);
      current = [run];
      [baseline, size] = [run.y, run.size];
    }
  }
  if (current.length > 0) groups.push(current);
  return groups.map((g) => makeLine(g, page));
}

function makeLine(runs: TextRun[], page: number): Line {
  const ordered = dropOverprinted([...runs].sort((a, b) => a.x - b.x));
  let text = '';
  let end = -Infinity;
  for (const run of ordered) {
    const gap = run.x - end;
    if (text !== '' && !text.endsWith(' ') && !run.text.startsWith(' ') && gap > WORD_GAP * run.size) text += ' ';
    text += run.text;
    end = Math.max(end, run.x + run.width);
  }
  const main = mainRun(ordered);
  const chars = ordered.reduce((n, r) => n + r.text.length, 0);
  const width = ordered.reduce((w, r) => w + r.width, 0);
  const recognised = ordered.filter((r) => r.confidence !== undefined);
  return {
    page,
    text: text.replace(/ {2,}/g, ' ').trim(),
    x: ordered[0]?.x ?? 0,
    right: end,
    y: main.y,
    size: main.size,
    charWidth: chars > 0 && width > 0 ? width / chars : main.size / 2,
    ...(recognised.length > 0 ? { ocr: { sum: recognised.reduce((n, r) => n + (r.confidence ?? 0), 0), words: recognised.length } } : {}),
  };
}

/** The run whose font size covers the most characters on the line (the body text, not a drop cap). */
function mainRun(runs: TextRun[]): TextRun {
  const charsBySize = new Map<number, number>();
  for (const r of runs) charsBySize.set(r.size, (charsBySize.get(r.size) ?? 0) + r.text.length);
  let best = runs[0]!;
  for (const r of runs) {
    const n = charsBySize.get(r.size) ?? 0;
    const bestN = charsBySize.get(best.size) ?? 0;
    if (n > bestN || (n === bestN && r.size > best.size)) best = r;
  }
  return best;
}

/** Some PDFs fake bold by printing the same text twice, slightly shifted: keep one copy. */
function dropOverprinted(runs: TextRun[]): TextRun[] {
  return runs.filter((r, i) => {
    const prev = runs[i - 1];
    return !(prev && prev.text === r.text && Math.abs(prev.x - r.x) < 0.3 * r.size && Math.abs(prev.y - r.y) < 0.3 * r.size);
  });
}

// ---------------------------------------------------------------------------------------------------------
// Running headers, footers and page numbers
// ---------------------------------------------------------------------------------------------------------

type Band = 'top' | 'bottom';

function bandOf(line: Line, pageHeight: number): Band | null {
  if (line.y <= pageHeight * FURNITURE_BAND) return 'top';
  if (line.y >= pageHeight * (1 - FURNITURE_BAND)) return 'bottom';
  return null;
}

/** Lines in the same band, at the same size, with the same text once digits are ignored, are compared. */
function bandKey(band: Band, line: Line): string {
  return `${band}|${Math.round(line.size * 2) / 2}|${furnitureKey(line.text)}`;
}

/**
 * How many pages a line must repeat on to count as a running header or footer: half of them (at least 2) when
 * the document has 3 or more pages, both pages of a 2-page document, never for a single page.
 */
function repeatThreshold(pageCount: number): number {
  if (pageCount < 2) return Infinity;
  if (pageCount === 2) return 2;
  return Math.max(2, Math.ceil(pageCount / 2));
}

/** A band line short enough to be a header or footer (body text in the band runs to a dozen words or more). */
const MAX_FURNITURE_WORDS = 12;

/**
 * Removes, in the top and bottom bands of each page:
 * - running headers and footers: lines whose text, digits aside, repeats on many pages ("ACME CONFIDENTIAL",
 *   "Contract 2026-17 — Page 3");
 * - lines that carry the page number where other pages carry theirs: a number at the start or end that is
 *   the page's position plus the same offset on many pages ("Chapter 2: Scope 3" on page 6, "Chapter 3:
 *   Fees 7" on page 10), so headers whose words change from section to section go too;
 * - bare page numbers ("3", "- 3 -", "Page 3 of 10", "3 | Page", "iv").
 */
export function removePageFurniture(pages: readonly PageLines[]): PageLines[] {
  const pagesByKey = new Map<string, Set<number>>();
  const count = (key: string, page: number): void => {
    const seen = pagesByKey.get(key) ?? new Set<number>();
    seen.add(page);
    pagesByKey.set(key, seen);
  };
  for (const p of pages) {
    for (const line of p.lines) {
      const band = bandOf(line, p.height);
      if (!band) continue;
      count(bandKey(band, line), p.page);
      const offset = pageNumberOffsetKey(band, line, p.page);
      if (offset) count(offset, p.page);
    }
  }
  const threshold = repeatThreshold(pages.length);
  const repeats = (key: string | undefined): boolean => key !== undefined && (pagesByKey.get(key)?.size ?? 0) >= threshold;
  const isFurniture = (line: Line, p: PageLines): boolean => {
    const band = bandOf(line, p.height);
    if (!band) return false;
    return isPageNumber(line.text) || repeats(bandKey(band, line)) || repeats(pageNumberOffsetKey(band, line, p.page));
  };
  return pages.map((p) => ({ ...p, lines: p.lines.filter((l) => !isFurniture(l, p)) }));
}

/**
 * For a short band line with a number at its start or end: the band and how far that number is from the page.
 * A clause number doesn't count ("ARTICLE 3" opening page 3 is a heading), but a number after one does
 * ("Article 1 — Definitions 2").
 */
function pageNumberOffsetKey(band: Band, line: Line, page: number): string | undefined {
  if (wordCount(line.text) > MAX_FURNITURE_WORDS) return undefined;
  const n = edgeNumber(withoutClauseNumber(line.text));
  return n === undefined ? undefined : `${band}|page${n - page}`;
}

// ---------------------------------------------------------------------------------------------------------
// Measurements of the whole document
// ---------------------------------------------------------------------------------------------------------

interface Measures {
  /** The font size of most of the text. */
  bodySize: number;
  /** Usual baseline gap inside a paragraph, as a multiple of the font size. */
  lineSpacing: number;
  /** Right edge of the text block on each page (where full lines end). */
  rightEdge: Map<number, number>;
}

function percentile(values: number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

function measure(pages: readonly PageLines[]): Measures {
  const lines = pages.flatMap((p) => p.lines);

  // Body size: the size (to half a point) that covers the most characters.
  const charsBySize = new Map<number, number>();
  for (const l of lines) {
    const s = Math.round(l.size * 2) / 2;
    charsBySize.set(s, (charsBySize.get(s) ?? 0) + l.text.length);
  }
  let bodySize = 0;
  let most = -1;
  for (const [s, n] of charsBySize) if (n > most) [bodySize, most] = [s, n];

  // Line spacing: consecutive lines of the same size are either in one paragraph (the smallest common gap) or
  // across a paragraph break (larger). The lower quartile of those gaps is the in-paragraph spacing.
  const ratios: number[] = [];
  for (const p of pages) {
    p.lines.forEach((l, i) => {
      const prev = p.lines[i - 1];
      if (!prev || Math.abs(prev.size - l.size) > 0.5) return;
      const ratio = (l.y - prev.y) / l.size;
      if (ratio >= 0.8 && ratio <= 3) ratios.push(ratio);
    });
  }
  const lineSpacing = ratios.length >= 3 ? (percentile(ratios, 0.25) ?? DEFAULT_LINE_SPACING) : DEFAULT_LINE_SPACING;

  // Right edge: where the longer lines of body text end, per page (margins may differ between pages), falling
  // back to the whole document's for pages with little text.
  const rights = (ls: Line[]) => ls.filter((l) => Math.abs(l.size - bodySize) <= 0.5).map((l) => l.right);
  const documentEdge = percentile(rights(lines), 0.9) ?? Math.max(0, ...lines.map((l) => l.right));
  const rightEdge = new Map<number, number>();
  for (const p of pages) {
    const r = rights(p.lines);
    rightEdge.set(p.page, r.length >= 5 ? (percentile(r, 0.9) ?? documentEdge) : documentEdge);
  }
  return { bodySize, lineSpacing, rightEdge };
}

// ---------------------------------------------------------------------------------------------------------
// Line-level cues
// ---------------------------------------------------------------------------------------------------------

const endsWithHyphen = (l: Line): boolean => /\p{L}[-\u2010\u00AD]$/u.test(l.text);
const startsLowercase = (l: Line): boolean => /^\p{Ll}/u.test(l.text);
const sizeChanges = (a: Line, b: Line): boolean => Math.max(a.size, b.size) / Math.min(a.size, b.size) >= LARGER_FONT;

/** Blank space between two lines: their baseline gap is clearly more than the usual line spacing. */
function gapBetween(prev: Line, cur: Line, m: Measures): boolean {
  return cur.y - prev.y > PARAGRAPH_GAP * m.lineSpacing * Math.max(prev.size, cur.size);
}

/**
 * The previous line stopped short: the first word of the next line would have fitted after it, so the line
 * break was deliberate (end of a paragraph, a heading, an address line). One font size of slack allows for
 * ragged-right text and for guessing the word's width from an average character width.
 */
function stoppedShort(prev: Line, cur: Line, m: Measures): boolean {
  if (endsWithHyphen(prev)) return false;
  const edge = m.rightEdge.get(prev.page) ?? prev.right;
  const firstWord = cur.text.split(' ')[0] ?? '';
  const needed = (firstWord.length + 1) * cur.charWidth;
  return edge - prev.right > needed + prev.size;
}

/**
 * A clause number or a bullet starts the line, right after a line that ended a clause ("…; or" / "(b) …").
 * After a line that runs on ("…set out in Section" / "7.4 below") the number is a reference; a line that
 * stopped short is caught by `stoppedShort`.
 */
function clauseStarts(prev: Line, cur: Line): boolean {
  return (startsWithClauseNumber(cur.text) || startsWithBullet(cur.text)) && endsClause(prev.text);
}

/**
 * A line that is unmistakably a heading on its own: short, not ending like a clause of a list (",", ";"), and
 * all caps or in a larger font than the body. A final period is allowed on short ones ("7. DATA RETENTION.").
 */
function isStrongHeadingLine(line: Line, m: Measures): boolean {
  const words = wordCount(line.text);
  if (words > 14) return false;
  const end = finalPunctuation(line.text);
  if (end === ',' || end === ';') return false;
  if ((end === '.' || end === ':') && words > 8 && !startsWithClauseNumber(line.text)) return false;
  return isAllCaps(line.text) || line.size >= m.bodySize * LARGER_FONT;
}

// ---------------------------------------------------------------------------------------------------------
// Lines → blocks
// ---------------------------------------------------------------------------------------------------------

/** Whether `cur` starts a new block after `prev` on the same page. Rules in order; the first that applies wins. */
function startsNewBlock(prev: Line, cur: Line, m: Measures): boolean {
  if (gapBetween(prev, cur, m)) return true;
  if (sizeChanges(prev, cur)) return true; // heading ↔ body text
  if (clauseStarts(prev, cur)) return true;
  // A heading wrapped onto a second line ("ARTICLE IV" / "DATA RETENTION"): keep it together.
  if (isStrongHeadingLine(prev, m) && isStrongHeadingLine(cur, m) && !endsClause(prev.text)) return false;
  // A heading straight after a finished sentence, with no space between.
  if (isStrongHeadingLine(cur, m) && endsClause(prev.text)) return true;
  return stoppedShort(prev, cur, m);
}

/**
 * Whether the first line of a page continues the block that ended the previous page. It does when it is
 * plain text of the same size (no clause number, not a heading) and either the last line broke a word
 * ("reten-"), the new line starts in lowercase, or the last line ran to the margin without ending a sentence.
 */
function continuesOnNextPage(prev: Line, cur: Line, m: Measures): boolean {
  if (sizeChanges(prev, cur) || clauseStarts(prev, cur)) return false;
  if (isStrongHeadingLine(prev, m) || isStrongHeadingLine(cur, m)) return false;
  if (endsWithHyphen(prev) || startsLowercase(cur)) return true;
  return !endsClause(prev.text) && !stoppedShort(prev, cur, m);
}

interface Draft {
  lines: Line[];
  /** Blank space follows the block on its page. */
  gapAfter: boolean;
}

/** Whether `cur` belongs to the same block as the line before it, on the same page or across a page break. */
function continuesBlock(prev: Line, cur: Line, m: Measures): boolean {
  if (prev.page === cur.page) return !startsNewBlock(prev, cur, m);
  return cur.page === prev.page + 1 && continuesOnNextPage(prev, cur, m);
}

function draftBlocks(pages: readonly PageLines[], m: Measures): Draft[] {
  const drafts: Draft[] = [];
  let prev: Line | undefined;
  for (const line of pages.flatMap((p) => p.lines)) {
    const current = drafts.at(-1);
    if (current && prev && continuesBlock(prev, line, m)) {
      current.lines.push(line);
    } else {
      if (current && prev?.page === line.page) current.gapAfter = gapBetween(prev, line, m);
      drafts.push({ lines: [line], gapAfter: false });
    }
    prev = line;
  }
  return drafts;
}

/** The largest font size among a block's lines (a loop: a hostile block can have more lines than a call takes arguments). */
function largestSize(d: Draft): number {
  return d.lines.reduce((largest, l) => Math.max(largest, l.size), -Infinity);
}

/**
 * Whether a block reads as a heading.
 * - Strong: at most 3 lines and 20 words, all caps or in a larger font than the body, not ending in "," or ";"
 *   (a final "." or ":" only on short ones: "7. DATA RETENTION.", "DEFINITIONS:").
 * - Weak: one line of at most 10 words, starting with a capital or a clause number, no final punctuation, no
 *   colon or fill-in line inside ("Name: ____" in a signature block), no digits after the clause number (table
 *   rows, dates), and either Title Case ("Data Retention") or followed by blank space.
 */
function isHeading(d: Draft, text: string, m: Measures): boolean {
  const words = wordCount(text);
  const end = finalPunctuation(text);
  const size = largestSize(d);
  const strong = isAllCaps(text) || size >= m.bodySize * LARGER_FONT;
  if (strong && d.lines.length <= 3 && words <= 20 && end !== ',' && end !== ';') {
    if (end === '.' || end === ':') return words <= 8 || (end === '.' && startsWithClauseNumber(text));
    return true;
  }
  if (d.lines.length !== 1 || words > 10 || /[.,;:!?]/.test(end)) return false;
  // "Name: Jane Roe" in a signature block is not a heading; "Section 5: Data Retention" is.
  if ((text.includes(':') && !startsWithClauseNumber(text)) || text.includes('__') || text.startsWith('(')) return false;
  if (!/^[\p{Lu}\p{N}§]/u.test(text)) return false;
  const title = withoutClauseNumber(text);
  if (/\d/.test(title)) return false; // a table row or a date line, not a heading
  return isTitleCase(title) || d.gapAfter;
}

/**
 * Heading levels from font size: the largest heading size is level 1, the next 2, and so on; headings at body
 * size come after those, all caps before Title Case. Only a hint: the segmenter numbers clauses from the text.
 */
function headingLevels(headings: { size: number; caps: boolean }[], bodySize: number): (h: { size: number; caps: boolean }) => number {
  const larger = [...new Set(headings.map((h) => Math.round(h.size * 2) / 2).filter((s) => s >= bodySize * LARGER_FONT))].sort(
    (a, b) => b - a,
  );
  return (h) => {
    const i = larger.indexOf(Math.round(h.size * 2) / 2);
    if (i >= 0) return i + 1;
    return larger.length + (h.caps ? 1 : 2);
  };
}

/**
 * Turns the lines of all pages (headers and footers already removed) into blocks in reading order. A block's
 * page is the page its first line is on; a paragraph that runs over a page break is one block.
 */
export function buildBlocks(pages: readonly PageLines[]): Block[] {
  const m = measure(pages);
  const drafts = draftBlocks(pages, m);
  const compounds = hyphenatedWords(pages.flatMap((page) => page.lines.map((line) => line.text)));
  const parts = drafts
    .map((d) => {
      const text = finishText(joinParagraph(d.lines.map((l) => l.text), compounds));
      const size = largestSize(d);
      return { d, text, size, caps: isAllCaps(text), heading: isHeading(d, text, m) };
    })
    .filter((p) => p.text !== '');
  const levelOf = headingLevels(parts.filter((p) => p.heading), m.bodySize);
  return parts.map((p): Block => {
    const page = p.d.lines[0]!.page;
    const block: Block = p.heading ? { kind: 'heading', text: p.text, level: levelOf(p), page } : { kind: 'paragraph', text: p.text, page };
    const confidence = ocrConfidence(p.d.lines);
    return confidence === undefined ? block : { ...block, ocrConfidence: confidence };
  });
}

/** The mean confidence of the OCR words in these lines (one decimal), or undefined when none came from OCR. */
function ocrConfidence(lines: readonly Line[]): number | undefined {
  let sum = 0;
  let words = 0;
  for (const l of lines) {
    if (!l.ocr) continue;
    sum += l.ocr.sum;
    words += l.ocr.words;
  }
  return words === 0 ? undefined : Math.round((sum / words) * 10) / 10;
}
