/**
 * A pool of tesseract.js workers (each a worker thread running Tesseract compiled to WebAssembly), fed by one
 * scheduler. The English model comes from the installed @tesseract.js-data/eng package: nothing is downloaded,
 * and nothing is written to the working directory (`cacheMethod: 'none'`).
 */
import { createRequire } from 'node:module';
import Tesseract from 'tesseract.js';
import type { OcrWord } from './types.js';

/** The model settings; part of the cache key, so a change of model or settings means a fresh OCR. */
export const ENGINE_SETTINGS = { lang: 'eng', model: '@tesseract.js-data/eng 4.0.0', oem: 1, psm: 6 } as const;

export interface OcrPool {
  /** Recognises a PNG rendered at `dpi`, returning its words in PDF points. */
  recognize(png: Buffer, dpi: number): Promise<OcrWord[]>;
  terminate(): Promise<void>;
}

/** Where @tesseract.js-data/eng keeps eng.traineddata.gz. */
function langPath(): string {
  // The package is CommonJS without types: `{ code, gzip, langPath }`.
  const data = createRequire(import.meta.url)('@tesseract.js-data/eng') as { langPath: string };
  return data.langPath;
}

export async function createPool(size: number, dpi: number): Promise<OcrPool> {
  const scheduler = Tesseract.createScheduler();
  const path = langPath();
  try {
    const workers = await Promise.all(
      Array.from({ length: size }, () =>
        Tesseract.createWorker(ENGINE_SETTINGS.lang, Tesseract.OEM.LSTM_ONLY, { langPath: path, gzip: true, cacheMethod: 'none' }),
      ),
    );
    for (const w of workers) {
      // One block of text per page: with automatic page segmentation Tesseract drops the column of clause numbers
      // beside a heading ("3." / "3.1"); the layout code finds the paragraphs and headings itself. The resolution
      // is known: saying so stops Tesseract guessing it (and printing "Estimating resolution as …").
      await w.setParameters({ tessedit_pageseg_mode: Tesseract.PSM.SINGLE_BLOCK, user_defined_dpi: String(dpi) });
      scheduler.addWorker(w);
    }
  } catch (e) {
    await scheduler.terminate().catch(() => undefined);
    throw e;
  }
  return {
    async recognize(png, dpi) {
      const result = await scheduler.addJob('recognize', png, {}, { blocks: true, text: false });
      return wordsOf(result.data, 72 / dpi);
    },
    async terminate() {
      await scheduler.terminate().catch(() => undefined);
    },
  };
}

/**
 * Tesseract's lines and words → words in PDF points. Every word of a line gets the line's baseline and size, so
 * the layout code keeps the line together; the size is the line's row height (ascender to descender), which is
 * close to the font size.
 */
export function wordsOf(page: Tesseract.Page, scale: number): OcrWord[] {
  const words: OcrWord[] = [];
  for (const block of page.blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        const baseline = (line.baseline.y0 + line.baseline.y1) / 2;
        const height = line.rowAttributes?.rowHeight > 0 ? line.rowAttributes.rowHeight : line.bbox.y1 - line.bbox.y0;
        let first = true;
        for (const w of line.words) {
          const text = w.text.trim();
          if (text === '') continue;
          // Specks and rules read as "~~", "|" or "_": no letter or digit, and Tesseract itself unsure.
          if (!/[\p{L}\p{N}]/u.test(text) && w.confidence < 60) continue;
          words.push({
            text,
            x: w.bbox.x0 * scale,
            width: (w.bbox.x1 - w.bbox.x0) * scale,
            y: (baseline > 0 ? baseline : line.bbox.y1) * scale,
            size: height * scale,
            confidence: w.confidence,
            lineStart: first,
          });
          first = false;
        }
      }
    }
  }
  return words;
}
