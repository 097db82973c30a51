/** The terminal report: grouped by file, one block per finding, colour only on a terminal. */
import pc from 'picocolors';
import type { ScanOutcome } from '../review/review.js';
import type { Finding } from '../engine/finding.js';

export function renderText(outcomes: ScanOutcome[], options: { color: boolean }): string {
  const c = pc.createColors(options.color);
  const stanceColor = { concern: c.red, safeguard: c.green, neutral: c.dim } as const;
  const out: string[] = [];
  for (const { file, review, error } of outcomes) {
    if (!review) {
      out.push(`${c.bold(file)}\n  ${c.red('error')}: ${error}\n`);
      continue;
    }
    const pages = review.pages ? `, ${review.pages} pages` : '';
    out.push(c.bold(`${review.file}`) + c.dim(` (${review.format}${pages}, ${review.clauses} clauses)`));
    for (const w of review.warnings) out.push(`  ${c.yellow('!')} ${w}`);
    const counts = review.summary
      .map((s) => `${s.category}: ${s.concern} concern, ${s.safeguard} safeguard`)
      .join(' · ');
    out.push(`  ${counts}`);
    if (review.findings.length === 0) out.push('  No findings.');
    for (const f of review.findings) {
      out.push('');
      out.push(`  ${c.bold(where(f))}  ${stanceColor[f.stance](f.stance.toUpperCase())}  ${f.severity}  ${c.dim(f.category)}  ${c.dim(f.ruleId)}`);
      out.push(`    ${f.title}${f.tracked ? c.yellow(' (text has pending tracked changes)') : ''}`);
      out.push(`    ${c.italic(`"${f.quote.length > 160 ? `${f.quote.slice(0, 157)}...` : f.quote}"`)} ${c.dim(`— ${f.reason}`)}`);
      if (f.stance !== 'neutral') {
        out.push(`    ${c.dim('Why:')} ${f.why.trim()}`);
        if (f.stance === 'concern') out.push(`    ${c.dim('Ask:')} ${f.ask.trim()}`);
      }
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

export function where(f: Finding): string {
  if (!f.clause) return 'missing';
  const s = f.clause.section;
  const parts = [s ? (s.startsWith('Article') ? s : `§ ${s}`) : f.clause.heading || f.clause.id];
  if (f.clause.page) parts.push(`p. ${f.clause.page}`);
  return parts.join(', ');
}
