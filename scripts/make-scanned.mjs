#!/usr/bin/env node
/**
 * Makes "scanned" copies of the example contracts: every page of examples/*.pdf rendered to a greyscale JPEG
 * (PDF.js + @napi-rs/canvas) and wrapped in an image-only PDF (pdf-lib), with no text layer — what a
 * public-records office sends back after printing and scanning a contract.
 *
 *   node scripts/make-scanned.mjs                 # tmp/scanned/<name>.pdf for every example (200 dpi, not committed)
 *   node scripts/make-scanned.mjs --fixture       # also tests/fixtures/scanned-2page.pdf (committed, small)
 *   node scripts/make-scanned.mjs --dpi 150 NAME  # only the named example(s), at another resolution
 *
 * The committed fixture is pages 1–2 of the ALPR agreement at 150 dpi, JPEG quality 25 (about 300 KB).
 * The output is deterministic (fixed dates, no random noise), so re-running it gives the same files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as canvas from '@napi-rs/canvas';
import { PDFDocument } from 'pdf-lib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// PDF.js draws with the Path2D/DOMMatrix/ImageData of whatever canvas package set them first; they must be the
// ones of the canvas we render into, so they are set before PDF.js is loaded.
globalThis.DOMMatrix = canvas.DOMMatrix;
globalThis.Path2D = canvas.Path2D;
globalThis.ImageData = canvas.ImageData;
const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');

class CanvasFactory {
  create(width, height) {
    const c = canvas.createCanvas(width, height);
    return { canvas: c, context: c.getContext('2d') };
  }
  reset(entry, width, height) {
    entry.canvas.width = width;
    entry.canvas.height = height;
  }
  destroy(entry) {
    entry.canvas.width = 0;
    entry.canvas.height = 0;
    entry.canvas = null;
    entry.context = null;
  }
}

const pdfjsDir = path.join(ROOT, 'node_modules', 'pdfjs-dist');

/** Renders each page (or the first `maxPages`) of a PDF to a greyscale JPEG at `dpi`. */
async function renderPages(file, { dpi, quality, maxPages = Infinity }) {
  const data = new Uint8Array(fs.readFileSync(file));
  const doc = await pdfjs.getDocument({
    data,
    verbosity: 0,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    standardFontDataUrl: path.join(pdfjsDir, 'standard_fonts') + '/',
    cMapUrl: path.join(pdfjsDir, 'cmaps') + '/',
    cMapPacked: true,
    CanvasFactory,
  }).promise;
  const pages = [];
  try {
    for (let n = 1; n <= Math.min(doc.numPages, maxPages); n++) {
      const page = await doc.getPage(n);
      const viewport = page.getViewport({ scale: dpi / 72 });
      const base = page.getViewport({ scale: 1 });
      const c = canvas.createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
      const ctx = c.getContext('2d');
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, c.width, c.height);
      await page.render({ canvas: c, canvasContext: ctx, viewport }).promise;
      // Greyscale, like most office scanners: keeps the JPEGs small.
      const img = ctx.getImageData(0, 0, c.width, c.height);
      for (let i = 0; i < img.data.length; i += 4) {
        const y = Math.round(0.299 * img.data[i] + 0.587 * img.data[i + 1] + 0.114 * img.data[i + 2]);
        img.data[i] = img.data[i + 1] = img.data[i + 2] = y;
      }
      ctx.putImageData(img, 0, 0);
      pages.push({ jpeg: await c.encode('jpeg', quality), width: base.width, height: base.height });
      page.cleanup();
    }
  } finally {
    await doc.destroy();
  }
  return pages;
}

/** An image-only PDF: one page per JPEG, the page the size of the original. */
export async function imagePdf(pages) {
  const pdf = await PDFDocument.create();
  const fixed = new Date('2026-01-01T00:00:00Z');
  pdf.setCreationDate(fixed);
  pdf.setModificationDate(fixed);
  pdf.setProducer('clausewatch make-scanned');
  pdf.setCreator('clausewatch make-scanned');
  for (const p of pages) {
    const image = await pdf.embedJpg(p.jpeg);
    const page = pdf.addPage([p.width, p.height]);
    page.drawImage(image, { x: 0, y: 0, width: p.width, height: p.height });
  }
  return pdf.save({ useObjectStreams: false });
}

async function main() {
  const args = process.argv.slice(2);
  const fixture = args.includes('--fixture');
  const dpiAt = args.indexOf('--dpi');
  const dpi = dpiAt >= 0 ? Number(args[dpiAt + 1]) : 200;
  const names = args.filter((a, i) => !a.startsWith('--') && !(dpiAt >= 0 && i === dpiAt + 1));
  const examples = fs
    .readdirSync(path.join(ROOT, 'examples'))
    .filter((f) => f.endsWith('.pdf'))
    .map((f) => f.slice(0, -4))
    .filter((n) => names.length === 0 || names.includes(n));
  const outDir = path.join(ROOT, 'tmp', 'scanned');
  fs.mkdirSync(outDir, { recursive: true });
  for (const name of examples) {
    const pages = await renderPages(path.join(ROOT, 'examples', `${name}.pdf`), { dpi, quality: 80 });
    const out = path.join(outDir, `${name}.pdf`);
    fs.writeFileSync(out, await imagePdf(pages));
    console.log(`${path.relative(ROOT, out)}: ${pages.length} pages at ${dpi} dpi, ${Math.round(fs.statSync(out).size / 1024)} KB`);
  }
  if (fixture) {
    const pages = await renderPages(path.join(ROOT, 'examples', 'alpr-services-agreement.pdf'), { dpi: 150, quality: 25, maxPages: 2 });
    const out = path.join(ROOT, 'tests', 'fixtures', 'scanned-2page.pdf');
    fs.writeFileSync(out, await imagePdf(pages));
    console.log(`${path.relative(ROOT, out)}: 2 pages at 150 dpi, ${Math.round(fs.statSync(out).size / 1024)} KB`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
