/**
 * Compiling a rule's `match` into a tree the matcher walks, and finding the stems a rule cannot fire without,
 * so that a clause is only checked against rules that could fire on it.
 */
import { tokenize } from '../language/tokens.js';
import { compilePattern, type SafePattern } from './pattern.js';
import type { MatchExpr } from './schema.js';

export type MatchNode =
  | { type: 'phrase'; stems: string[]; source: string }
  | { type: 'any'; children: MatchNode[] }
  | { type: 'all'; children: MatchNode[] }
  | { type: 'not'; child: MatchNode }
  | { type: 'near'; children: MatchNode[]; within: number }
  | { type: 'defined'; child: MatchNode }
  | { type: 'pattern'; pattern: SafePattern; source: string };

/** A pseudo-stem present in every clause that names one of the contract's defined terms. */
export const DEFINED_TERM_MARK = '\u0000defined';

/** A mistake in a rule's match, found while compiling; the loader adds file and line. */
export class MatchError extends Error {}

export function compileMatch(expr: MatchExpr, lists: Map<string, string[]>): MatchNode {
  if (typeof expr === 'string') {
    if (expr.startsWith('@')) {
      const list = lists.get(expr.slice(1));
      if (!list) throw new MatchError(`unknown list ${expr}; define it under \`lists:\` in a pack`);
      return { type: 'any', children: list.map((item) => compileMatch(item, lists)) };
    }
    const stems = tokenize(expr).tokens.map((t) => t.stem);
    if (stems.length === 0) throw new MatchError(`"${expr}" has no words to match; use pattern: for punctuation`);
    return { type: 'phrase', stems, source: expr };
  }
  if ('any' in expr) return { type: 'any', children: expr.any.map((e) => compileMatch(e, lists)) };
  if ('all' in expr) return { type: 'all', children: expr.all.map((e) => compileMatch(e, lists)) };
  if ('not' in expr) return { type: 'not', child: compileMatch(expr.not, lists) };
  if ('near' in expr) return { type: 'near', children: expr.near.map((e) => compileMatch(e, lists)), within: expr.within };
  if ('defined' in expr) return { type: 'defined', child: compileMatch(expr.defined, lists) };
  const compiled = compilePattern(expr.pattern);
  if (typeof compiled === 'string') throw new MatchError(compiled);
  return { type: 'pattern', pattern: compiled, source: expr.pattern };
}

/**
 * The stems of which at least one must be in a clause for the rule to possibly fire, or `undefined` when no
 * such set exists (a rule built on `not` or `pattern` alone must always be checked).
 * For `all`, any one part is necessary: the first part is taken (a rule's action, e.g. "share", is rarer than
 * its object, e.g. "data", so fewer clauses reach the rule), or the next one that can be indexed.
 */
export function triggerStems(node: MatchNode): Set<string> | undefined {
  switch (node.type) {
    case 'phrase':
      return new Set([node.stems[0]!]);
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
      for (const child of node.children) {
        const stems = triggerStems(child);
        if (stems) return stems;
      }
      return undefined;
    }
    case 'defined':
      // A defined term can be any word the contract chose ("Footage"); the matcher marks clauses that name one.
      return new Set([DEFINED_TERM_MARK]);
    case 'not':
    case 'pattern':
      return undefined;
  }
}
