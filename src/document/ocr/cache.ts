/**
 * OCR results cached on disk, keyed by the SHA-256 of the file's bytes and the OCR settings, so a second review
 * of the same scan is instant. One JSON file per document holds the pages recognised so far.
 *
 * Location: $CLAUSEWATCH_CACHE_DIR, else the user's cache directory (env-paths: ~/.cache/clausewatch-nodejs on
 * Linux, ~/Library/Caches/clausewatch-nodejs on macOS, %LOCALAPPDATA%\clausewatch-nodejs\Cache on Windows),
 * in an `ocr` folder. A cache that can't be read or written is ignored: OCR just runs again.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import envPaths from 'env-paths';
import type { OcrPage } from './types.js';

/** Bumped when the stored shape or the way words are measured changes. */
const CACHE_FORMAT = 1;

export function cacheDirectory(override?: string): string {
  const fromEnv = process.env.CLAUSEWATCH_CACHE_DIR;
  const base = override ?? (fromEnv !== undefined && fromEnv !== '' ? fromEnv : envPaths('clausewatch').cache);
  return join(base, 'ocr');
}

export function cacheKey(bytes: Uint8Array, settings: object): string {
  return createHash('sha256')
    .update(bytes)
    .update(JSON.stringify({ format: CACHE_FORMAT, ...settings }))
    .digest('hex');
}

interface CacheFile {
  format: number;
  pages: OcrPage[];
}

/** The cached pages (by page number); empty when there are none or the file is unreadable. */
export async function readCache(dir: string, key: string): Promise<Map<number, OcrPage>> {
  try {
    const data = JSON.parse(await readFile(join(dir, `${key}.json`), 'utf8')) as CacheFile;
    if (data.format !== CACHE_FORMAT || !Array.isArray(data.pages)) return new Map();
    return new Map(data.pages.filter((p) => !('error' in p)).map((p) => [p.page, p]));
  } catch {
    return new Map();
  }
}

/** Stores the pages (errors are not cached: a damaged page is tried again next time). Never throws. */
export async function writeCache(dir: string, key: string, pages: Iterable<OcrPage>): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    const file = join(dir, `${key}.json`);
    const tmp = `${file}.${process.pid}.tmp`;
    const data: CacheFile = { format: CACHE_FORMAT, pages: [...pages].filter((p) => !('error' in p)) };
    await writeFile(tmp, JSON.stringify(data));
    await rename(tmp, file); // atomic: a concurrent reader sees the old file or the new one
  } catch {
    // A read-only or full disk costs only speed.
  }
}
