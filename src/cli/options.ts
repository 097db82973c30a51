/** Options shared by the commands that read contracts and write reports. */
import { InvalidArgumentError, Option } from 'commander';
import { writeFile } from 'node:fs/promises';
import { ClausewatchError } from '../document/errors.js';
import type { ReadLimits } from '../document/limits.js';
import { OCR_MODES, type OcrMode, type OcrOptions } from '../document/ocr/types.js';

/** "50MB", "500k", "1048576" → bytes. */
export function parseSize(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb?|mb?|gb?)?$/i.exec(value.trim());
  if (!m) throw new InvalidArgumentError('expected a size such as 50MB, 500KB or 1048576');
  const unit = (m[2] ?? 'b').toLowerCase()[0];
  const factor = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  const bytes = Math.round(Number(m[1]) * factor);
  if (bytes < 1) throw new InvalidArgumentError('the size must be at least 1 byte');
  return bytes;
}

export const maxSizeOption = () =>
  new Option('--max-size <size>', 'largest file to read (e.g. 50MB)').argParser(parseSize).default(50 * 1024 ** 2, '50MB');

export function limitsFrom(opts: { maxSize?: number }): Partial<ReadLimits> {
  return opts.maxSize ? { maxFileBytes: opts.maxSize } : {};
}

export const outputOption = () => new Option('-o, --output <file>', 'write the report to FILE instead of standard output');

/** Writes a report where the user asked: to `path`, or to standard output when there is none. */
export async function writeOutput(data: string | Uint8Array, path: string | undefined): Promise<void> {
  if (path === undefined) {
    process.stdout.write(data);
    return;
  }
  try {
    await writeFile(path, data);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unknown error';
    const hint = code === 'ENOENT' ? 'its folder does not exist' : code === 'EISDIR' ? 'it is a folder; name a file' : 'check the path and its permissions';
    throw new ClausewatchError('bad-usage', `cannot write ${path} (${code}): ${hint}`);
  }
}

/** `--ocr auto|always|never`: OCR of scanned PDF pages. */
export const ocrOption = () =>
  new Option('--ocr <mode>', 'OCR scanned PDF pages: auto (pages without a text layer), always (every page) or never')
    .choices(OCR_MODES)
    .default('auto');

/** `--no-ocr-cache`: OCR again instead of reusing (and storing) results in the cache directory. */
export const ocrCacheOption = () =>
  new Option('--no-ocr-cache', 'do not reuse or store OCR results (cache: $CLAUSEWATCH_CACHE_DIR or the user cache directory)');

/**
 * The OCR options of a command: the mode and cache flag from the command line, progress on a terminal
 * ("OCR page N of M" on stderr, through `report` when the command draws its own progress), and Ctrl-C to stop
 * (a second Ctrl-C kills the process as usual). Call `done()` when reading is over.
 */
export function ocrOptionsFrom(
  opts: { ocr?: OcrMode; ocrCache?: boolean },
  report?: (done: number, total: number) => void,
): { ocr: OcrOptions; done: () => void } {
  const controller = new AbortController();
  const onSigint = (): void => {
    process.removeListener('SIGINT', onSigint);
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  let shown = false;
  const onProgress =
    report ??
    (process.stderr.isTTY === true
      ? (done: number, total: number) => {
          shown = true;
          process.stderr.write(`\rOCR page ${Math.min(done + 1, total)} of ${total}`);
        }
      : undefined);
  return {
    ocr: {
      mode: opts.ocr ?? 'auto',
      cache: opts.ocrCache !== false,
      signal: controller.signal,
      ...(onProgress ? { onProgress } : {}),
    },
    done: () => {
      process.removeListener('SIGINT', onSigint);
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}
