/** `clausewatch classify`: JSON Lines of clauses on stdin, one line of findings per clause on stdout. */
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { classifyLine } from '../engine/classify.js';
import { loadRuleSet } from '../engine/ruleset.js';

export function registerClassify(program: Command): void {
  program
    .command('classify')
    .description('read JSON Lines {"id", "text"} on stdin and write {"id", "findings"} per line')
    .option('-r, --rules <path...>', 'add your own rule pack (a YAML file or a folder of them)')
    .action(async (opts: { rules?: string[] }) => {
      const rules = await loadRuleSet(opts.rules ?? []);
      const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
      let lineNumber = 0;
      let batch: string[] = [];
      for await (const line of lines) {
        lineNumber++;
        if (!line.trim()) continue;
        batch.push(JSON.stringify(classifyLine(rules, line, lineNumber)));
        if (batch.length >= 1000) {
          await write(`${batch.join('\n')}\n`);
          batch = [];
        }
      }
      if (batch.length) await write(`${batch.join('\n')}\n`);
    });
}

/** Writes with back-pressure, so a slow reader downstream never makes us buffer everything. */
function write(chunk: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (process.stdout.write(chunk)) resolve();
    else process.stdout.once('drain', resolve).once('error', reject);
  });
}
