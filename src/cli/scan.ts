/** `clausewatch scan FILE...`: the findings for each contract. One bad file never stops the others. */
import { Option, type Command } from 'commander';
import { isClausewatchError } from '../document/errors.js';
import { loadRuleSet } from '../engine/ruleset.js';
import { analyze } from '../index.js';
import { renderReport } from '../report/index.js';
import type { ScanOutcome } from '../review/review.js';
import { limitsFrom, maxSizeOption } from './options.js';

export function registerScan(program: Command): void {
  program
    .command('scan')
    .description('flag retention, sharing and facial-recognition clauses in one or more contracts')
    .argument('<files...>', 'contracts (DOCX, PDF, text, Markdown, HTML)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('-r, --rules <path...>', 'add your own rule pack (a YAML file or a folder of them) to the built-in ones')
    .addOption(maxSizeOption())
    .action(async (files: string[], opts: { format: 'text' | 'json'; rules?: string[]; maxSize: number }) => {
      const rules = await loadRuleSet(opts.rules ?? []);
      const outcomes: ScanOutcome[] = [];
      for (const file of files) {
        try {
          outcomes.push({ file, review: await analyze(file, { rules, limits: limitsFrom(opts) }) });
        } catch (e) {
          if (!isClausewatchError(e)) throw e;
          outcomes.push({ file, error: e.message });
          process.stderr.write(`clausewatch: ${e.message}\n`);
        }
      }
      const color = opts.format === 'text' && process.stdout.isTTY === true && !process.env.NO_COLOR;
      process.stdout.write(await renderReport(opts.format, outcomes, { color }));
      if (outcomes.some((o) => o.error)) process.exitCode = 2;
    });
}
