/**
 * CSV: one row per finding for a spreadsheet (sort by stance, filter by topic, add a "response" column).
 * RFC 4180: CRLF line ends, a field with a comma, quote or line break is quoted and its quotes doubled.
 */
import type { Finding } from '../engine/finding.js';
import type { Review, ScanOutcome } from '../review/review.js';
import { topicTitle } from './text.js';

const FINDING_COLUMNS = [
  'File',
  'Section',
  'Page',
  'Heading',
  'Category',
  'Stance',
  'Severity',
  'Rule',
  'Title',
  'Quote',
  'Why it matters',
  'What to ask for',
  'Clause ID',
  'Error',
] as const;

export function renderCsv(outcomes: ScanOutcome[]): string {
  const rows = outcomes.flatMap(({ file, review, error }) =>
    review ? review.findings.map((f) => findingRow(review, f)) : [errorRow(file, error ?? '', FINDING_COLUMNS.length)],
  );
  return csv([[...FINDING_COLUMNS], ...rows]);
}

function findingRow(review: Review, f: Finding): string[] {
  return [
    review.file,
    // A missing protection has no clause to cite; say so rather than leave the cell blank.
    f.clause ? f.clause.section : 'missing',
    f.clause?.page ? String(f.clause.page) : '',
    f.clause?.heading ?? '',
    topicTitle(f.category, review.checklist),
    f.stance,
    f.severity,
    f.ruleId,
    f.title,
    f.quote,
    f.why.trim(),
    f.ask.trim(),
    f.clause?.id ?? '',
    '',
  ];
}

/** A file that could not be read: its name, blanks, and the reason in the last column. */
export function errorRow(file: string, error: string, width: number): string[] {
  return [file, ...new Array<string>(Math.max(0, width - 2)).fill(''), error];
}

/** Rows to RFC 4180 text (with a CRLF after the last row too, as the RFC allows and spreadsheets expect). */
export function csv(rows: string[][]): string {
  return rows.map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}

function field(value: string): string {
  const safe = defuseFormula(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * Contract text comes from the vendor: a quote beginning with "=", "+", "-" or "@" would run as a formula when
 * the CSV is opened in a spreadsheet (CSV injection). A leading apostrophe makes the cell plain text.
 */
function defuseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
