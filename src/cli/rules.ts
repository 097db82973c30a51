/** `clausewatch rules test|list`: prove the rule packs with their examples, and show the catalogue. */
import type { Command } from 'commander';
import { testRuleExamples } from '../engine/examples.js';
import { loadRuleSet } from '../engine/ruleset.js';

export function registerRules(program: Command): void {
  const rules = program.command('rules').description('test and list rule packs');
  rules
    .command('test')
    .description("run every rule's flag/ok examples (built-in packs, plus PATH if given)")
    .argument('[paths...]', 'extra rule packs (files or folders) to test with the built-in ones')
    .option('--only', 'test only the packs at PATH, not the built-in ones')
    .action(async (paths: string[], opts: { only?: boolean }) => {
      const set = await loadRuleSet(paths, { builtin: !(opts.only && paths.length) });
      const { passed, failures } = testRuleExamples(set);
      for (const f of failures) {
        process.stdout.write(`${f.rule.file}:${f.rule.line}: ${f.rule.spec.id}: ${f.problem}\n    ${JSON.stringify(f.example)}\n`);
      }
      process.stdout.write(`${set.rules.length} rules: ${passed} passed, ${failures.length} failed\n`);
      if (failures.length) process.exitCode = 1;
    });
  rules
    .command('list')
    .description('print the catalogue of rules')
    .argument('[paths...]', 'extra rule packs to include')
    .option('--json', 'as JSON')
    .action(async (paths: string[], opts: { json?: boolean }) => {
      const set = await loadRuleSet(paths);
      if (opts.json) {
        const list = set.rules.map((r) => ({ id: r.spec.id, pack: r.pack, category: r.category, severity: r.spec.severity, effect: r.spec.effect, title: r.spec.title, file: `${r.file}:${r.line}` }));
        process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        return;
      }
      let pack = '';
      for (const r of set.rules) {
        if (r.pack !== pack) {
          pack = r.pack;
          process.stdout.write(`\n${pack}\n`);
        }
        process.stdout.write(`  ${r.spec.id.padEnd(40)} ${r.spec.severity.padEnd(8)} ${r.spec.effect.padEnd(8)} ${r.spec.title}\n`);
      }
    });
}
