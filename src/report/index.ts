/**
 * One renderer per output format, each from the same reviews. Text formats return a string; binary formats
 * (docx) return bytes and need --output.
 */
import { ClausewatchError } from '../document/errors.js';
import type { ScanOutcome } from '../review/review.js';
import { renderCsv } from './csv.js';
import { renderDocx } from './docx.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './md.js';
import { renderText } from './text.js';

export const REPORT_FORMATS = ['text', 'json', 'md', 'html', 'csv', 'docx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/**
 * Formats whose output is bytes, not text: they go to a file, never to a terminal. Each is one contract's own
 * file with comments added, so it is made for one contract at a time.
 */
export const BINARY_FORMATS: readonly ReportFormat[] = ['docx'];

/** Throws the one-line usage error for a binary format asked of several contracts at once. */
export function checkContractCount(format: ReportFormat, count: number): void {
  if (BINARY_FORMATS.includes(format) && count !== 1) {
    throw new ClausewatchError(
      'bad-usage',
      `--format ${format} annotates one contract at a time, and ${count} were given; scan each on its own, or use --format html for several`,
    );
  }
}

export { SUMMARY_FORMATS, renderSummary, type SummaryFormat } from './summary.js';

export interface ReportOptions {
  /** ANSI colour (text format on a terminal only). */
  color: boolean;
}

export async function renderReport(format: ReportFormat, outcomes: ScanOutcome[], options: ReportOptions): Promise<string | Uint8Array> {
  switch (format) {
    case 'json':
      return renderJson(outcomes);
    case 'text':
      return renderText(outcomes, options);
    case 'md':
      return renderMarkdown(outcomes);
    case 'html':
      return renderHtml(outcomes);
    case 'csv':
      return renderCsv(outcomes);
    case 'docx':
      checkContractCount(format, outcomes.length);
      return renderDocx(outcomes[0]!);
  }
}
