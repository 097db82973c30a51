/**
 * The contract-level view of a scan. For now: the document, its findings and a count per category and stance;
 * the checklist, missing protections and profiles grow here.
 */
import type { Document } from '../document/model.js';
import type { Finding } from '../engine/finding.js';
import type { Stance } from '../engine/schema.js';

export interface CategorySummary {
  category: string;
  concern: number;
  safeguard: number;
  neutral: number;
}

export interface Review {
  file: string;
  format: Document['format'];
  pages: number | null;
  clauses: number;
  findings: Finding[];
  summary: CategorySummary[];
  warnings: string[];
  /** The document the findings point into (not serialised by the JSON report). */
  document: Document;
}

export function buildReview(document: Document, findings: Finding[], categories: Iterable<string>): Review {
  const summary = [...categories].map((category) => {
    const count = (stance: Stance) => findings.filter((f) => f.category === category && f.stance === stance).length;
    return { category, concern: count('concern'), safeguard: count('safeguard'), neutral: count('neutral') };
  });
  return {
    file: document.file,
    format: document.format,
    pages: document.pages ?? null,
    clauses: document.clauses.length,
    findings,
    summary,
    warnings: document.warnings,
    document,
  };
}
