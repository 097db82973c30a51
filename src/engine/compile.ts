/**
 * Compiling a rule's `match` into a tree the matcher walks, and finding the stems a rule cannot fire without,
 * so that a clause is only checked against rules that could fire on it.
 */
import { scanWords } from '../language/tokens.js';
import { compilePattern, type SafePattern } from './pattern.js';
import type { MatchExpr } from './schema.js';

/**
 * A compiled expression. `key` identifies its meaning: equal keys are one shared node (see `Compiler`), so a
 * list used by twenty rules is matched once per sentence, not twenty times.
 */
export type MatchNode = {
  key: string;
  /** A number unique within the rule set, for per-clause tables. */
  id: number;
  /** used in more than one place: worth remembering its result */
  shared?: boolean;
} & (
  | { type: 'phrase'; stems: string[]; source: string; /** "=ICE": the words exactly as written */ exact?: string[] }
  /** Any of several single words: one set lookup per word of the clause instead of one lookup per word listed. */
  | { type: 'words'; stems: Set<string> }
  | { type: 'any'; children: MatchNode[] }
  | { type: 'all'; children: MatchNode[] }
  | { type: 'not'; child: MatchNode }
  | { type: 'near'; children: MatchNode[]; within: number; ordered: boolean }
  | { type: 'defined'; child: MatchNode }
  | { type: 'pattern'; pattern: SafePattern; source: string }
);

type Unkeyed<T> = T extends unknown ? Omit<T, 'key' | 'id'> : never;

/** Words in nearly every contract clause or privacy notice: a poor choice to index a rule by. */
const COMMON = new Set(
  'use data inform provid servic custom citi parti agreement vendor compani person user process share access may shall will collect record system time term includ law purpos right other ani'.split(' '),
);

const STOP = new Set('a an the of to in on at by for with as or and no not be is are it its such so'.split(' '));

/** A phrase needs all its words: index it by the one least likely to occur ("in perpetuity" → "perpetu"). */
function rarestStem(stems: string[]): string {
  const score = (s: string) => (STOP.has(s) ? 2000 : COMMON.has(s) ? 1000 : 0) - s.length;
  return stems.reduce((best, s) => (score(s) < score(best) ? s : best));
}

/** How often a set of stems is expected to occur: common words count heavily, then the size of the set. */
function commonness(stems: Set<string>): number {
  let common = 0;
  for (const s of stems) if (COMMON.has(s)) common++;
  return common * 1000 + stems.size;
}

/** A pseudo-stem present in every clause that names one of the contract's defined terms. */
export const DEFINED_TERM_MARK = '\u0000defined';

/** A mistake in a rule's match, found while compiling; the loader adds file and line. */
export class MatchError extends Error {}

/**
 * Compiles match expressions for one rule set. Lists are expanded, single words of an `any` gathered into a set,
 * and equal sub-expressions shared between rules (hash-consing).
 */
export class Compiler {
  private readonly nodes = new Map<string, MatchNode>();
  /** Each list and each pattern is compiled once, however many rules use it. */
  private readonly compiledLists = new Map<string, MatchNode>();
  private readonly patterns = new Map<string, SafePattern | string>();
  constructor(private readonly lists: Map<string, MatchExpr[]>) {}

  /** Every node compiled so far, by id (ids run from 0 up). */
  nodeList(): MatchNode[] {
    return [...this.nodes.values()];
  }

  /** Every word set compiled so far, for the index from a word to the sets that contain it. */
  wordSets(): Extract<MatchNode, { type: 'words' }>[] {
    return [...this.nodes.values()].filter((n): n is Extract<MatchNode, { type: 'words' }> => n.type === 'words');
  }

  compile(expr: MatchExpr): MatchNode {
    if (typeof expr === 'string') {
      if (expr.startsWith('@')) {
        let compiled = this.compiledLists.get(expr);
        if (!compiled) {
          const list = this.lists.get(expr.slice(1));
          if (!list) throw new MatchError(`unknown list ${expr}; define it under \`lists:\` in a pack`);
          compiled = this.anyOf(list.map((item) => this.compile(item)));
          this.compiledLists.set(expr, compiled);
        } else compiled.shared = true;
        return compiled;
      }
      // "=recordings", "=ICE": the exact form, not every word with the same stem (acronyms keep their case).
      const exact = expr.startsWith('=');
      const words = scanWords(exact ? expr.slice(1) : expr).infos;
      const stems = words.map((w) => w.stem);
      if (stems.length === 0) throw new MatchError(`"${expr}" has no words to match; use pattern: for punctuation`);
      if (exact) return this.node({ type: 'phrase', stems, source: expr, exact: words.map((w) => exactForm(w.word)) });
      return this.node({ type: 'phrase', stems, source: expr });
    }
    if ('any' in expr) return this.anyOf(expr.any.map((e) => this.compile(e)));
    if ('all' in expr) return this.node({ type: 'all', children: byCost(expr.all.map((e) => this.compile(e))) });
    if ('not' in expr) return this.node({ type: 'not', child: this.compile(expr.not) });
    if ('near' in expr) {
      return this.node({ type: 'near', children: expr.near.map((e) => this.compile(e)), within: expr.within, ordered: expr.ordered === true });
    }
    if ('defined' in expr) return this.node({ type: 'defined', child: this.compile(expr.defined) });
    let compiled = this.patterns.get(expr.pattern);
    if (compiled === undefined) this.patterns.set(expr.pattern, (compiled = compilePattern(expr.pattern)));
    if (typeof compiled === 'string') throw new MatchError(compiled);
    return this.node({ type: 'pattern', pattern: compiled, source: expr.pattern });
  }

  /** `any` with its single words (including those of nested `any`s) gathered into one set. */
  private anyOf(children: MatchNode[]): MatchNode {
    const words = new Set<string>();
    const rest: MatchNode[] = [];
    const add = (node: MatchNode) => {
      if (node.type === 'phrase' && node.stems.length === 1 && !node.exact) words.add(node.stems[0]!);
      else if (node.type === 'words') for (const w of node.stems) words.add(w);
      else if (node.type === 'any') node.children.forEach(add);
      else if (!rest.includes(node)) rest.push(node);
    };
    children.forEach(add);
    const parts: MatchNode[] = words.size ? [this.node({ type: 'words', stems: words }), ...rest] : rest;
    return parts.length === 1 ? parts[0]! : this.node({ type: 'any', children: parts });
  }

  /** The one node with this meaning. */
  private node(node: Unkeyed<MatchNode>): MatchNode {
    const key = keyOf(node);
    let existing = this.nodes.get(key);
    if (!existing) {
      existing = { ...node, key, id: this.nodes.size } as MatchNode;
      this.nodes.set(key, existing);
    } else existing.shared = true;
    return existing;
  }
}

function keyOf(node: Unkeyed<MatchNode>): string {
  switch (node.type) {
    case 'phrase':
      return node.exact ? `x(${node.exact.join(' ')})` : `p(${node.stems.join(' ')})`;
    case 'words':
      return `w(${[...node.stems].sort().join(' ')})`;
    case 'any':
    case 'all':
      return `${node.type}(${node.children.map((c) => c.key).join(',')})`;
    case 'near':
      return `near${node.within}${node.ordered ? 'o' : ''}(${node.children.map((c) => c.key).join(',')})`;
    case 'not':
    case 'defined':
      return `${node.type}(${node.child.key})`;
    case 'pattern':
      return `re(${node.source})`;
  }
}

/**
 * `all` fails at its first missing part, so cheap and selective parts go first and `not` (which must scan for
 * its whole list) last. Which part is the rule's action is kept separately (CompiledRule.action).
 */
function byCost(children: MatchNode[]): MatchNode[] {
  const cost = (n: MatchNode) => ({ phrase: 0, words: 1, any: 2, all: 2, near: 3, defined: 4, pattern: 5, not: 6 })[n.type];
  return children.map((node, i) => ({ node, i })).sort((a, b) => cost(a.node) - cost(b.node) || a.i - b.i).map((x) => x.node);
}

/** How an exact word is compared: acronyms ("ICE", "DHS") as written, other words in lowercase. */
export function exactForm(word: string): string {
  return word.length > 1 && word === word.toUpperCase() && /[A-Z]/.test(word) ? word : word.toLowerCase();
}

/** Every stem a rule mentions: a clause's other words never need indexing. */
export function vocabularyOf(node: MatchNode, into: Set<string>): Set<string> {
  switch (node.type) {
    case 'phrase':
      node.stems.forEach((s) => into.add(s));
      break;
    case 'words':
      node.stems.forEach((s) => into.add(s));
      break;
    case 'any':
    case 'all':
    case 'near':
      node.children.forEach((c) => vocabularyOf(c, into));
      break;
    case 'not':
    case 'defined':
      vocabularyOf(node.child, into);
      break;
    case 'pattern':
      break;
  }
  return into;
}

/**
 * The stems of which at least one must be in a clause for the rule to possibly fire, or `undefined` when no
 * such set exists (a rule built on `not` or `pattern` alone must always be checked).
 * For `all`, any one part is necessary: the part whose words are rarest is taken, so that few clauses reach
 * the rule ("indefinitely" rather than "data").
 */
export function triggerStems(node: MatchNode): Set<string> | undefined {
  switch (node.type) {
    case 'phrase':
      return new Set([rarestStem(node.stems)]);
    case 'words':
      return node.stems;
    case 'any': {
      const out = new Set<string>();
      for (const child of node.children) {
        const stems = triggerStems(child);
        if (!stems) return undefined;
        for (const s of stems) out.add(s);
      }
      return out;
    }
    case 'all':
    case 'near': {
      let best: Set<string> | undefined;
      for (const child of node.children) {
        const stems = triggerStems(child);
        if (stems && (!best || commonness(stems) < commonness(best))) best = stems;
      }
      return best;
    }
    case 'defined':
      // A defined term can be any word the contract chose ("Footage"); the matcher marks clauses that name one.
      return new Set([DEFINED_TERM_MARK]);
    case 'not':
    case 'pattern':
      return undefined;
  }
}
