/**
 * The PDF reader: PDF bytes → blocks of text in reading order, each with the page it starts on.
 *
 * Mozilla PDF.js (legacy build, which runs on Node) extracts positioned runs of text one page at a time; the
 * layout rules in pdf-layout.ts turn them into lines and paragraphs and drop running headers, footers and page
 * numbers; pdf-text.ts holds the string rules (hyphenation, ligatures, clause numbers).
 *
 * Every problem a user can cause comes out as a `ClausewatchError` with one line saying what is wrong and what
 * to do; nothing is printed.
 */

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFDocumentLoadingTask, PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/types/src/display/api.js';
import { ClausewatchError } from './errors.js';
import { formatBytes, type ReadLimits } from './limits.js';
import type { ReadResult } from './model.js';
import { buildBlocks, groupIntoLines, removePageFurniture, type Line, type PageLines, type TextRun } from './pdf-layout.js';
import { cleanRunText, undecodableShare } from './pdf-text.js';
import type { OcrOptions, OcrPage } from './ocr/types.js';

export interface PdfReadOptions {
  /** How messages name the file, e.g. "contract.pdf". Default: "This PDF". */
  name?: string;
  /** OCR of pages without a usable text layer (default: mode 'auto', cached). See src/document/ocr/. */
  ocr?: OcrOptions;
}

/** How messages name the file when the caller doesn't (src/document/read.ts replaces it with the file name). */
const DEFAULT_NAME = 'This PDF';

/** A page whose text is at least this share of undecodable characters is treated as having no usable text. */
const GARBLED_SHARE = 0.5;

/**
 * Reads a PDF. Throws `ClausewatchError`:
 * - 'empty' for zero bytes or no pages; 'too-large' for more bytes than `limits.maxFileBytes` or more pages than
 *   `limits.maxPages`;
 * - 'corrupt' when it is not a PDF, or is damaged or truncated beyond what PDF.js can recover;
 * - 'encrypted' when it needs a password to open (a PDF with only an owner password opens normally);
 * - 'needs-ocr' when no page has a text layer (a scan) and OCR is off (`ocr.mode: 'never'`) or read nothing;
 * - 'cancelled' when `ocr.signal` aborts OCR.
 * Pages without a usable text layer that show an image are read by OCR (mode 'auto'; 'always' OCRs every page).
 * Pages that can't be read, have no text, or were read by OCR, are named in `warnings`.
 */
export async function readPdf(bytes: Uint8Array, limits: ReadLimits, options: PdfReadOptions = {}): Promise<ReadResult> {
  const name = options.name ?? DEFAULT_NAME;
  if (bytes.length === 0) {
    throw new ClausewatchError('empty', `${name} is empty (0 bytes); check that the file was saved or copied completely`);
  }
  if (bytes.length > limits.maxFileBytes) {
    throw new ClausewatchError(
      'too-large',
      `${name} is ${formatBytes(bytes.length)}, more than the limit of ${formatBytes(limits.maxFileBytes)}; raise the file size limit or split the document`,
    );
  }

  // PDF.js transfers (detaches) the buffer it is given, so it gets a copy and the caller keeps `bytes`.
  const task = pdfjs.getDocument({ ...PDFJS_OPTIONS, data: new Uint8Array(bytes) });
  try {
    const doc = await open(task, bytes, name);
    if (doc.numPages === 0) {
      throw new ClausewatchError('empty', `${name} has no pages; check that it is the right file, or ask for a fresh copy`);
    }
    if (doc.numPages > limits.maxPages) {
      throw new ClausewatchError(
        'too-large',
        `${name} has ${doc.numPages} pages, more than the limit of ${limits.maxPages}; raise the page limit or split the document`,
      );
    }
    return await readPages(doc, name, bytes, options.ocr ?? {});
  } finally {
    // Destroys the document (if it opened) and the worker; a failure to clean up is not the user's problem.
    await task.destroy().catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------------------------
// PDF.js setup
// ---------------------------------------------------------------------------------------------------------

/** Where pdfjs-dist keeps its character maps, needed for text in some CJK fonts. Undefined if not found. */
function cMapDirectory(): string | undefined {
  try {
    const pkg = createRequire(import.meta.url).resolve('pdfjs-dist/package.json');
    return join(dirname(pkg), 'cmaps') + '/';
  } catch {
    return undefined;
  }
}

const PDFJS_OPTIONS = {
  verbosity: 0, // errors only, and PDF.js reports those by throwing: nothing on stdout or stderr
  isEvalSupported: false, // never compile code from a (possibly hostile) file
  disableFontFace: true, // no fonts are rendered; we only read text
  useSystemFonts: false,
  useWasm: false, // image decoders are not needed for text
  enableXfa: false,
  stopAtErrors: false, // recover what it can from damaged files
  cMapUrl: cMapDirectory(),
  cMapPacked: true,
} as const;

/** Waits for the document to open, turning PDF.js's exceptions into errors a user can act on. */
async function open(task: PDFDocumentLoadingTask, bytes: Uint8Array, name: string): Promise<PDFDocumentProxy> {
  try {
    return await task.promise;
  } catch (e) {
    throw openError(e, bytes, name);
  }
}

function openError(e: unknown, bytes: Uint8Array, name: string): ClausewatchError {
  const kind = e instanceof Error ? e.name : '';
  if (kind === 'PasswordException') {
    return new ClausewatchError(
      'encrypted',
      `${name} is password-protected; ask the sender for an unlocked copy, or remove the password (e.g. \`qpdf --decrypt --password=PASSWORD in.pdf out.pdf\`) and try again`,
    );
  }
  if (!hasPdfHeader(bytes)) {
    const subject = name === DEFAULT_NAME ? 'This file' : name;
    return new ClausewatchError(
      'corrupt',
      `${subject} is not a PDF (it has no PDF header); check that you picked the right file, or ask for a fresh copy`,
    );
  }
  return new ClausewatchError(
    'corrupt',
    `${name} is not a readable PDF (the file is damaged or truncated); ask for a fresh copy or re-export it`,
  );
}

/** PDF readers accept the "%PDF-" marker anywhere in the first 1024 bytes. */
function hasPdfHeader(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024)).toString('latin1');
  return head.includes('%PDF-');
}

// ---------------------------------------------------------------------------------------------------------
// Pages
// ---------------------------------------------------------------------------------------------------------

/** What reading one page found. */
interface PageRead {
  lines: PageLines;
  /** Any visible character at all, in any direction. */
  hasText: boolean;
  /** Text we skipped because it is not upright (diagonal watermarks, vertical margin notes). */
  skippedRotated: boolean;
}

/** Pages that need a mention in the warnings. */
interface PageProblems {
  unreadable: number[];
  noText: number[];
  garbled: number[];
  rotated: number[];
  /** Read by OCR. */
  ocr: number[];
  /** OCR failed: the page and what went wrong ("could not be rendered …"). */
  ocrFailed: { page: number; error: string }[];
}

/** A page with fewer visible characters than this, that shows an image, is taken for a scan (mode 'auto'). */
const SCAN_MAX_CHARS = 50;

async function readPages(doc: PDFDocumentProxy, name: string, bytes: Uint8Array, ocr: OcrOptions): Promise<ReadResult> {
  const mode = ocr.mode ?? 'auto';
  const pages: PageLines[] = [];
  const problems: PageProblems = { unreadable: [], noText: [], garbled: [], rotated: [], ocr: [], ocrFailed: [] };
  const toOcr: number[] = [];

  // One page at a time, releasing each before the next, so memory stays flat on long contracts.
  for (let n = 1; n <= doc.numPages; n++) {
    if (mode === 'always') {
      toOcr.push(n);
      continue;
    }
    const read = await readPage(doc, n);
    if (!read) {
      problems.unreadable.push(n);
      continue;
    }
    const text = read.lines.lines.map((l) => l.text).join(' ');
    const garbled = read.hasText && undecodableShare(text) >= GARBLED_SHARE;
    if (mode === 'auto' && (garbled || text.replace(/\s/g, '').length < SCAN_MAX_CHARS) && (await showsImage(doc, n))) {
      toOcr.push(n);
      continue;
    }
    if (read.skippedRotated) problems.rotated.push(n);
    if (garbled) {
      problems.garbled.push(n);
      continue;
    }
    pages.push(read.lines);
  }

  if (toOcr.length > 0) {
    const recognised = await readByOcr(bytes, toOcr, ocr, pages);
    for (const p of recognised) {
      if ('error' in p) problems.ocrFailed.push({ page: p.page, error: p.error });
      else problems.ocr.push(p.page);
    }
  }

  if (problems.unreadable.length === doc.numPages) {
    throw new ClausewatchError(
      'corrupt',
      `${name} is not a readable PDF (none of its pages could be read; the file is damaged); ask for a fresh copy or re-export it`,
    );
  }

  const bodyPages = removePageFurniture(pages);
  // A page with nothing left once headers and footers are gone (or nothing at all) has no text layer of its own.
  for (const p of bodyPages) if (p.lines.length === 0 && !problems.ocr.includes(p.page)) problems.noText.push(p.page);
  const blocks = buildBlocks(bodyPages);

  if (blocks.length === 0) {
    const failed = problems.ocrFailed[0];
    if (failed) {
      throw new ClausewatchError(
        'needs-ocr',
        `${name} has no text layer, and OCR could not read it (page ${failed.page} ${failed.error}); ask for a better scan or a text PDF`,
      );
    }
    throw new ClausewatchError(
      'needs-ocr',
      problems.garbled.length > 0
        ? `${name} has no usable text layer (its fonts don't say which letters they draw) — it needs OCR; run it through an OCR tool (e.g. \`ocrmypdf --force-ocr in.pdf out.pdf\`) and try again`
        : mode === 'never'
          ? `${name} has no text layer (it looks like a scan) — it needs OCR; run it again without --ocr never, or through an OCR tool (e.g. \`ocrmypdf in.pdf out.pdf\`)`
          : `${name} has no text layer (it looks like a scan) — it needs OCR; run it through an OCR tool (e.g. \`ocrmypdf in.pdf out.pdf\`) and try again`,
    );
  }
  return { format: 'pdf', blocks, pages: doc.numPages, warnings: pageWarnings(problems) };
}

/** Whether a page paints an image (a scanned page does; a blank one doesn't). False if PDF.js can't tell. */
async function showsImage(doc: PDFDocumentProxy, n: number): Promise<boolean> {
  let page: PDFPageProxy | undefined;
  try {
    page = await doc.getPage(n);
    const ops = await page.getOperatorList();
    const paints = new Set<number>([
      pdfjs.OPS.paintImageXObject,
      pdfjs.OPS.paintInlineImageXObject,
      pdfjs.OPS.paintImageXObjectRepeat,
      pdfjs.OPS.paintImageMaskXObject,
      pdfjs.OPS.paintInlineImageXObjectGroup,
      pdfjs.OPS.paintImageMaskXObjectGroup,
      pdfjs.OPS.paintImageMaskXObjectRepeat,
    ]);
    return ops.fnArray.some((op) => paints.has(op));
  } catch {
    return false;
  } finally {
    page?.cleanup();
  }
}

/**
 * OCRs the pages (the OCR code is imported only now) and adds what it read to `pages`, in page order, as lines
 * like those of a text layer: words placed on the page, grouped into lines by the same layout code, their sizes
 * evened out and their text cleaned of common OCR confusions. Returns what happened to each page.
 */
async function readByOcr(bytes: Uint8Array, numbers: number[], options: OcrOptions, pages: PageLines[]): Promise<OcrPage[]> {
  const { ocrPages, knownWords, cleanOcrLines } = await import('./ocr/index.js');
  const results = await ocrPages(bytes, numbers, options);
  const recognised: PageLines[] = [];
  for (const n of numbers) {
    const r = results.get(n);
    if (!r || 'error' in r) continue;
    const runs: TextRun[] = r.words.map((w) => ({
      text: w.lineStart ? w.text : ` ${w.text}`, // Tesseract's word spaces, whatever the gap
      x: w.x,
      y: w.y,
      width: w.width,
      size: w.size,
      confidence: w.confidence,
    }));
    recognised.push({ page: n, height: r.height, lines: groupIntoLines(runs, n) });
  }
  evenOutSizes(recognised, pages);
  const known = knownWords([...pages, ...recognised].flatMap((p) => p.lines.map((l) => l.text)));
  for (const p of recognised) p.lines = cleanOcrLines(p.lines, known);
  pages.push(...recognised);
  pages.sort((a, b) => a.page - b.page);
  return numbers.map((n) => results.get(n) ?? { page: n, error: 'could not be read by OCR' });
}

/**
 * OCR estimates a line's font size from its height, which varies a little from line to line (a line without
 * descenders looks smaller). Sizes within 12% of the body size are set to it, so that only real changes of size
 * (headings) count in the layout; the body size is the text pages' when the document has some at a similar size.
 */
function evenOutSizes(recognised: PageLines[], textPages: readonly PageLines[]): void {
  const body = (lines: Line[]): number | undefined => {
    const sizes = lines.flatMap((l) => Array<number>(Math.max(1, l.text.length)).fill(l.size)).sort((a, b) => a - b);
    return sizes[Math.floor(sizes.length / 2)];
  };
  let target = body(recognised.flatMap((p) => p.lines));
  if (target === undefined) return;
  const textBody = body(textPages.flatMap((p) => p.lines));
  if (textBody !== undefined && Math.abs(target / textBody - 1) < 0.2) target = textBody;
  for (const p of recognised) {
    for (const l of p.lines) if (Math.abs(l.size / target - 1) <= 0.12) l.size = target;
  }
}

/** Reads the text of one page, or returns undefined when PDF.js can't (a damaged page). */
async function readPage(doc: PDFDocumentProxy, n: number): Promise<PageRead | undefined> {
  let page: PDFPageProxy | undefined;
  try {
    page = await doc.getPage(n);
    // Ligatures, spaces etc. are not normalised by PDF.js: we unfold ligatures ourselves and leave the rest
    // (quotes, odd spaces) to the segmenter, which keeps an offset map to this text.
    const content = await page.getTextContent({ disableNormalization: true });
    const viewport = page.getViewport({ scale: 1 });
    const runs: TextRun[] = [];
    let hasText = false;
    let skippedRotated = false;
    for (const item of content.items) {
      if (!('str' in item) || item.str.trim() === '') continue; // marked-content markers and bare spaces
      hasText = true;
      const run = toRun(item.str, item.transform, item.width, viewport.transform);
      if (run) runs.push(run);
      else skippedRotated = true;
    }
    return { lines: { page: n, height: viewport.height, lines: groupIntoLines(runs, n) }, hasText, skippedRotated };
  } catch {
    return undefined;
  } finally {
    page?.cleanup();
  }
}

/**
 * Places a text item on the page: its transform (PDF user space, y up) is combined with the viewport's (which
 * applies the page's /Rotate and crop box, y down). Returns undefined for text that isn't upright and
 * left-to-right after that, i.e. diagonal watermarks and vertical margin text.
 */
function toRun(str: string, transform: number[], width: number, viewportTransform: number[]): TextRun | undefined {
  const [a = 0, b = 0, , d = 0, e = 0, f = 0] = pdfjs.Util.transform(viewportTransform, transform);
  const upright = a > 0 && d < 0 && Math.abs(b) <= 0.1 * a;
  if (!upright) return undefined;
  const size = Math.abs(d);
  const text = cleanRunText(str);
  return { text, x: e, y: f, width: width > 0 ? width : text.length * size * 0.5, size: size > 0 ? size : 10 };
}

// ---------------------------------------------------------------------------------------------------------
// Warnings
// ---------------------------------------------------------------------------------------------------------

function pageWarnings(p: PageProblems): string[] {
  const warnings: string[] = [];
  if (p.ocr.length > 0) {
    warnings.push(`${pageList(p.ocr)} ${p.ocr.length === 1 ? 'was' : 'were'} read by OCR; check quotes against the scan`);
  }
  for (const f of p.ocrFailed) warnings.push(`Page ${f.page} ${f.error}; the text on it is missing`);
  if (p.unreadable.length > 0) {
    warnings.push(`${pageList(p.unreadable)} could not be read (the file is damaged there); the text on ${them(p.unreadable)} is missing`);
  }
  if (p.noText.length > 0) {
    warnings.push(
      `${pageList(p.noText)} ${have(p.noText)} no text layer (blank, or a scanned image that needs OCR); any text on ${them(p.noText)} was not read`,
    );
  }
  if (p.garbled.length > 0) {
    warnings.push(
      `${pageList(p.garbled)} ${have(p.garbled)} text that can't be decoded (fonts without a Unicode mapping); OCR ${them(p.garbled)} to read it`,
    );
  }
  if (p.rotated.length > 0) {
    warnings.push(`Rotated or vertical text on ${pageList(p.rotated).toLowerCase()} was skipped (usually a watermark or a margin note)`);
  }
  return warnings;
}

/** "Page 3" / "Pages 3, 7–9". */
function pageList(pages: readonly number[]): string {
  return pages.length === 1 ? `Page ${pages[0]}` : `Pages ${pageRanges(pages)}`;
}
const have = (pages: readonly number[]): string => (pages.length === 1 ? 'has' : 'have');
const them = (pages: readonly number[]): string => (pages.length === 1 ? 'it' : 'them');

/** Sorted page numbers as ranges: [3, 7, 8, 9] → "3, 7–9"; long lists are cut after 20 ranges. */
export function pageRanges(pages: readonly number[]): string {
  const ranges: string[] = [];
  const sorted = [...new Set(pages)].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    ranges.push(i === j ? `${sorted[i]}` : `${sorted[i]}–${sorted[j]}`);
    i = j + 1;
  }
  return ranges.length > 20 ? `${ranges.slice(0, 20).join(', ')} and ${ranges.length - 20} more ranges` : ranges.join(', ');
}
