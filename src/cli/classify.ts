/** `clausewatch classify`: JSON Lines of clauses on stdin, one line of findings per clause on stdout. */
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
      let lineNumber = 0;
      for await (const lines of stdinLines()) {
        const out: string[] = [];
        for (const line of lines) {
          lineNumber++;
          if (line.trim()) out.push(JSON.stringify(classifyLine(rules, line, lineNumber)));
        }
        if (out.length) await write(`${out.join('\n')}\n`);
      }
    });
}

/** Stdin as batches of lines (faster than readline, which costs an event per line). */
async function* stdinLines(): AsyncGenerator<string[]> {
  process.stdin.setEncoding('utf8');
  let rest = '';
  for await (const chunk of process.stdin as AsyncIterable<string>) {
    const lines = (rest + chunk).split(/\r?\n/);
    rest = lines.pop()!;
    yield lines;
  }
  if (rest) yield [rest];
}

/** Writes with back-pressure, so a slow reader downstream never makes us buffer everything. */
function write(chunk: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (process.stdout.write(chunk)) resolve();
    else process.stdout.once('drain', resolve).once('error', reject);
  });
}
