/**
 * The Word report: the contract's own .docx, untouched except for Word comments on each flagged paragraph
 * (author "clausewatch": what was found, why it matters, what to ask for), so that a lawyer can open it in
 * Word and work from there. See docx/annotate.ts for how.
 *
 * It needs the original file, so only a DOCX input can have one; the file is read again from the path the
 * scan was given.
 */

import { readFile } from 'node:fs/promises';
import { ClausewatchError } from '../document/errors.js';
import type { Review, ScanOutcome } from '../review/review.js';

export async function renderDocx(outcome: ScanOutcome): Promise<Uint8Array> {
  const review = reviewable(outcome);
  // Loaded only now: the Word reader (mammoth) is not worth loading for every scan in another format.
  const { annotateDocx } = await import('./docx/annotate.js');
  return (await annotateDocx(await original(review.file), review)).bytes;
}

/** The review, if a Word report can be made of it. */
function reviewable(outcome: ScanOutcome): Review {
  const { file, review, error } = outcome;
  if (!review) {
    throw new ClausewatchError('bad-usage', `${file} could not be reviewed${error ? ` (${error})` : ''}, so there is no Word report to make`);
  }
  if (review.format === 'pdf') {
    throw new ClausewatchError('bad-usage', `${file} is a PDF; a Word report needs the original .docx — use --format html for a PDF`);
  }
  if (review.format !== 'docx') {
    throw new ClausewatchError(
      'bad-usage',
      `${file} is a ${review.format === 'text' ? 'plain text' : review.format === 'html' ? 'HTML' : 'Markdown'} file; a Word report needs the original .docx — use --format html for it`,
    );
  }
  return review;
}

async function original(file: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new ClausewatchError('unreadable', `${file} cannot be read again to make the Word report (${code}); the report needs the original .docx`);
  }
}
