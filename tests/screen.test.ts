/**
 * The screen (src/engine/screen.ts) decides which sentences the matcher looks in. It must never change what is
 * found: here every built-in rule is checked, sentence by sentence, with the matcher alone, and the rules it finds
 * must be exactly those `matchClause` reports, on every rule example and on clauses made by joining examples.
 */
import { describe, expect, it } from 'vitest';
import { matchClause } from '../src/engine/engine.js';
import { evaluate, indexClause, type MatchContext } from '../src/engine/match.js';
import { loadRuleSet, type RuleSet } from '../src/engine/ruleset.js';
import { scanWords, tokenize } from '../src/language/tokens.js';

/** The rules that match somewhere in the text, found without the screen: every rule, every window. */
function unscreened(rules: RuleSet, text: string): string[] {
  const tokenized = tokenize(text);
  const ctx: MatchContext = { clause: indexClause(scanWords(text)), memo: new Map(), definedTerms: [], definedCache: new Map() };
  return rules.rules
    .filter((rule) => {
      const windows = rule.spec.scope === 'clause' ? [{ first: 0, last: tokenized.tokens.length }] : tokenized.sentences;
      return windows.some(({ first, last }) => (evaluate(rule.match, ctx, first, last)?.length ?? 0) > 0);
    })
    .map((r) => r.spec.id);
}

describe('screening', () => {
  it('finds exactly the rules the matcher alone finds, on every example and on examples joined', async () => {
    const rules = await loadRuleSet();
    const texts = rules.rules.flatMap((r) => [...r.spec.examples.flag, ...r.spec.examples.ok].map((e) => (typeof e === 'string' ? e : e.text)));
    // Joined examples give clauses of several sentences, where a rule's parts may sit in different sentences.
    const joined = texts.map((t, i) => `${t} ${texts[(i * 7 + 3) % texts.length]} ${texts[(i * 13 + 5) % texts.length]}`);
    // And run-on text with no sentence breaks, where every part shares one window.
    const runOn = texts.map((t, i) => `${t.replace(/[.;]\s*$/, '')}, and ${texts[(i * 11 + 1) % texts.length]!.replace(/[.;]\s*$/, '')}`);
    let compared = 0;
    for (const text of [...texts, ...joined, ...runOn]) {
      const screened = matchClause(rules, text).map((m) => m.rule.spec.id);
      expect(screened, text).toEqual(unscreened(rules, text));
      compared++;
    }
    expect(compared).toBeGreaterThan(600);
  });
});
