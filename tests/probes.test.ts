/**
 * Generalization probes: clauses written from the principles in TAXONOMY.md (not from the benchmarks), each
 * labeled with its categories and stances. Every probe must read as labeled: category present or absent, and
 * per category the clause's stance (concern if any finding is, else safeguard if any is, else neutral).
 * Probes the rules cannot yet read without hurting the benchmarks live in generalization-probes-known-gaps.jsonl,
 * which this test does not run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { classifyText } from '../src/engine/classify.js';
import { loadRuleSet, type RuleSet } from '../src/engine/ruleset.js';
import type { Stance } from '../src/engine/schema.js';
import { ROOT } from './helpers/cli.js';

interface Probe {
  id: string;
  text: string;
  labels: Record<string, Stance>;
}

const CATEGORIES = ['data-retention', 'data-sharing', 'facial-recognition'] as const;

const probes: Probe[] = readFileSync(join(ROOT, 'tests/fixtures/generalization-probes.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line) as Probe);

/** The clause's stance per category, as `eval` scores it: the loophole wins. */
function stances(rules: RuleSet, text: string): Record<string, Stance> {
  const out: Record<string, Stance> = {};
  for (const f of classifyText(rules, text)) {
    const prev = out[f.category];
    if (f.stance === 'concern' || !prev || (f.stance === 'safeguard' && prev === 'neutral')) out[f.category] = f.stance;
  }
  return out;
}

describe('generalization probes', () => {
  let rules: RuleSet;
  beforeAll(async () => {
    rules = await loadRuleSet();
  });

  it('has probes, each with a unique id', () => {
    expect(probes.length).toBeGreaterThan(100);
    expect(new Set(probes.map((p) => p.id)).size).toBe(probes.length);
  });

  it.each(probes.map((p) => [p.id, p] as const))('%s reads as labeled', (_id, probe) => {
    const got = stances(rules, probe.text);
    const want: Record<string, Stance> = {};
    const seen: Record<string, Stance> = {};
    for (const c of CATEGORIES) {
      if (c in probe.labels) want[c] = probe.labels[c]!;
      if (c in got) seen[c] = got[c]!;
    }
    expect(seen, `probe ${probe.id}: "${probe.text}"`).toEqual(want);
  });
});
