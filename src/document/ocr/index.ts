/**
 * OCR for PDF pages without a usable text layer: render (render.ts), recognise on a pool of tesseract.js workers
 * (pool.ts), cache by file hash (cache.ts). Imported lazily by src/document/pdf.ts, only when a page needs it,
 * and itself loads tesseract.js and the canvas only when a page is not in the cache.
 */
import { availableParallelism } from 'node:os';
import { ClausewatchError } from '../errors.js';
import { cacheDirectory, cacheKey, readCache, writeCache } from './cache.js';
import type { OcrOptions, OcrPage } from './types.js';

/** Render resolution: 200 dpi reads 9–12 pt contract text well at about 4 s a page on one core. */
export const OCR_DPI = 200;
const MAX_WORKERS = 8;

/**
 * Recognises the listed pages (1-based) of a PDF. Pages that can't be rendered or recognised come back as
 * `{ page, error }`; the others as words with positions and confidences. Throws a 'cancelled' ClausewatchError
 * when `options.signal` aborts (the workers are terminated first).
 */
export async function ocrPages(bytes: Uint8Array, pages: readonly number[], options: OcrOptions = {}): Promise<Map<number, OcrPage>> {
  const results = new Map<number, OcrPage>();
  if (pages.length === 0) return results;
  const useCache = options.cache !== false;
  const dir = cacheDirectory(options.cacheDir);
  const { ENGINE_SETTINGS } = await import('./pool.js');
  const key = cacheKey(bytes, { ...ENGINE_SETTINGS, dpi: OCR_DPI });
  if (useCache) {
    const cached = await readCache(dir, key);
    for (const n of pages) {
      const hit = cached.get(n);
      if (hit) results.set(n, hit);
    }
  }
  const todo = pages.filter((n) => !results.has(n));
  if (todo.length > 0) {
    await recognise(bytes, todo, options, results);
    if (useCache) {
      const all = await readCache(dir, key); // keep pages another run (e.g. --ocr always) stored
      for (const [n, p] of results) all.set(n, p);
      await writeCache(dir, key, [...all.values()].sort((a, b) => a.page - b.page));
    }
  }
  return results;
}

function cancelled(done: number, total: number): ClausewatchError {
  return new ClausewatchError('cancelled', `cancelled (OCR stopped after ${done} of ${total} pages); nothing was written`);
}

async function recognise(bytes: Uint8Array, todo: readonly number[], options: OcrOptions, results: Map<number, OcrPage>): Promise<void> {
  const signal = options.signal;
  const total = todo.length;
  let done = 0;
  if (signal?.aborted) throw cancelled(0, total);
  options.onProgress?.(0, total);

  const [{ openForRendering }, { createPool }] = await Promise.all([import('./render.js'), import('./pool.js')]);
  const size = Math.max(1, Math.min(options.workers ?? availableParallelism(), total, MAX_WORKERS));
  const renderer = await openForRendering(bytes);
  let pool: Awaited<ReturnType<typeof createPool>> | undefined;
  let aborted = false;
  const onAbort = (): void => {
    aborted = true;
    void pool?.terminate();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    try {
      pool = await createPool(size, OCR_DPI);
    } catch (e) {
      if (aborted) throw cancelled(0, total);
      const why = e instanceof Error ? e.message : String(e);
      for (const n of todo) results.set(n, { page: n, error: `could not be read by OCR (the OCR engine did not start: ${why})` });
      return;
    }
    if (aborted) throw cancelled(0, total);
    const ocr = pool;
    // Pages are rendered one at a time on this thread while the workers recognise; at most two pages per worker
    // wait as images, so memory stays flat on long scans.
    const inFlight = new Set<Promise<void>>();
    for (const n of todo) {
      if (aborted) break;
      while (inFlight.size >= size * 2) await Promise.race(inFlight);
      if (aborted) break;
      let job: Promise<void>;
      try {
        const image = await renderer.render(n, OCR_DPI);
        if (image.blank) {
          results.set(n, { page: n, error: 'has an image that could not be decoded (the file is damaged there), or is blank' });
          done++;
          options.onProgress?.(done, total);
          continue;
        }
        job = ocr.recognize(image.png, OCR_DPI).then(
          (words) => void results.set(n, { page: n, height: image.height, words }),
          (e: unknown) => {
            if (!aborted) results.set(n, { page: n, error: `could not be read by OCR (${e instanceof Error ? e.message : String(e)})` });
          },
        );
      } catch {
        results.set(n, { page: n, error: 'could not be rendered for OCR (the file is damaged there)' });
        done++;
        options.onProgress?.(done, total);
        continue;
      }
      const tracked: Promise<void> = job.finally(() => {
        inFlight.delete(tracked);
        if (!aborted) options.onProgress?.(++done, total);
      });
      inFlight.add(tracked);
    }
    await Promise.all(inFlight);
    if (aborted) throw cancelled(done, total);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await pool?.terminate();
    await renderer.close();
  }
}

export { cleanOcrLines, knownWords } from './cleanup.js';
export type { OcrMode, OcrOptions, OcrPage, OcrWord } from './types.js';
