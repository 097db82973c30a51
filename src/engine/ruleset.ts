/**
 * A rule set: loaded packs compiled once, with an index from stems to the rules that need them, so that a
 * clause is only checked against rules that could fire on it (the cost grows with matching rules, not all rules).
 */
import { ClausewatchError } from '../document/errors.js';
import { Compiler, MatchError, triggerStems, vocabularyOf, type MatchNode } from './compile.js';
import { Screen } from './screen.js';
import { Vocabulary } from './vocabulary.js';
import { BUILTIN_RULES_DIR, loadPacks, type LoadedPack } from './load.js';
import { BUILTIN_CATEGORIES, type MatchExpr, type RuleSpec } from './schema.js';

export interface CompiledRule {
  spec: RuleSpec;
  /** Its place in the rule set: findings are listed in this order. */
  order: number;
  pack: string;
  category: string;
  /** The part of the match whose words are the action that stance is read around. */
  action: MatchNode;
  match: MatchNode;
  file: string;
  line: number;
}

export interface RuleSet {
  rules: CompiledRule[];
  /** stem → rules that can fire only where it occurs. */
  index: Map<string, CompiledRule[]>;
  /** Rules with no required stem (built on `not` or `pattern`): always checked. */
  unindexed: CompiledRule[];
  /** Every stem some rule mentions, with the word sets and rules it leads to (see indexClause). */
  vocabulary: Vocabulary<CompiledRule>;
  /** Every known category: id → description. */
  categories: Map<string, string>;
  /** Which sentences of a clause each rule can match in (see screen.ts): reused from clause to clause. */
  screen: Screen;
  /** By rule order: the last round of candidate picking that took the rule (engine.ts), reused likewise. */
  seen: Float64Array;
}

const BUILTIN_DESCRIPTIONS: Record<string, string> = {
  'data-retention': 'how long data is kept, and what happens to it at the end of its life',
  'data-sharing': 'who other than the agency may obtain, access, use or receive the data',
  'facial-recognition': 'identifying, matching or analysing people by their face or other biometric traits',
};

/** Loads the built-in packs plus any extra folders or files, and compiles them. */
export async function loadRuleSet(extra: string[] = [], options: { builtin?: boolean } = {}): Promise<RuleSet> {
  const packs: LoadedPack[] = [];
  if (options.builtin !== false) packs.push(...(await loadPacks(BUILTIN_RULES_DIR)));
  for (const path of extra) packs.push(...(await loadPacks(path)));
  return compileRuleSet(packs);
}

export function compileRuleSet(packs: LoadedPack[]): RuleSet {
  const categories = new Map<string, string>(BUILTIN_CATEGORIES.map((c) => [c, BUILTIN_DESCRIPTIONS[c]!]));
  const lists = new Map<string, MatchExpr[]>();
  for (const { spec } of packs) {
    for (const [id, text] of Object.entries(spec.categories ?? {})) categories.set(id, text);
    for (const [name, items] of Object.entries(spec.lists ?? {})) lists.set(name, [...(lists.get(name) ?? []), ...items]);
  }
  const compiler = new Compiler(lists);
  const rules: CompiledRule[] = [];
  const seen = new Map<string, string>();
  for (const pack of packs) {
    for (const [i, spec] of pack.spec.rules.entries()) {
      const line = pack.ruleLines[i] ?? 1;
      const where = `${pack.file}:${line}`;
      const earlier = seen.get(spec.id);
      if (earlier) throw new ClausewatchError('bad-rule', `${where}: rule id ${spec.id} is already used at ${earlier}; ids must be unique`);
      seen.set(spec.id, where);
      const category = spec.category ?? pack.spec.category;
      if (!category) throw new ClausewatchError('bad-rule', `${where}: rule ${spec.id} has no category (set one on the rule or the pack)`);
      if (!categories.has(category)) {
        throw new ClausewatchError(
          'bad-rule',
          `${where}: unknown category ${category} (known: ${[...categories.keys()].join(', ')}; a pack may add its own under \`categories:\`)`,
        );
      }
      let match: MatchNode;
      let action: MatchNode;
      try {
        match = compiler.compile(spec.match);
        // The first part a rule names is its action, whatever order the matcher evaluates parts in.
        const m = spec.match;
        const first = typeof m === 'object' && 'all' in m ? m.all[0] : typeof m === 'object' && 'near' in m ? m.near[0] : undefined;
        action = first === undefined ? match : compiler.compile(first);
      } catch (e) {
        if (e instanceof MatchError) throw new ClausewatchError('bad-rule', `${where}: rule ${spec.id}: ${e.message}`);
        throw e;
      }
      rules.push({ spec, order: rules.length, pack: pack.spec.pack, category, match, action, file: pack.file, line });
    }
  }
  const index = new Map<string, CompiledRule[]>();
  const unindexed: CompiledRule[] = [];
  for (const rule of rules) {
    const stems = triggerStems(rule.match);
    if (!stems) unindexed.push(rule);
    else {
      for (const s of stems) {
        const list = index.get(s);
        if (list) list.push(rule);
        else index.set(s, [rule]);
      }
    }
  }
  const vocabulary = new Vocabulary<CompiledRule>();
  for (const rule of rules) for (const stem of vocabularyOf(rule.match, new Set())) vocabulary.add(stem);
  // The index read by stem number: the same lists, not copies.
  for (const [stem, list] of index) vocabulary.triggers[vocabulary.add(stem)] = list;
  for (const set of compiler.wordSets()) {
    for (const stem of set.stems) vocabulary.sets[vocabulary.add(stem)]!.push(set.id);
  }
  return { rules, index, unindexed, categories, vocabulary, screen: new Screen(compiler.nodeList(), vocabulary), seen: new Float64Array(rules.length) };
}
