/**
 * The Markdown report: the HTML report's content for a wiki, an email or a pull request. Contract text is
 * escaped for Markdown, so a clause cannot open a heading, a table cell or raw HTML when the file is rendered.
 */
import type { Finding } from '../engine/finding.js';
import type { Review, ScanOutcome } from '../review/review.js';
import {
  checklistOf,
  citation,
  clauseCaveats,
  clauseWhere,
  findingsByClause,
  headingPath,
  isFlagged,
  missingProtections,
  PROFILE_STATUS_LABEL,
  STANCE_LABEL,
  TOPIC_STATUS_LABEL,
  topicTitle,
  where,
  type ClauseGroup,
} from './text.js';

export function renderMarkdown(outcomes: ScanOutcome[]): string {
  const blocks = outcomes.map((o) => (o.review ? reviewMarkdown(o.review) : `# ${md(o.file)}\n\n**Could not be read:** ${md(o.error ?? '')}`));
  return `${blocks.join('\n\n---\n\n')}\n`;
}

function reviewMarkdown(review: Review): string {
  const groups = findingsByClause(review);
  return [
    `# Contract review: ${md(review.file)}`,
    md([review.format, review.pages ? `${review.pages} pages` : '', `${review.clauses} clauses read`].filter(Boolean).join(' · ')),
    warnings(review),
    checklist(review),
    profile(review),
    missing(review),
    flagged(review, groups.filter(isFlagged)),
    mentions(groups.filter((g) => !isFlagged(g))),
  ]
    .filter(Boolean)
    .join('\n\n');
}

function warnings(review: Review): string {
  if (review.warnings.length === 0) return '';
  return ['## Warnings', '', ...review.warnings.map((w) => `- ${md(w)}`)].join('\n');
}

function checklist(review: Review): string {
  const rows = checklistOf(review).map((t) => [t.title, TOPIC_STATUS_LABEL[t.status], String(t.concerns), String(t.safeguards)]);
  return ['## Checklist', '', table(['Topic', 'What the contract does', 'Concerns', 'Safeguards'], rows)].join('\n');
}

function profile(review: Review): string {
  const p = review.profile;
  if (!p) return '## Profile\n\nNo profile was given (`clausewatch scan --profile FILE` compares the contract with the city\'s requirements).';
  const rows = p.checks.map((c) => [PROFILE_STATUS_LABEL[c.status], c.requirement, c.message, c.clause ? clauseWhere(c.clause) : '']);
  return [`## Profile: ${md(p.name)}`, '', `From ${md(p.source)}.`, '', table(['Result', 'Requirement', 'Finding', 'Where'], rows)].join('\n');
}

function missing(review: Review): string {
  const items = missingProtections(review);
  if (items.length === 0) return '## Missing protections\n\nNo missing protections were found.';
  return ['## Missing protections', '', ...items.map((f) => findingItem(f, review))].join('\n');
}

function flagged(review: Review, groups: ClauseGroup[]): string {
  if (groups.length === 0) return '## Flagged clauses\n\nNo clause was flagged as a concern or a safeguard.';
  return ['## Flagged clauses', ...groups.map((g) => clauseBlock(g, review))].join('\n\n');
}

function clauseBlock(group: ClauseGroup, review: Review): string {
  const ref = group.findings[0]?.clause;
  if (!ref) return '';
  const title = [ref.section ? citation(ref.section) : 'Unnumbered clause', ref.page ? `page ${ref.page}` : '', headingPath(ref.heading)].filter(Boolean).join(' — ');
  const text = group.clause?.text ?? group.findings.map((f) => f.quote).join(' … ');
  return [
    `### ${md(title)}`,
    '',
    `> ${md(text)}`,
    ...clauseCaveats(group.clause, group.findings).map((c) => `\n*${md(c)}*`),
    '',
    ...group.findings.map((f) => findingItem(f, review)),
  ].join('\n');
}

function findingItem(f: Finding, review: Review): string {
  const label = f.clause ? STANCE_LABEL[f.stance] : 'Missing';
  const lines = [`- **${label}** (${f.severity}, ${md(topicTitle(f.category, review.checklist))}): ${md(f.title)}`];
  if (f.clause) lines.push(`  - Words: “${md(f.quote)}” — ${md(f.reason)} (rule \`${f.ruleId}\`)`);
  if (f.stance !== 'neutral' || !f.clause) lines.push(`  - Why it matters: ${md(f.why.trim())}`);
  if (f.stance === 'concern' || !f.clause) lines.push(`  - Ask for: ${md(f.ask.trim())}`);
  return lines.join('\n');
}

function mentions(groups: ClauseGroup[]): string {
  if (groups.length === 0) return '';
  const rows = groups.flatMap((g) => g.findings.map((f) => [where(f), headingPath(f.clause?.heading ?? ''), f.title, f.quote]));
  return ['## Other mentions', '', table(['Where', 'Heading', 'What', 'Words'], rows)].join('\n');
}


function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map(md).join(' | ')} |`;
  return [line(header), `|${header.map(() => ' --- ').join('|')}|`, ...rows.map(line)].join('\n');
}

/**
 * Contract text as one inline Markdown run: whitespace collapsed (a newline would end a table row or a
 * blockquote), punctuation that Markdown would act on backslash-escaped, and `<` escaped so that no raw HTML
 * survives a Markdown renderer.
 */
export function md(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_[\]<>|#~]/g, (ch) => `\\${ch}`)
    .replace(/^(\d+)([.)])(?=\s|$)/, '$1\\$2')
    .replace(/^([-+=])/, '\\$1');
}
