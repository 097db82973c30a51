/**
 * The library API the CLI, the web app and the tests all stand on: analyze(input, options) → Review.
 */
import type { ReadLimits } from './document/limits.js';
import type { Document } from './document/model.js';
import { readDocumentBytes, readDocumentFile } from './document/read.js';
import { findInDocument } from './engine/engine.js';
import { loadRuleSet, type RuleSet } from './engine/ruleset.js';
import { assessContract } from './review/assess.js';
import { builtinProtections, loadProtections, type ProtectionSet } from './review/missing.js';
import { DEFAULT_PROFILE, type Profile } from './review/profile.js';
import type { Review } from './review/review.js';

export type AnalyzeInput = string | { bytes: Uint8Array; name: string } | Document;

export interface AnalyzeOptions {
  /** A compiled rule set (reuse it across files); by default the built-in packs plus `rulePaths`. */
  rules?: RuleSet;
  /** Extra rule packs (files or folders) added to the built-in ones. */
  rulePaths?: string[];
  limits?: Partial<ReadLimits>;
  /**
   * The city's policy the contract is measured against (from `loadProfile()`); the built-in
   * `DEFAULT_PROFILE` when not given, `null` to skip the comparison (`Review.profile` is then null).
   */
  profile?: Profile | null;
  /** Missing-protection checks (reuse them across files); by default the built-in ones plus `protectionPaths`. */
  protections?: ProtectionSet[];
  /** Extra missing-protection files or folders added to the built-in checks (rules/missing/). */
  protectionPaths?: string[];
}

/** Reads a contract (a path, bytes, or an already-parsed Document), runs the rules and builds the review. */
export async function analyze(input: AnalyzeInput, options: AnalyzeOptions = {}): Promise<Review> {
  const rules = options.rules ?? (await loadRuleSet(options.rulePaths));
  const protections = options.protections ?? (await loadAllProtections(options.protectionPaths));
  const document =
    typeof input === 'string'
      ? await readDocumentFile(input, { limits: options.limits ?? {} })
      : 'clauses' in input
        ? input
        : await readDocumentBytes(input.bytes, input.name, { limits: options.limits ?? {} });
  const profile = options.profile === undefined ? DEFAULT_PROFILE : options.profile;
  return assessContract(document, findInDocument(rules, document), { rules, protections, profile });
}

/** The built-in missing-protection checks plus any extra files or folders. */
export async function loadAllProtections(extra: string[] = []): Promise<ProtectionSet[]> {
  const sets = [...(await builtinProtections())];
  for (const path of extra) sets.push(...(await loadProtections(path)));
  return sets;
}

export { readDocumentFile, readDocumentBytes } from './document/read.js';
export { loadRuleSet, compileRuleSet, type RuleSet } from './engine/ruleset.js';
export { parsePack, loadPacks } from './engine/load.js';
export { matchClause } from './engine/engine.js';
export { ClausewatchError } from './document/errors.js';
export { findDurations, describeDuration, isUnbounded, type Duration, type DurationKind, type DurationUnit } from './language/duration.js';
export { DEFAULT_PROFILE, loadProfile, parseProfile, checkRequiredIds, type Profile, type FacialRecognitionPolicy, type SharingPolicy } from './review/profile.js';
export { loadProtections, parseProtections, builtinProtections, type ProtectionSet, type MissingProtection } from './review/missing.js';
export { assessContract, testProtectionExamples } from './review/assess.js';
export { buildChecklist } from './review/checklist.js';
export type { Document, Clause, Block, ReadResult } from './document/model.js';
export type { Finding, ClauseRef } from './engine/finding.js';
export type { Review, CategorySummary, TopicCheck, TopicStatus, ProfileCheck, ProfileResult, ScanOutcome } from './review/review.js';
