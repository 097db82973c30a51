/**
 * The library API the CLI, the web app and the tests all stand on: analyze(input, options) → Review.
 */
import type { ReadLimits } from './document/limits.js';
import type { Document } from './document/model.js';
import { readDocumentBytes, readDocumentFile } from './document/read.js';
import { findInDocument } from './engine/engine.js';
import { loadRuleSet, type RuleSet } from './engine/ruleset.js';
import { buildReview, type Review } from './review/review.js';

export type AnalyzeInput = string | { bytes: Uint8Array; name: string } | Document;

export interface AnalyzeOptions {
  /** A compiled rule set (reuse it across files); by default the built-in packs plus `rulePaths`. */
  rules?: RuleSet;
  /** Extra rule packs (files or folders) added to the built-in ones. */
  rulePaths?: string[];
  limits?: Partial<ReadLimits>;
}

/** Reads a contract (a path, bytes, or an already-parsed Document), runs the rules and builds the review. */
export async function analyze(input: AnalyzeInput, options: AnalyzeOptions = {}): Promise<Review> {
  const rules = options.rules ?? (await loadRuleSet(options.rulePaths));
  const document =
    typeof input === 'string'
      ? await readDocumentFile(input, { limits: options.limits ?? {} })
      : 'clauses' in input
        ? input
        : await readDocumentBytes(input.bytes, input.name, { limits: options.limits ?? {} });
  return buildReview(document, findInDocument(rules, document), rules.categories.keys());
}

export { readDocumentFile, readDocumentBytes } from './document/read.js';
export { loadRuleSet, compileRuleSet, type RuleSet } from './engine/ruleset.js';
export { parsePack, loadPacks } from './engine/load.js';
export { matchClause } from './engine/engine.js';
export { ClausewatchError } from './document/errors.js';
export type { Document, Clause, Block, ReadResult } from './document/model.js';
export type { Finding, ClauseRef } from './engine/finding.js';
export type { Review, CategorySummary, TopicCheck, ProfileCheck, ProfileResult, ScanOutcome } from './review/review.js';
