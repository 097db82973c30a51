/**
 * The contract-level view of a scan: the findings, a checklist per topic, the protections the contract is
 * missing, and how it measures against the city's profile. Every report renders a `Review`; nothing else.
 */
import type { Document } from '../document/model.js';
import type { ClauseRef, Finding } from '../engine/finding.js';
import type { Stance } from '../engine/schema.js';

export interface CategorySummary {
  category: string;
  concern: number;
  safeguard: number;
  neutral: number;
}

/** What the contract says on one topic: only risks, only protections, both, or nothing at all. */
export type TopicStatus = 'concern' | 'safeguard' | 'mixed' | 'silent';

export interface TopicCheck {
  category: string;
  /** The topic in plain words: "Data retention". */
  title: string;
  status: TopicStatus;
  concerns: number;
  safeguards: number;
  /** Indexes into `Review.findings` (clause findings and missing protections of this topic). */
  findings: number[];
}

/** One requirement of the city's profile, checked against the contract. */
export interface ProfileCheck {
  /** The profile's requirement id, e.g. "max-retention-days". */
  requirement: string;
  status: 'meets' | 'fails' | 'unknown';
  /** In a reviewer's words: "§ 7.2 keeps plate reads 5 years; your profile allows 30 days". */
  message: string;
  clause: ClauseRef | null;
}

export interface ProfileResult {
  name: string;
  /** Where the profile came from (a file path, or "built-in"). */
  source: string;
  checks: ProfileCheck[];
}

export interface Review {
  file: string;
  format: Document['format'];
  pages: number | null;
  clauses: number;
  /** Clause findings, then missing-protection findings (`clause: null`). */
  findings: Finding[];
  summary: CategorySummary[];
  checklist: TopicCheck[];
  profile: ProfileResult | null;
  warnings: string[];
  /** The document the findings point into (not serialised by the JSON report). */
  document: Document;
}

/** One input of a `scan`: its review, or the one-line error that stopped it. */
export interface ScanOutcome {
  file: string;
  review?: Review;
  error?: string;
}

export function summarize(findings: Finding[], categories: Iterable<string>): CategorySummary[] {
  return [...categories].map((category) => {
    const count = (stance: Stance) => findings.filter((f) => f.category === category && f.stance === stance).length;
    return { category, concern: count('concern'), safeguard: count('safeguard'), neutral: count('neutral') };
  });
}

/** The review before the checklist, missing protections and profile are worked out (see src/review/). */
export function buildReview(document: Document, findings: Finding[], categories: Iterable<string>): Review {
  return {
    file: document.file,
    format: document.format,
    pages: document.pages ?? null,
    clauses: document.clauses.length,
    findings,
    summary: summarize(findings, categories),
    checklist: [],
    profile: null,
    warnings: document.warnings,
    document,
  };
}
