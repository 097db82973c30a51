/**
 * One renderer per output format, each from the same reviews. Text formats return a string; binary formats
 * (docx) return bytes and need --output.
 */
import type { ScanOutcome } from '../review/review.js';
import { renderJson } from './json.js';
import { renderText } from './text.js';

export const REPORT_FORMATS = ['text', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

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
  }
}
