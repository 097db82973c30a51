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

/**
 * Stdin as batches of lines (faster than readline, which costs an event per line). A line longer than a chunk is
 * gathered in parts and joined once, so a multi-megabyte clause costs linear time. A byte-order mark is dropped.
 */
async function* stdinLines(): AsyncGenerator<string[]> {
  process.stdin.setEncoding('utf8');
  let parts: string[] = [];
  let first = true;
  const finish = (line: string) => line.replace(/\r$/, '');
  for await (let chunk of process.stdin as AsyncIterable<string>) {
    if (first && chunk.startsWith('\uFEFF')) chunk = chunk.slice(1);
    first = false;
    const lines: string[] = [];
    let from = 0;
    for (let nl = chunk.indexOf('\n'); nl >= 0; nl = chunk.indexOf('\n', from)) {
      parts.push(chunk.slice(from, nl));
      lines.push(finish(parts.join('')));
      parts = [];
      from = nl + 1;
    }
    if (from < chunk.length) parts.push(chunk.slice(from));
    if (lines.length) yield lines;
  }
  if (parts.length) yield [finish(parts.join(''))];
}

/** Writes with back-pressure, so a slow reader downstream never makes us buffer everything. */
function write(chunk: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (process.stdout.write(chunk)) resolve();
    else process.stdout.once('drain', resolve).once('error', reject);
  });
}
