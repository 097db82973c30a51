/**
 * Builds small PDFs in memory for the PDF reader's tests, so that no fixture has to be downloaded:
 * - `makePdf`: pages with text lines at chosen positions (pdf-lib, standard fonts);
 * - `makeContractPdf`: paragraphs wrapped to the text width and flowed over pages like a word processor would,
 *   with a running header and a "Page N of M" footer;
 * - `makeRawPdf`: a hand-written PDF whose font maps bytes to the ligature glyphs (pdf-lib's standard fonts
 *   can't encode "ﬁ"), with the cross-reference table computed properly.
 * Positions are given in points from the *top* of the page, as people read it; pdf-lib counts from the bottom.
 */

import { PDFDocument, StandardFonts, degrees, rgb, type PDFFont, type PDFPage } from 'pdf-lib';

export const LETTER = { width: 612, height: 792 } as const;

export interface TextSpec {
  text: string;
  /** Left edge, points. Default 72 (one inch). */
  x?: number;
  /** Baseline, points from the top of the page. */
  y: number;
  /** Font size, default 11. */
  size?: number;
  bold?: boolean;
  /** Rotation in degrees, counter-clockwise (a diagonal watermark is 45). */
  rotate?: number;
}

export interface PageSpec {
  lines?: TextSpec[];
  /** Draw a filled rectangle (a stand-in for a scanned image). */
  rect?: boolean;
  /** Page /Rotate, in degrees. */
  rotation?: number;
}

export interface Furniture {
  /** A running header drawn at the top of every page, e.g. "ACME CONFIDENTIAL". */
  header?: string;
  /** A footer per page, e.g. (n, total) => `Page ${n} of ${total}`. */
  footer?: (page: number, total: number) => string;
}

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

async function newDocument(): Promise<{ doc: PDFDocument; fonts: Fonts }> {
  const doc = await PDFDocument.create();
  const regular = await doc.embedFont(StandardFonts.TimesRoman);
  const bold = await doc.embedFont(StandardFonts.TimesRomanBold);
  return { doc, fonts: { regular, bold } };
}

function drawFurniture(page: PDFPage, fonts: Fonts, furniture: Furniture, n: number, total: number): void {
  const { height } = page.getSize();
  if (furniture.header) page.drawText(furniture.header, { x: 72, y: height - 40, size: 9, font: fonts.regular });
  if (furniture.footer) page.drawText(furniture.footer(n, total), { x: 280, y: 40, size: 9, font: fonts.regular });
}

/** A PDF whose pages hold exactly the given lines (plus optional header and footer on every page). */
export async function makePdf(pages: PageSpec[], furniture: Furniture = {}): Promise<Uint8Array> {
  const { doc, fonts } = await newDocument();
  pages.forEach((spec, i) => {
    const page = doc.addPage([LETTER.width, LETTER.height]);
    if (spec.rotation) page.setRotation(degrees(spec.rotation));
    if (spec.rect) page.drawRectangle({ x: 72, y: 200, width: 468, height: 500, color: rgb(0.8, 0.8, 0.8) });
    for (const line of spec.lines ?? []) {
      page.drawText(line.text, {
        x: line.x ?? 72,
        y: LETTER.height - line.y,
        size: line.size ?? 11,
        font: line.bold ? fonts.bold : fonts.regular,
        rotate: line.rotate ? degrees(line.rotate) : undefined,
      });
    }
    drawFurniture(page, fonts, furniture, i + 1, pages.length);
  });
  return doc.save();
}

export interface Paragraph {
  /** Text wrapped to the text width. */
  text?: string;
  /**
   * Or the exact lines, for tests that need a given line break (e.g. "reten-" / "tion"). They are justified
   * (spread to the full text width, as a word processor does) except the last, so that no line looks as if it
   * ended the paragraph early.
   */
  lines?: string[];
  size?: number;
  bold?: boolean;
  /** Start this paragraph on a new page. */
  pageBreakBefore?: boolean;
  /** Extra space above, in points (default 6; headings usually want more). */
  spaceBefore?: number;
}

export interface FlowOptions extends Furniture {
  /** Width of the text column. Default 468 (letter paper with 1-inch margins). */
  width?: number;
  /** Line height as a multiple of the font size. Default 1.25. */
  leading?: number;
}

/** Words wrapped greedily to `width`, as a word processor does. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (line !== '' && font.widthOfTextAtSize(candidate, size) > width) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** Draws a line word by word, spreading the words so that the line spans `width` from the left margin. */
function drawJustified(page: PDFPage, text: string, o: { y: number; size: number; font: PDFFont; width: number }): void {
  const words = text.split(' ').filter((w) => w !== '');
  const widths = words.map((w) => o.font.widthOfTextAtSize(w, o.size));
  const gap = words.length > 1 ? (o.width - widths.reduce((a, b) => a + b, 0)) / (words.length - 1) : 0;
  let x = 72;
  words.forEach((word, i) => {
    page.drawText(word, { x, y: o.y, size: o.size, font: o.font });
    x += (widths[i] ?? 0) + gap;
  });
}

/**
 * A contract-like PDF: paragraphs flowed down letter-size pages between 1-inch margins, breaking to a new page
 * when the next line would not fit (so paragraphs can run over a page break), with optional furniture.
 */
export async function makeContractPdf(paragraphs: Paragraph[], options: FlowOptions = {}): Promise<Uint8Array> {
  const { doc, fonts } = await newDocument();
  const width = options.width ?? 468;
  const leading = options.leading ?? 1.25;
  const top = 72;
  const bottom = LETTER.height - 72;
  let page = doc.addPage([LETTER.width, LETTER.height]);
  let y = top;
  let first = true;
  for (const p of paragraphs) {
    const size = p.size ?? 11;
    const font = p.bold ? fonts.bold : fonts.regular;
    if (p.pageBreakBefore && !first) {
      page = doc.addPage([LETTER.width, LETTER.height]);
      y = top;
    } else if (!first) {
      y += p.spaceBefore ?? 6;
    }
    const lines = p.lines ?? wrap(p.text ?? '', font, size, width);
    lines.forEach((text, i) => {
      if (y + size * leading > bottom) {
        page = doc.addPage([LETTER.width, LETTER.height]);
        y = top;
      }
      y += size * leading;
      const justify = p.lines !== undefined && i < lines.length - 1;
      if (justify) drawJustified(page, text, { y: LETTER.height - y, size, font, width });
      else page.drawText(text, { x: 72, y: LETTER.height - y, size, font });
    });
    first = false;
  }
  const pages = doc.getPages();
  pages.forEach((pg, i) => drawFurniture(pg, fonts, options, i + 1, pages.length));
  return doc.save();
}

// ---------------------------------------------------------------------------------------------------------
// Hand-written PDFs
// ---------------------------------------------------------------------------------------------------------

/**
 * Byte codes of the raw PDF's font (Helvetica, WinAnsi plus these differences). PDF.js maps the glyph names to
 * Unicode: /fi → U+FB01, /uni00AD → U+00AD and so on.
 */
export const RAW_CODES = {
  ff: '\x80',
  fi: '\x81',
  fl: '\x82',
  ffi: '\x83',
  ffl: '\x84',
  softHyphen: '\x85',
} as const;

const RAW_DIFFERENCES = '[128 /ff /fi /fl /ffi /ffl /uni00AD]';

/** Escapes text for a PDF string literal "( … )". */
function pdfString(s: string): string {
  return s.replace(/[\\()]/g, (c) => `\\${c}`);
}

/** A content stream that writes each line at (x, y-from-top) in the raw font, at 11 pt. */
export function rawTextContent(lines: { text: string; x?: number; y: number }[]): string {
  return lines
    .map((l) => `BT /F1 11 Tf 1 0 0 1 ${l.x ?? 72} ${LETTER.height - l.y} Tm (${pdfString(l.text)}) Tj ET`)
    .join('\n');
}

/**
 * A minimal, valid PDF with one page per content stream (latin-1 strings; see `RAW_CODES`). Objects: 1 catalog,
 * 2 page tree, 3 font, then a page and its content stream for each page. The xref offsets are byte offsets.
 */
export function makeRawPdf(contents: string[]): Uint8Array {
  const objects: string[] = [];
  const pageIds = contents.map((_, i) => 4 + i * 2);
  objects.push('<< /Type /Catalog /Pages 2 0 R >>');
  objects.push(`<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${contents.length} >>`);
  objects.push(
    `<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences ${RAW_DIFFERENCES} >> >>`,
  );
  contents.forEach((content, i) => {
    const contentId = pageIds[i]! + 1;
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${LETTER.width} ${LETTER.height}] /Resources << /Font << /F1 3 0 R >> >> /Contents ${contentId} 0 R >>`,
    );
    objects.push(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`);
  });

  let out = '%PDF-1.4\n%\xE2\xE3\xCF\xD3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xrefAt = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}
