import { describe, expect, it } from 'vitest';
import { parsePack } from '../src/engine/load.js';
import { compileRuleSet } from '../src/engine/ruleset.js';
import { testRuleExamples } from '../src/engine/examples.js';
import { loadRuleSet } from '../src/engine/ruleset.js';
import { matchClause } from '../src/engine/engine.js';
import { literalFilter, requiredLiterals } from '../src/engine/pattern.js';

const rule = (fields: string) => `pack: mine
category: data-sharing
rules:
  - id: my-rule
    title: My rule
    severity: high
    why: Because it matters a great deal.
    ask: Ask for something better.
${fields}
    examples:
      flag: ["Vendor may sell data."]
      ok: ["Nothing here."]
`;
const load = (text: string) => compileRuleSet([parsePack(text, 'mine.yaml')]);

describe('loading rule packs', () => {
  it('reports a typo in a key with file and line', () => {
    expect(() => load(rule('    mtach: sell'))).toThrow('mine.yaml:9: unknown key `mtach`');
  });

  it('reports a wrong type with file and line', () => {
    expect(() => load(rule('    match: sell\n    references: just one string'))).toThrow(/^mine\.yaml:10: `references` should be a list/);
  });

  it('reports an unknown category with the rule line', () => {
    expect(() => load(rule('    category: data-retension\n    match: sell'))).toThrow(/^mine\.yaml:4: unknown category data-retension \(known: data-retention/);
  });

  it('reports an empty pattern and a bad severity', () => {
    expect(() => load(rule('    match: { any: ["sell", "  "] }'))).toThrow(/^mine\.yaml:9: .*is an empty pattern/);
    expect(() => load(rule('    match: sell').replace('severity: high', 'severity: huge'))).toThrow(/^mine\.yaml:6: `severity` must be one of: info, low, medium, high, critical/);
  });

  it('reports broken YAML and a missing match', () => {
    expect(() => load('pack: x\nrules: [\n')).toThrow(/^mine\.yaml:\d+: not valid YAML/);
    expect(() => load(rule(''))).toThrow(/^mine\.yaml:4: missing `match`/);
  });

  it('refuses a pattern that could backtrack catastrophically, and one RE2 cannot run', () => {
    expect(() => load(rule('    match: { pattern: "(a+)+$" }'))).toThrow(/^mine\.yaml:4: rule my-rule: pattern "\(a\+\)\+\$" nests a quantifier/);
    expect(() => load(rule('    match: { pattern: "(\\\\w+\\\\s?)*x" }'))).toThrow(/nests a quantifier/);
    expect(() => load(rule('    match: { pattern: "(sell)\\\\1" }'))).toThrow(/backreferences and lookaround are not allowed/);
  });

  it('runs an accepted pattern in linear time on hostile input', () => {
    const set = load(rule('    match: { pattern: "a[a-z]*b" }'));
    const hostile = `${'a'.repeat(200_000)}`;
    const began = performance.now();
    expect(matchClause(set, hostile)).toEqual([]);
    expect(performance.now() - began).toBeLessThan(2000);
  });

  it('refuses a duplicate rule id and an unknown list', () => {
    const twice = rule('    match: sell') + rule('    match: sell').split('rules:\n')[1];
    expect(() => load(twice)).toThrow(/rule id my-rule is already used at mine\.yaml:4/);
    expect(() => load(rule('    match: "@nowhere"'))).toThrow(/unknown list @nowhere/);
  });

  it('refuses YAML tags such as !!js/function: rule files are plain data', () => {
    expect(() => load(rule('    match: !!js/function "function(){ return 1 }"'))).toThrow(/^mine\.yaml:9: unsupported YAML tag/);
  });
});

describe('rule examples', () => {
  it('reports a failing example with the rule and the example', () => {
    const set = load(rule('    match: share'));
    const { failures } = testRuleExamples(set);
    expect(failures.map((f) => [f.rule.spec.id, f.example, f.problem])).toEqual([
      ['my-rule', 'Vendor may sell data.', 'should be flagged, but the rule does not match'],
    ]);
  });

  it('passes for every built-in pack', async () => {
    const set = await loadRuleSet();
    const { failures } = testRuleExamples(set);
    expect(failures.map((f) => `${f.rule.spec.id}: ${f.problem}: ${f.example}`)).toEqual([]);
    expect(new Set(set.rules.map((r) => r.category))).toEqual(new Set(['data-retention', 'data-sharing', 'facial-recognition']));
  });
});

describe('the build-time copy of the built-in packs', () => {
  // `npm run build` parses the packs once (scripts/cache-rules.mjs); start-up reads that copy while the YAML is unchanged.
  it('holds exactly what parsing each pack gives, with the hash of its text', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { BUILTIN_RULES_DIR, contentHash } = await import('../src/engine/load.js');
    const { packs: cache, schema } = JSON.parse(readFileSync(new URL('../dist/builtin-rules.json', import.meta.url), 'utf8')) as {
      schema: string;
      packs: Record<string, { hash: string; spec: unknown; ruleLines: number[] }>;
    };
    expect(schema).toBe(contentHash(readFileSync(new URL('../dist/engine/schema.js', import.meta.url), 'utf8')));
    const names = Object.keys(cache);
    expect(names.length).toBeGreaterThanOrEqual(3);
    for (const name of names) {
      const text = readFileSync(join(BUILTIN_RULES_DIR, name), 'utf8');
      const parsed = parsePack(text, join('rules', name));
      expect(cache[name]!.hash, `${name} changed since the build: run npm run build`).toBe(contentHash(text));
      expect(cache[name]!.spec).toEqual(parsed.spec);
      expect(cache[name]!.ruleLines).toEqual(parsed.ruleLines);
    }
  });
});

describe('pattern pre-filter', () => {
  it('finds the words every match must contain, or none when it cannot tell', () => {
    expect(requiredLiterals('\\bretain(?:s|ed|ing)?\\b|\\barchiv(?:ed|ing)\\b')).toEqual(['retain', 'archiv']);
    expect(requiredLiterals('\\b(identif(y|ies)|match(es|ed))\\b')).toEqual(['identif', 'match']);
    expect(requiredLiterals('colou?r')).toEqual(['colo']);
    expect(requiredLiterals('^[\\s(]*foo')).toEqual(['foo']);
    expect(requiredLiterals('\\bre-?identif(y|ies)\\b')).toEqual(['identif']);
    expect(requiredLiterals('(^|[^-\\w])(mug ?shots?|booking (photo|image)s?)')).toEqual(['shot', 'booking ']);
    expect(requiredLiterals('\\bab\\b|\\bretain')).toBeUndefined();
    expect(requiredLiterals('[a-z]+ing')).toEqual(['ing']);
    expect(requiredLiterals('\\w+')).toBeUndefined();
  });

  it('requires every part of a sequence, with whitespace between words written as one space', () => {
    expect(literalFilter('\\buses\\s+the\\s+services\\s+of\\b')).toEqual([[['uses the services of']]]);
    expect(literalFilter('(?:use|uses)\\s+the\\s+services')).toEqual([[['use', 'uses'], [' the services']]]);
    // "\\s*" may be nothing: it ends a string; two spaces in a pattern are one in the text looked in
    expect(literalFilter('retention\\s*period|kept  forever')).toEqual([[['retention'], ['period']], [['kept forever']]]);
  });

  it('never keeps a pattern from matching text whose words are apart by line breaks or several spaces', () => {
    const set = load(rule('    effect: widens\n    match: {pattern: "uses\\\\s+the\\\\s+services\\\\s+of"}').replace('Vendor may sell data.', 'Vendor uses the services of Acme.'));
    expect(matchClause(set, 'The Vendor uses   the\n  services\tof Acme to host data.')).toHaveLength(1);
    expect(matchClause(set, 'The Vendor uses the service of Acme.')).toHaveLength(0);
  });

  it('goes past empty matches of a pattern that can match nothing', () => {
    const set = load(rule('    match: { pattern: "x*" }'));
    expect(matchClause(set, 'share axb')).toHaveLength(1);
  });

  it('never changes what a pattern matches', () => {
    const set = load(rule('    match: { pattern: "\\\\bretain(?:s|ed)?\\\\b|\\\\bkept\\\\b" }'));
    expect(matchClause(set, 'The Vendor RETAINED the footage.')).toHaveLength(1);
    expect(matchClause(set, 'Footage is kept.')).toHaveLength(1);
    expect(matchClause(set, 'The retention period ends.')).toHaveLength(0);
  });
});
