/**
 * From clause findings to the full review of one contract: missing protections appended after the clause
 * findings, a checklist per topic, and the measure against the city's profile. Built once per contract; the
 * expensive part (matching rules) is done before, and what is read here is read at most once.
 */
import type { Document } from '../document/model.js';
import { readText } from '../document/text.js';
import { findInDocument } from '../engine/engine.js';
import type { Finding } from '../engine/finding.js';
import type { RuleSet } from '../engine/ruleset.js';
import { segment } from '../segment/segment.js';
import { buildChecklist } from './checklist.js';
import { checkAgainstRules, checkProtections, missingFindings, type ProtectionSet } from './missing.js';
import { checkProfile, checkRequiredIds, type Profile } from './profile.js';
import { ContractReading } from './reading.js';
import { buildReview, type Review } from './review.js';

export interface AssessOptions {
  rules: RuleSet;
  /** Missing-protection checks (see rules/missing/). */
  protections: ProtectionSet[];
  /** The city's policy, or null to skip the comparison. */
  profile: Profile | null;
}

/** The full review of a contract whose clauses the rules have already read. */
export function assessContract(document: Document, clauseFindings: Finding[], options: AssessOptions): Review {
  checkAgainstRules(options.protections, options.rules);
  if (options.profile) checkRequiredIds(options.profile, options.protections);
  const reading = new ContractReading(document);
  const outcomes = checkProtections(options.protections, clauseFindings, reading);
  const findings = [...clauseFindings, ...missingFindings(outcomes)];
  const categories = [...options.rules.categories.keys()];
  const review = buildReview(document, findings, categories);
  review.checklist = buildChecklist(findings, categories);
  review.profile = options.profile
    ? checkProfile(options.profile, { reading, findings: clauseFindings, outcomes, rules: options.rules })
    : null;
  return review;
}

/** One example of a missing-protection check that does not behave as its file says. */
export interface ProtectionExampleFailure {
  /** `file:line` of the check. */
  at: string;
  check: string;
  expected: 'missing' | 'present';
  example: string;
}

/**
 * Runs every check's own examples: each `missing` contract must get the check's finding, each `present`
 * contract must not. This is how a check proves itself, as rule examples do.
 */
export function testProtectionExamples(sets: ProtectionSet[], rules: RuleSet): ProtectionExampleFailure[] {
  checkAgainstRules(sets, rules);
  const failures: ProtectionExampleFailure[] = [];
  for (const set of sets) {
    for (const p of set.protections) {
      const cases = [
        ...p.examples.missing.map((example) => ({ example, expected: 'missing' as const })),
        ...p.examples.present.map((example) => ({ example, expected: 'present' as const })),
      ];
      for (const { example, expected } of cases) {
        const document = segment(readText(example), `${p.id} example`);
        const review = assessContract(document, findInDocument(rules, document), { rules, protections: [set], profile: null });
        const flagged = review.findings.some((f) => f.ruleId === p.ruleId);
        if (flagged !== (expected === 'missing')) failures.push({ at: p.at, check: p.id, expected, example });
      }
    }
  }
  return failures;
}
