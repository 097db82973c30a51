/** The JSON report: one object per file, the findings as the engine gives them (documented in README). */
import type { ScanOutcome } from '../review/review.js';

export function renderJson(outcomes: ScanOutcome[]): string {
  const files = outcomes.map(({ file, review, error }) =>
    review
      ? {
          file: review.file,
          format: review.format,
          pages: review.pages,
          clauses: review.clauses,
          summary: review.summary,
          checklist: review.checklist,
          profile: review.profile,
          findings: review.findings,
          warnings: review.warnings,
        }
      : { file, error },
  );
  return `${JSON.stringify(files.length === 1 ? files[0] : files, null, 2)}\n`;
}
