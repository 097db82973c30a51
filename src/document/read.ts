/**
 * Reading a contract: from a path or bytes to a segmented `Document`. Chooses the reader by content, enforces
 * the size limits, and turns every failure a user can cause into a one-line `ClausewatchError`.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { segment } from '../segment/segment.js';
import { ClausewatchError } from './errors.js';
import { DEFAULT_LIMITS, formatBytes, type ReadLimits } from './limits.js';
import type { Document, ReadResult } from './model.js';
import type { OcrOptions } from './ocr/types.js';
import { sniff } from './sniff.js';
import { readHtml, readText } from './text.js';

export interface ReadOptions {
  limits?: Partial<ReadLimits>;
  /** OCR of scanned PDF pages: mode 'auto' (default), 'always' or 'never', cache, progress, cancellation. */
  ocr?: OcrOptions;
}

/** Reads and segments the file at `path`. */
export async function readDocumentFile(path: string, options: ReadOptions = {}): Promise<Document> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) {
      throw new ClausewatchError('is-directory', `${path} is a folder; name the contract files inside it (or use scan on each)`);
    }
    size = info.size;
  } catch (e) {
    if (e instanceof ClausewatchError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ClausewatchError('not-found', `${path}: no such file; check the path`);
    throw new ClausewatchError('unreadable', `${path} cannot be read (${code ?? 'unknown error'}); check its permissions`);
  }
  checkSize(path, size, limits);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ClausewatchError('unreadable', `${path} cannot be read (${code ?? 'unknown error'}); check its permissions`);
  }
  return readDocumentBytes(bytes, path, options);
}

/** Reads and segments a file already in memory; `name` labels it in messages and in the result. */
export async function readDocumentBytes(bytes: Uint8Array, name: string, options: ReadOptions = {}): Promise<Document> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  checkSize(name, bytes.length, limits);
  if (bytes.length === 0) {
    throw new ClausewatchError('empty', `${name} is empty (0 bytes); check that it is the right file`);
  }
  const read = await readBytes(bytes, name, limits, options.ocr ?? {});
  return segment(read, name);
}

async function readBytes(bytes: Uint8Array, name: string, limits: ReadLimits, ocr: OcrOptions): Promise<ReadResult> {
  const kind = sniff(bytes, basename(name));
  try {
    switch (kind.kind) {
      case 'pdf': {
        const { readPdf } = await import('./pdf.js');
        return await readPdf(bytes, limits, { name, ocr });
      }
      case 'docx': {
        const { readDocx } = await import('./docx.js');
        return await readDocx(bytes, limits, { fileName: name });
      }
      case 'encrypted-office':
        throw new ClausewatchError(
          'encrypted',
          'is password-protected; remove the password in Word (File > Info > Protect Document) and try again',
        );
      case 'text':
        return kind.format === 'html' ? readHtml(kind.text) : readText(kind.text, kind.format);
      case 'unsupported':
        throw new ClausewatchError('unsupported-format', `is ${kind.what}; ${kind.advice}`);
    }
  } catch (e) {
    // Readers speak of "the file"; name it here so that a batch of files says which one failed.
    if (e instanceof ClausewatchError && e.code !== 'cancelled' && !e.message.startsWith(name)) {
      throw new ClausewatchError(e.code, `${name} ${e.message.replace(/^(this|the) (file|document|PDF)\s*/i, '')}`);
    }
    throw e;
  }
}

function checkSize(name: string, size: number, limits: ReadLimits): void {
  if (size > limits.maxFileBytes) {
    throw new ClausewatchError(
      'too-large',
      `${name} is ${formatBytes(size)}, over the ${formatBytes(limits.maxFileBytes)} limit; raise it with --max-size if the file is genuine`,
    );
  }
}
