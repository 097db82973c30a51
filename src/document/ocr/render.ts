/**
 * Renders PDF pages to PNG images for OCR, with PDF.js and @napi-rs/canvas.
 *
 * PDF.js in Node renders through a "canvas factory". Its built-in `NodeCanvasFactory` requires its *own* copy
 * of @napi-rs/canvas (0.1.x, a dependency of pdfjs-dist), and it polyfills `Path2D`, `DOMMatrix` and `ImageData`
 * from that copy when it is first loaded. Objects of one copy are rejected by the other ("Value is none of these
 * types `String`, `Path`"), so this module renders with one copy throughout: ours (1.x). It passes its own
 * factory to `getDocument` and points the three globals at 1.x before rendering. Only PDF.js's rendering uses
 * those globals; reading text (src/document/pdf.ts) does not.
 */
import * as canvas from '@napi-rs/canvas';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFDocumentLoadingTask, PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api.js';

// The globals are typed by lib.dom-less @types/node as absent; assigning through a loose record is the honest way.
const globals = globalThis as unknown as Record<string, unknown>;
globals.DOMMatrix = canvas.DOMMatrix;
globals.Path2D = canvas.Path2D;
globals.ImageData = canvas.ImageData;

interface CanvasEntry {
  canvas: canvas.Canvas | null;
  context: canvas.SKRSContext2D | null;
}

/** The factory PDF.js uses for the scratch canvases of a render (patterns, masks, groups). */
class CanvasFactory {
  create(width: number, height: number): CanvasEntry {
    if (width <= 0 || height <= 0) throw new Error('Invalid canvas size');
    const c = canvas.createCanvas(width, height);
    return { canvas: c, context: c.getContext('2d') };
  }
  reset(entry: CanvasEntry, width: number, height: number): void {
    if (!entry.canvas) throw new Error('Canvas is not specified');
    entry.canvas.width = width;
    entry.canvas.height = height;
  }
  destroy(entry: CanvasEntry): void {
    if (entry.canvas) {
      entry.canvas.width = 0;
      entry.canvas.height = 0;
    }
    entry.canvas = null;
    entry.context = null;
  }
}

function pdfjsDirectory(): string | undefined {
  try {
    return dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  } catch {
    return undefined;
  }
}

/** A PDF opened for rendering. */
export interface PageRenderer {
  /** Renders page `n` at `dpi` as a PNG; `blank` when nothing at all was drawn (e.g. an image that can't be decoded). */
  render(n: number, dpi: number): Promise<{ png: Buffer; blank: boolean; height: number }>;
  close(): Promise<void>;
}

export async function openForRendering(bytes: Uint8Array): Promise<PageRenderer> {
  const dir = pdfjsDirectory();
  const task: PDFDocumentLoadingTask = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    verbosity: 0,
    isEvalSupported: false,
    disableFontFace: true, // fonts are drawn as paths: no system fonts, no FontFace API in Node
    useSystemFonts: false,
    enableXfa: false,
    stopAtErrors: false,
    ...(dir
      ? {
          standardFontDataUrl: join(dir, 'standard_fonts') + '/',
          cMapUrl: join(dir, 'cmaps') + '/',
          cMapPacked: true,
          wasmUrl: join(dir, 'wasm') + '/', // JPEG 2000 and JBIG2 decoders, common in scanners' output
        }
      : {}),
    CanvasFactory,
  });
  let doc: PDFDocumentProxy;
  try {
    doc = await task.promise;
  } catch (e) {
    await task.destroy().catch(() => undefined);
    throw e;
  }
  return {
    async render(n, dpi) {
      const page = await doc.getPage(n);
      try {
        const viewport = page.getViewport({ scale: dpi / 72 });
        const height = page.getViewport({ scale: 1 }).height;
        const c = canvas.createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
        const ctx = c.getContext('2d');
        ctx.fillStyle = '#ffffff';
        ctx.fillRect(0, 0, c.width, c.height);
        // PDF.js's types want a DOM canvas; the @napi-rs/canvas one implements what it uses.
        await page.render({ canvas: c as unknown as HTMLCanvasElement, canvasContext: ctx as unknown as CanvasRenderingContext2D, viewport })
          .promise;
        const blank = isBlank(ctx.getImageData(0, 0, c.width, c.height).data);
        return { png: await c.encode('png'), blank, height };
      } finally {
        page.cleanup();
      }
    },
    async close() {
      await task.destroy().catch(() => undefined);
    },
  };
}

/** Whether every pixel is (nearly) white: nothing was drawn. */
function isBlank(rgba: Uint8ClampedArray): boolean {
  for (let i = 0; i < rgba.length; i += 4) {
    if (rgba[i]! < 240 || rgba[i + 1]! < 240 || rgba[i + 2]! < 240) return false;
  }
  return true;
}
