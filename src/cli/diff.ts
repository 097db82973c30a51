/**
 * `clausewatch diff OLD NEW`: which findings appeared, disappeared or changed between two drafts of a
 * contract, so that a reviewer sees at once whether the vendor's redline weakened a clause. The matching
 * is in src/review/diff.ts; this file reads both drafts and writes the result as JSON or as a memo:
 *
 *   § 4.2 Retention Period: the retention period went from thirty (30) days to one (1) year (longer); still a safeguard.
 *     - still a safeguard: A duty to delete or destroy the data
 */
import { Option, type Command } from 'commander';
import type { Clause } from '../document/model.js';
import type { Finding } from '../engine/finding.js';
import type { Stance } from '../engine/schema.js';
import { isUnbounded, type Duration } from '../language/duration.js';
import { loadRuleSet } from '../engine/ruleset.js';
import { analyze } from '../index.js';
import { changedPeriod, diffReviews, type ClauseChange, type ReviewDiff, type TextEdit } from '../review/diff.js';
import type { Review } from '../review/review.js';
import { limitsFrom, maxSizeOption } from './options.js';

export function registerDiff(program: Command): void {
  program
    .command('diff')
    .description('compare the findings of two drafts of a contract: what appeared, disappeared or changed')
    .argument('<old>', 'the earlier draft')
    .argument('<new>', 'the later draft')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('-r, --rules <path...>', 'add your own rule pack (a YAML file or a folder of them) to the built-in ones')
    .addOption(maxSizeOption())
    .action(async (oldFile: string, newFile: string, opts: { format: 'text' | 'json'; rules?: string[]; maxSize: number }) => {
      const rules = await loadRuleSet(opts.rules ?? []);
      const before = await analyze(oldFile, { rules, limits: limitsFrom(opts) });
      const after = await analyze(newFile, { rules, limits: limitsFrom(opts) });
      const diff = diffReviews(before, after);
      process.stdout.write(opts.format === 'json' ? diffJson(diff) : diffMemo(diff, before, after));
    });
}

/** The documented JSON shape: `{"added": [findings], "removed": [findings], "changed": [{"before", "after"}]}`. */
export function diffJson(diff: ReviewDiff): string {
  const { added, removed, changed } = diff;
  return `${JSON.stringify({ added, removed, changed: changed.map(({ before, after }) => ({ before, after })) }, null, 2)}\n`;
}

// ---- the memo --------------------------------------------------------------------------------------------

/** The diff as a reviewer's memo: one paragraph per clause that changed, in the new draft's order. */
export function diffMemo(diff: ReviewDiff, before: Review, after: Review): string {
  const counts = `${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed`;
  if (diff.clauses.length === 0) return `No changes in findings from ${before.file} to ${after.file}.\n`;
  const out = [`Changes in findings from ${before.file} to ${after.file}: ${counts}.`];
  const findingsOf = (review: Review, clause: Clause | null) => (clause ? review.findings.filter((f) => f.clause?.id === clause.id) : []);
  for (const change of diff.clauses) {
    out.push('');
    out.push(headline(change, findingsOf(before, change.before), findingsOf(after, change.after)));
    for (const line of findingLines(change)) out.push(`  - ${line}`);
  }
  return `${out.join('\n')}\n`;
}

function headline(change: ClauseChange, old: Finding[], now: Finding[]): string {
  const { before, after } = change;
  if (!before && !after) return 'Missing protections:';
  if (before && !after) return `${place(before)}: removed from the new draft; it was ${phrase(stanceOf(old))}.`;
  if (!before && after) return `${place(after)}: new in this draft; ${phrase(stanceOf(now))}.`;
  const renumbered = before!.section && before!.section !== after!.section ? ` (${sectionRef(before!.section)} in the old draft)` : '';
  const wording = change.edits.length > 0 ? describeEdits(change.edits, before!, after!, [...old, ...now]) : 'same wording';
  return `${place(after!)}${renumbered}: ${wording}; ${verdict(stanceOf(old), stanceOf(now))}.`;
}

function findingLines(change: ClauseChange): string[] {
  const bothSides = change.before !== null && change.after !== null;
  const missing = change.before === null && change.after === null;
  const lines: string[] = [];
  for (const { before: b, after: a } of change.changed) {
    const stance = b.stance === a.stance ? `still ${phrase(a.stance)}` : `now ${phrase(a.stance)} (was ${phrase(b.stance)})`;
    const rule = a.title === b.title ? '' : ` (was: ${b.title})`;
    lines.push(`${stance}: ${a.title}${rule}${quoted(a)}`);
  }
  for (const f of change.removed) {
    if (missing) lines.push(`no longer missing: ${f.title}`);
    else lines.push(bothSides ? `no longer flagged (was ${phrase(f.stance)}): ${f.title}` : `was ${phrase(f.stance)}: ${f.title}${quoted(f)}`);
  }
  for (const f of change.added) {
    if (missing) lines.push(`now missing: ${f.title}`);
    else lines.push(bothSides ? `newly flagged, ${phrase(f.stance)}: ${f.title}${quoted(f)}` : `${phrase(f.stance)}: ${f.title}${quoted(f)}`);
  }
  return lines;
}

/**
 * The wording change in a sentence. A changed period is what matters most in a retention clause, so it is
 * named as such: "the retention period went from thirty (30) days to one (1) year (longer)".
 */
function describeEdits(edits: TextEdit[], before: Clause, after: Clause, findings: Finding[]): string {
  const period = changedPeriod(before.text, after.text);
  const parts: string[] = [];
  let rest = edits;
  if (period) {
    const which = findings.some((f) => f.category === 'data-retention') ? 'the retention period' : 'the period';
    const direction = period.to.days > period.from.days ? 'longer' : 'shorter';
    parts.push(`${which} went from ${saidAs(period.from)} to ${saidAs(period.to)} (${direction})`);
    rest = edits.filter((e) => !isJustThePeriod(e.before, period.from.text) && !isJustThePeriod(e.after, period.to.text));
  }
  for (const e of rest.slice(0, 3)) {
    if (!e.before) parts.push(`adds "${clip(e.after)}"`);
    else if (!e.after) parts.push(`drops "${clip(e.before)}"`);
    else parts.push(`"${clip(e.before)}" became "${clip(e.after)}"`);
  }
  if (rest.length > 3) parts.push(`and ${rest.length - 3} more ${rest.length - 3 === 1 ? 'change' : 'changes'}`);
  return parts.join(', ');
}

/** A period as the contract words it; one with no end says so ("no fixed limit ("indefinitely")"). */
function saidAs(period: Duration): string {
  return isUnbounded(period) ? `no fixed limit ("${period.text}")` : period.text;
}

/**
 * Whether an edited span is (about) just the period, which the memo has already told; a longer rewrite
 * around it is still quoted.
 */
function isJustThePeriod(span: string, period: string): boolean {
  return span !== '' && (period.includes(span) || (span.includes(period) && span.length <= period.length + 20));
}

/**
 * The clause as a reviewer cites it: "§ 4.2 Retention Period"; unnumbered, by its first words and the
 * heading it sits under: 'footnote "Vendor may retain…" (under DATA RETENTION)'.
 */
function place(clause: Clause): string {
  const title = clause.headingPath.at(-1);
  if (clause.section) return title ? `${sectionRef(clause.section)} ${title}` : sectionRef(clause.section);
  const kind = clause.kind === 'footnote' || clause.kind === 'endnote' || clause.kind === 'comment' ? `${clause.kind} ` : '';
  const under = title && title !== clause.text ? ` (under ${title})` : '';
  return `${kind}"${clip(clause.text, 50)}"${under}`;
}

function sectionRef(section: string): string {
  return section.startsWith('Article') ? section : `\u00A7 ${section}`;
}

/** A clause's stance in a word: a concern if any finding is one, else a safeguard if any, else neutral. */
function stanceOf(findings: Finding[]): Stance | undefined {
  for (const stance of ['concern', 'safeguard', 'neutral'] as const) if (findings.some((f) => f.stance === stance)) return stance;
  return undefined;
}

function verdict(old: Stance | undefined, now: Stance | undefined): string {
  if (now === undefined) return 'no longer flagged';
  if (old === now) return `still ${phrase(now)}`;
  return old === undefined ? `now ${phrase(now)}` : `now ${phrase(now)} (was ${phrase(old)})`;
}

function phrase(stance: Stance | undefined): string {
  if (stance === 'concern') return 'a concern';
  if (stance === 'safeguard') return 'a safeguard';
  return stance === 'neutral' ? 'neutral' : 'not flagged';
}

function quoted(f: Finding): string {
  return f.quote ? ` \u2014 "${clip(f.quote)}"` : '';
}

function clip(s: string, max = 80): string {
  return s.length > max ? `${s.slice(0, max - 3)}...` : s;
}
