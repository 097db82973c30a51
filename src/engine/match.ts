/**
 * Matching a compiled expression against one window of a tokenized clause (a sentence, or the whole clause).
 * A match is the list of word ranges that satisfied it; `null` means no match.
 */
import type { Tokenized } from '../language/tokens.js';
import { DEFINED_TERM_MARK, exactForm, type MatchNode } from './compile.js';

export interface Hit {
  /** Token range [first, last). */
  first: number;
  last: number;
  /** Character span in the clause text. */
  start: number;
  end: number;
}

export interface DefinedTerm {
  term: string;
  stems: string[];
  /** The definition's text, tokenized, to test what the term stands for. */
  definition: ClauseIndex;
}

/** A tokenized clause with each stem's positions, built once and shared by every rule. */
export interface ClauseIndex {
  tokenized: Tokenized;
  positions: Map<string, number[]>;
  /** Indexes of the words some rule mentions, in order: the only words a word list can match. */
  relevant: number[];
  /** Per word set (by node id), the indexes of its words in this clause, in order; absent when none. */
  wordHits?: (number[] | undefined)[];
}

/**
 * Indexes a clause's stems. With a `vocabulary` (every stem some rule mentions), other words are skipped:
 * the index stays a handful of entries however long the clause.
 */
export function indexClause(
  tokenized: Tokenized,
  definedTerms: readonly DefinedTerm[] = [],
  vocabulary?: Set<string>,
  wordSets?: Map<string, number[]>,
): ClauseIndex {
  const positions = new Map<string, number[]>();
  const relevant: number[] = [];
  const wordHits: (number[] | undefined)[] | undefined = wordSets ? [] : undefined;
  const tokens = tokenized.tokens;
  const defined = definedTerms.length > 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const stem = token.stem;
    let sets: number[] | undefined;
    if (vocabulary) {
      let known = token.info.index;
      if (known?.rules !== vocabulary) {
        known = token.info.index = { rules: vocabulary, relevant: vocabulary.has(stem), sets: wordSets?.get(stem) };
      }
      if (!known.relevant && !(defined && definedTerms.some((d) => d.stems.includes(stem)))) continue;
      sets = known.sets;
    }
    relevant.push(i);
    if (sets && wordHits) for (const id of sets) (wordHits[id] ??= []).push(i);
    const list = positions.get(stem);
    if (list) list.push(i);
    else positions.set(stem, [i]);
  }
  const index: ClauseIndex = { tokenized, positions, relevant, ...(wordHits ? { wordHits } : {}) };
  if (definedTerms.some((d) => phraseHits(d.stems, index, 0, tokenized.tokens.length).length)) {
    positions.set(DEFINED_TERM_MARK, []);
  }
  return index;
}

export interface MatchContext {
  clause: ClauseIndex;
  /** Results per node and window for this clause: shared nodes are matched once. */
  memo: Map<MatchNode, Map<number, Hit[] | null>>;
  definedTerms: readonly DefinedTerm[];
  /** Which defined terms satisfy a `defined` node: computed once per document. */
  definedCache: Map<MatchNode, DefinedTerm[]>;
}

export function evaluate(node: MatchNode, ctx: MatchContext, first: number, last: number): Hit[] | null {
  if (!node.shared || node.type === 'phrase' || node.type === 'words') return evaluateNode(node, ctx, first, last);
  let byWindow = ctx.memo.get(node);
  if (!byWindow) ctx.memo.set(node, (byWindow = new Map()));
  const window = first * 67_108_864 + last; // token indexes stay far below 2^26
  let hits = byWindow.get(window);
  if (hits === undefined) {
    hits = evaluateNode(node, ctx, first, last);
    byWindow.set(window, hits);
  }
  return hits;
}

function evaluateNode(node: MatchNode, ctx: MatchContext, first: number, last: number): Hit[] | null {
  switch (node.type) {
    case 'phrase': {
      const hits = phraseHits(node.stems, ctx.clause, first, last, node.exact);
      return hits.length ? hits : null;
    }
    case 'words': {
      const tokens = ctx.clause.tokenized.tokens;
      const at = wordPositions(node, ctx.clause);
      let hits: Hit[] | null = null;
      for (let k = firstAtOrAfter(at, first); k < at.length && at[k]! < last; k++) {
        const t = tokens[at[k]!]!;
        (hits ??= []).push({ first: at[k]!, last: at[k]! + 1, start: t.start, end: t.end });
      }
      return hits;
    }
    case 'any': {
      let out: Hit[] | null = null;
      for (const child of node.children) {
        const hits = evaluate(child, ctx, first, last);
        if (hits) out = out ? out.concat(hits) : hits;
      }
      return out;
    }
    case 'all': {
      const out: Hit[] = [];
      for (const child of node.children) {
        const hits = evaluate(child, ctx, first, last);
        if (!hits) return null;
        out.push(...hits);
      }
      return out;
    }
    case 'not':
      return occurs(node.child, ctx, first, last) ? null : [];
    case 'near':
      return near(node.children, node.within, node.ordered, ctx, first, last);
    case 'defined': {
      let terms = ctx.definedCache.get(node);
      if (!terms) {
        terms = ctx.definedTerms.filter((d) => {
          const inner: MatchContext = { ...ctx, clause: d.definition, memo: new Map() };
          return evaluate(node.child, inner, 0, d.definition.tokenized.tokens.length) !== null;
        });
        ctx.definedCache.set(node, terms);
      }
      const hits = terms.flatMap((d) => phraseHits(d.stems, ctx.clause, first, last));
      return hits.length ? hits : null;
    }
    case 'pattern':
      return patternHits(node, ctx.clause.tokenized, first, last);
  }
}

function phraseHits(stems: string[], clause: ClauseIndex, first: number, last: number, exact?: string[]): Hit[] {
  const starts = clause.positions.get(stems[0]!);
  if (!starts) return [];
  const tokens = clause.tokenized.tokens;
  const hits: Hit[] = [];
  for (const i of starts) {
    if (i < first) continue;
    if (i + stems.length > last) break;
    let ok = true;
    for (let k = 1; k < stems.length && ok; k++) ok = tokens[i + k]!.stem === stems[k];
    for (let k = 0; exact && k < exact.length && ok; k++) ok = exactForm(tokens[i + k]!.text) === exact[k];
    if (ok) hits.push({ first: i, last: i + stems.length, start: tokens[i]!.start, end: tokens[i + stems.length - 1]!.end });
  }
  return hits;
}

const NONE: number[] = [];

/** Where a word set's words are in the clause: from the clause's table, or by walking its relevant words. */
function wordPositions(node: Extract<MatchNode, { type: 'words' }>, clause: ClauseIndex): number[] {
  if (clause.wordHits) return clause.wordHits[node.id] ?? NONE;
  const tokens = clause.tokenized.tokens;
  return clause.relevant.filter((i) => node.stems.has(tokens[i]!.stem));
}

/** The first position in a sorted list at or after `value` (binary search). */
function firstAtOrAfter(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether a node matches at all in the window: for `not`, where the words themselves are never reported. */
function occurs(node: MatchNode, ctx: MatchContext, first: number, last: number): boolean {
  if (node.type === 'any' && !node.shared) return node.children.some((c) => occurs(c, ctx, first, last));
  if (node.type === 'words') {
    const at = wordPositions(node, ctx.clause);
    const k = firstAtOrAfter(at, first);
    return k < at.length && at[k]! < last;
  }
  return evaluate(node, ctx, first, last) !== null;
}

/**
 * Every part within `within` words of some hit of the first part; when `ordered`, each part starts after the
 * previous one ends ("to" … "third parties", not "third parties" … "to").
 */
function near(children: MatchNode[], within: number, ordered: boolean, ctx: MatchContext, first: number, last: number): Hit[] | null {
  const parts = children.map((c) => evaluate(c, ctx, first, last));
  if (parts.some((p) => !p)) return null;
  const [anchors, ...others] = parts as Hit[][];
  for (const anchor of anchors!) {
    const found: Hit[] = [anchor];
    for (const hits of others) {
      const previous = found[found.length - 1]!;
      const close = hits.find((h) => gap(anchor, h) <= within && (!ordered || h.first >= previous.last));
      if (!close) break;
      found.push(close);
    }
    if (found.length === parts.length) return found;
  }
  return null;
}

/** Words between two ranges (0 when they touch or overlap). */
function gap(a: Hit, b: Hit): number {
  return a.last <= b.first ? b.first - a.last : b.last <= a.first ? a.first - b.last : 0;
}

function patternHits(node: Extract<MatchNode, { type: 'pattern' }>, tokenized: Tokenized, first: number, last: number): Hit[] | null {
  const { tokens, text } = tokenized;
  if (first >= last) return null;
  const windowStart = tokens[first]!.start;
  const windowEnd = tokens[last - 1]!.end;
  const window = text.slice(windowStart, windowEnd);
  const { literals, re } = node.pattern;
  if (literals) {
    const lower = window.toLowerCase();
    if (!literals.some((l) => lower.includes(l))) return null;
  }
  const matcher = re.matcher(window);
  const hits: Hit[] = [];
  while (matcher.find()) {
    const start = windowStart + matcher.start();
    const end = windowStart + matcher.end();
    if (end === start) continue; // an empty match is no evidence (RE2's find() moves past it)
    hits.push({ start, end, first: tokenAt(tokens, start, first, last), last: tokenAt(tokens, end - 1, first, last) + 1 });
  }
  return hits.length ? hits : null;
}

/** The index of the token containing (or nearest after) a character offset, by binary search. */
function tokenAt(tokens: Tokenized['tokens'], offset: number, first: number, last: number): number {
  let lo = first;
  let hi = last - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
