/**
 * Missing protections: silence where silence is dangerous. A contract that handles camera footage but never
 * limits how long it is kept has a problem no clause shows; this module turns such silences into findings.
 *
 * The checks are data (rules/missing/*.yaml, documented in rules/README.md): each says when it applies (the
 * contract mentions some words, or has findings of some rules or categories) and which findings provide the
 * protection. A check that applies and is not provided yields a finding with `clause: null`.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ClausewatchError } from '../document/errors.js';
import type { MatchNode } from '../engine/compile.js';
import type { Finding } from '../engine/finding.js';
import type { RuleSet } from '../engine/ruleset.js';
import { MatchExprSchema, SEVERITIES, type Severity, type Stance } from '../engine/schema.js';
import { cite, shortQuote } from './cite.js';
import { compileExpression, compilerFor, findIn, type ContractReading } from './reading.js';
import { parseYaml } from '../engine/yaml.js';

// ── The file format ──────────────────────────────────────────────────────────────────────────────────────────

const Id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lowercase words joined by hyphens, e.g. retention-limit');
const StanceSchema = z.enum(['concern', 'safeguard', 'neutral']);

/** Which findings count: by rule id and/or category, stance, and words around the finding's clause. */
const SelectorSchema = z
  .strictObject({
    rules: z.array(Id).min(1).optional(),
    category: Id.optional(),
    stance: z.union([StanceSchema, z.array(StanceSchema).min(1)]).optional(),
    /** The finding's clause, read with its heading and lead-in, must match this expression. */
    where: MatchExprSchema.optional(),
  })
  .refine((s) => s.rules !== undefined || s.category !== undefined, { message: 'a finding selector needs `rules:` or `category:`' });

const ExampleContract = z.string().refine((s) => s.trim().length >= 20, { message: 'an example is a short contract text' });

const ProtectionSchema = z.strictObject({
  id: Id,
  category: Id,
  severity: z.enum(SEVERITIES),
  /** The finding's title: what is missing. */
  title: z.string().min(3),
  /** The protection in positive words, for profile messages: "Notice to the City before …". */
  requirement: z.string().min(3),
  why: z.string().min(10),
  ask: z.string().min(10),
  references: z.array(z.string()).optional(),
  'applies-when': z
    .strictObject({ mentions: MatchExprSchema.optional(), findings: z.array(SelectorSchema).min(1).optional() })
    .refine((a) => a.mentions !== undefined || a.findings !== undefined, {
      message: 'say when the check applies: `mentions:` (words) and/or `findings:` (selectors)',
    }),
  'satisfied-by': z.array(SelectorSchema).min(1),
  /** What was looked for, in the reviewer's words; it goes into the finding's `reason`. */
  'looked-for': z.string().min(5),
  examples: z.strictObject({
    missing: z.array(ExampleContract).min(1, 'examples.missing: give at least one contract that lacks the protection'),
    present: z.array(ExampleContract).min(1, 'examples.present: give at least one contract that has it'),
  }),
});

export const MissingFileSchema = z.strictObject({
  pack: Id,
  description: z.string().optional(),
  lists: z.record(Id, z.array(MatchExprSchema).min(1)).optional(),
  missing: z.array(ProtectionSchema).min(1, 'missing: a file needs at least one check'),
});

// ── The loaded checks ────────────────────────────────────────────────────────────────────────────────────────

export interface FindingSelector {
  rules?: string[];
  category?: string;
  stances?: Stance[];
  where?: MatchNode;
  /** `file:line` of the selector, for messages. */
  at: string;
}

export interface MissingProtection {
  /** The check's id ("retention-limit"); its findings' `ruleId` is "missing-" + id. */
  id: string;
  ruleId: string;
  pack: string;
  category: string;
  severity: Severity;
  title: string;
  requirement: string;
  why: string;
  ask: string;
  references?: string[];
  mentions?: MatchNode;
  appliesWhenFound: FindingSelector[];
  satisfiedBy: FindingSelector[];
  lookedFor: string;
  examples: { missing: string[]; present: string[] };
  /** `file:line` of the check's id. */
  at: string;
}

export interface ProtectionSet {
  pack: string;
  file: string;
  protections: MissingProtection[];
}

/** The built-in checks. */
export const BUILTIN_MISSING_DIR = fileURLToPath(new URL('../../rules/missing/', import.meta.url));

/** Parses and validates one file of missing-protection checks. `file` names it in error messages. */
export function parseProtections(text: string, file: string): ProtectionSet {
  const { data, lineOf } = parseYaml(text, MissingFileSchema, {
    file,
    code: 'bad-rule',
    shape: 'see "Missing protections" in rules/README.md',
  });
  const compiler = compilerFor(data.lists);
  const protections = data.missing.map((spec, i): MissingProtection => {
    const at = (path: (string | number)[]) => `${file}:${lineOf(['missing', i, ...path])}`;
    const selectors = (key: 'satisfied-by' | 'findings', list: z.output<typeof SelectorSchema>[]) =>
      list.map((s, j): FindingSelector => {
        const path = key === 'findings' ? ['applies-when', 'findings', j] : ['satisfied-by', j];
        return {
          ...(s.rules ? { rules: s.rules } : {}),
          ...(s.category ? { category: s.category } : {}),
          ...(s.stance ? { stances: Array.isArray(s.stance) ? s.stance : [s.stance] } : {}),
          ...(s.where !== undefined ? { where: compileExpression(compiler, s.where, at([...path, 'where'])) } : {}),
          at: at(path),
        };
      });
    const applies = spec['applies-when'];
    return {
      id: spec.id,
      ruleId: `missing-${spec.id}`,
      pack: data.pack,
      category: spec.category,
      severity: spec.severity,
      title: spec.title,
      requirement: spec.requirement,
      why: spec.why,
      ask: spec.ask,
      ...(spec.references ? { references: spec.references } : {}),
      ...(applies.mentions !== undefined ? { mentions: compileExpression(compiler, applies.mentions, at(['applies-when', 'mentions'])) } : {}),
      appliesWhenFound: selectors('findings', applies.findings ?? []),
      satisfiedBy: selectors('satisfied-by', spec['satisfied-by']),
      lookedFor: spec['looked-for'],
      examples: spec.examples,
      at: at(['id']),
    };
  });
  const seen = new Map<string, string>();
  for (const p of protections) {
    const earlier = seen.get(p.id);
    if (earlier) throw new ClausewatchError('bad-rule', `${p.at}: check id ${p.id} is already used at ${earlier}`);
    seen.set(p.id, p.at);
  }
  return { pack: data.pack, file, protections };
}

/** Loads every `*.yaml` file of checks in a folder, or one file. */
export async function loadProtections(path: string): Promise<ProtectionSet[]> {
  let files: string[];
  try {
    const info = await stat(path);
    files = info.isDirectory() ? (await readdir(path)).filter((f) => /\.ya?ml$/i.test(f)).sort().map((f) => join(path, f)) : [path];
  } catch {
    throw new ClausewatchError('bad-rule', `${path}: no such missing-protection file or folder`);
  }
  return Promise.all(files.map(async (file) => parseProtections(await readFile(file, 'utf8'), displayPath(file))));
}

let builtin: Promise<ProtectionSet[]> | undefined;

/** The built-in checks, read once per process. */
export function builtinProtections(): Promise<ProtectionSet[]> {
  builtin ??= loadProtections(BUILTIN_MISSING_DIR);
  return builtin;
}

function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

// ── Checking them against a rule set (once per pair) ─────────────────────────────────────────────────────────

const validated = new WeakMap<ProtectionSet, WeakSet<RuleSet>>();

/**
 * Every category and rule id a check names must exist in the rule set: a renamed rule would otherwise make a
 * protection silently "missing" from every contract.
 */
export function checkAgainstRules(sets: ProtectionSet[], rules: RuleSet): void {
  const ids = new Set(rules.rules.map((r) => r.spec.id));
  const seen = new Map<string, string>();
  for (const set of sets) {
    for (const p of set.protections) {
      const earlier = seen.get(p.id);
      if (earlier) throw new ClausewatchError('bad-rule', `${p.at}: check id ${p.id} is already used at ${earlier}`);
      seen.set(p.id, p.at);
    }
    if (validated.get(set)?.has(rules)) continue;
    for (const p of set.protections) {
      if (!rules.categories.has(p.category)) {
        throw new ClausewatchError('bad-rule', `${p.at}: unknown category ${p.category} (known: ${[...rules.categories.keys()].join(', ')})`);
      }
      if (ids.has(p.ruleId)) throw new ClausewatchError('bad-rule', `${p.at}: ${p.ruleId} is also a rule id; rename the check`);
      for (const s of [...p.appliesWhenFound, ...p.satisfiedBy]) {
        const unknownRule = s.rules?.find((r) => !ids.has(r));
        if (unknownRule) throw new ClausewatchError('bad-rule', `${s.at}: unknown rule id ${unknownRule} (see \`clausewatch rules list\`)`);
        if (s.category && !rules.categories.has(s.category)) throw new ClausewatchError('bad-rule', `${s.at}: unknown category ${s.category}`);
      }
    }
    if (!validated.has(set)) validated.set(set, new WeakSet());
    validated.get(set)!.add(rules);
  }
}

// ── Running them on a contract ───────────────────────────────────────────────────────────────────────────────

export interface ProtectionOutcome {
  protection: MissingProtection;
  /** Why the check applies to this contract ("the contract mentions "Footage" (§ 1.1(g))"), or null. */
  appliesBecause: string | null;
  /** Index into the findings of the first finding that provides the protection, or -1. */
  providedBy: number;
}

/** Runs every check over a contract's clause findings. */
export function checkProtections(sets: ProtectionSet[], findings: Finding[], reading: ContractReading): ProtectionOutcome[] {
  const outcomes: ProtectionOutcome[] = [];
  for (const set of sets) {
    for (const protection of set.protections) {
      outcomes.push({
        protection,
        appliesBecause: whyItApplies(protection, findings, reading),
        providedBy: findings.findIndex((f) => protection.satisfiedBy.some((s) => selects(s, f, reading))),
      });
    }
  }
  return outcomes;
}

/** The findings for the checks that apply and are not provided, in the order of the checks. */
export function missingFindings(outcomes: ProtectionOutcome[]): Finding[] {
  return outcomes.filter((o) => o.appliesBecause !== null && o.providedBy < 0).map(toMissingFinding);
}

function toMissingFinding({ protection: p, appliesBecause }: ProtectionOutcome): Finding {
  return {
    ruleId: p.ruleId,
    pack: p.pack,
    category: p.category,
    stance: 'concern',
    severity: p.severity,
    title: p.title,
    why: p.why,
    ask: p.ask,
    ...(p.references ? { references: p.references } : {}),
    clause: null,
    start: 0,
    end: 0,
    quote: '',
    reason: `looked for ${p.lookedFor} and found none; the check applies because ${appliesBecause}`,
  };
}

function whyItApplies(p: MissingProtection, findings: Finding[], reading: ContractReading): string | null {
  // A clause that widens or limits says more about why the check matters than a definition does.
  const triggers = findings.filter((f) => p.appliesWhenFound.some((s) => selects(s, f, reading)));
  const found = triggers.find((f) => f.stance !== 'neutral') ?? triggers[0];
  if (found?.clause) return `${cite(found.clause)} has a ${found.category} ${found.stance} ("${shortQuote(found.quote, 60)}")`;
  if (p.mentions) {
    const hit = findIn(reading.whole(), p.mentions)?.[0];
    if (hit) {
      const clause = reading.document.clauses.find((c) => c.start <= hit.start && hit.start < c.end);
      const where = clause ? ` (${cite(clause)})` : '';
      return `the contract mentions "${shortQuote(reading.document.text.slice(hit.start, hit.end), 60)}"${where}`;
    }
  }
  return null;
}

function selects(s: FindingSelector, f: Finding, reading: ContractReading): boolean {
  if (!f.clause) return false; // only what the contract says can provide or trigger a protection
  if (s.rules && !s.rules.includes(f.ruleId)) return false;
  if (s.category && f.category !== s.category) return false;
  if (s.stances && !s.stances.includes(f.stance)) return false;
  if (s.where) {
    const clause = reading.clause(f.clause.id);
    if (!clause || !findIn(reading.inContext(clause), s.where)) return false;
  }
  return true;
}
