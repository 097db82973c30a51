/**
 * Matching a compiled expression against one window of a tokenized clause (a sentence, or the whole clause).
 * A match is the list of word ranges that satisfied it; `null` means no match.
 */
import type { WordScan } from '../language/tokens.js';
import { exactForm, type MatchNode } from './compile.js';
import { mayMatch, normalizeForLiterals } from './pattern.js';
import type { Vocabulary } from './vocabulary.js';

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

/** A scanned clause with the words rules mention, built once and shared by every rule. */
export interface ClauseIndex {
  scan: WordScan;
  /** Indexes of the words some rule mentions (or of every word, without a vocabulary), in order. */
  relevant: number[];
  /** With a vocabulary: each relevant word's stem number, -1 for a defined term's word (parallel to `relevant`). */
  stemIds?: number[];
  /** stem → word indexes, built when first asked for (see positionsOf). */
  positions?: Map<string, number[]>;
  /** Per word set (by node id), the indexes of its words, built when first asked for (see wordPositions). */
  wordHits?: Map<number, number[]>;
  /** Per window, its text as patterns' required strings are looked up in (see patternHits). */
  lowered?: Map<number, string>;
}

/**
 * Indexes a clause's words. With a `vocabulary` (every stem some rule mentions), other words are skipped:
 * the index stays a handful of entries however long the clause.
 */
export function indexClause(scan: WordScan, definedTerms: readonly DefinedTerm[] = [], vocabulary?: Vocabulary): ClauseIndex {
  const infos = scan.infos;
  if (!vocabulary) return { scan, relevant: infos.map((_, i) => i) };
  const relevant: number[] = [];
  const stemIds: number[] = [];
  const termWords = definedTerms.length > 0 ? stemsOfTerms(definedTerms) : undefined;
  for (let i = 0; i < infos.length; i++) {
    const info = infos[i]!;
    const id = vocabulary.idOf(info);
    if (id < 0 && !termWords?.has(info.stem)) continue;
    relevant.push(i);
    stemIds.push(id);
  }
  return { scan, relevant, stemIds };
}

/** Every stem of a glossary's terms, gathered once per glossary (a contract can define thousands of terms). */
const TERM_STEMS = new WeakMap<readonly DefinedTerm[], Set<string>>();
function stemsOfTerms(terms: readonly DefinedTerm[]): Set<string> {
  let stems = TERM_STEMS.get(terms);
  if (!stems) TERM_STEMS.set(terms, (stems = new Set(terms.flatMap((d) => d.stems))));
  return stems;
}

/** Where a stem occurs in the clause (among its relevant words). */
export function positionsOf(clause: ClauseIndex, stem: string): number[] | undefined {
  if (!clause.positions) {
    const positions = (clause.positions = new Map<string, number[]>());
    const { infos } = clause.scan;
    for (const i of clause.relevant) {
      const s = infos[i]!.stem;
      const list = positions.get(s);
      if (list) list.push(i);
      else positions.set(s, [i]);
    }
  }
  return clause.positions.get(stem);
}

export interface MatchContext {
  clause: ClauseIndex;
  /** Results per node and window for this clause: shared nodes are matched once. */
  memo: Map<MatchNode, Map<number, Hit[] | null>>;
  definedTerms: readonly DefinedTerm[];
  /** Which defined terms satisfy a `defined` node: computed once per document. */
  definedCache: Map<MatchNode, DefinedTerm[]>;
  /**
   * While a rule's words are collected in one window the screen has already judged: what the screen knows of
   * each node there (screen.ts). A node it found absent is not looked for again.
   */
  screened?: { knows(node: MatchNode): boolean | undefined };
}

export function evaluate(node: MatchNode, ctx: MatchContext, first: number, last: number): Hit[] | null {
  if (ctx.screened?.knows(node) === false) return null;
  // Remembered: nodes used in several places, and those costly to repeat (the screen asks them first, see screen.ts).
  const costly = node.type === 'near' || node.type === 'pattern' || node.type === 'defined';
  if (!(node.shared || costly) || node.type === 'phrase' || node.type === 'words') return evaluateNode(node, ctx, first, last);
  let byWindow = ctx.memo.get(node);
  if (!byWindow) ctx.memo.set(node, (byWindow = new Map()));
  const window = windowKey(first, last);
  let hits = byWindow.get(window);
  if (hits === undefined) {
    hits = evaluateNode(node, ctx, first, last);
    byWindow.set(window, hits);
  }
  return hits;
}

/** One number per window [first, last) of a clause, for the per-clause maps (word indexes stay far below 2^26). */
function windowKey(first: number, last: number): number {
  return first * 67_108_864 + last;
}

function evaluateNode(node: MatchNode, ctx: MatchContext, first: number, last: number): Hit[] | null {
  switch (node.type) {
    case 'phrase': {
      const hits = phraseHits(node.stems, ctx.clause, first, last, node.exact);
      return hits.length ? hits : null;
    }
    case 'words': {
      const { starts, ends } = ctx.clause.scan;
      const at = wordPositions(node, ctx.clause);
      let hits: Hit[] | null = null;
      for (let k = firstAtOrAfter(at, first); k < at.length && at[k]! < last; k++) {
        const i = at[k]!;
        (hits ??= []).push({ first: i, last: i + 1, start: starts[i]!, end: ends[i]! });
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
        for (const hit of hits) out.push(hit); // not push(...hits): a hostile clause can have more hits than a call takes arguments
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
          const inner: MatchContext = { ...ctx, clause: d.definition, memo: new Map(), screened: undefined };
          return evaluate(node.child, inner, 0, d.definition.scan.infos.length) !== null;
        });
        ctx.definedCache.set(node, terms);
      }
      const hits = termHits(terms, ctx.clause, first, last);
      return hits.length ? hits : null;
    }
    case 'pattern':
      return patternHits(node, ctx.clause, first, last);
  }
}

/** By the defined terms a rule accepts: the terms starting with each stem (see termHits). */
const TERMS_BY_FIRST_STEM = new WeakMap<DefinedTerm[], Map<string, number[]>>();

/**
 * Where the terms occur in the window: each term's hits in text order, the terms in their order. A long glossary
 * is looked up by the window's own words rather than term by term, so each clause costs its length, not the
 * glossary's.
 */
function termHits(terms: DefinedTerm[], clause: ClauseIndex, first: number, last: number): Hit[] {
  if (terms.length <= 8) return terms.flatMap((d) => phraseHits(d.stems, clause, first, last));
  let byFirst = TERMS_BY_FIRST_STEM.get(terms);
  if (!byFirst) {
    byFirst = new Map();
    terms.forEach((d, t) => {
      const list = byFirst!.get(d.stems[0]!);
      if (list) list.push(t);
      else byFirst!.set(d.stems[0]!, [t]);
    });
    TERMS_BY_FIRST_STEM.set(terms, byFirst);
  }
  const { relevant, scan } = clause;
  const found: { term: number; hit: Hit }[] = [];
  for (let k = firstAtOrAfter(relevant, first); k < relevant.length && relevant[k]! < last; k++) {
    const i = relevant[k]!;
    for (const t of byFirst.get(scan.infos[i]!.stem) ?? []) {
      const { stems } = terms[t]!;
      if (i + stems.length > last || !phraseAt(stems, scan.infos, i)) continue;
      found.push({ term: t, hit: phraseHit(scan, i, stems.length) });
    }
  }
  return found.sort((a, b) => a.term - b.term).map((f) => f.hit);
}

export function phraseHits(stems: string[], clause: ClauseIndex, first: number, last: number, exact?: string[]): Hit[] {
  const starts = positionsOf(clause, stems[0]!);
  if (!starts) return [];
  const { infos } = clause.scan;
  const hits: Hit[] = [];
  // From the window's first word on (a binary search: a clause of thousands of sentences is read one at a time).
  for (let k = firstAtOrAfter(starts, first); k < starts.length; k++) {
    const i = starts[k]!;
    if (i + stems.length > last) break;
    if (phraseAt(stems, infos, i, exact)) hits.push(phraseHit(clause.scan, i, stems.length));
  }
  return hits;
}

/** The hit of a phrase of `length` words starting at word `i`. */
function phraseHit(scan: WordScan, i: number, length: number): Hit {
  return { first: i, last: i + length, start: scan.starts[i]!, end: scan.ends[i + length - 1]! };
}

/** Whether the phrase's words (its first already known to match) follow one another from word `i`. */
export function phraseAt(stems: string[], infos: WordScan['infos'], i: number, exact?: string[]): boolean {
  for (let k = 1; k < stems.length; k++) if (infos[i + k]!.stem !== stems[k]) return false;
  for (let k = 0; exact && k < exact.length; k++) if (exactForm(infos[i + k]!.word) !== exact[k]) return false;
  return true;
}

/** Where a word set's words are in the clause: from the clause's table, or by walking its relevant words. */
function wordPositions(node: Extract<MatchNode, { type: 'words' }>, clause: ClauseIndex): number[] {
  const hits = (clause.wordHits ??= new Map());
  let at = hits.get(node.id);
  if (!at) {
    const infos = clause.scan.infos;
    at = clause.relevant.filter((i) => node.stems.has(infos[i]!.stem));
    hits.set(node.id, at);
  }
  return at;
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
  const parts: Hit[][] = [];
  for (const child of children) {
    const hits = evaluate(child, ctx, first, last);
    if (!hits) return null; // a part that is absent: nothing to measure
    parts.push(hits);
  }
  // A long list of hits is searched by position, so that a sentence of thousands of hits stays linear to read.
  const byPosition = parts.map((hits, p) => (p > 0 && hits.length > SORT_ABOVE ? sortByPosition(hits) : undefined));
  for (const anchor of parts[0]!) {
    const found: Hit[] = [anchor];
    for (let p = 1; p < parts.length; p++) {
      const close = closeTo(parts[p]!, anchor, within, ordered ? found[found.length - 1]!.last : -1, byPosition[p]);
      if (!close) break;
      found.push(close);
    }
    if (found.length === parts.length) return found;
  }
  return null;
}

/** Lists of hits up to this long are simply read through. */
const SORT_ABOVE = 16;

/** A list of hits ordered by the word each starts at, keeping each hit's place in the list. */
interface ByPosition {
  /** Places in the list, ordered by the hit's first word. */
  order: number[];
  /** The first word of each hit, in that order. */
  firsts: number[];
  /** The longest hit, in words. */
  longest: number;
}

function sortByPosition(hits: Hit[]): ByPosition {
  const order = hits.map((_, i) => i).sort((a, b) => hits[a]!.first - hits[b]!.first || a - b);
  const longest = hits.reduce((most, h) => Math.max(most, h.last - h.first), 0);
  return { order, firsts: order.map((i) => hits[i]!.first), longest };
}

/**
 * The first hit (in list order) within `within` words of the anchor, starting at or after `from` (-1: anywhere).
 * With `byPosition`, only the hits that start close enough to the anchor are looked at.
 */
function closeTo(hits: Hit[], anchor: Hit, within: number, from: number, byPosition?: ByPosition): Hit | undefined {
  if (!byPosition) {
    for (const h of hits) if (gap(anchor, h) <= within && h.first >= from) return h;
    return undefined;
  }
  // A hit within reach starts no earlier than `within` words plus its own length before the anchor, and no
  // later than `within` words after it.
  const { order, firsts, longest } = byPosition;
  const lowest = Math.max(from, anchor.first - within - longest);
  const highest = anchor.last + within;
  let best = -1;
  for (let k = firstAtOrAfter(firsts, lowest); k < firsts.length && firsts[k]! <= highest; k++) {
    const i = order[k]!;
    if ((best < 0 || i < best) && gap(anchor, hits[i]!) <= within && hits[i]!.first >= from) best = i;
  }
  return best < 0 ? undefined : hits[best];
}

/** Words between two ranges (0 when they touch or overlap). */
function gap(a: Hit, b: Hit): number {
  return a.last <= b.first ? b.first - a.last : b.last <= a.first ? a.first - b.last : 0;
}

function patternHits(node: Extract<MatchNode, { type: 'pattern' }>, clause: ClauseIndex, first: number, last: number): Hit[] | null {
  const { starts, ends, text } = clause.scan;
  if (first >= last) return null;
  const windowStart = starts[first]!;
  const windowEnd = ends[last - 1]!;
  const window = text.slice(windowStart, windowEnd);
  const { literals, re } = node.pattern;
  if (literals) {
    // One lowercase copy of each window, shared by every pattern that asks about it.
    const lowered = (clause.lowered ??= new Map());
    const key = windowKey(first, last);
    let normalized = lowered.get(key);
    if (normalized === undefined) lowered.set(key, (normalized = normalizeForLiterals(window)));
    if (!mayMatch(literals, normalized)) return null;
  }
  const matcher = re.matcher(window);
  const hits: Hit[] = [];
  while (matcher.find()) {
    const start = windowStart + matcher.start();
    const end = windowStart + matcher.end();
    if (end === start) continue; // an empty match is no evidence (RE2's find() moves past it)
    hits.push({ start, end, first: wordAt(ends, start, first, last), last: wordAt(ends, end - 1, first, last) + 1 });
  }
  return hits.length ? hits : null;
}

/** The index of the word containing (or nearest after) a character offset, by binary search over word ends. */
function wordAt(ends: number[], offset: number, first: number, last: number): number {
  let lo = first;
  let hi = last - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ends[mid]! <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
