/**
 * The terminal report, and the plain-words helpers every report shares (where a finding is, what a topic is
 * called, the checklist, findings grouped by clause), so that md, html, csv and the summary say the same thing.
 */
import pc from 'picocolors';
import type { Clause } from '../document/model.js';
import type { ClauseRef, Finding } from '../engine/finding.js';
import { SEVERITIES, type Severity, type Stance } from '../engine/schema.js';
import type { ProfileCheck, Review, ScanOutcome, TopicCheck, TopicStatus } from '../review/review.js';

// ---------------------------------------------------------------------------------------------------------
// Shared words

export const STANCE_LABEL: Record<Stance, string> = { concern: 'Concern', safeguard: 'Safeguard', neutral: 'Neutral' };

export const TOPIC_STATUS_LABEL: Record<TopicStatus, string> = {
  concern: 'Concerns only',
  safeguard: 'Safeguards only',
  mixed: 'Concerns and safeguards',
  silent: 'Not addressed',
};

export const PROFILE_STATUS_LABEL: Record<ProfileCheck['status'], string> = { meets: 'Meets', fails: 'Fails', unknown: 'Cannot tell' };

/** "§ 4.3, p. 3", "Article IV", a heading, or "missing" for a protection the contract lacks. */
export function where(f: Finding): string {
  return f.clause ? clauseWhere(f.clause) : 'missing';
}

/** "§ 4.3, p. 3" for a clause reference; its heading (or id) when it has no number. */
export function clauseWhere(ref: ClauseRef): string {
  const head = ref.section ? citation(ref.section) : ref.heading || ref.id;
  return ref.page ? `${head}, p. ${ref.page}` : head;
}

/** A heading path for reading: "DATA RETENTION › Deletion" (the JSON keeps the plain " > "). */
export function headingPath(heading: string): string {
  return heading.split(' > ').join(' › ');
}

/** A section number as a lawyer cites it: "§ 4.3", but "Article IV" as it stands. */
export function citation(section: string): string {
  return section.startsWith('Article') ? section : `§ ${section}`;
}

/** "data-retention" → "Data retention" (for a category that no checklist has named). */
export function topicTitle(category: string, checklist: TopicCheck[] = []): string {
  const named = checklist.find((t) => t.category === category)?.title;
  if (named) return named;
  const words = category.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The most serious severity among `findings`, or null when there are none. */
export function worstSeverity(findings: Finding[]): Severity | null {
  let worst = -1;
  for (const f of findings) worst = Math.max(worst, SEVERITIES.indexOf(f.severity));
  return worst < 0 ? null : (SEVERITIES[worst] ?? null);
}

/**
 * The review's checklist; for a review built without one (the library's `buildReview`, an older JSON), the same
 * topics worked out from the findings, so that every report can still open with a checklist.
 */
export function checklistOf(review: Review): TopicCheck[] {
  if (review.checklist.length > 0) return review.checklist;
  return review.summary.map(({ category }) => {
    const findings = review.findings.flatMap((f, i) => (f.category === category ? [i] : []));
    const count = (stance: Stance) => findings.filter((i) => review.findings[i]?.stance === stance).length;
    const concerns = count('concern');
    const safeguards = count('safeguard');
    const status: TopicStatus = concerns && safeguards ? 'mixed' : concerns ? 'concern' : safeguards ? 'safeguard' : 'silent';
    return { category, title: topicTitle(category), status, concerns, safeguards, findings };
  });
}

/** Protections the contract lacks: findings that point at no clause. */
export function missingProtections(review: Review): Finding[] {
  return review.findings.filter((f) => f.clause === null);
}

export interface ClauseGroup {
  /** The clause as parsed (undefined only if the review no longer carries its document). */
  clause: Clause | undefined;
  findings: Finding[];
}

/** Clause findings grouped by clause, in document order: one entry per clause a reader should look at. */
export function findingsByClause(review: Review): ClauseGroup[] {
  const position = new Map(review.document.clauses.map((c, i) => [c.id, i]));
  const groups = new Map<string, ClauseGroup>();
  for (const f of review.findings) {
    if (!f.clause) continue;
    const group = groups.get(f.clause.id) ?? { clause: review.document.clauses[position.get(f.clause.id) ?? -1], findings: [] };
    group.findings.push(f);
    groups.set(f.clause.id, group);
  }
  const order = (g: ClauseGroup) => (g.clause ? (position.get(g.clause.id) ?? Infinity) : Infinity);
  return [...groups.values()].sort((a, b) => order(a) - order(b));
}

/** A clause that only mentions a topic (every finding neutral) is background, not something to act on. */
export function isFlagged(group: ClauseGroup): boolean {
  return group.findings.some((f) => f.stance !== 'neutral');
}

/** The note a reviewer needs before trusting a clause's text: pending tracked changes, or text read by OCR. */
export function clauseCaveats(clause: Clause | undefined, findings: Finding[]): string[] {
  const caveats: string[] = [];
  if (clause?.tracked || findings.some((f) => f.tracked)) {
    caveats.push('This clause has pending tracked changes; it is read as if they were accepted.');
  }
  if (clause?.ocrConfidence !== undefined) {
    caveats.push(`This text was read by OCR (confidence ${Math.round(clause.ocrConfidence)}%); check it against the original.`);
  }
  return caveats;
}

// ---------------------------------------------------------------------------------------------------------
// The terminal report

type Colors = ReturnType<typeof pc.createColors>;

export function renderText(outcomes: ScanOutcome[], options: { color: boolean }): string {
  const c = pc.createColors(options.color);
  const out: string[] = [];
  for (const { file, review, error } of outcomes) {
    if (review) out.push(...reviewLines(review, c), '');
    else out.push(`${c.bold(file)}\n  ${c.red('error')}: ${error}\n`);
  }
  return `${out.join('\n')}\n`;
}

function reviewLines(review: Review, c: Colors): string[] {
  const pages = review.pages ? `, ${review.pages} pages` : '';
  const missing = missingProtections(review);
  const clauseFindings = review.findings.filter((f) => f.clause !== null);
  return [
    c.bold(review.file) + c.dim(` (${review.format}${pages}, ${review.clauses} clauses)`),
    ...review.warnings.map((w) => `  ${c.yellow('!')} ${w}`),
    ...checklistLines(review, c),
    ...profileLines(review, c),
    ...(clauseFindings.length === 0 ? ['', '  No clause was flagged.'] : clauseFindings.flatMap((f) => findingLines(f, c))),
    ...(missing.length > 0 ? ['', c.bold('  Missing protections'), ...missing.flatMap((f) => missingLines(f, c))] : []),
  ];
}

function checklistLines(review: Review, c: Colors): string[] {
  const statusColor = { concern: c.red, safeguard: c.green, mixed: c.yellow, silent: c.dim } as const;
  const checklist = checklistOf(review);
  const width = Math.max(0, ...checklist.map((t) => t.title.length));
  return checklist.map((t) => {
    const label = statusColor[t.status](TOPIC_STATUS_LABEL[t.status].padEnd(24));
    return `  ${t.title.padEnd(width)}  ${label} ${c.dim(`${t.concerns} concern${t.concerns === 1 ? '' : 's'}, ${t.safeguards} safeguard${t.safeguards === 1 ? '' : 's'}`)}`;
  });
}

function profileLines(review: Review, c: Colors): string[] {
  if (!review.profile) return [];
  const statusColor = { meets: c.green, fails: c.red, unknown: c.yellow } as const;
  return [
    '',
    c.bold(`  Profile: ${review.profile.name}`) + c.dim(` (${review.profile.source})`),
    ...review.profile.checks.map(
      (check) => `    ${statusColor[check.status](PROFILE_STATUS_LABEL[check.status].toUpperCase().padEnd(11))} ${check.message} ${c.dim(`[${check.requirement}]`)}`,
    ),
  ];
}

function findingLines(f: Finding, c: Colors): string[] {
  const stanceColor = { concern: c.red, safeguard: c.green, neutral: c.dim } as const;
  const quote = f.quote.length > 160 ? `${f.quote.slice(0, 157)}...` : f.quote;
  const lines = [
    '',
    `  ${c.bold(where(f))}  ${stanceColor[f.stance](f.stance.toUpperCase())}  ${f.severity}  ${c.dim(f.category)}  ${c.dim(f.ruleId)}`,
    `    ${f.title}${f.tracked ? c.yellow(' (text has pending tracked changes)') : ''}`,
    `    ${c.italic(`"${quote}"`)} ${c.dim(`— ${f.reason}`)}`,
  ];
  if (f.stance !== 'neutral') lines.push(`    ${c.dim('Why:')} ${f.why.trim()}`);
  if (f.stance === 'concern') lines.push(`    ${c.dim('Ask:')} ${f.ask.trim()}`);
  return lines;
}

function missingLines(f: Finding, c: Colors): string[] {
  return [
    '',
    `    ${c.red('MISSING')}  ${f.severity}  ${c.dim(f.category)}  ${c.dim(f.ruleId)}`,
    `      ${f.title}`,
    `      ${c.dim('Why:')} ${f.why.trim()}`,
    `      ${c.dim('Ask:')} ${f.ask.trim()}`,
  ];
}
