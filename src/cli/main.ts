#!/usr/bin/env node
/**
 * The `clausewatch` command. Each subcommand lives in its own file; this one wires them up and owns the one
 * rule every command follows: a user's mistake is one line on stderr and exit code 2, never a stack trace.
 */
import { Command, CommanderError } from 'commander';
import { EXIT, isClausewatchError } from '../document/errors.js';
import { registerParse } from './parse.js';
import { registerScan } from './scan.js';
import { registerClassify } from './classify.js';
import { registerRules } from './rules.js';
import { registerEval } from './eval.js';
import { registerDiff } from './diff.js';
import { VERSION } from '../version.js';

export function buildProgram(): Command {
  const program = new Command('clausewatch')
    .description('Flags data-retention, data-sharing and facial-recognition clauses in vendor contracts. Runs locally.')
    .version(VERSION)
    .showHelpAfterError('(run clausewatch --help for usage)')
    .exitOverride();
  registerParse(program);
  registerScan(program);
  registerClassify(program);
  registerRules(program);
  registerEval(program);
  registerDiff(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return process.exitCode === undefined ? EXIT.ok : Number(process.exitCode);
  } catch (e) {
    if (e instanceof CommanderError) {
      // Commander has already printed its message (or the help/version text).
      return e.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    }
    if (isClausewatchError(e)) {
      process.stderr.write(`clausewatch: ${e.message}\n`);
      return EXIT.badInput;
    }
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`clausewatch: internal error: ${message} (this is a bug; please report it with the file if you can share it)\n`);
    if (process.env.CLAUSEWATCH_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    return EXIT.internal;
  }
}

// A reader that stops early (`clausewatch parse big.pdf | head`) is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(EXIT.ok);
  throw e;
});

main(process.argv).then((code) => {
  process.exitCode = code;
});
