/**
 * Rules prove themselves with their own examples, as Semgrep's `ruleid:`/`ok:` and ESLint's RuleTester do:
 * every `flag` example must be flagged by its rule (with the stance given, if any), every `ok` example not.
 */
import { matchClause } from './engine.js';
import type { CompiledRule, RuleSet } from './ruleset.js';
import type { RuleExample } from './schema.js';

export interface ExampleFailure {
  rule: CompiledRule;
  example: string;
  problem: string;
}

export function testRuleExamples(rules: RuleSet): { passed: number; failures: ExampleFailure[] } {
  let passed = 0;
  const failures: ExampleFailure[] = [];
  for (const rule of rules.rules) {
    const run = (text: string) => matchClause(rules, text, undefined, { only: rule })[0];
    for (const example of rule.spec.examples.flag) {
      const { text, stance } = typeof example === 'string' ? { text: example, stance: undefined } : (example as Exclude<RuleExample, string>);
      const m = run(text);
      if (!m) failures.push({ rule, example: text, problem: 'should be flagged, but the rule does not match' });
      else if (stance && m.stance !== stance) {
        failures.push({ rule, example: text, problem: `should be ${stance}, but reads as ${m.stance} (${m.reason})` });
      } else passed++;
    }
    for (const text of rule.spec.examples.ok) {
      const m = run(text);
      if (m) failures.push({ rule, example: text, problem: `should not be flagged, but matches "${text.slice(m.start, m.end)}" (${m.stance})` });
      else passed++;
    }
  }
  return { passed, failures };
}
