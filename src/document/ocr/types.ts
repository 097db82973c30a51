/**
 * The OCR options and results shared by the PDF reader and the OCR engine. This file has no dependencies, so
 * the reader can name these types without loading the OCR code (tesseract.js, the canvas), which is imported
 * only when a page needs it.
 */

/** `auto`: OCR pages without a usable text layer; `always`: OCR every page; `never`: no OCR ("needs OCR" error). */
export type OcrMode = 'auto' | 'always' | 'never';

export const OCR_MODES: readonly OcrMode[] = ['auto', 'always', 'never'];

export interface OcrOptions {
  /** Default 'auto'. */
  mode?: OcrMode;
  /** Reuse and store results in the cache directory. Default true. */
  cache?: boolean;
  /** Where cached results go. Default: $CLAUSEWATCH_CACHE_DIR, else the user's cache directory (env-paths). */
  cacheDir?: string;
  /** Parallel OCR workers. Default: the number of cores (at most the number of pages, at most 8). */
  workers?: number;
  /** Called when OCR starts (0 of M) and after each page. */
  onProgress?: (done: number, total: number) => void;
  /** Aborting stops OCR, terminates the workers and rejects with a 'cancelled' ClausewatchError. */
  signal?: AbortSignal;
}

/** One recognised word, in PDF points on the page (viewport space: y grows downwards). */
export interface OcrWord {
  text: string;
  x: number;
  width: number;
  /** Baseline of the word's line. */
  y: number;
  /** Font size estimated from the line's height. */
  size: number;
  /** Tesseract's confidence, 0–100. */
  confidence: number;
  /** First word of a line as Tesseract found it. */
  lineStart: boolean;
}

/** What OCR made of one page. */
export type OcrPage =
  | { page: number; height: number; words: OcrWord[] }
  /** The page could not be rendered or recognised; `reason` completes "Page N …". */
  | { page: number; error: string };
