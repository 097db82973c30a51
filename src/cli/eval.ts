/**
 * `clausewatch eval [FILE...]`: scores `classify` on labeled JSON Lines (by default ../shared/benchmarks/*.jsonl
 * next to the repository) and prints precision, recall, F1 per category and stance accuracy.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { ClausewatchError } from '../document/errors.js';
import { classifyText } from '../engine/classify.js';
import { loadRuleSet } from '../engine/ruleset.js';
import { BUILTIN_CATEGORIES } from '../engine/schema.js';
import { scoreFile, type FileScore, type LabeledClause } from '../engine/score.js';

const DEFAULT_DIR = fileURLToPath(new URL('../../../shared/benchmarks/', import.meta.url));

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('score the rules on labeled clauses (JSON Lines with "labels"); default: ../shared/benchmarks')
    .argument('[files...]', 'labeled .jsonl files')
    .option('-r, --rules <path...>', 'add your own rule pack')
    .option('--json', 'print the scores as JSON')
    .option('--errors <file>', 'write every miss, false alarm and wrong stance (with text) to this JSON Lines file')
    .action(async (files: string[], opts: { rules?: string[]; json?: boolean; errors?: string }) => {
      const paths = files.length ? files : await defaultFiles();
      const rules = await loadRuleSet(opts.rules ?? []);
      const results: { file: string; score: FileScore; seconds: number }[] = [];
      const errorLines: string[] = [];
      for (const path of paths) {
        const clauses = await readLabeled(path);
        const began = performance.now();
        const rows = clauses.map((clause) => ({ clause, findings: classifyText(rules, clause.text) }));
        const seconds = (performance.now() - began) / 1000;
        const score = scoreFile(rows, BUILTIN_CATEGORIES);
        results.push({ file: basename(path), score, seconds });
        if (opts.errors) {
          const byId = new Map(rows.map((r) => [r.clause.id, r]));
          for (const e of score.errors) {
            const row = byId.get(e.id)!;
            errorLines.push(JSON.stringify({ file: basename(path), ...e, text: row.clause.text, findings: row.findings.map((f) => `${f.ruleId}:${f.stance}`) }));
          }
        }
      }
      if (opts.errors) await writeFile(opts.errors, errorLines.join('\n') + '\n');
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(results.map(({ file, score }) => ({ file, ...score, errors: undefined })), null, 2)}\n`);
        return;
      }
      process.stdout.write(results.map(({ file, score, seconds }) => formatScore(file, score, seconds)).join('\n'));
    });
}

async function defaultFiles(): Promise<string[]> {
  if (!existsSync(DEFAULT_DIR)) {
    throw new ClausewatchError('not-found', `no benchmarks at ${resolve(DEFAULT_DIR)}; name the labeled .jsonl files to score`);
  }
  return (await readdir(DEFAULT_DIR)).filter((f) => f.endsWith('.jsonl')).sort().map((f) => join(DEFAULT_DIR, f));
}

async function readLabeled(path: string): Promise<LabeledClause[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new ClausewatchError('not-found', `${path}: no such file; name labeled .jsonl files`);
  }
  return text.split('\n').flatMap((line, i) => {
    if (!line.trim()) return [];
    try {
      const row = JSON.parse(line) as LabeledClause;
      if (typeof row.text !== 'string' || typeof row.labels !== 'object') throw new Error('shape');
      return [row];
    } catch {
      throw new ClausewatchError('bad-input', `${path}:${i + 1}: expected {"id", "text", "labels"} (JSON Lines)`);
    }
  });
}

const pct = (x: number | null) => (x === null ? '   -  ' : x.toFixed(3).padStart(6));

function formatScore(file: string, s: FileScore, seconds: number): string {
  const lines = [`${file}  (${s.clauses} clauses, ${Math.round(s.clauses / Math.max(seconds, 1e-6)).toLocaleString('en-US')} clauses/s)`];
  lines.push('  category               precision  recall    F1     (tp/fp/fn)');
  for (const c of s.categories) {
    if (c.truePositives + c.falseNegatives + c.falsePositives === 0) continue;
    lines.push(`  ${c.category.padEnd(22)} ${pct(c.precision)}    ${pct(c.recall)}  ${pct(c.f1)}   (${c.truePositives}/${c.falsePositives}/${c.falseNegatives})`);
  }
  if (s.stance.total) lines.push(`  stance accuracy        ${pct(s.stance.accuracy)}   (${s.stance.correct} of ${s.stance.total} true positives with a labeled stance)`);
  if (s.noneFlagged.total) {
    lines.push(`  unrelated clauses flagged ${((s.noneFlagged.share ?? 0) * 100).toFixed(1)}%  (${s.noneFlagged.flagged} of ${s.noneFlagged.total} labeled {})`);
  }
  return `${lines.join('\n')}\n`;
}
