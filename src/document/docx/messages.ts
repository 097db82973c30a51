/**
 * The one-line errors the DOCX reader raises. Each says what is wrong and what to do, and never carries a
 * stack trace or a library's own wording, so the CLI can print it as is.
 */

import { ClausewatchError } from '../errors.js';
import { formatBytes } from '../limits.js';

const RESAVE = 're-save it from Word or export a PDF';

/** The file is not a usable DOCX; `why` is a short reason in parentheses, e.g. "the file is damaged or truncated". */
export function corrupt(label: string, why = 'the file is damaged or truncated'): ClausewatchError {
  return new ClausewatchError('corrupt', `${label} is not a readable Word document (${why}); ${RESAVE}`);
}

export function encrypted(label: string): ClausewatchError {
  return new ClausewatchError(
    'encrypted',
    `${label} is password-protected; remove the password in Word (File > Info > Protect Document) and try again`,
  );
}

export function legacyWord(label: string): ClausewatchError {
  return new ClausewatchError(
    'unsupported-format',
    `${label} is an old-style Office 97–2003 file (such as .doc), not a .docx; open it in Word and save it as .docx, or export a PDF`,
  );
}

export function tooLarge(label: string, size: number, limit: number): ClausewatchError {
  return new ClausewatchError(
    'too-large',
    `${label} is ${formatBytes(size)}, more than the ${formatBytes(limit)} limit; raise the file-size limit or split the document`,
  );
}

export function tooManyEntries(label: string, entries: number, limit: number): ClausewatchError {
  return new ClausewatchError(
    'zip-bomb',
    `${label} holds ${entries} zip entries, more than the ${limit} allowed, so it was not opened (a possible zip bomb); if the document is genuine, raise the zip-entry limit`,
  );
}

/** With `declared`, the zip's own size total is too big; without it, the real output passed the limit while inflating. */
export function unzipsTooLarge(label: string, limit: number, declared?: number): ClausewatchError {
  const what =
    declared === undefined
      ? `unzips to more than the ${formatBytes(limit)} limit`
      : `declares ${formatBytes(declared)} of content, more than the ${formatBytes(limit)} limit`;
  return new ClausewatchError(
    'zip-bomb',
    `${label} ${what}, so it was not opened (a possible zip bomb); if the document is genuine, raise the unzipped-size limit`,
  );
}

export function suspiciousRatio(label: string, part: string, ratio: number): ClausewatchError {
  return new ClausewatchError(
    'zip-bomb',
    `${label} has a part (${part}) that expands ${Math.round(ratio)}:1, far more than any real document, so it was not opened (a possible zip bomb); ${RESAVE}`,
  );
}
