/**
 * Profiles: the policy a city measures contracts against — how long unflagged data may be kept, whether facial
 * recognition is allowed, whether data may leave the agency without written approval, and which protections
 * every contract must contain. A profile is a small YAML file (rules/profiles/README.md); `DEFAULT_PROFILE` is
 * the built-in one, modelled on community-control-over-police-surveillance (CCOPS) ordinances.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { ClausewatchError } from '../document/errors.js';
import type { Clause } from '../document/model.js';
import type { MatchNode } from '../engine/compile.js';
import type { ClauseRef, Finding } from '../engine/finding.js';
import type { RuleSet } from '../engine/ruleset.js';
import { MatchExprSchema, SEVERITIES, type MatchExpr } from '../engine/schema.js';
import { describeDuration, findDurations, isUnbounded, type Duration } from '../language/duration.js';
import { cite, lowerFirst, shortQuote } from './cite.js';
import { builtinProtections, type ProtectionOutcome, type ProtectionSet } from './missing.js';
import { compileExpression, compilerFor, findIn, type ContractReading, type IndexedText } from './reading.js';
import type { ProfileCheck, ProfileResult } from './review.js';
import { parseYaml } from '../engine/yaml.js';

export type FacialRecognitionPolicy = 'prohibited' | 'restricted' | 'allowed';
export type SharingPolicy = 'written-approval' | 'allowed';

export interface Profile {
  /** Short id: "ccops-default". */
  name: string;
  /** In words: "Community control over police surveillance (CCOPS) model". */
  title: string;
  description?: string;
  /** Where it came from: a file path, or "built-in". */
  source: string;
  /** The longest unflagged data may be kept, or null for no limit. `text` is how messages say it. */
  maxRetention: { days: number; text: string } | null;
  /** Sentences about these (audit logs, legal holds…) are not measured against `maxRetention`. */
  retentionExceptions: MatchExpr[];
  facialRecognition: FacialRecognitionPolicy;
  sharing: SharingPolicy;
  /** Ids of missing-protection checks (rules/missing/) every contract must provide, whether or not they apply. */
  require: string[];
  /** `file:line` of each `require` item, for the message about an unknown check. */
  requireAt?: string[];
}

/** Data a city keeps for oversight or because it is flagged, not routine surveillance data. */
const DEFAULT_RETENTION_EXCEPTIONS: MatchExpr[] = [
  'audit log',
  'audit trail',
  'access log',
  '=books',
  'financial records',
  'accounting records',
  'invoice',
  'legal hold',
  'litigation hold',
  'preserve',
  'public records request',
  'designated as evidence',
  'flagged as evidence',
];

export const DEFAULT_PROFILE: Profile = {
  name: 'ccops-default',
  title: 'Community control over police surveillance (CCOPS) model',
  description:
    'The defaults of community-control-over-police-surveillance ordinances: unflagged data deleted within 30 days, no ' +
    'facial recognition, no sharing outside the agency without written approval, notice before answering legal ' +
    'demands, and deletion or return of the data when the contract ends.',
  source: 'built-in',
  maxRetention: { days: 30, text: '30 days' },
  retentionExceptions: DEFAULT_RETENTION_EXCEPTIONS,
  facialRecognition: 'prohibited',
  sharing: 'written-approval',
  require: ['legal-demand-notice', 'deletion-at-termination'],
};

// ── The file format ──────────────────────────────────────────────────────────────────────────────────────────

const PERIOD_HINT = 'write a period such as "30 days" or "1 year", a number of days, or none';

/** "30 days" → { days: 30, text: "30 days" }; a number is days; "none" means no limit. */
function readMaxRetention(value: number | string): { days: number; text: string } | null | undefined {
  if (typeof value === 'number') return value > 0 ? { days: value, text: `${value} day${value === 1 ? '' : 's'}` } : undefined;
  if (/^\s*(?:none|unlimited|no limit)\s*$/i.test(value)) return null;
  const periods = findDurations(value);
  const period = periods[0];
  if (periods.length !== 1 || period?.kind !== 'fixed' || value.trim().length !== period.text.length) return undefined;
  return { days: period.days, text: describeDuration(period) };
}

export const ProfileSchema = z.strictObject({
  profile: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'profile: use lowercase words joined by hyphens, e.g. riverton-2026'),
  title: z.string().min(3).optional(),
  description: z.string().optional(),
  'max-retention': z
    .union([z.number(), z.string()])
    .refine((v) => readMaxRetention(v) !== undefined, { message: `is not a period: ${PERIOD_HINT}` }),
  'retention-exceptions': z.array(MatchExprSchema).optional(),
  'facial-recognition': z.enum(['prohibited', 'restricted', 'allowed']),
  sharing: z.enum(['written-approval', 'allowed']),
  require: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'require: name checks by id, e.g. legal-demand-notice')).default([]),
});

/** Parses and validates a profile's YAML text. `file` names it in error messages. */
export function parseProfile(text: string, file: string): Profile {
  const { data, lineOf } = parseYaml(text, ProfileSchema, { file, code: 'bad-profile', shape: 'see rules/profiles/README.md' });
  const exceptions = data['retention-exceptions'] ?? DEFAULT_RETENTION_EXCEPTIONS;
  // Compile once now, so that a broken expression is reported at load time, at its line.
  const compiler = compilerFor();
  exceptions.forEach((e, i) => {
    try {
      compileExpression(compiler, e, `${file}:${lineOf(['retention-exceptions', i])}`);
    } catch (err) {
      if (err instanceof ClausewatchError) throw new ClausewatchError('bad-profile', err.message);
      throw err;
    }
  });
  return {
    name: data.profile,
    title: data.title ?? data.profile,
    ...(data.description ? { description: data.description.trim() } : {}),
    source: file,
    maxRetention: readMaxRetention(data['max-retention']) ?? null,
    retentionExceptions: exceptions,
    facialRecognition: data['facial-recognition'],
    sharing: data.sharing,
    require: data.require,
    requireAt: data.require.map((_, i) => `${file}:${lineOf(['require', i])}`),
  };
}

/**
 * Reads a profile file (`--profile FILE`). Its `require` ids are checked against `protections` (the built-in
 * checks by default; pass the same sets you give `analyze` if you add your own), so that a misspelt id is
 * reported once, at its line, before any contract is read.
 */
export async function loadProfile(path: string, protections?: ProtectionSet[]): Promise<Profile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new ClausewatchError('bad-profile', `${path}: no such profile file; check the --profile path`);
  }
  const profile = parseProfile(text, path);
  checkRequiredIds(profile, protections ?? (await builtinProtections()));
  return profile;
}

/** Every id in `require` must name a missing-protection check. */
export function checkRequiredIds(profile: Profile, protections: ProtectionSet[]): void {
  const known = protections.flatMap((set) => set.protections.map((p) => p.id));
  profile.require.forEach((id, i) => {
    if (known.includes(id)) return;
    const where = profile.requireAt?.[i] ?? profile.source;
    throw new ClausewatchError('bad-profile', `${where}: unknown check ${id} in require (known: ${known.join(', ')})`);
  });
}

// ── Measuring a contract against it ──────────────────────────────────────────────────────────────────────────

export interface ProfileInput {
  reading: ContractReading;
  /** Clause findings only (missing protections are looked at through `outcomes`). */
  findings: Finding[];
  outcomes: ProtectionOutcome[];
  rules: RuleSet;
}

export function checkProfile(profile: Profile, input: ProfileInput): ProfileResult {
  return {
    name: profile.title,
    source: profile.source,
    checks: [
      ...retentionChecks(profile, input),
      ...facialRecognitionChecks(profile, input),
      ...sharingChecks(profile, input),
      ...requiredProtections(profile, input),
    ],
  };
}

// Retention: each retention clause's longest stated period against the profile's maximum.

/**
 * Clauses about the end of the contract ("Upon termination: … delete within 60 days") set a wind-down, not how
 * long data is routinely kept: the `deletion-at-termination` check covers them. Read on the heading and lead-in.
 */
const END_OF_CONTRACT: MatchExpr = {
  any: [
    'termination',
    'expiration',
    { near: ['end', { any: ['term', 'agreement', 'contract', 'pilot', 'mou', 'subscription', 'services'] }], within: 3, ordered: true },
  ],
};

interface CompiledProfile {
  /** null when the profile excepts nothing. */
  exceptions: MatchNode | null;
  endOfContract: MatchNode;
}

const compiled = new WeakMap<Profile, CompiledProfile>();

function compiledFor(profile: Profile): CompiledProfile {
  let c = compiled.get(profile);
  if (!c) {
    const compiler = compilerFor();
    c = {
      exceptions: profile.retentionExceptions.length ? compileExpression(compiler, { any: profile.retentionExceptions }, profile.source) : null,
      endOfContract: compileExpression(compiler, END_OF_CONTRACT, 'built-in'),
    };
    compiled.set(profile, c);
  }
  return c;
}

/** A period in one sentence of a clause, with the data the sentence is about. */
interface StatedPeriod {
  duration: Duration;
  subject: string;
}

function retentionChecks(profile: Profile, input: ProfileInput): ProfileCheck[] {
  const max = profile.maxRetention;
  if (!max) return [];
  const { reading } = input;
  const { exceptions, endOfContract } = compiledFor(profile);
  const widens = effectsOf(input.rules);
  const checks: ProfileCheck[] = [];
  for (const [clause, findings] of clausesWith(input.findings, reading, (f) => f.category === 'data-retention' && f.stance !== 'neutral')) {
    if (isEndOfContract(reading, clause, endOfContract)) continue;
    const text = reading.clauseText(clause);
    const periods = statedPeriods(text, exceptions, reading);
    const ref = refOf(clause);
    const longest = longestPeriod(periods);
    if (longest) {
      checks.push(comparePeriod(longest, max, ref));
      continue;
    }
    // No period: only a clause that lets data be kept ("may persist in backups until overwritten") needs one;
    // "shall not store" or a deletion duty without a number keeps nothing to measure.
    const keeping = findings.find((f) => f.stance === 'concern' && widens.get(f.ruleId));
    if (keeping && !(exceptions && findIn(text, exceptions))) {
      const subject = subjectOf(sentenceAround(text, keeping.start - clause.start), reading);
      checks.push({
        requirement: 'max-retention',
        status: 'unknown',
        message: `${cite(ref)} keeps ${subject} with no stated period; your profile allows ${max.text}`,
        clause: ref,
      });
    }
  }
  if (checks.length === 0) {
    checks.push({
      requirement: 'max-retention',
      status: 'unknown',
      message: `The contract states no retention period for the data; your profile allows ${max.text}`,
      clause: null,
    });
  }
  return checks;
}

function isEndOfContract(reading: ContractReading, clause: Clause, endOfContract: MatchNode): boolean {
  const heading = clause.headingPath.join('. ');
  const leadIn = reading.leadIn(clause)?.text ?? '';
  return [heading, leadIn].some((t) => t !== '' && findIn(reading.text(t), endOfContract) !== null);
}

/** Periods stated in the clause's sentences, leaving out excepted sentences and notice periods. */
function statedPeriods(text: IndexedText, exceptions: MatchNode | null, reading: ContractReading): StatedPeriod[] {
  const out: StatedPeriod[] = [];
  const clauseText = text.tokenized.text;
  for (const sentence of text.tokenized.sentences) {
    if (sentence.first >= sentence.last || (exceptions && findIn(text, exceptions, sentence.first, sentence.last))) continue;
    const words = clauseText.slice(sentence.start, sentence.end);
    let subject: string | undefined; // the same for every period of the sentence: read once
    for (const duration of findDurations(words)) {
      // "thirty (30) days' prior written notice" is a notice period, not how long data is kept.
      if (/^['’]?\s+(?:prior\s+|advance\s+)?(?:written\s+)?notice\b/i.test(words.slice(duration.end))) continue;
      out.push({ duration, subject: (subject ??= subjectOf(words, reading)) });
    }
  }
  return out;
}

/** The sentence of a clause that holds a character offset (relative to the clause text). */
function sentenceAround(text: IndexedText, offset: number): string {
  const { sentences, text: words } = text.tokenized;
  const sentence = sentences.find((s) => s.start <= offset && offset < s.end) ?? sentences[0];
  return sentence ? words.slice(sentence.start, sentence.end) : words;
}

/** The period that keeps data longest (a relative period is at least what it adds). */
function longestPeriod(periods: StatedPeriod[]): StatedPeriod | undefined {
  let best: StatedPeriod | undefined;
  for (const p of periods) {
    if (!best || p.duration.days > best.duration.days || (p.duration.days === best.duration.days && p.duration.kind === 'relative')) best = p;
  }
  return best;
}

function comparePeriod({ duration, subject }: StatedPeriod, max: { days: number; text: string }, clause: ClauseRef): ProfileCheck {
  const where = cite(clause);
  const kept = `${where} keeps ${subject} ${periodPhrase(duration)}`;
  const allows = `your profile allows ${max.text}`;
  const tooLong = isUnbounded(duration) || duration.days > max.days * (1 + 1e-9);
  if (tooLong) return { requirement: 'max-retention', status: 'fails', message: `${kept}; ${allows}`, clause };
  if (duration.kind === 'relative') {
    return { requirement: 'max-retention', status: 'unknown', message: `${kept}; compare that with the ${max.text} your profile allows`, clause };
  }
  return { requirement: 'max-retention', status: 'meets', message: `${kept}; ${allows}`, clause };
}

function periodPhrase(d: Duration): string {
  if (d.kind === 'relative') return `for ${describeDuration(d)}`;
  return describeDuration(d);
}

/** Words that name kept data, when the sentence names no defined term for it. */
const DATA_NOUN =
  /\b(?:backup copies|backups?|footage|recordings?|videos?|images?|photographs?|plate reads|reads|audit (?:logs?|trails?)|clips?|logs|biometric data|personal (?:data|information)|data|information)\b/i;
/** A defined term names data when its name says so ("Customer Data", "Footage", "Read", "Analytics Output"). */
const DATA_TERM = /data|footage|record|video|image|read|audio|output|clip|log|information|content|evidence|biometric|photo/i;

/** What a sentence keeps: its first data-naming defined term ("Aggregated Data"), else a data noun, else "data". */
function subjectOf(sentence: string, reading: ContractReading): string {
  let best: { at: number; term: string } | undefined;
  for (const term of Object.keys(reading.document.definitions)) {
    if (!DATA_TERM.test(term)) continue;
    const at = indexOfWord(sentence, term);
    if (at >= 0 && (!best || at < best.at || (at === best.at && term.length > best.term.length))) best = { at, term };
  }
  if (best) return best.term;
  const noun = DATA_NOUN.exec(sentence);
  return noun ? noun[0].toLowerCase() : 'data';
}

function indexOfWord(text: string, word: string): number {
  let from = 0;
  for (;;) {
    const at = text.indexOf(word, from);
    if (at < 0) return -1;
    const before = text[at - 1];
    const after = text[at + word.length];
    if ((!before || !/[\w-]/.test(before)) && (!after || !/\w/.test(after) || after === 's')) return at;
    from = at + 1;
  }
}

// Facial recognition and sharing: the clauses that widen them, against what the profile allows.

const SEVERITY_RANK = new Map(SEVERITIES.map((s, i) => [s, i]));

function facialRecognitionChecks(profile: Profile, input: ProfileInput): ProfileCheck[] {
  const policy = profile.facialRecognition;
  if (policy === 'allowed') return [];
  const concerns = worstPerClause(input, 'facial-recognition', 'concern');
  const safeguards = worstPerClause(input, 'facial-recognition', 'safeguard');
  const requirement = 'facial-recognition';
  if (policy === 'prohibited') {
    if (concerns.length) {
      return concerns.map((f) => ({
        requirement,
        status: 'fails' as const,
        message: `${describeFinding(f)}; your profile prohibits facial recognition`,
        clause: f.clause,
      }));
    }
    const ban = safeguards[0];
    if (ban) return [{ requirement, status: 'meets', message: `${cite(ban.clause!)} restricts it ("${shortQuote(ban.quote, 60)}") and no clause allows it; your profile prohibits facial recognition`, clause: ban.clause }];
    return [{ requirement, status: 'unknown', message: 'The contract neither allows nor bans facial recognition; your profile prohibits it, so ask for an explicit ban', clause: null }];
  }
  // restricted: allowed only where the contract also limits it.
  if (concerns.length === 0) {
    return [{ requirement, status: 'meets', message: 'No clause allows facial recognition; your profile allows it only under restrictions', clause: safeguards[0]?.clause ?? null }];
  }
  if (safeguards.length === 0) {
    return concerns.map((f) => ({ requirement, status: 'fails' as const, message: `${describeFinding(f)}, and nothing restricts it; your profile allows facial recognition only under restrictions`, clause: f.clause }));
  }
  return [{ requirement, status: 'meets', message: `Facial recognition is allowed (${cite(concerns[0]!.clause!)}) and restricted (${cite(safeguards[0]!.clause!)}); check the restrictions against your profile`, clause: safeguards[0]!.clause }];
}

function sharingChecks(profile: Profile, input: ProfileInput): ProfileCheck[] {
  if (profile.sharing === 'allowed') return [];
  const requirement = 'sharing';
  const rule = 'your profile allows sharing outside the agency only with its written approval';
  const concerns = worstPerClause(input, 'data-sharing', 'concern');
  if (concerns.length) {
    return concerns.map((f) => ({ requirement, status: 'fails' as const, message: `${describeFinding(f)}; ${rule}`, clause: f.clause }));
  }
  const limit = worstPerClause(input, 'data-sharing', 'safeguard')[0];
  if (limit) return [{ requirement, status: 'meets', message: `${cite(limit.clause!)} limits sharing ("${shortQuote(limit.quote, 60)}") and no clause widens it; ${rule}`, clause: limit.clause }];
  return [{ requirement, status: 'unknown', message: `The contract does not say who else may receive the data; ${rule}`, clause: null }];
}

function requiredProtections(profile: Profile, input: ProfileInput): ProfileCheck[] {
  return profile.require.map((id) => {
    // checkRequiredIds (run by assessContract) guarantees the check exists.
    const outcome = input.outcomes.find((o) => o.protection.id === id)!;
    const wanted = lowerFirst(outcome.protection.requirement);
    const provider = input.findings[outcome.providedBy];
    if (provider?.clause) {
      return { requirement: id, status: 'meets' as const, message: `${cite(provider.clause)} provides ${wanted} ("${shortQuote(provider.quote, 60)}")`, clause: provider.clause };
    }
    return { requirement: id, status: 'fails' as const, message: `No clause provides ${wanted}; your profile requires it`, clause: null };
  });
}

// Helpers.

/** Per clause (in order), its most severe finding of a category and stance. */
function worstPerClause(input: ProfileInput, category: string, stance: Finding['stance']): Finding[] {
  const byClause = new Map<string, Finding>();
  for (const f of input.findings) {
    if (!f.clause || f.category !== category || f.stance !== stance) continue;
    const seen = byClause.get(f.clause.id);
    if (!seen || SEVERITY_RANK.get(f.severity)! > SEVERITY_RANK.get(seen.severity)!) byClause.set(f.clause.id, f);
  }
  return [...byClause.values()];
}

function describeFinding(f: Finding): string {
  return `${cite(f.clause!)}: ${lowerFirst(f.title)} ("${shortQuote(f.quote, 60)}")`;
}

/** The clauses with findings that pass `keep`, in document order, each with those findings. */
function clausesWith(findings: Finding[], reading: ContractReading, keep: (f: Finding) => boolean): Map<Clause, Finding[]> {
  const out = new Map<Clause, Finding[]>();
  for (const f of findings) {
    if (!f.clause || !keep(f)) continue;
    const clause = reading.clause(f.clause.id);
    if (!clause) continue;
    const list = out.get(clause);
    if (list) list.push(f);
    else out.set(clause, [f]);
  }
  return out;
}

function refOf(clause: Clause): ClauseRef {
  return { id: clause.id, section: clause.section, heading: clause.heading, page: clause.page ?? null };
}

/** Which rules widen (keep, share, analyse) rather than limit: computed once per rule set. */
const effects = new WeakMap<RuleSet, Map<string, boolean>>();
function effectsOf(rules: RuleSet): Map<string, boolean> {
  let map = effects.get(rules);
  if (!map) effects.set(rules, (map = new Map(rules.rules.map((r) => [r.spec.id, r.spec.effect === 'widens']))));
  return map;
}
